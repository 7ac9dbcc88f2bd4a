"""Framework versions are versioned data (a new version is a new JSON file), so the admin only shows them."""

import json

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from framework.models import FrameworkVersion


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "version", "is_current", "indicator_count", "loaded_at"]
    fields = ["title", "slug", "version", "is_current", "loaded_at", "indicator_count", "definition_json"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("indicators"))
    def indicator_count(self, obj):
        return len(obj.framework.indicators)

    @admin.display(description=_("definition"))
    def definition_json(self, obj):
        text = json.dumps(obj.definition, indent=2, ensure_ascii=False)
        # The definition is data (codes and both languages' texts), shown as code.
        return format_html('<pre class="framework-definition"><code>{}</code></pre>', text)
