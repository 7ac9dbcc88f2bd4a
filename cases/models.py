from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from framework.models import FrameworkVersion


class Origin(models.TextChoices):
    """Where a case or a value comes from: Helmsing (2001) itself, or a curator (who names a source)."""

    PAPER = "paper", _("the paper")
    CURATOR = "curator", _("a curator")


class CaseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class Case(models.Model):
    """A benchmark locality: one of Helmsing's twelve CEPAL/GTZ case studies, or one an admin added."""

    # One case per slug and framework version: a case re-coded under a new version is a new row, and the
    # assessments of the older version keep being compared with the cases of their own version.
    slug = models.SlugField(_("slug"), max_length=80)
    name = models.CharField(_("name"), max_length=120)
    country = models.CharField(_("country"), max_length=80)
    region_type = models.CharField(
        _("type of region"), max_length=40, help_text=_("An option code of the indicator CTX.region_type.")
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    region_description = models.CharField(
        _("region description"),
        max_length=200,
        blank=True,
        help_text=_("As described in Figure 1 of the paper."),
    )
    summary = models.TextField(_("summary"), blank=True)  # summary_en, summary_es: cases/translation.py
    reference = models.TextField(
        _("reference"),
        blank=True,
        help_text=_("The case study this case is drawn from (bibliographic reference)."),
    )
    framework = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="cases", verbose_name=_("framework version")
    )
    published = models.BooleanField(
        _("published"), default=True, help_text=_("Only published cases are shown and used for matching.")
    )
    position = models.PositiveIntegerField(_("position"), default=100)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Only cases of the paper appear in its tables (cases.tables); the rest are shown apart.
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices, default=Origin.CURATOR)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "slug"], name="one_case_per_slug_and_framework")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cases:case_detail", args=[self.slug])

    @property
    def localized_summary(self) -> str:
        """The summary in the active language, English where it is missing (django-modeltranslation)."""
        return self.summary

    def answers(self) -> dict:
        """``{indicator code: value}`` of the reported values (the assessment answer format)."""
        return {v.indicator: v.value for v in self.values.all() if v.value is not None}


class CaseValue(models.Model):
    """The value a case has on one framework indicator, with its provenance in the paper.

    ``value`` follows the answer format of ``framework.answers``;
    ``None`` means the paper does not report it.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="values", verbose_name=_("case"))
    indicator = models.CharField(_("indicator"), max_length=60)
    value = models.JSONField(_("value"), null=True, blank=True)
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Figure or section of the paper the value comes from."),
    )
    note = models.TextField(
        _("provenance note"), blank=True, help_text=_("What the paper says, in its words.")
    )
    judgement = models.BooleanField(
        _("judgement call"),
        default=False,
        help_text=_("The value is a reading of the paper, not its literal words (explained in the note)."),
    )
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices, default=Origin.CURATOR)
    curator_source = models.CharField(
        _("curator's source"),
        max_length=300,
        blank=True,
        help_text=_("For a value set by a curator: the document, page or link it comes from."),
    )

    class Meta:
        verbose_name = _("case value")
        verbose_name_plural = _("case values")
        ordering = ["case", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "indicator"], name="one_value_per_case_indicator")
        ]

    def __str__(self):
        return f"{self.case}: {self.indicator}"


class LibraryRevision(models.Model):
    """One row: a new random token written in the same transaction as every change to a case or a value
    (``cases.signals``, ``cases.services``). What is computed from the published cases (the encoded library,
    the library's and the case pages' HTML) is kept under this token, so checking that it is still valid is
    one read of one row, the same with 12 or 10,000 cases. A token, not a counter: a rolled-back change must
    not leave a number that a later change reuses while something computed inside the rolled-back
    transaction is still kept under it."""

    token = models.CharField(max_length=32, default="")

    class Meta:
        verbose_name = _("case library revision")
        verbose_name_plural = _("case library revisions")

    def __str__(self):
        return self.token
