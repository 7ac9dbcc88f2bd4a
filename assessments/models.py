from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments import framework as fw


class FrameworkVersion(models.Model):
    """One immutable version of the LED framework, mirrored from ``assessments/frameworks/<slug>.json``.

    Answers and case values point at the version they were given under, so a later version never silently
    re-reads old answers.
    """

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    version = models.CharField(_("version"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    definition = models.JSONField(_("definition"))
    is_current = models.BooleanField(_("current"), default=False)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        ordering = ["-is_current", "slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_framework"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def framework(self) -> fw.Framework:
        return fw.Framework.from_definition(self.definition)

    @classmethod
    def current(cls) -> "FrameworkVersion":
        return cls.objects.get(is_current=True)
