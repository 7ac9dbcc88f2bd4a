"""Presentation of the assessments app: scores, matches and profile turned into what the pages show (the
radar SVG, explanation blocks, the generation profile). Reads go through the selectors; the computing is the
framework's pure code."""

from dataclasses import dataclass
from typing import NamedTuple

from django.utils.translation import gettext, gettext_lazy

from assessments import selectors
from assessments.models import Assessment
from assessments.radar import radar_svg
from cases.selectors import case_data_for, library_state, published_library
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
    library = published_library(assessment.framework)
    matches = similarity.rank_library(framework, values, library, _loader(framework), top=3)
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
        result = scoring.score(
            assessment.framework.framework, values, population_band=assessment.locality.population_band
        )
    except ValueError:  # answers no longer valid under their framework: show no score rather than fail
        return None
    # Nothing scored answered yet: "—" rather than the honest but unhelpful 0 (of a 0-100 range).
    return result.overall if result.confidence > 0 or result.verdict is None else None


# --- v2: the diagnosis page, read from frozen results --------------------------------------------------


@dataclass(frozen=True)
class Reported:
    """An unscored question the paper cannot judge (inclusiveness, outcomes): asked and shown, not scored."""

    code: str
    label: str
    answer: str
    rationale: str


@dataclass(frozen=True)
class PivotView:
    label: str  # the question
    answer: str  # the answer that would change the closest case
    was: str  # the answer given ("" when unknown)
    closest: str  # the case that would then be closest


@dataclass(frozen=True)
class GenerationGroup:
    number: int
    name: str
    role: str  # how the verdict reads this generation's traits
    traits: list  # [(trait text, Introduction sentence)]


@dataclass(frozen=True)
class Diagnosis:
    score: ScoreResult
    matches: list[Match]
    radar: str
    explanations: list[Explanation]
    generations: list[GenerationGroup]
    actions: list  # the three recommendations that matter most
    recommendations: list
    find_out: list
    reported: list[Reported]
    margin: float | None
    runner_up: str
    pivots: list[PivotView]
    unknown: list[str]  # labels of the scored questions still unknown
    not_placed: list[str]  # labels of initiatives the fit table does not place at this scale
    scale_label: str
    stored: object  # the AssessmentResult shown, or None for a draft
    library_changed: bool
    earlier: list  # earlier AssessmentResult rows of the same assessment
    case_names: dict


GENERATION_ROLES = {
    1: gettext_lazy("Elements of the older model: shown, they do not lower the verdict."),
    2: gettext_lazy("Foundations the third generation builds on: shown, they do not change the verdict."),
    3: gettext_lazy("The marks the verdict counts."),
}


def _generation_groups(score: ScoreResult) -> list[GenerationGroup]:
    seen = {g: [] for g in scoring.GENERATIONS}
    for d in score.dimensions:
        for t in d.traits:
            item = (t.text, t.source)
            if item not in seen[t.generation]:
                seen[t.generation].append(item)
    return [GenerationGroup(g, str(GENERATIONS[g][0]), str(GENERATION_ROLES[g]), seen[g]) for g in (3, 2, 1)]


class Frozen(NamedTuple):
    stored: object  # the AssessmentResult shown, or None for a draft
    earlier: list  # the other AssessmentResult rows of the assessment, newest first
    library_changed: bool  # the case library is not the one ``stored`` was matched against


def frozen_results(assessment: Assessment, stored=None) -> Frozen:
    """The stored result a submitted assessment shows (``stored``, by default the latest; frozen now if it
    has none yet), its earlier ones and whether the library has changed since: what the results page shows
    around the result's body, without decoding any result (``data`` is read only for the one shown)."""
    from assessments import services

    rows = list(assessment.results.defer("data"))
    if not rows:
        rows = [services.store_results(assessment=assessment, reason="submitted")]
    stored = stored or rows[0]
    earlier = [r for r in rows if r.pk != stored.pk]
    return Frozen(stored, earlier, stored.library_state != library_state(assessment.framework))


def diagnosis_of(assessment: Assessment, stored=None, frozen: Frozen | None = None) -> Diagnosis:
    """The v2 results page of ``assessment``: a submitted one reads its frozen results (``stored``, by
    default the latest; frozen now if it has none yet; ``frozen`` when the caller has read them already), a
    draft is computed afresh (provisional)."""
    from assessments import services
    from framework.answers import text as answer_text
    from framework.definition import localized

    framework = assessment.framework.framework
    if assessment.is_draft:
        data, _state, _n = services.results_data(assessment)
        frozen = Frozen(None, [], False)
    else:
        frozen = frozen or frozen_results(assessment, stored)
        data = frozen.stored.data
    stored, earlier, library_changed = frozen
    score = scoring.hydrate(framework, data["score"])
    matches = [similarity.hydrate_match(framework, m) for m in data["matches"]]
    sure = data.get("sureness", {})
    names = sure.get("names", {})
    indicators = framework.indicators
    answers = data["score"].get("answers", {})

    pivots = []
    for p in sure.get("pivots", []):
        ind = indicators.get(p["code"])
        if ind is None:
            continue
        was = answer_text(ind, p["was"]) if p["was"] not in (None,) else ""
        pivots.append(
            PivotView(
                ind.text("label"), answer_text(ind, p["value"]), was, names.get(p["closest"], p["closest"])
            )
        )

    reported = []
    for ind in framework.indicators.values():
        if ind.dimension == "OPEN":
            reported.append(
                Reported(
                    ind.code,
                    ind.text("label"),
                    answer_text(ind, answers.get(ind.code)),
                    ind.text("rationale"),
                )
            )
    classes = {c["code"]: c for c in scoring.scale_classes(framework)}
    scale_label = localized(classes.get(score.scale, {}), "label") if score.scale in classes else ""
    improve = [r for r in score.recommendations if r.kind == "improve"]
    find_out = [r for r in score.recommendations if r.kind == "find_out"]
    svg = radar_svg(
        [d.name for d in score.dimensions if d.weight],
        [d.score for d in score.dimensions if d.weight],
        title=gettext("Dimension scores of %(title)s") % {"title": assessment.title},
        description=gettext(
            "Lowest scores from 0 to 100 on each scored dimension: what the answers given show."
        ),
        series_name=assessment.locality.name,
        uid=f"assessment-{assessment.pk}",
    )
    explanations = [
        Explanation(
            dimension=d,
            raised=[c for c in d.contributions if c.effect == "raised"],
            lowered=[c for c in d.contributions if c.effect == "lowered"],
        )
        for d in score.dimensions
        if d.weight
    ]
    return Diagnosis(
        score=score,
        matches=matches,
        radar=svg,
        explanations=explanations,
        generations=_generation_groups(score),
        actions=(improve or find_out)[:3],
        recommendations=improve[:8],
        find_out=find_out[:5],
        reported=reported,
        margin=sure.get("margin"),
        runner_up=names.get(sure.get("runner_up", ""), ""),
        pivots=pivots,
        unknown=[indicators[c].text("label") for c in score.unknown if c in indicators],
        not_placed=[
            indicators[c].text("label") for d in score.dimensions for c in d.not_placed if c in indicators
        ],
        scale_label=scale_label,
        stored=stored,
        library_changed=library_changed,
        earlier=earlier,
        case_names=names,
    )


def _loader(framework):
    """Reads the cases ranking shows (the top three) in full, by their database ids."""
    return lambda keys: case_data_for(keys, named_only=framework.is_v2)
