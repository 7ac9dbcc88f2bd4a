from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import User


@admin.register(User)
class LedcheckUserAdmin(UserAdmin):
    search_fields = ["username", "email", "first_name", "last_name"]
