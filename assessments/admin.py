"""Localities and their members, for support staff; assessments are read through the site itself."""

from django.contrib import admin

from assessments.models import Locality, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Locality)
class LocalityAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "region_type", "population_band", "created_at"]
    list_filter = ["country", "population_band"]
    search_fields = ["name", "country"]
    inlines = [MembershipInline]
    readonly_fields = ["created_by", "created_at"]
