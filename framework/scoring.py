"""Scores, generation profile and recommendations for a set of answers. Pure: no database.

The method (documented for users in ``docs/scoring.md``):

- An answered indicator has a score in [0, 1] (``Indicator.score``: the option's score; for ``multi`` the
  ticked options' scores summed and capped at the indicator's saturation).
- A dimension's score (0-100) is the weighted mean of the scores of its answered, scored indicators
  (indicator weight > 0). "Don't know" and unanswered indicators are left out of the mean: they lower the
  dimension's *coverage* (answered weight / total weight), never its score.
- The overall score is the mean of the dimension scores weighted by ``Dimension.weight`` over the
  dimensions that have a score. Context (weight 0) is shown but does not count. The overall confidence is
  the coverage of the dimensions weighted the same way.
- Each answered indicator *raised* its dimension's score if its score is at least 0.5 (the middle of the
  scale), else it *lowered* it; its impact is ``weight x |score - 0.5|``.
- The generation profile lists the first/second/third-generation traits the answers show (the
  Introduction of Helmsing 2001): an option's own trait when it has one, otherwise the indicator's trait
  when the answer scores at least 0.5; for ``multi`` every ticked option with a trait, plus the
  indicator's trait when its score is at least 0.5.
- Recommendations are the indicators with the largest potential gain in overall points,
  ``100 x (dimension weight share) x (indicator weight share in its dimension) x (1 - score)``;
  unanswered and "don't know" indicators count with score 0 and are "find out" items.

Labels and traits are taken in the active language when ``score`` is called.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass

from framework.answers import DONT_KNOW, is_known, labels
from framework.definition import Framework, Indicator

RAISE_THRESHOLD = 0.5
GENERATIONS = (1, 2, 3)


@dataclass(frozen=True)
class Contribution:
    """How one answered indicator moved its dimension's score."""

    code: str
    dimension: str
    label: str  # the indicator's question, in the active language
    score: float  # 0-1
    weight: float
    effect: str  # "raised" (score >= 0.5) or "lowered"
    impact: float  # weight x |score - 0.5|
    answer: tuple[str, ...]  # label(s) of the option(s) given; () for a multi answered "none of these"
    rationale: str  # the paper's reasoning for the indicator
    citation: str


@dataclass(frozen=True)
class Trait:
    """A generation trait shown by an answer (Helmsing 2001, Introduction)."""

    generation: int  # 1, 2 or 3
    text: str
    code: str  # indicator code
    option: str = ""  # option code when the trait is the option's own, else ""


@dataclass(frozen=True)
class DimensionScore:
    code: str
    name: str
    weight: float  # the dimension's weight in the overall score (0 = shown but not counted)
    score: float | None  # 0-100, None when nothing scorable was answered
    coverage: float  # 0-1: answered weight / total weight of the scored indicators
    answered: int  # indicators answered with an option (or a list, for multi)
    dont_know: int
    unanswered: int
    total: int
    contributions: tuple[Contribution, ...]  # by impact, largest first
    traits: tuple[Trait, ...]  # in framework order
    generations: dict[int, int]  # {1: n, 2: n, 3: n} traits per generation


@dataclass(frozen=True)
class Recommendation:
    code: str
    dimension: str
    label: str
    kind: str  # "improve" (answered, score < 1) or "find_out" (unanswered or "don't know")
    score: float | None  # the current indicator score (None for find_out)
    gain: float  # potential gain in overall points (0-100 scale)
    advice: str
    citation: str
    rationale: str


@dataclass(frozen=True)
class ScoreResult:
    framework: str  # framework slug
    dimensions: tuple[DimensionScore, ...]
    overall: float | None  # 0-100
    confidence: float  # 0-1, the weighted coverage
    generations: dict[int, int]  # overall tally of traits per generation
    dominant_generation: int | None
    recommendations: tuple[Recommendation, ...]  # by gain, largest first

    def dimension(self, code: str) -> DimensionScore:
        for d in self.dimensions:
            if d.code == code:
                return d
        raise KeyError(code)

    def top_recommendations(self, n: int = 5, kind: str | None = None) -> list[Recommendation]:
        """The ``n`` recommendations with the largest gain, optionally only of one ``kind``."""
        return [r for r in self.recommendations if kind is None or r.kind == kind][:n]

    def contributions(self) -> list[Contribution]:
        """Every contribution of the dimensions that count towards the overall score, by overall impact."""
        total = sum(d.weight for d in self.dimensions if d.score is not None) or 1.0
        rows = [
            (c.impact * d.weight / total, c) for d in self.dimensions if d.weight > 0 for c in d.contributions
        ]
        return [c for _, c in sorted(rows, key=lambda r: -r[0])]

    def as_dict(self) -> dict:
        """A JSON-serialisable summary (used by ``manage.py score``)."""
        return {
            "framework": self.framework,
            "overall": _round(self.overall),
            "confidence": round(self.confidence, 3),
            "dimensions": [
                {
                    "code": d.code,
                    "name": d.name,
                    "weight": d.weight,
                    "score": _round(d.score),
                    "coverage": round(d.coverage, 3),
                    "answered": d.answered,
                    "dont_know": d.dont_know,
                    "unanswered": d.unanswered,
                    "total": d.total,
                    "generations": {str(g): n for g, n in d.generations.items()},
                    "traits": [asdict(t) for t in d.traits],
                }
                for d in self.dimensions
            ],
            "generations": {str(g): n for g, n in self.generations.items()},
            "dominant_generation": self.dominant_generation,
            "recommendations": [
                {"code": r.code, "kind": r.kind, "gain": round(r.gain, 2), "advice": r.advice}
                for r in self.recommendations[:5]
            ],
        }


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def clean_answers(framework: Framework, answers: dict) -> dict:
    """Canonical answers, or ``ValueError`` naming every unknown code and invalid value."""
    clean, errors = framework.validate_answers(answers or {})
    if errors:
        detail = "; ".join(f"{code}: {msg}" for code, msg in sorted(errors.items()))
        raise ValueError(f"invalid answers: {detail}")
    return clean


def _state(value) -> str:
    if value is None:
        return "unanswered"
    if value == DONT_KNOW:
        return "dont_know"
    return "answered"


def traits_of(indicator: Indicator, value, score: float | None) -> list[Trait]:
    """The generation traits one answer shows (see the module docstring for the rule)."""
    if not is_known(value):
        return []
    traits = []
    codes = value if indicator.type == "multi" else [value]
    for code in codes:
        option = indicator.option(code)
        if option.generation:
            traits.append(Trait(option.generation, option.text("trait"), indicator.code, option.code))
    own_trait_given = indicator.type != "multi" and traits
    if indicator.generation and not own_trait_given and score is not None and score >= RAISE_THRESHOLD:
        traits.append(Trait(indicator.generation, indicator.text("trait"), indicator.code))
    return traits


def _tally(traits) -> dict[int, int]:
    counts = Counter(t.generation for t in traits)
    return {g: counts.get(g, 0) for g in GENERATIONS}


def dominant(tally: dict[int, int]) -> int | None:
    """The generation with most traits; a tie goes to the earlier one (claim the later only when clear)."""
    best = max(tally.values(), default=0)
    if best == 0:
        return None
    return min(g for g, n in tally.items() if n == best)


def score(framework: Framework, answers: dict) -> ScoreResult:
    """Score ``answers`` (``{indicator code: value}``) against ``framework``.

    Raises ``ValueError`` naming unknown indicator codes or invalid values.
    """
    answers = clean_answers(framework, answers)
    dimensions = []
    all_traits = []
    for dim in framework.dimensions:
        answered_w = total_w = weighted_sum = 0.0
        states = Counter()
        contributions, traits = [], []
        for ind in dim.indicators:
            value = answers.get(ind.code)
            ind_score = ind.score(value)
            states[_state(value)] += 1
            if ind.weight > 0:
                total_w += float(ind.weight)
                if ind_score is not None:
                    answered_w += float(ind.weight)
                    weighted_sum += ind_score * float(ind.weight)
            traits += traits_of(ind, value, ind_score)
            if ind_score is not None:
                contributions.append(
                    Contribution(
                        code=ind.code,
                        dimension=dim.code,
                        label=ind.text("label"),
                        score=ind_score,
                        weight=float(ind.weight),
                        effect="raised" if ind_score >= RAISE_THRESHOLD else "lowered",
                        impact=float(ind.weight) * abs(ind_score - RAISE_THRESHOLD),
                        answer=labels(ind, value),
                        rationale=ind.rationale,
                        citation=ind.citation,
                    )
                )
        contributions.sort(key=lambda c: (-c.impact, c.code))
        dimensions.append(
            DimensionScore(
                code=dim.code,
                name=dim.text("name"),
                weight=float(dim.weight),
                score=100.0 * weighted_sum / answered_w if answered_w > 0 else None,
                coverage=answered_w / total_w if total_w > 0 else 0.0,
                answered=states["answered"],
                dont_know=states["dont_know"],
                unanswered=states["unanswered"],
                total=len(dim.indicators),
                contributions=tuple(contributions),
                traits=tuple(traits),
                generations=_tally(traits),
            )
        )
        all_traits += traits

    counted = [d for d in dimensions if d.weight > 0]
    with_score = [d for d in counted if d.score is not None]
    score_weight = sum(d.weight for d in with_score)
    overall = sum(d.score * d.weight for d in with_score) / score_weight if score_weight > 0 else None
    dims_weight = sum(d.weight for d in counted)
    confidence = sum(d.coverage * d.weight for d in counted) / dims_weight if dims_weight > 0 else 0.0
    tally = _tally(all_traits)

    return ScoreResult(
        framework=framework.slug,
        dimensions=tuple(dimensions),
        overall=overall,
        confidence=confidence,
        generations=tally,
        dominant_generation=dominant(tally),
        recommendations=tuple(_recommendations(framework, answers, dims_weight)),
    )


def _recommendations(framework: Framework, answers: dict, dims_weight: float) -> list[Recommendation]:
    if dims_weight <= 0:
        return []
    result = []
    for dim in framework.dimensions:
        if dim.weight <= 0:
            continue
        scored = [ind for ind in dim.indicators if ind.weight > 0]
        dim_total = sum(float(ind.weight) for ind in scored)
        for ind in scored:
            current = ind.score(answers.get(ind.code))
            gain = (
                100.0
                * float(dim.weight)
                / dims_weight
                * float(ind.weight)
                / dim_total
                * (1 - (current or 0.0))
            )
            if gain <= 1e-9:
                continue
            result.append(
                Recommendation(
                    code=ind.code,
                    dimension=dim.code,
                    label=ind.text("label"),
                    kind="improve" if current is not None else "find_out",
                    score=current,
                    gain=gain,
                    advice=ind.advice,
                    citation=ind.citation,
                    rationale=ind.rationale,
                )
            )
    result.sort(key=lambda r: (-r.gain, r.code))
    return result


def weight_tables(framework: Framework) -> str:
    """The dimension and indicator weights as Markdown tables (quoted in ``docs/scoring.md``)."""
    lines = [
        "| Dimension | Weight in overall score | Cited from |",
        "|---|---|---|",
        *(f"| {d.code} - {d.name} | {d.weight:g} | {d.citation} |" for d in framework.dimensions),
        "",
        "| Indicator | Type | Weight | Saturation | Generation traits (indicator; options) |",
        "|---|---|---|---|---|",
    ]
    for ind in framework.indicators.values():
        trait = f"{ind.generation}: {ind.trait}" if ind.generation else ""
        options = [f"{o.code} {o.generation}" for o in ind.options if o.generation]
        if options:
            trait = "; ".join(filter(None, [trait, "options " + ", ".join(options)]))
        lines.append(f"| {ind.code} | {ind.type} | {ind.weight:g} | {ind.saturation or ''} | {trait} |")
    return "\n".join(lines) + "\n"
