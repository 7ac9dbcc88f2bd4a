"""Writes for workshops. Keyword-only arguments, one transaction each.

Participants write only their own rows, so 200 people answering at once never overwrite each other; each
write is one short transaction (SQLite serialises writers and makes the others wait, see settings).
"""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import selectors, services
from assessments.models import Assessment
from core.errors import ServiceError
from framework.models import FrameworkVersion
from questionnaire import answers as rows
from questionnaire.flow import Locked
from workshops.models import CODE_ALPHABET, CODE_LENGTH, Participant, Role, Workshop

CODE_ATTEMPTS = 20


class WorkshopClosed(Locked):
    """The workshop is closed: it takes no more participants or answers."""


class AlreadySubmitted(Locked):
    """The participant has submitted: their answers are final."""


def new_token() -> str:
    """128 random bits, URL-safe: the join link cannot be guessed."""
    return secrets.token_urlsafe(16)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What people type (``abc-def``, ``ABC DEF``) in the stored form (``ABCDEF``)."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def _check_dimensions(version: FrameworkVersion, dimensions) -> list[str]:
    codes = [d.code for d in version.framework.dimensions]
    unknown = [c for c in dimensions or [] if c not in codes]
    if unknown:
        message = _("Unknown dimension(s): %(codes)s.") % {"codes": ", ".join(unknown)}
        raise ServiceError(message, {"dimensions": message})
    chosen = [c for c in codes if c in (dimensions or [])]
    return [] if len(chosen) == len(codes) else chosen


def create_workshop(*, owner, locality, title: str, date, dimensions=None) -> Workshop:
    """A new open workshop of ``locality`` run by ``owner`` (who must be a member of it).

    The short code is drawn at random and drawn again on the rare collision with an existing one.
    """
    if not locality.memberships.filter(user=owner).exists():
        raise ServiceError(_("You can only run workshops for localities you are a member of."))
    title = (title or "").strip()
    if not title:
        message = _("Give the workshop a title.")
        raise ServiceError(message, {"title": message})
    version = FrameworkVersion.current()
    chosen = _check_dimensions(version, dimensions)
    for _attempt in range(CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                return Workshop.objects.create(
                    locality=locality,
                    owner=owner,
                    framework=version,
                    title=title,
                    date=date,
                    dimensions=chosen,
                    token=new_token(),
                    code=new_code(),
                )
        except IntegrityError:
            continue
    raise ServiceError(_("Could not find a free short code; please try again."))


@transaction.atomic
def set_status(*, workshop: Workshop, status: str) -> Workshop:
    if status not in Workshop.Status.values:
        raise ServiceError(_("Unknown workshop status."))
    Workshop.objects.filter(pk=workshop.pk).update(status=status)
    workshop.status = status
    return workshop


@transaction.atomic
def join(*, workshop: Workshop, name: str = "", role: str = Role.OTHER) -> Participant:
    """A new participant of an open workshop, with a fresh random device key for their cookie."""
    if not Workshop.objects.filter(pk=workshop.pk, status=Workshop.Status.OPEN).exists():
        raise WorkshopClosed(_("This workshop is closed and accepts no more answers."))
    if role not in Role.values:
        message = _("Choose one of the listed roles.")
        raise ServiceError(message, {"role": message})
    return Participant.objects.create(
        workshop=workshop, device_key=secrets.token_urlsafe(24), name=(name or "").strip()[:80], role=role
    )


def _lock_for_answering(participant: Participant) -> Participant:
    locked = Participant.objects.select_for_update().select_related("workshop").get(pk=participant.pk)
    if not locked.workshop.is_open:
        raise WorkshopClosed(_("This workshop is closed and accepts no more answers."))
    if locked.submitted:
        raise AlreadySubmitted(_("You have submitted your answers; they can no longer be changed."))
    return locked


def save_answers(*, participant: Participant, answers: dict, evidence: dict[str, str]) -> None:
    """Upsert one step of a participant's answers, all or nothing (``None`` = left blank), as
    ``questionnaire.answers.write`` does for every questionnaire.

    The answers are checked before the transaction starts, so the write lock is held only for the writes.
    """
    workshop = participant.workshop
    clean = rows.validate(
        workshop.framework.framework, answers, evidence, asked=set(workshop.asked_framework().indicators)
    )
    with transaction.atomic():
        locked = _lock_for_answering(participant)
        rows.write(locked.answers, clean=clean, answers=answers, evidence=evidence)


@transaction.atomic
def submit(*, participant: Participant) -> bool:
    """Mark the participant's answers final. Idempotent: ``False`` when they were already submitted.

    The conditional UPDATE makes two simultaneous submits of the same participant count once.
    """
    locked = Participant.objects.select_related("workshop").get(pk=participant.pk)
    if locked.submitted:
        return False
    if not locked.workshop.is_open:
        raise WorkshopClosed(_("This workshop is closed and accepts no more answers."))
    if not locked.answers.exclude(value=None).exists():
        raise ServiceError(_("Answer at least one question before you submit."))
    now = timezone.now()
    updated = Participant.objects.filter(pk=locked.pk, submitted_at__isnull=True).update(submitted_at=now)
    participant.submitted_at = now if updated else participant.submitted_at
    return bool(updated)


def _latest_submitted(workshop: Workshop) -> Assessment | None:
    return (
        workshop.locality.assessments.filter(status=Assessment.Status.SUBMITTED, framework=workshop.framework)
        .order_by("-submitted_at", "-pk")
        .first()
    )


@transaction.atomic
def record_consensus(*, workshop: Workshop, user, answers: dict, evidence: dict[str, str] | None = None):
    """Save the agreed answers as an assessment of the workshop's locality and close the workshop.

    Every question of the workshop needs an agreed answer ("don't know" is one). When the workshop asked only
    some dimensions, the other questions are taken from the locality's latest submitted assessment; without
    one the consensus stays a draft for the facilitator to complete in the questionnaire. A workshop has
    one consensus: recording it again returns the first.
    """
    locked = Workshop.objects.select_for_update().select_related("locality", "framework").get(pk=workshop.pk)
    if locked.consensus_id:
        return locked.consensus
    version = FrameworkVersion.current()
    if locked.framework_id != version.pk:
        raise ServiceError(
            _("The framework changed since the workshop was created; its consensus cannot be saved.")
        )
    framework = version.framework
    asked = list(locked.asked_framework().indicators)
    missing = {c: _("Choose the agreed answer.") for c in asked if answers.get(c) is None}
    if missing:
        raise ServiceError(_("Some questions have no agreed answer yet."), missing)
    evidence = {c: n for c, n in (evidence or {}).items() if c in asked}
    rows.validate(framework, {c: answers[c] for c in asked}, evidence, asked=set(asked))
    title = _("Consensus of the workshop “%(title)s”") % {"title": locked.title}
    assessment = services.start_assessment(locality=locked.locality, user=user, title=title)
    merged = {}
    previous = _latest_submitted(locked)
    if previous is not None and len(asked) < len(framework.indicators):
        merged.update({a.indicator: a.value for a in previous.answers.exclude(indicator__in=asked)})
    merged.update({c: answers[c] for c in asked})
    services.save_step(assessment=assessment, user=user, answers=merged, evidence=evidence)
    stored, _evidence = selectors.answers_of(assessment)
    if not services.answer_problems(framework, stored):
        services.submit_assessment(assessment=assessment, user=user)
    locked.consensus = assessment
    locked.status = Workshop.Status.CLOSED
    locked.save(update_fields=["consensus", "status"])
    workshop.consensus, workshop.status = assessment, locked.status
    return assessment
