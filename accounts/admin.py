from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import User


@admin.register(User)
class LedcheckUserAdmin(UserAdmin):
    search_fields = ["username", "email", "first_name", "last_name"]
    # Set by Django itself; shown, not edited (their split date-time inputs also carry no label).
    readonly_fields = ["last_login", "date_joined"]
