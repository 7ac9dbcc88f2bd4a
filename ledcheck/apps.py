from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedcheckConfig(AppConfig):
    """The project package as an app: its management commands (backup, restore) and, in an installed
    package, the site-wide templates, static files and translations shipped inside it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "ledcheck"
    verbose_name = _("ledcheck")

    def ready(self):
        from ledcheck import handoff  # noqa: F401  (connects the receiver)
