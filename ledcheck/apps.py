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

        _translate_admin_boolean_icons()


def _translate_admin_boolean_icons():
    """Django's admin writes its yes/no/unknown icons with the English alt text "True", "False", "None",
    which a screen reader reads out on a Spanish page. Same icons, alt text in the page's language."""
    from django.contrib.admin.templatetags import admin_list
    from django.templatetags.static import static
    from django.utils.html import format_html
    from django.utils.translation import gettext

    def boolean_icon(field_val):
        icon = {True: "yes", False: "no", None: "unknown"}[field_val]
        text = {True: gettext("Yes"), False: gettext("No"), None: gettext("Unknown")}[field_val]
        return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)

    admin_list._boolean_icon = boolean_icon
