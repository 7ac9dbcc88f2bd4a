"""Workshops and participants in the Django admin: to look into a workshop, remove a participant or delete
a workshop as support staff. Answers are shown read-only (they are the participants' own)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from workshops.models import Participant, ParticipantAnswer, Workshop


class ParticipantInline(admin.TabularInline):
    model = Participant
    fields = ("name", "role", "joined_at", "submitted_at")
    readonly_fields = ("name", "role", "joined_at", "submitted_at")
    extra = 0
    can_delete = True
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ("title", "locality", "owner", "date", "status", "participant_count")
    list_filter = ("status",)
    search_fields = ("title", "locality__name", "owner__username")
    readonly_fields = ("token", "code", "framework", "consensus", "previous_round", "revision", "created_at")
    exclude = ("consensus_draft",)
    inlines = [ParticipantInline]

    @admin.display(description=_("participants"))
    def participant_count(self, obj):
        return obj.participants.count()

    def has_add_permission(self, request):
        return False  # created by a facilitator, with its code and link


class AnswerInline(admin.TabularInline):
    model = ParticipantAnswer
    fields = ("indicator", "value", "evidence", "updated_at")
    readonly_fields = fields
    extra = 0
    can_delete = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ("__str__", "workshop", "role", "joined_at", "submitted_at")
    list_filter = ("role",)
    search_fields = ("name", "workshop__title")
    readonly_fields = ("workshop", "joined_at", "submitted_at")
    exclude = ("device_key", "join_key", "join_address")
    inlines = [AnswerInline]

    def has_add_permission(self, request):
        return False
