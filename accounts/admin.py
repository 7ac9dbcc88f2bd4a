from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import User


@admin.register(User)
class LedcheckUserAdmin(UserAdmin):
    search_fields = ["username", "email", "first_name", "last_name"]
    list_display = ["username", "email", "email_verified", "first_name", "last_name", "is_staff"]
    list_filter = [*UserAdmin.list_filter, "email_verified"]
    fieldsets = [
        *UserAdmin.fieldsets[:1],
        (UserAdmin.fieldsets[1][0], {"fields": ("first_name", "last_name", "email", "email_verified")}),
        *UserAdmin.fieldsets[2:],
    ]
    # Set by Django itself; shown, not edited (their split date-time inputs also carry no label).
    readonly_fields = ["last_login", "date_joined"]
