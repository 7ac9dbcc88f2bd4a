"""Reads for the assessments app: every lookup of a locality or assessment goes through membership here."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext, gettext_lazy

from assessments import framework as fw
from assessments import portable, scoring, similarity
from assessments.models import Answer, Assessment, Locality, Membership
from assessments.radar import radar_svg
from assessments.scoring import ScoreResult
from assessments.similarity import CaseData, Match, case_data
from cases.models import Case


def localities_for(user):
    """The localities ``user`` is a member of."""
    if not user.is_authenticated:
        return Locality.objects.none()
    return Locality.objects.filter(memberships__user=user)


def get_locality_for(user, pk) -> Locality:
    """The locality ``pk`` if ``user`` is a member of it; ``Http404`` otherwise (hiding that it exists)."""
    locality = localities_for(user).filter(pk=pk).first()
    if locality is None:
        raise Http404("No such locality.")
    return locality


def get_assessment_for(user, pk) -> Assessment:
    """The assessment ``pk`` if ``user`` is a member of its locality; ``Http404`` otherwise."""
    if not user.is_authenticated:
        raise Http404("No such assessment.")
    assessment = (
        Assessment.objects.filter(pk=pk, locality__memberships__user=user)
        .select_related("locality", "framework")
        .first()
    )
    if assessment is None:
        raise Http404("No such assessment.")
    return assessment


def is_owner(user, locality: Locality) -> bool:
    return locality.memberships.filter(user=user, role=Membership.Role.OWNER).exists()


def answers_of(assessment: Assessment) -> tuple[dict, dict[str, str]]:
    """(``{code: value}`` of the answered questions, ``{code: evidence note}``), in one query."""
    values, evidence = {}, {}
    for code, value, note in assessment.answers.values_list("indicator", "value", "evidence"):
        if value is not None:
            values[code] = value
        if note:
            evidence[code] = note
    return values, evidence


def locality_page(locality: Locality) -> tuple[list[Assessment], list[Membership]]:
    """The locality's assessments (newest first, each with its ``overall`` score) and its memberships, in
    three queries."""
    assessments = list(
        locality.assessments.select_related("framework").prefetch_related(
            Prefetch("answers", queryset=Answer.objects.only("assessment_id", "indicator", "value"))
        )
    )
    for assessment in assessments:
        assessment.overall = _overall(assessment)
    memberships = list(locality.memberships.select_related("user").order_by("-role", "user__username"))
    return assessments, memberships


def first_unanswered_dimension(framework: fw.Framework, values: dict) -> str | None:
    """The code of the first dimension with an unanswered question, or ``None`` when all are answered."""
    for dimension in framework.dimensions:
        if any(values.get(i.code) is None for i in dimension.indicators):
            return dimension.code
    return None


@dataclass(frozen=True)
class StepLink:
    number: int
    code: str
    name: str
    answered: int
    total: int

    @property
    def complete(self) -> bool:
        return self.answered == self.total


def step_links(framework: fw.Framework, values: dict) -> list[StepLink]:
    return [
        StepLink(
            number=n,
            code=d.code,
            name=d.text("name"),
            answered=sum(values.get(i.code) is not None for i in d.indicators),
            total=len(d.indicators),
        )
        for n, d in enumerate(framework.dimensions, start=1)
    ]


def progress(framework: fw.Framework, values: dict, current: str = "") -> dict:
    """Template context of the progress indicator: step links, the current step, answered and total counts."""
    steps = step_links(framework, values)
    return {
        "steps": steps,
        "step": next((s for s in steps if s.code == current), None),
        "answered": sum(s.answered for s in steps),
        "total": sum(s.total for s in steps),
    }


def question_numbers(framework: fw.Framework) -> dict[str, int]:
    """``{indicator code: question number}``, numbering through the whole questionnaire from 1."""
    return {code: n for n, code in enumerate(framework.indicators, start=1)}


def first_question_number(framework: fw.Framework, code: str) -> int:
    """The number of the first question of dimension ``code``."""
    return question_numbers(framework)[framework.dimension(code).indicators[0].code]


def published_case_data(framework_version) -> list[CaseData]:
    """The published cases of a framework version as plain ``CaseData``: one query for the cases and one
    for all their values, however many cases there are."""
    cases = Case.objects.published().filter(framework=framework_version).prefetch_related("values")
    return [case_data(case) for case in cases]


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
    values, _evidence = answers_of(assessment)
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


def _overall(assessment: Assessment) -> float | None:
    values = {a.indicator: a.value for a in assessment.answers.all() if a.value is not None}
    try:
        return scoring.score(assessment.framework.framework, values).overall
    except ValueError:  # answers no longer valid under their framework: show no score rather than fail
        return None


def portable_json(assessment: Assessment) -> str:
    """The assessment as a portable JSON document (``docs/answers-format.md``)."""
    values, evidence = answers_of(assessment)
    locality = assessment.locality
    about = {"name": locality.name, "country": locality.country, "region_type": locality.region_type}
    # The portable format knows its own population bands; others are left out rather than mis-mapped.
    if locality.population_band in portable.POPULATION_BANDS:
        about["population_band"] = locality.population_band
    return portable.dumps(
        framework_slug=assessment.framework.slug,
        answers=values,
        evidence=evidence,
        title=assessment.title,
        locality=about,
    )
