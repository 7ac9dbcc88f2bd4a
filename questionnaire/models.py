"""The one answer representation: an officer's ``assessments.Answer`` and a workshop participant's
``workshops.ParticipantAnswer`` are both an ``AnswerBase`` owned by something else."""

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

EVIDENCE_MAX_LENGTH = 2000


class AnswerBase(models.Model):
    """The answer to one indicator; ``value`` follows the answer format of ``framework.answers``."""

    indicator = models.CharField(_("indicator"), max_length=60)
    value = models.JSONField(_("value"), null=True, blank=True)
    evidence = models.TextField(_("evidence note"), max_length=EVIDENCE_MAX_LENGTH, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("evidence"), EVIDENCE_MAX_LENGTH),
                name="%(app_label)s_%(class)s_evidence_max_length",
            ),
        ]

    def __str__(self):
        return self.indicator
