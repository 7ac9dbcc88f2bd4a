from django.contrib import admin

from plans.models import Action, ActionReview


class ActionReviewInline(admin.TabularInline):
    model = ActionReview
    extra = 0
    fields = ["assessment", "status", "note", "reviewed_by", "reviewed_at"]
    readonly_fields = ["reviewed_by", "reviewed_at"]
    raw_id_fields = ["assessment"]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "locality", "owner", "due_date", "status"]
    list_filter = ["status"]
    search_fields = ["title", "owner", "locality__name"]
    raw_id_fields = ["locality", "source_assessment"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [ActionReviewInline]
