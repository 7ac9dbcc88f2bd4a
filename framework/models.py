from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from framework import definition as fw

# What a page's query leaves out when it loads a version with ``select_related`` (``framework`` above).
DEFER = "framework__definition"


class FrameworkVersion(models.Model):
    """One immutable version of the LED framework, mirrored from ``framework/definitions/<slug>.json``.

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
        """The parsed definition, parsed once per process and version (re-synced versions get a new key).

        Once parsed, the stored definition is not read again: pages load versions with ``definition``
        deferred (``DEFER``), so its JSON is neither fetched nor decoded on each request."""
        key = (self.pk, self.slug, self.loaded_at)
        return fw.parsed_already(key) or fw.parsed(self.definition, key=key)

    @classmethod
    def current(cls) -> "FrameworkVersion":
        return cls.objects.get(is_current=True)
