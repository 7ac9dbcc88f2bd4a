from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from framework import definition as fw
from framework.models import FrameworkVersion
from questionnaire.models import AnswerBase


def _user_reference(verbose_name):
    """Who created or changed a row; the row outlives the account (no reverse accessor on users)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=verbose_name,
    )


class PopulationBand(models.TextChoices):
    # Half-open bands that do not overlap (framework v2 ``population_bands``); codes as in v1.
    UNDER_20K = "under_20k", _("Under 20,000")
    FROM_20K = "20k_100k", _("20,000 to 99,999")
    FROM_100K = "100k_500k", _("100,000 to 499,999")
    FROM_500K = "500k_2m", _("500,000 to 1,999,999")
    OVER_2M = "over_2m", _("2,000,000 or more")
    DONT_KNOW = "dont_know", _("Don't know")


class Locality(models.Model):
    """A municipality or region whose members self-assess its local economic development."""

    name = models.CharField(_("name"), max_length=120)
    country = models.CharField(_("country"), max_length=80)
    region_type = models.CharField(
        _("type of region"), max_length=40, help_text=_("An option code of the indicator CTX.region_type.")
    )
    population_band = models.CharField(_("population"), max_length=12, choices=PopulationBand.choices)
    created_by = _user_reference(_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="localities", verbose_name=_("members")
    )

    class Meta:
        verbose_name = _("locality")
        verbose_name_plural = _("localities")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(population_band__in=PopulationBand.values), name="locality_population_band_valid"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.country})"

    def get_absolute_url(self):
        return reverse("assessments:locality_detail", args=[self.pk])

    @property
    def region_type_label(self) -> str:
        try:
            return fw.load().indicators["CTX.region_type"].option(self.region_type).text()
        except KeyError:
            return self.region_type


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MEMBER = "member", _("Member")

    locality = models.ForeignKey(
        Locality, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("locality")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["locality", "-role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["locality", "user"], name="one_membership_per_user_locality"),
            models.CheckConstraint(condition=Q(role__in=["owner", "member"]), name="membership_role_valid"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.locality} ({self.role})"


class Assessment(models.Model):
    """One self-assessment of a locality, answered under one framework version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    locality = models.ForeignKey(
        Locality, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("locality")
    )
    framework = models.ForeignKey(
        FrameworkVersion,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("framework version"),
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = _user_reference(_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
    )

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A submitted assessment always says when; a draft never does.
            models.CheckConstraint(
                condition=(Q(status="draft", submitted_at__isnull=True))
                | Q(status="submitted", submitted_at__isnull=False),
                name="assessment_status_matches_submitted_at",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assessments:assessment_resume", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Answer(AnswerBase):
    """The answer to one indicator of a self-assessment."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="answers", verbose_name=_("assessment")
    )
    updated_by = _user_reference(_("updated by"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["assessment", "pk"]
        constraints = [
            *AnswerBase.Meta.constraints,
            models.UniqueConstraint(fields=["assessment", "indicator"], name="one_answer_per_indicator"),
        ]

    def __str__(self):
        return f"{self.assessment}: {self.indicator}"


class AssessmentResult(models.Model):
    """The results of an assessment frozen when it was computed: scores with their ranges, the generation
    profile, the recommendations and the matches with the benchmark cases, with the framework version and the
    state of the case library they were computed against. A re-match adds a new row; earlier ones are kept.
    """

    class Reason(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        REMATCH = "rematch", _("Re-matched")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="results", verbose_name=_("assessment")
    )
    framework_slug = models.SlugField(_("framework version"), max_length=80)
    library_state = models.CharField(
        _("case library state"), max_length=64, help_text=_("Fingerprint of the published cases matched.")
    )
    cases = models.PositiveIntegerField(_("cases compared"), default=0)
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices, default=Reason.SUBMITTED)
    data = models.JSONField(_("results"))
    computed_at = models.DateTimeField(_("computed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assessment result")
        verbose_name_plural = _("assessment results")
        ordering = ["assessment", "-computed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reason__in=["submitted", "rematch"]), name="assessment_result_reason_valid"
            )
        ]

    def __str__(self):
        return f"{self.assessment} @ {self.computed_at:%Y-%m-%d %H:%M}"


def _invitation_token() -> str:
    import secrets

    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An owner's invitation of an e-mail address to a locality. It is accepted by whoever is logged in with
    that address *verified*; sending one says nothing about whether an account with the address exists."""

    locality = models.ForeignKey(
        Locality, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("locality")
    )
    email = models.EmailField(_("email address"))
    token = models.CharField(
        _("token"), max_length=64, unique=True, default=_invitation_token, editable=False
    )
    invited_by = _user_reference(_("invited by"))
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = _user_reference(_("accepted by"))

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["locality", "email"],
                condition=Q(accepted_at__isnull=True),
                name="one_open_invitation_per_locality_email",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.locality}"

    @property
    def expired(self) -> bool:
        from datetime import timedelta

        from django.utils import timezone

        days = getattr(settings, "LEDCHECK_EMAIL_TOKEN_DAYS", 7)
        return self.created_at < timezone.now() - timedelta(days=days)
