"""Presentation of workshops: question summaries with the texts the dashboard, projector and consensus pages
show (and the live JSON), and the participants' scores beside the consensus. Reads go through
``workshops.selectors``; the summarising is the pure ``workshops.consensus``."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from assessments import selectors as assessment_selectors
from framework import answers, scoring
from framework.definition import Framework, Indicator
from questionnaire.navigation import question_numbers
from workshops import consensus, selectors
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
    framework = workshop.asked_framework()
    numbers = question_numbers(framework)
    summaries = consensus.summarise(framework, selectors.responses(workshop, submitted_only=submitted_only))
    role_labels = _role_labels()
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
        ]
        label = answers.text(indicator, s.most_common)
        views.append(QuestionView(numbers[s.code], s, indicator, bars, roles, label))
    return views


def dashboard_data(workshop: Workshop, views: list[QuestionView] | None = None) -> dict:
    """What the dashboard's JSON endpoint returns (and its page renders first)."""
    views = question_views(workshop) if views is None else views
    return {
        "status": workshop.status,
        "counts": selectors.counts(workshop),
        "questions": [q.as_dict() for q in views],
    }


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
    names = selectors.participant_names(workshop)
    for r in selectors.responses(workshop, submitted_only=True):
        overall, dims = _score(framework, r.answers, codes)
        difference = None if overall is None or base_overall is None else overall - base_overall
        label = " ".join(filter(None, [labels[r.participant], names[r.participant]]))
        rows.append(ScoreRow(label, role_labels.get(r.role, r.role), overall, dims, difference))
    return [d.text("name") for d in framework.dimensions], rows
