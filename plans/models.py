"""A locality's action plan: actions an officer picked from the recommendations (or wrote), each with an
owner, a due date and a status, and what became of each one when the next assessment began."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment, Locality


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_STATUSES = (Status.PLANNED, Status.IN_PROGRESS)


def _user_reference(verbose_name):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=verbose_name,
    )


class Action(models.Model):
    locality = models.ForeignKey(
        Locality, on_delete=models.CASCADE, related_name="actions", verbose_name=_("locality")
    )
    # The assessment whose recommendation it came from; kept (as null) if that assessment is deleted.
    source_assessment = models.ForeignKey(
        Assessment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("from the assessment"),
    )
    recommendation = models.CharField(
        _("recommendation"),
        max_length=80,
        blank=True,
        help_text=_("The code of the recommendation it came from."),
    )
    title = models.CharField(_("action"), max_length=200)
    detail = models.TextField(_("details"), max_length=2000, blank=True)
    owner = models.CharField(
        _("who is responsible"), max_length=120, blank=True, help_text=_("A person or an office.")
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    created_by = _user_reference(_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = [models.F("due_date").asc(nulls_last=True), "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="action_status_valid"),
            # One action per recommendation of an assessment: a double submit of "add to plan" makes one row.
            models.UniqueConstraint(
                fields=["locality", "source_assessment", "recommendation"],
                condition=~Q(recommendation=""),
                name="one_action_per_recommendation",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plans:plan", args=[self.locality_id]) + f"#action-{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ActionReview(models.Model):
    """What became of an action, asked when the locality's next assessment starts."""

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("action")
    )
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="action_reviews", verbose_name=_("assessment")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    note = models.TextField(_("what happened"), max_length=1000, blank=True)
    reviewed_by = _user_reference(_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("action review")
        verbose_name_plural = _("action reviews")
        ordering = ["action", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="action_review_status_valid"),
            models.UniqueConstraint(fields=["action", "assessment"], name="one_review_per_action_assessment"),
        ]

    def __str__(self):
        return f"{self.action}: {self.get_status_display()}"
