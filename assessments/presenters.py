"""Presentation of the assessments app: scores, matches and profile turned into what the pages show (the
radar SVG, explanation blocks, the generation profile). Reads go through the selectors; the computing is the
framework's pure code."""

from dataclasses import dataclass

from django.utils.translation import gettext, gettext_lazy

from assessments import selectors
from assessments.models import Assessment
from assessments.radar import radar_svg
from cases.selectors import published_case_data
from framework import scoring, similarity
from framework.scoring import ScoreResult
from framework.similarity import Match


@dataclass(frozen=True)
class Explanation:
    """What raised and what lowered one dimension's score."""

    dimension: scoring.DimensionScore
    raised: list[scoring.Contribution]
    lowered: list[scoring.Contribution]


# The three generations of regional policy, as the Introduction of Helmsing (2001) describes them.
GENERATIONS = {
    1: (
        gettext_lazy("First generation"),
        gettext_lazy(
            "National government at the centre, influencing the location of firms through regulation, "
            "financial incentives and infrastructure."
        ),
    ),
    2: (
        gettext_lazy("Second generation"),
        gettext_lazy(
            "Endogenous development: inter-firm co-operation, business associations, unions and government "
            "develop specific skills, resources and “rules of the game”."
        ),
    ),
    3: (
        gettext_lazy("Third generation"),
        gettext_lazy(
            "Positioning the territorial production system in a global context; horizontal co-ordination "
            "complemented by vertical co-ordination between levels; a more systemic use of existing local "
            "and extra-local resources."
        ),
    ),
}


@dataclass(frozen=True)
class Generation:
    number: int
    name: str
    description: str
    count: int
    traits: list[str]  # distinct trait texts the answers show


@dataclass(frozen=True)
class Results:
    score: ScoreResult
    matches: list[Match]
    radar: str  # inline SVG, escaped by ``radar_svg``
    values: dict
    explanations: list[Explanation]
    generations: list[Generation]


def results_of(assessment: Assessment) -> Results:
    """Scores, the top three similar cases and the radar chart of an assessment (draft or submitted)."""
    framework = assessment.framework.framework
    values, _evidence = selectors.answers_of(assessment)
    result = scoring.score(framework, values)
    matches = similarity.rank(framework, values, published_case_data(assessment.framework), top=3)
    svg = radar_svg(
        [d.name for d in result.dimensions],
        [d.score for d in result.dimensions],
        title=gettext("Dimension scores of %(title)s") % {"title": assessment.title},
        description=gettext("Scores from 0 to 100 on each dimension of the framework."),
        series_name=assessment.locality.name,
        uid=f"assessment-{assessment.pk}",
    )
    explanations = [
        Explanation(
            dimension=d,
            raised=[c for c in d.contributions if c.effect == "raised"],
            lowered=[c for c in d.contributions if c.effect == "lowered"],
        )
        for d in result.dimensions
    ]
    traits = {g: [] for g in scoring.GENERATIONS}
    for d in result.dimensions:
        for t in d.traits:
            if t.text not in traits[t.generation]:
                traits[t.generation].append(t.text)
    generations = [
        Generation(g, *GENERATIONS[g], count=result.generations.get(g, 0), traits=traits[g])
        for g in scoring.GENERATIONS
    ]
    return Results(
        score=result,
        matches=matches,
        radar=svg,
        values=values,
        explanations=explanations,
        generations=generations,
    )


def overall_score(assessment: Assessment) -> float | None:
    """The overall score of an assessment whose answers are prefetched (the locality page's list)."""
    values = {a.indicator: a.value for a in assessment.answers.all() if a.value is not None}
    try:
        return scoring.score(assessment.framework.framework, values).overall
    except ValueError:  # answers no longer valid under their framework: show no score rather than fail
        return None
