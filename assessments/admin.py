"""Localities and their members, for support staff; assessments are read through the site itself."""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import Locality, Membership


class MembershipFormSet(BaseInlineFormSet):
    """A tabular row's fields have no <label> of their own: name them after their column and the member."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        who = str(form.instance.user) if form.instance.pk else _("new member")
        for name, column in (("role", _("Role")), ("DELETE", _("Delete")), ("user", _("User"))):
            if name in form.fields:
                widget = form.fields[name].widget
                widget = getattr(widget, "widget", widget)  # inside the admin's related-object wrapper
                widget.attrs["aria-label"] = f"{column} · {who}"


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipFormSet
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Locality)
class LocalityAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "region_type_display", "population_band", "created_at"]
    list_filter = ["country", "population_band"]
    search_fields = ["name", "country"]
    inlines = [MembershipInline]

    @admin.display(description=gettext_lazy("type of region"), ordering="region_type")
    def region_type_display(self, obj):
        return obj.region_type_label

    readonly_fields = ["created_by", "created_at"]
