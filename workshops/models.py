"""Workshops: a consultant gathers the actors of one locality in a room, each answers the questionnaire on a
phone, and the group agrees on one answer per question (the consensus, saved as a normal ``Assessment``).
"""

import dataclasses

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment, Locality
from framework import definition as fw
from framework.models import FrameworkVersion
from questionnaire.models import AnswerBase

# Unambiguous on a projector and when typed on a phone: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


class Role(models.TextChoices):
    """The kinds of local actors Helmsing (2001) sees in LED partnerships."""

    GOVERNMENT = "government", _("Government")
    BUSINESS = "business", _("Business")
    NGO = "ngo", _("NGO")
    ACADEMIA = "academia", _("Academia")
    COMMUNITY = "community", _("Community")
    OTHER = "other", _("Other")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


# Breakdowns by role are shown only for roles with at least this many participants (never fewer: with one or
# two people in a role, its row would show their own answers).
MIN_ROLE_GROUP = 3
DEFAULT_MAX_PARTICIPANTS = 80
MAX_PARTICIPANTS_LIMIT = 500


class Workshop(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    locality = models.ForeignKey(
        Locality, on_delete=models.CASCADE, related_name="workshops", verbose_name=_("locality")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workshops", verbose_name=_("owner")
    )
    framework = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("framework version")
    )
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    # Dimension codes asked in this workshop, in framework order; empty = every dimension.
    dimensions = models.JSONField(_("dimensions"), default=list, blank=True)
    token = models.CharField(_("join token"), max_length=64, unique=True)
    code = models.CharField(_("short code"), max_length=12, unique=True)
    status = models.CharField(_("status"), max_length=6, choices=Status.choices, default=Status.OPEN)
    consensus = models.OneToOneField(
        Assessment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshop",
        verbose_name=_("consensus assessment"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # What participants are asked and who sees what (the join page states it).
    ask_names = models.BooleanField(
        _("ask participants for their name"),
        default=False,
        help_text=_("Names are shown only to you, never on the projector or in the group's results."),
    )
    min_role_group = models.PositiveSmallIntegerField(
        _("smallest role group shown"),
        default=MIN_ROLE_GROUP,
        help_text=_(
            "Answers by role are shown only for roles with at least this many participants (3 or more)."
        ),
    )
    live_unsubmitted = models.BooleanField(
        _("show answers before they are submitted"),
        default=False,
        help_text=_("Off: the dashboard counts only submitted answers. On: every answer as it is given."),
    )
    max_participants = models.PositiveIntegerField(
        _("most participants"),
        default=DEFAULT_MAX_PARTICIPANTS,
        help_text=_("Nobody can join once this many have joined."),
    )
    share_results = models.BooleanField(
        _("participants see the group's results"),
        default=False,
        help_text=_("After the consensus, participants see the agreed answers and how the group answered."),
    )
    previous_round = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_rounds",
        verbose_name=_("previous round"),
    )
    # The consensus walk, saved as the facilitator goes: {"answers": {code: value}, "evidence": {code: note}}.
    consensus_draft = models.JSONField(_("consensus in progress"), default=dict, blank=True)
    # Bumped by every write that changes what the dashboard shows; the live endpoint's ETag.
    revision = models.PositiveIntegerField(_("revision"), default=0)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["open", "closed"]), name="workshop_status_valid"),
            # Codes are stored without separators, upper case: what ``normalise_code`` makes of any input.
            models.CheckConstraint(condition=Q(code__regex=r"^[A-Z0-9]{4,12}$"), name="workshop_code_format"),
            models.CheckConstraint(
                condition=Q(min_role_group__gte=MIN_ROLE_GROUP), name="workshop_min_role_group_at_least_3"
            ),
            models.CheckConstraint(
                condition=Q(max_participants__gte=1, max_participants__lte=MAX_PARTICIPANTS_LIMIT),
                name="workshop_max_participants_range",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workshops:dashboard", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def display_code(self) -> str:
        """The short code split in two halves for reading aloud (``ABC-DEF``)."""
        half = len(self.code) // 2
        return f"{self.code[:half]}-{self.code[half:]}"

    def dimension_codes(self) -> list[str]:
        """The dimension codes asked, in framework order (all of them when none were chosen)."""
        every = [d.code for d in self.framework.framework.dimensions]
        return [c for c in every if c in self.dimensions] if self.dimensions else every

    def asked_framework(self) -> fw.Framework:
        """The framework reduced to the dimensions the workshop asks, so the questionnaire's steps, progress
        and numbering work unchanged on it."""
        framework = self.framework.framework
        if not self.dimensions:
            return framework
        codes = self.dimension_codes()
        return dataclasses.replace(
            framework, dimensions=tuple(d for d in framework.dimensions if d.code in codes)
        )


class Participant(models.Model):
    """Someone answering in a workshop, without an account; known by a random key kept on their device."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="participants", verbose_name=_("workshop")
    )
    device_key = models.CharField(_("device key"), max_length=64)
    name = models.CharField(_("name"), max_length=80, blank=True)
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.UNDISCLOSED)
    # The random key of the join form that created this participant: a join retried after a lost response
    # finds the participant it already created instead of making a second one.
    join_key = models.CharField(_("join form key"), max_length=64, blank=True, default="")
    # A keyed hash of the client address at joining (never the address itself), to cap joins per address.
    join_address = models.CharField(_("client address hash"), max_length=64, blank=True, default="")
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["workshop", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["device_key"], name="one_participant_per_device_key"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="participant_role_valid"),
            models.UniqueConstraint(
                fields=["workshop", "join_key"],
                condition=~Q(join_key=""),
                name="one_participant_per_join_key",
            ),
        ]
        indexes = [models.Index(fields=["join_address", "joined_at"], name="participant_join_address")]

    def __str__(self):
        return self.name or f"#{self.pk}"

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


class ParticipantAnswer(AnswerBase):
    """One participant's answer to one indicator."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="answers", verbose_name=_("participant")
    )

    class Meta:
        verbose_name = _("participant answer")
        verbose_name_plural = _("participant answers")
        ordering = ["participant", "pk"]
        constraints = [
            *AnswerBase.Meta.constraints,
            models.UniqueConstraint(fields=["participant", "indicator"], name="one_participant_answer"),
        ]

    def __str__(self):
        return f"{self.participant}: {self.indicator}"


class DiscussionNote(models.Model):
    """What the group said about one question, typed by the facilitator in the presenting mode."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="notes", verbose_name=_("workshop")
    )
    indicator = models.CharField(_("indicator"), max_length=60)
    text = models.TextField(_("discussion note"), max_length=4000, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("discussion note")
        verbose_name_plural = _("discussion notes")
        ordering = ["workshop", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "indicator"], name="one_discussion_note_per_question"
            ),
        ]

    def __str__(self):
        return f"{self.workshop}: {self.indicator}"


class JoinAttempt(models.Model):
    """A wrong short code typed from one client address; counted by ``workshops.ratelimit``.

    In the database rather than a process-local cache so the limit holds across several server workers.
    """

    address = models.CharField(_("client address"), max_length=64)
    created_at = models.DateTimeField(_("created at"), db_index=True)

    class Meta:
        verbose_name = _("failed join attempt")
        verbose_name_plural = _("failed join attempts")
        indexes = [models.Index(fields=["address", "created_at"], name="join_attempt_address_time")]

    def __str__(self):
        return f"{self.address} @ {self.created_at}"
