from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cases"
    verbose_name = _("Benchmark cases")

    def ready(self):
        import reversion

        from cases import signals  # noqa: F401 (connects the receivers)
        from cases.models import Case, CaseValue

        # Each version of a case holds its values too, so a revert brings back both (and their provenance).
        if not reversion.is_registered(Case):
            reversion.register(Case, follow=["values"])
        if not reversion.is_registered(CaseValue):
            reversion.register(CaseValue)
