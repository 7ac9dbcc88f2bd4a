"""Presentation of workshops: question summaries with the texts the dashboard, projector and consensus pages
show (and the live JSON), and the participants' scores beside the consensus. Reads go through
``workshops.selectors``; the summarising is the pure ``workshops.consensus``."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments import selectors as assessment_selectors
from framework import answers, scoring
from framework.definition import Framework, Indicator
from questionnaire.navigation import question_numbers
from workshops import agreement, consensus, opinions, selectors
from workshops.agreement import Agreement
from workshops.consensus import QuestionSummary
from workshops.models import Role, Workshop


def _role_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Role.choices}


@dataclass(frozen=True)
class QuestionView:
    """A question summary with the texts a page or the JSON endpoint shows."""

    number: int
    summary: QuestionSummary
    indicator: Indicator
    bars: list[dict]  # {key, label, count, percent}
    roles: list[dict]  # {role, label, answered, counts: [int per bar]}: only groups of min_role_group or more
    most_common_label: str
    agreement: Agreement | None = None
    tied_labels: tuple[str, ...] = ()
    hidden_roles: int = 0  # answers from role groups too small to show

    @property
    def agreement_percent(self) -> int | None:
        value = self.agreement.value if self.agreement else None
        return None if value is None else round(value * 100)

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
            "tied": list(self.tied_labels),
            "agreement": self.agreement_percent,
            "distribution": self.bars,
            "by_role": self.roles,
            "hidden_roles": self.hidden_roles,
        }


def question_views(
    workshop: Workshop, *, submitted_only: bool | None = None, responses=None
) -> list[QuestionView]:
    """Every question of the workshop with its distribution, largest disagreement first.

    ``submitted_only`` defaults to the workshop's choice (only submitted answers unless the facilitator
    chose to show answers live). Breakdowns by role keep only roles with at least ``min_role_group``
    answers to the question: a row for one or two people would show their own answers.
    """
    if submitted_only is None:
        submitted_only = not workshop.live_unsubmitted
    framework = workshop.asked_framework()
    numbers = question_numbers(framework)
    if responses is None:
        responses = selectors.responses(workshop, submitted_only=submitted_only)
    summaries = consensus.summarise(framework, responses)
    role_labels = _role_labels()
    smallest = max(workshop.min_role_group, 3)
    views = []
    for s in summaries:
        indicator = framework.indicators[s.code]
        bars = [
            {
                "key": c.key,
                "label": answers.key_label(indicator, c.key),
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
            if s.answered_by_role[role] >= smallest
        ]
        hidden = s.answered - sum(r["answered"] for r in roles)
        label = answers.text(indicator, s.most_common)
        values = [r.answers.get(s.code) for r in responses]
        agreed = agreement.question_agreement(indicator, values)
        tied = tuple(answers.key_label(indicator, key) for key in s.tied)
        views.append(QuestionView(numbers[s.code], s, indicator, bars, roles, label, agreed, tied, hidden))
    return views


def dashboard_data(workshop: Workshop, views: list[QuestionView] | None = None, responses=None) -> dict:
    """What the dashboard's JSON endpoint returns (and its page renders first)."""
    if responses is None:
        responses = selectors.responses(workshop, submitted_only=not workshop.live_unsubmitted)
    views = question_views(workshop, responses=responses) if views is None else views
    alpha = agreement.workshop_alpha(workshop.asked_framework(), responses)
    return {
        "status": workshop.status,
        "revision": workshop.revision,
        "counts": selectors.counts(workshop),
        "alpha": None if alpha is None else round(alpha, 2),
        "questions": [q.as_dict() for q in views],
    }


def live_key(workshop: Workshop) -> str:
    """What the live data depends on: the workshop's revision (bumped by every answer, join, submit,
    removal and status change), its display options and the language."""
    options = f"{int(workshop.live_unsubmitted)}:{workshop.min_role_group}"
    return f"ws-live:{workshop.pk}:{workshop.revision}:{options}:{get_language()}"


def live_payload(workshop: Workshop) -> tuple[dict, list[QuestionView]]:
    """The dashboard's data and question views, computed once per change of the workshop (cached by
    ``live_key``), however many screens poll it."""
    key = live_key(workshop)
    cached = cache.get(key)
    if cached is None:
        responses = selectors.responses(workshop, submitted_only=not workshop.live_unsubmitted)
        views = question_views(workshop, responses=responses)
        cached = (dashboard_data(workshop, views, responses), views)
        cache.set(key, cached, 60 * 10)
    return cached


def opinion_view(workshop: Workshop) -> dict:
    """The opinion groups of the submitted participants, with question labels, for the groups page."""
    framework = workshop.asked_framework()
    responses = selectors.responses(workshop, submitted_only=True)
    smallest = max(workshop.min_role_group, 3)
    result = opinions.opinion_groups(framework, responses, min_size=smallest)
    numbers, role_labels = question_numbers(framework), _role_labels()

    def describe(code, value):
        indicator = framework.indicators[code]
        return {
            "number": numbers[code],
            "label": indicator.text("label"),
            "answer": answers.text(indicator, value),
        }

    groups = []
    for g in result.groups:
        roles = sorted(g.roles.items(), key=lambda item: -item[1])
        groups.append(
            {
                "number": g.number,
                "size": len(g.members),
                "roles": [{"label": role_labels.get(r, r), "count": n} for r, n in roles],
                "distinct": [
                    describe(d.code, d.value)
                    | {"inside": round(d.share_in * 100), "outside": round(d.share_out * 100)}
                    for d in g.distinct
                ],
            }
        )
    common = [describe(c.code, c.value) | {"share": round(c.share * 100)} for c in result.common_ground]
    alpha = agreement.workshop_alpha(framework, responses)
    return {
        "result": result,
        "groups": groups,
        "common": common,
        "mapped": result.mapped,
        "alpha": None if alpha is None else round(alpha, 2),
        "min_size": smallest,
        "points": _map_points(result, groups),
    }


def _map_points(result, groups) -> list[dict]:
    """The projection scaled into a 0-100 square for the SVG map, with each point's group number."""
    if not result.points:
        return []
    xs = [x for x, _y in result.points.values()]
    ys = [y for _x, y in result.points.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    member_of = {pk: g.number for g in result.groups for pk in g.members}
    return [
        {
            "x": round(5 + 90 * (x - min(xs)) / span, 2),
            "y": round(5 + 90 * (y - min(ys)) / span, 2),
            "group": member_of.get(pk, 0),
        }
        for pk, (x, y) in result.points.items()
    ]


@dataclass(frozen=True)
class ScoreRow:
    label: str
    role: str
    overall: float | None
    dimensions: list[float | None]
    difference: float | None  # overall minus the consensus overall
    is_consensus: bool = False


def _score(framework: Framework, answers: dict, codes: list[str]) -> tuple[float | None, list]:
    result = scoring.score(framework, answers)
    return result.overall, [result.dimension(c).score for c in codes]


def comparison(workshop: Workshop) -> tuple[list[str], list[ScoreRow]]:
    """Dimension names and one row per submitted participant scored on the workshop's questions alone,
    the consensus first (restricted to the same questions, so the numbers compare like with like)."""
    if workshop.consensus is None:
        return [], []
    framework = workshop.asked_framework()
    codes = [d.code for d in framework.dimensions]
    asked = set(framework.indicators)
    agreed, _evidence = assessment_selectors.answers_of(workshop.consensus)
    agreed = {c: v for c, v in agreed.items() if c in asked}
    base_overall, base_dims = _score(framework, agreed, codes)
    rows = [ScoreRow(str(_("Consensus")), "", base_overall, base_dims, None, is_consensus=True)]
    labels, role_labels = selectors.participant_labels(workshop), _role_labels()
    responses = selectors.responses(workshop, submitted_only=True)
    role_sizes = {}
    for r in responses:
        role_sizes[r.role] = role_sizes.get(r.role, 0) + 1
    smallest = max(workshop.min_role_group, 3)
    for r in responses:
        overall, dims = _score(framework, r.answers, codes)
        difference = None if overall is None or base_overall is None else overall - base_overall
        # Never names (this page is projected); a role only when enough people share it.
        role = role_labels.get(r.role, r.role) if role_sizes[r.role] >= smallest else ""
        rows.append(ScoreRow(labels[r.participant], role, overall, dims, difference))
    return [d.text("name") for d in framework.dimensions], rows
