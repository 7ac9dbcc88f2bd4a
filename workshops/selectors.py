"""Reads for workshops. A facilitator reaches a workshop only through ``get_workshop_for`` (404 otherwise);
a participant only through the join token and the key on their own device."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404

from questionnaire import answers
from workshops.consensus import Response
from workshops.models import DiscussionNote, Participant, ParticipantAnswer, Workshop


def workshops_for(user):
    """The workshops ``user`` runs, in localities they are (still) a member of."""
    if not user.is_authenticated:
        return Workshop.objects.none()
    return Workshop.objects.filter(owner=user, locality__memberships__user=user).select_related("locality")


def get_workshop_for(user, pk) -> Workshop:
    workshop = workshops_for(user).select_related("framework", "consensus").filter(pk=pk).first()
    if workshop is None:
        raise Http404("No such workshop.")
    return workshop


def get_workshop_by_token(token: str) -> Workshop:
    workshop = Workshop.objects.select_related("framework", "locality").filter(token=token).first()
    if workshop is None:
        raise Http404("No such workshop.")
    return workshop


def workshop_by_code(code: str) -> Workshop | None:
    return Workshop.objects.filter(code=code).first() if code else None


def participant_on_device(workshop: Workshop, device_key: str | None) -> Participant | None:
    if not device_key:
        return None
    participant = Participant.objects.filter(workshop=workshop, device_key=device_key).first()
    if participant is not None:
        participant.workshop = workshop  # already loaded, with its framework version
    return participant


def participant_answers(participant: Participant) -> tuple[dict, dict[str, str]]:
    """(``{code: value}``, ``{code: evidence}``) of one participant: only their own rows."""
    return answers.read(participant.answers)


def counts(workshop: Workshop) -> dict[str, int]:
    """Joined, still answering (joined, not submitted) and submitted participants, in one query."""
    row = workshop.participants.aggregate(
        joined=Count("pk"), submitted=Count("pk", filter=Q(submitted_at__isnull=False))
    )
    joined, submitted = row["joined"], row["submitted"]
    return {"joined": joined, "in_progress": joined - submitted, "submitted": submitted}


def responses(workshop: Workshop, *, submitted_only: bool = False) -> list[Response]:
    """Every participant's answers as ``consensus.Response``, in two queries."""
    participants = workshop.participants.all()
    if submitted_only:
        participants = participants.exclude(submitted_at=None)
    roles = dict(participants.values_list("pk", "role"))
    answers = {pk: {} for pk in roles}
    rows = ParticipantAnswer.objects.filter(participant__in=participants).exclude(value=None)
    for pk, code, value in rows.values_list("participant_id", "indicator", "value"):
        answers[pk][code] = value
    return [Response(participant=pk, role=roles[pk], answers=answers[pk]) for pk in roles]


def participant_labels(workshop: Workshop) -> dict[int, str]:
    """``{participant pk: "P3"}``: numbered in order of joining within the workshop (names are optional
    and may repeat, so they are shown beside the number, never instead of it)."""
    pks = workshop.participants.order_by("pk").values_list("pk", flat=True)
    return {pk: f"P{n}" for n, pk in enumerate(pks, start=1)}


def participant_names(workshop: Workshop) -> dict[int, str]:
    return dict(workshop.participants.values_list("pk", "name"))


def participant_rows(workshop: Workshop) -> list[dict]:
    """The facilitator's list of participants: label, name (when asked), role, answers given, submitted."""
    labels = participant_labels(workshop)
    rows = workshop.participants.annotate(given=Count("answers", filter=Q(answers__value__isnull=False)))
    return [
        {
            "pk": p.pk,
            "label": labels[p.pk],
            "name": p.name,
            "role": p.get_role_display(),
            "answered": p.given,
            "submitted": p.submitted,
            "joined_at": p.joined_at,
        }
        for p in rows.order_by("pk")
    ]


def discussion_note(workshop: Workshop, code: str) -> str:
    note = DiscussionNote.objects.filter(workshop=workshop, indicator=code).first()
    return note.text if note else ""


def evidence_notes(workshop: Workshop, code: str) -> list[dict]:
    """Participants' evidence notes on one question, with the answer they gave (no names: the
    facilitator may read them out or show them)."""
    from framework import answers as answer_format

    indicator = workshop.asked_framework().indicators.get(code)
    labels = participant_labels(workshop)
    rows = ParticipantAnswer.objects.filter(participant__workshop=workshop, indicator=code).exclude(
        evidence=""
    )
    return [
        {"label": labels.get(a.participant_id, ""), "text": a.evidence,
         "answer": answer_format.text(indicator, a.value) if indicator else ""}
        for a in rows.order_by("participant_id")
    ]  # fmt: skip


def roles_at_least(workshop: Workshop, size: int) -> set[str]:
    """The roles that at least ``size`` participants of the workshop declared."""
    rows = workshop.participants.values("role").annotate(n=Count("pk")).filter(n__gte=size)
    return {r["role"] for r in rows}
