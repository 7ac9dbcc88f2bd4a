"""Workshops and participants in the Django admin: to look into a workshop, remove a participant (the
participant's Delete, which takes their answers) or delete a workshop as support staff. Answers are shown
read-only (they are the participants' own)."""

import json

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from workshops.models import Participant, Workshop


class ParticipantInline(admin.TabularInline):
    model = Participant
    fields = ("name", "role", "joined_at", "submitted_at")
    readonly_fields = ("name", "role", "joined_at", "submitted_at")
    extra = 0
    can_delete = False  # a participant is removed on their own page (Delete), with Django's confirmation
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ("title", "locality", "owner", "date", "status", "participant_count")
    list_filter = ("status",)
    search_fields = ("title", "locality__name", "owner__username")
    readonly_fields = (
        "join_token", "code", "framework", "asked_dimensions", "consensus", "previous_round", "revision",
        "created_at",
    )  # fmt: skip
    exclude = ("consensus_draft", "token", "dimensions")
    inlines = [ParticipantInline]

    @admin.display(description=_("join token"))
    def join_token(self, obj):
        return format_html("<code>{}</code>", obj.token)

    @admin.display(description=_("dimensions"))
    def asked_dimensions(self, obj):
        return format_html("<code>{}</code>", ", ".join(obj.dimension_codes()))

    @admin.display(description=_("participants"))
    def participant_count(self, obj):
        return obj.participants.count()

    def has_add_permission(self, request):
        return False  # created by a facilitator, with its code and link


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ("__str__", "workshop", "role", "joined_at", "submitted_at")
    list_filter = ("role",)
    search_fields = ("name", "workshop__title")
    readonly_fields = ("workshop", "joined_at", "submitted_at", "given_answers")
    exclude = ("device_key", "join_key", "join_address")

    @admin.display(description=_("answers"))
    def given_answers(self, obj):
        """The participant's answers, read-only: codes as code, notes as typed (their language unknown)."""
        rows = format_html_join(
            "",
            '<tr><td><code>{}</code></td><td><code>{}</code></td><td lang="und">{}</td></tr>',
            (
                (a.indicator, json.dumps(a.value, ensure_ascii=False), a.evidence)
                for a in obj.answers.order_by("pk")
            ),
        )
        return format_html(
            '<table><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr>'
            "</thead><tbody>{}</tbody></table>",
            _("indicator"), _("value"), _("evidence note"), rows,
        )  # fmt: skip

    def has_add_permission(self, request):
        return False
