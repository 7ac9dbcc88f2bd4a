"""What the reports show, as plain data for their templates (the PDF templates stay free of lookups)."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import presenters as assessment_presenters
from assessments import selectors as assessment_selectors
from assessments.radar import radar_svg
from framework import answers as answer_format
from framework import definition as fw
from plans import selectors as plan_selectors
from reports import progress
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


# --- assessment report and progress ------------------------------------------------------------------


@dataclass(frozen=True)
class V1Diagnosis:
    """The v1 results in the shape of the v2 diagnosis, for the parts a v1 assessment has."""

    score: object
    matches: list
    radar: str
    actions: list
    recommendations: list
    find_out: list
    generations: tuple = ()
    reported: tuple = ()
    margin: None = None
    runner_up: str = ""
    stored: None = None


def results_for(assessment):
    """What the results page shows for ``assessment``: the v2 diagnosis (frozen results of a submitted
    assessment), or, under framework v1, the v1 results computed as they always were."""
    if assessment.framework.framework.is_v2:
        return assessment_presenters.diagnosis_of(assessment)
    results = assessment_presenters.results_of(assessment)
    score = results.score
    return V1Diagnosis(
        score=score,
        matches=results.matches,
        radar=results.radar,
        actions=score.top_recommendations(3),
        recommendations=score.top_recommendations(8, "improve"),
        find_out=score.top_recommendations(5, "find_out"),
    )


def _answered_by(assessment) -> list[str]:
    """The usernames of the members who saved answers (the creator first)."""
    names = []
    for user in [
        assessment.created_by,
        *(a.updated_by for a in assessment.answers.select_related("updated_by")),
    ]:
        if user is not None and user.get_username() not in names:
            names.append(user.get_username())
    return names


def assessment_report(assessment) -> dict:
    """The context of the assessment report (reports/assessment.html), from the same results as the page."""
    framework = assessment.framework.framework
    d = results_for(assessment)
    v2 = framework.is_v2
    score = d.score
    citations = []
    for r in d.recommendations:
        if r.citation and r.citation not in citations:
            citations.append(r.citation)
    coverage = round(score.confidence * 100)
    return {
        "assessment": assessment,
        "d": d,
        "v2": v2,
        "framework_title": framework.text(),
        "source": framework.text("source"),
        "answered_by": _answered_by(assessment),
        "coverage": coverage,
        "today": timezone.localdate(),
        "actions": plan_selectors.actions_of(assessment.locality),
        "reviews": plan_selectors.reviews_of(assessment),
        "citations": citations,
    }


def _side(assessment) -> progress.Side:
    d = results_for(assessment)
    score = d.score
    answers, _evidence = assessment_selectors.answers_of(assessment)
    return progress.Side(
        title=assessment.title,
        framework=assessment.framework.framework,
        answers=answers,
        dimension_scores={dim.code: dim.score for dim in score.dimensions},
        overall=score.overall,
        closest_case=d.matches[0].name if d.matches else "",
    )


def progress_report(before, after) -> dict:
    """The context of the progress page: the comparison, both radars in one chart when the scores compare,
    and the plan's actions next to the dimension they were meant to move."""
    comparison = progress.compare(_side(before), _side(after))
    radar = ""
    scored = [dim for dim in after.framework.framework.dimensions if dim.weight]
    if comparison.same_version and len(scored) >= 3:
        radar = radar_svg(
            [dim.text() for dim in scored],
            [_side_score(comparison, dim.code, "before") for dim in scored],
            title=_("Scores then and now"),
            # "Before" and "After", as in the tables: the page's key names the two assessments.
            series_name=_("Before"),
            second=[_side_score(comparison, dim.code, "after") for dim in scored],
            second_name=_("After"),
            uid="progress",
        )
    indicators = after.framework.framework.indicators
    by_dimension: dict[str, list] = {}
    for action in plan_selectors.actions_of(after.locality):
        indicator = indicators.get(action.recommendation)
        by_dimension.setdefault(indicator.dimension if indicator else "", []).append(action)
    return {
        "before": before,
        "after": after,
        "p": comparison,
        "radar": radar,
        "reviews": plan_selectors.reviews_of(after),
        "question_groups": [
            (_("Changed"), comparison.of_kind("changed")),
            (_("Answered now, not known before"), comparison.of_kind("added")),
            (_("Known before, not answered now"), comparison.of_kind("lost")),
        ],
        "same_count": len(comparison.of_kind("same")),
        # Dimensions that count towards the score (context and the unscored questions are not compared).
        # With each, the plan's actions meant to move it.
        "scored_changes": [
            (c, by_dimension.get(c.code, []))
            for c in comparison.dimensions
            if c.code in {dim.code for dim in scored}
        ],
    }


def _side_score(comparison, code, which):
    change = next((c for c in comparison.dimensions if c.code == code), None)
    return getattr(change, which) if change else None
