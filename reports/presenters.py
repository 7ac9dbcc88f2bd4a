"""What the reports show, as plain data for their templates (the PDF templates stay free of lookups)."""

from dataclasses import dataclass

from assessments import presenters as assessment_presenters
from assessments import selectors as assessment_selectors
from framework import answers as answer_format
from framework import definition as fw
from workshops import agreement
from workshops import presenters as workshop_presenters
from workshops import selectors as workshop_selectors
from workshops.models import Role


@dataclass(frozen=True)
class PrintedQuestion:
    code: str
    label: str
    help: str
    multi: bool
    options: tuple[str, ...]


@dataclass(frozen=True)
class PrintedDimension:
    code: str
    name: str
    questions: tuple[PrintedQuestion, ...]


def printable_questionnaire(framework: fw.Framework, dimension_codes=None) -> list[PrintedDimension]:
    """The questions of ``framework`` (only ``dimension_codes`` when given) in the active language."""
    return [
        PrintedDimension(
            code=d.code,
            name=d.text(),
            questions=tuple(
                PrintedQuestion(
                    code=i.code,
                    label=i.text(),
                    help=i.text("help"),
                    multi=i.type == "multi",
                    options=tuple(o.text() for o in i.options),
                )
                for i in d.indicators
            ),
        )
        for d in framework.dimensions
        if dimension_codes is None or d.code in dimension_codes
    ]


# --- workshop report -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoleCount:
    label: str
    count: int


@dataclass(frozen=True)
class Participation:
    joined: int
    submitted: int
    roles: tuple[RoleCount, ...]  # only roles with at least ``threshold`` submitted participants
    other_roles: int  # submitted participants in smaller role groups, counted together
    threshold: int


def participation(workshop, responses, role_labels: dict[str, str], counts: dict[str, int]) -> Participation:
    """Who took part, by role, with the dashboard's anonymity threshold: a role group smaller than it is
    counted with the others, never shown on its own (it would point at one or two people)."""
    threshold = max(workshop.min_role_group, 3)
    sizes: dict[str, int] = {}
    for r in responses:
        sizes[r.role] = sizes.get(r.role, 0) + 1
    shown = tuple(
        RoleCount(role_labels.get(role, role), n)
        for role, n in sorted(
            sizes.items(), key=lambda item: list(role_labels).index(item[0]) if item[0] in role_labels else 99
        )
        if n >= threshold
    )
    hidden = sum(n for n in sizes.values() if n < threshold)
    return Participation(counts["joined"], counts["submitted"], shown, hidden, threshold)


def workshop_report(workshop) -> dict:
    """The context of the workshop report (reports/workshop.html)."""
    framework = workshop.asked_framework()
    responses = workshop_selectors.responses(workshop, submitted_only=True)
    role_labels = {value: str(label) for value, label in Role.choices}
    context = {
        "workshop": workshop,
        "framework_title": workshop.framework.framework.text(),
        "source": framework.source,
        "part": participation(workshop, responses, role_labels, workshop_selectors.counts(workshop)),
        "questions": workshop_presenters.question_views(workshop, submitted_only=True, responses=responses),
        "alpha": agreement.workshop_alpha(framework, responses),
        "groups": [],
        "common": [],
        "score": None,
        "matches": [],
        "radar": "",
        "consensus_answers": [],
    }
    opinions = workshop_presenters.opinion_view(workshop)
    context["groups"], context["common"] = opinions["groups"], opinions["common"]
    if workshop.consensus is not None:
        results = assessment_presenters.results_of(workshop.consensus)
        agreed, _evidence = assessment_selectors.answers_of(workshop.consensus)
        context.update(
            score=results.score,
            matches=results.matches,
            radar=results.radar,
            consensus_answers=[
                (i.text(), answer_format.text(i, agreed.get(code)))
                for code, i in framework.indicators.items()
            ],
        )
    return context
