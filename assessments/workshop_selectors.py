"""Reads for workshops. A facilitator reaches a workshop only through ``get_workshop_for`` (404 otherwise);
a participant only through the join token and the key on their own device."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC

import pandas as pd
from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext as _

from assessments import consensus, scoring, selectors
from assessments import framework as fw
from assessments.consensus import DONT_KNOW, NONE_OF_THESE, QuestionSummary, Response
from assessments.workshop_models import Participant, ParticipantAnswer, Role, Workshop
from cases.csv_io import encode_value

EXPORT_COLUMNS = (
    "workshop",
    "participant",
    "name",
    "role",
    "indicator",
    "question",
    "value",
    "value_label",
    "evidence",
    "answered_at",
    "submitted_at",
)


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


def workshop_framework(workshop: Workshop) -> fw.Framework:
    """The framework reduced to the dimensions the workshop asks, so the questionnaire's step, progress and
    numbering helpers work unchanged on it."""
    framework = workshop.parsed_framework()
    codes = workshop.dimension_codes()
    dimensions = tuple(d for d in framework.dimensions if d.code in codes)
    return dataclasses.replace(framework, dimensions=dimensions)


def participant_answers(participant: Participant) -> tuple[dict, dict[str, str]]:
    """(``{code: value}``, ``{code: evidence}``) of one participant: only their own rows."""
    values, evidence = {}, {}
    for code, value, note in participant.answers.values_list("indicator", "value", "evidence"):
        if value is not None:
            values[code] = value
        if note:
            evidence[code] = note
    return values, evidence


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


def answer_label(indicator: fw.Indicator, value) -> str:
    """The answer in words, in the active language."""
    if value is None:
        return ""
    if value == DONT_KNOW:
        return str(_("Don't know"))
    if isinstance(value, list):
        return "; ".join(indicator.option(c).text() for c in value) if value else str(_("None of these"))
    return indicator.option(value).text()


def _key_label(indicator: fw.Indicator, key: str) -> str:
    if key == NONE_OF_THESE:
        return str(_("None of these"))
    return answer_label(indicator, key)


def _role_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Role.choices}


@dataclass(frozen=True)
class QuestionView:
    """A question summary with the texts a page or the JSON endpoint shows."""

    number: int
    summary: QuestionSummary
    indicator: fw.Indicator
    bars: list[dict]  # {key, label, count, percent}
    roles: list[dict]  # {role, label, answered, counts: [int per bar]}
    most_common_label: str

    @property
    def code(self) -> str:
        return self.summary.code

    @property
    def disagreement_percent(self) -> int:
        return round(self.summary.disagreement * 100)

    def as_dict(self) -> dict:
        s = self.summary
        return {
            "number": self.number,
            "code": s.code,
            "dimension": s.dimension,
            "type": s.type,
            "label": self.indicator.text("label"),
            "answered": s.answered,
            "disagreement": s.disagreement,
            "dissent": s.dissent,
            "spread": s.spread,
            "most_common": s.most_common,
            "most_common_label": self.most_common_label,
            "distribution": self.bars,
            "by_role": self.roles,
        }


def question_views(workshop: Workshop, *, submitted_only: bool = False) -> list[QuestionView]:
    """Every question of the workshop with its distribution, largest disagreement first."""
    framework = workshop_framework(workshop)
    numbers = {code: n for n, code in enumerate(framework.indicators, start=1)}
    summaries = consensus.summarise(framework, responses(workshop, submitted_only=submitted_only))
    role_labels = _role_labels()
    views = []
    for s in summaries:
        indicator = framework.indicators[s.code]
        bars = [
            {
                "key": c.key,
                "label": _key_label(indicator, c.key),
                "count": c.count,
                "percent": round(c.share * 100),
            }
            for c in s.categories
        ]
        roles = [
            {
                "role": role,
                "label": role_labels.get(role, role),
                "answered": s.answered_by_role[role],
                "counts": [c.count for c in cats],
            }
            for role, cats in sorted(s.by_role.items(), key=lambda item: list(role_labels).index(item[0]))
        ]
        label = answer_label(indicator, s.most_common)
        views.append(QuestionView(numbers[s.code], s, indicator, bars, roles, label))
    return views


def dashboard_data(workshop: Workshop, views: list[QuestionView] | None = None) -> dict:
    """What the dashboard's JSON endpoint returns (and its page renders first)."""
    views = question_views(workshop) if views is None else views
    return {"status": workshop.status, "counts": counts(workshop), "questions": [q.as_dict() for q in views]}


# --- Comparison with the consensus ------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreRow:
    label: str
    role: str
    overall: float | None
    dimensions: list[float | None]
    difference: float | None  # overall minus the consensus overall
    is_consensus: bool = False


def _score(framework: fw.Framework, answers: dict, codes: list[str]) -> tuple[float | None, list]:
    result = scoring.score(framework, answers)
    return result.overall, [result.dimension(c).score for c in codes]


def comparison(workshop: Workshop) -> tuple[list[str], list[ScoreRow]]:
    """Dimension names and one row per submitted participant scored on the workshop's questions alone,
    the consensus first (restricted to the same questions, so the numbers compare like with like)."""
    if workshop.consensus is None:
        return [], []
    framework = workshop_framework(workshop)
    codes = [d.code for d in framework.dimensions]
    asked = set(framework.indicators)
    agreed, _evidence = selectors.answers_of(workshop.consensus)
    agreed = {c: v for c, v in agreed.items() if c in asked}
    base_overall, base_dims = _score(framework, agreed, codes)
    rows = [ScoreRow(str(_("Consensus")), "", base_overall, base_dims, None, is_consensus=True)]
    labels, role_labels = participant_labels(workshop), _role_labels()
    names = dict(workshop.participants.values_list("pk", "name"))
    for r in responses(workshop, submitted_only=True):
        overall, dims = _score(framework, r.answers, codes)
        difference = None if overall is None or base_overall is None else overall - base_overall
        label = " ".join(filter(None, [labels[r.participant], names[r.participant]]))
        rows.append(ScoreRow(label, role_labels.get(r.role, r.role), overall, dims, difference))
    return [d.text("name") for d in framework.dimensions], rows


# --- Export ------------------------------------------------------------------------------------------


def participant_labels(workshop: Workshop) -> dict[int, str]:
    """``{participant pk: "P3"}``: numbered in order of joining within the workshop (names are optional
    and may repeat, so they are shown beside the number, never instead of it)."""
    pks = workshop.participants.order_by("pk").values_list("pk", flat=True)
    return {pk: f"P{n}" for n, pk in enumerate(pks, start=1)}


def export_frame(workshop: Workshop) -> pd.DataFrame:
    """Every answer of the workshop: one row per participant and question answered (or annotated), with
    role and timestamps (ISO 8601, UTC). Values are option codes as in the cases CSV: several joined by
    ``|``, ``-`` for "none of these"."""
    framework = workshop.parsed_framework()
    indicators = framework.indicators
    order = {code: n for n, code in enumerate(indicators)}
    labels = participant_labels(workshop)
    rows = []
    answers = ParticipantAnswer.objects.filter(participant__workshop=workshop).select_related("participant")
    for a in sorted(answers, key=lambda a: (a.participant_id, order.get(a.indicator, len(order)))):
        p, indicator = a.participant, indicators.get(a.indicator)
        rows.append(
            {
                "workshop": workshop.title,
                "participant": labels[p.pk],
                "name": p.name,
                "role": p.role,
                "indicator": a.indicator,
                "question": indicator.text("label") if indicator else "",
                "value": encode_value(a.value),
                "value_label": answer_label(indicator, a.value) if indicator else "",
                "evidence": a.evidence,
                "answered_at": _iso(a.updated_at),
                "submitted_at": _iso(p.submitted_at),
            }
        )
    return pd.DataFrame(rows, columns=list(EXPORT_COLUMNS))


def _iso(moment) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds") if moment else ""
