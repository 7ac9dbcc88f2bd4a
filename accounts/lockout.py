"""The username django-axes counts failed logins under."""

from __future__ import annotations

from accounts.models import User

# django-axes stores the username in a 255-character column: PostgreSQL refuses a longer value with a server
# error. No username is longer than the model allows, so a longer one is counted by its first characters.
MAX_LENGTH = User._meta.get_field("username").max_length


def axes_username(request, credentials: dict | None = None) -> str | None:
    """``AXES_USERNAME_CALLABLE``: the submitted username (as axes finds it: credentials, else the form),
    cut to the longest a username can be."""
    source = credentials or getattr(request, "POST", None) or {}
    username = source.get("username")
    return None if username is None else str(username)[:MAX_LENGTH]
