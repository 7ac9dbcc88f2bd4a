"""Writes for workshops. Keyword-only arguments, one transaction each.

Participants write only their own rows, so 200 people answering at once never overwrite each other; each
write is one short transaction (SQLite serialises writers and makes the others wait, see settings).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from assessments import selectors, services
from assessments.models import Assessment
from core.errors import ServiceError
from framework.models import FrameworkVersion
from questionnaire import answers as rows
from questionnaire.flow import Locked
from workshops.models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    MAX_PARTICIPANTS_LIMIT,
    MIN_ROLE_GROUP,
    DiscussionNote,
    Participant,
    Role,
    Workshop,
)

CODE_ATTEMPTS = 20
# Joins from one client address across every workshop, per hour. A whole room shares the venue's address,
# so one address cannot be told from one person: within a workshop the bound is the workshop's own cap
# (``max_participants``), and the facilitator removes intruders (docs/workshops.md).
JOIN_HOURLY, JOIN_HOURLY_WINDOW = 600, timedelta(hours=1)
OPTION_FIELDS = ("ask_names", "min_role_group", "live_unsubmitted", "max_participants")


class WorkshopFull(ServiceError):
    """No more participants may join (the workshop's cap, or too many joins from one address)."""


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


def _check_options(options: dict) -> dict:
    unknown = set(options) - set(OPTION_FIELDS)
    if unknown:
        raise ServiceError(
            _("Unknown workshop option(s): %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    clean = dict(options)
    if "min_role_group" in clean and (clean["min_role_group"] or 0) < MIN_ROLE_GROUP:
        message = _("Role groups of fewer than %(n)d people would show their answers.") % {
            "n": MIN_ROLE_GROUP
        }
        raise ServiceError(message, {"min_role_group": message})
    if "max_participants" in clean and not 1 <= (clean["max_participants"] or 0) <= MAX_PARTICIPANTS_LIMIT:
        message = _("Choose between 1 and %(n)d participants.") % {"n": MAX_PARTICIPANTS_LIMIT}
        raise ServiceError(message, {"max_participants": message})
    return clean


def _check_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        message = _("Give the workshop a title.")
        raise ServiceError(message, {"title": message})
    return title[:200]


def create_workshop(
    *, owner, locality, title: str, date, dimensions=None, previous_round=None, **options
) -> Workshop:
    """A new open workshop of ``locality`` run by ``owner`` (who must be a member of it).

    The short code is drawn at random and drawn again on the rare collision with an existing one.
    ``options`` are the fields of ``OPTION_FIELDS`` (names asked, smallest role group shown, ...).
    """
    if not locality.memberships.filter(user=owner).exists():
        raise ServiceError(_("You can only run workshops for localities you are a member of."))
    title = _check_title(title)
    options = _check_options(options)
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
                    previous_round=previous_round,
                    **options,
                )
        except IntegrityError:
            continue
    raise ServiceError(_("Could not find a free short code; please try again."))


def bump(workshop: Workshop | int) -> None:
    """Mark that what the dashboard shows changed (its ETag and cached summary follow ``revision``)."""
    pk = getattr(workshop, "pk", workshop)
    Workshop.objects.filter(pk=pk).update(revision=F("revision") + 1)


@transaction.atomic
def update_workshop(*, workshop: Workshop, title: str, date, dimensions=None, **options) -> Workshop:
    """Change a workshop's title, date and options; its questions only while nobody has answered."""
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
    fields = {"title": _check_title(title), "date": date, **_check_options(options)}
    if dimensions is not None:
        chosen = _check_dimensions(locked.framework, dimensions)
        if chosen != locked.dimensions:
            if locked.participants.filter(answers__isnull=False).exists() or locked.consensus_id:
                message = _("The questions cannot change once participants have answered.")
                raise ServiceError(message, {"dimensions": message})
            fields["dimensions"] = chosen
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.revision += 1
    locked.save()
    return locked


def duplicate_workshop(
    *, workshop: Workshop, owner, title: str = "", date=None, previous_round=None
) -> Workshop:
    """A new, empty, open workshop with the same locality, questions and options (a new code and link)."""
    options = {name: getattr(workshop, name) for name in OPTION_FIELDS}
    return create_workshop(
        owner=owner,
        locality=workshop.locality,
        title=title or _("%(title)s (copy)") % {"title": workshop.title},
        date=date or timezone.localdate(),
        dimensions=workshop.dimension_codes(),
        previous_round=previous_round,
        **options,
    )


def second_round(*, workshop: Workshop, owner) -> Workshop:
    """A new workshop linked to ``workshop`` (whose consensus stays as it is), for a second round."""
    title = Truncator(_("%(title)s — second round") % {"title": workshop.title}).chars(200)
    return duplicate_workshop(workshop=workshop, owner=owner, title=title, previous_round=workshop)


@transaction.atomic
def delete_workshop(*, workshop: Workshop) -> None:
    """Delete the workshop with its participants, answers and notes (a recorded consensus assessment stays
    with the locality)."""
    Workshop.objects.filter(pk=workshop.pk).delete()


@transaction.atomic
def set_status(*, workshop: Workshop, status: str) -> Workshop:
    """Open or close a workshop. Once its consensus is recorded it stays closed: a second round is a new
    workshop."""
    if status not in Workshop.Status.values:
        raise ServiceError(_("Unknown workshop status."))
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if status == Workshop.Status.OPEN and locked.consensus_id:
        raise WorkshopClosed(
            _(
                "The consensus of this workshop is recorded, so it cannot be reopened. "
                "Start a second round instead."
            )
        )
    Workshop.objects.filter(pk=workshop.pk).update(status=status, revision=F("revision") + 1)
    workshop.status = status
    return workshop


@transaction.atomic
def set_share_results(*, workshop: Workshop, share: bool) -> Workshop:
    if share and not workshop.consensus_id:
        raise ServiceError(_("Record the consensus before sharing the results."))
    Workshop.objects.filter(pk=workshop.pk).update(share_results=bool(share))
    workshop.share_results = bool(share)
    return workshop


def address_hash(address: str) -> str:
    """A keyed hash of a client address: enough to count joins from it, useless to learn it."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, (address or "").encode(), hashlib.sha256).hexdigest()[:32]


@transaction.atomic
def join(
    *, workshop: Workshop, name: str = "", role: str = Role.UNDISCLOSED, join_key: str = "", address: str = ""
) -> Participant:
    """A new participant of an open workshop, with a fresh random device key for their cookie.

    ``join_key`` is the random key of the join form: the same form sent twice (a retry after a lost
    response) returns the participant it created the first time. Refused when the workshop is closed or
    full, and when one address has made ``JOIN_HOURLY`` joins within an hour across all workshops.
    """
    locked = Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
    if locked is None or not locked.is_open:
        raise WorkshopClosed(_("This workshop is closed and accepts no more answers."))
    join_key = (join_key or "")[:64]
    if join_key:
        earlier = Participant.objects.filter(workshop=locked, join_key=join_key).first()
        if earlier is not None:
            return earlier
    if role not in Role.values:
        message = _("Choose one of the listed roles.")
        raise ServiceError(message, {"role": message})
    if locked.participants.count() >= locked.max_participants:
        raise WorkshopFull(
            _("This workshop is full: %(n)d people have joined, the most the facilitator allowed.")
            % {"n": locked.max_participants}
        )
    hashed = address_hash(address) if address else ""
    if hashed:
        now = timezone.now()
        recent = Participant.objects.filter(join_address=hashed, joined_at__gte=now - JOIN_HOURLY_WINDOW)
        if recent.count() >= JOIN_HOURLY:
            raise WorkshopFull(
                _("Too many people joined from your network in the last hour. Try again later.")
            )
    participant = Participant.objects.create(
        workshop=locked,
        device_key=secrets.token_urlsafe(24),
        name=(name or "").strip()[:80] if locked.ask_names else "",
        role=role,
        join_key=join_key,
        join_address=hashed,
    )
    bump(locked)
    return participant


@transaction.atomic
def remove_participant(*, workshop: Workshop, participant_pk: int) -> bool:
    """Remove a participant and every answer they gave (from the dashboard, the consensus prefill and the
    exports). A recorded consensus is not changed. ``False`` when there was no such participant."""
    deleted, _rows = Participant.objects.filter(workshop=workshop, pk=participant_pk).delete()
    if deleted:
        bump(workshop)
    return bool(deleted)


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
        bump(locked.workshop_id)


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
    if updated:
        bump(locked.workshop_id)
    return bool(updated)


def _latest_submitted(workshop: Workshop) -> Assessment | None:
    return (
        workshop.locality.assessments.filter(status=Assessment.Status.SUBMITTED, framework=workshop.framework)
        .order_by("-submitted_at", "-pk")
        .first()
    )


CONSENSUS_TITLE_MAX = 200  # Assessment.title


def consensus_title(workshop_title: str) -> str:
    """ "Consensus of the workshop “…”", the workshop's title shortened so the whole fits an assessment's
    title (200 characters) in any language."""
    template = _("Consensus of the workshop “%(title)s”")
    room = CONSENSUS_TITLE_MAX - len(template % {"title": ""})
    return template % {"title": Truncator(workshop_title).chars(max(room, 1))}


@transaction.atomic
def save_consensus_answer(*, workshop: Workshop, code: str, value, note: str = "") -> dict:
    """Keep the group's agreed answer to one question (``None`` = not decided yet) while walking through
    them; nothing is recorded as an assessment until ``record_consensus``."""
    locked = Workshop.objects.select_for_update().select_related("framework").get(pk=workshop.pk)
    if locked.consensus_id:
        raise WorkshopClosed(_("The consensus of this workshop is already recorded."))
    asked = set(locked.asked_framework().indicators)
    given = {code: value} if value is not None else {}
    clean = rows.validate(locked.framework.framework, given, {code: note or ""}, asked=asked)
    draft = {
        "answers": dict(locked.consensus_draft.get("answers", {})),
        "evidence": dict(locked.consensus_draft.get("evidence", {})),
    }
    if value is None:
        draft["answers"].pop(code, None)
    else:
        draft["answers"][code] = clean[code]
    if (note or "").strip():
        draft["evidence"][code] = note.strip()
    else:
        draft["evidence"].pop(code, None)
    locked.consensus_draft = draft
    locked.save(update_fields=["consensus_draft"])
    workshop.consensus_draft = draft
    return draft


@transaction.atomic
def record_consensus(
    *, workshop: Workshop, user, answers: dict | None = None, evidence: dict[str, str] | None = None
):
    """Save the agreed answers as an assessment of the workshop's locality and close the workshop.

    Every question of the workshop needs an agreed answer ("don't know" is one). When the workshop asked only
    some dimensions, the other questions are taken from the locality's latest submitted assessment; without
    one the consensus stays a draft for the facilitator to complete in the questionnaire. A workshop has
    one consensus: recording it again returns the first.
    """
    locked = Workshop.objects.select_for_update().select_related("locality", "framework").get(pk=workshop.pk)
    if locked.consensus_id:
        return locked.consensus
    if answers is None:  # the walk's saved answers
        answers = dict(locked.consensus_draft.get("answers", {}))
        evidence = dict(locked.consensus_draft.get("evidence", {}))
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
    title = consensus_title(locked.title)
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
    locked.revision += 1
    locked.save(update_fields=["consensus", "status", "revision"])
    workshop.consensus, workshop.status = assessment, locked.status
    return assessment


@transaction.atomic
def save_note(*, workshop: Workshop, code: str, text: str) -> DiscussionNote | None:
    """The facilitator's discussion note on one question (an empty text removes it)."""
    if code not in workshop.asked_framework().indicators:
        raise ServiceError(_("This question is not part of this questionnaire."))
    text = (text or "").strip()
    if len(text) > 4000:
        raise ServiceError(_("The note is too long (at most 4000 characters)."))
    if not text:
        DiscussionNote.objects.filter(workshop=workshop, indicator=code).delete()
        return None
    note, _created = DiscussionNote.objects.update_or_create(
        workshop=workshop, indicator=code, defaults={"text": text}
    )
    return note
