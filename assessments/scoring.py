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

import pandas as pd

from assessments.framework import DONT_KNOW, Framework, Indicator

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
            (c.impact * d.weight / total, c)
            for d in self.dimensions
            if d.weight > 0
            for c in d.contributions
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


def answer_labels(indicator: Indicator, value) -> tuple[str, ...]:
    """The label(s) of the option(s) of an answer, in the active language."""
    if value is None or value == DONT_KNOW:
        return ()
    codes = value if indicator.type == "multi" else [value]
    return tuple(indicator.option(c).text("label") for c in codes)


def indicator_scores(framework: Framework, answers: dict) -> pd.DataFrame:
    """One row per indicator: dimension, weights, answer state and score (NaN if none).

    ``answers`` must be clean (see ``clean_answers``).
    """
    frame = framework.indicator_frame()
    indicators = framework.indicators
    values = {code: answers.get(code) for code in frame.index}
    frame["state"] = [_state(values[code]) for code in frame.index]
    frame["score"] = [indicators[code].score(values[code]) for code in frame.index]
    frame["score"] = frame["score"].astype(float)
    frame["scored"] = frame["weight"] > 0
    frame["answered_weight"] = frame["weight"].where(frame["score"].notna(), 0.0)
    return frame


def traits_of(indicator: Indicator, value, score: float | None) -> list[Trait]:
    """The generation traits one answer shows (see the module docstring for the rule)."""
    if value is None or value == DONT_KNOW:
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
    frame = indicator_scores(framework, answers)
    indicators = framework.indicators

    scored = frame[frame["scored"]]
    by_dim = scored.groupby("dimension", sort=False)
    total_weight = by_dim["weight"].sum()
    answered_weight = by_dim["answered_weight"].sum()
    weighted_sum = (scored["score"].fillna(0.0) * scored["weight"]).groupby(scored["dimension"]).sum()
    counts = frame.groupby(["dimension", "state"]).size().unstack(fill_value=0)

    dimensions = []
    all_traits = []
    for dim in framework.dimensions:
        answered_w = float(answered_weight.get(dim.code, 0.0))
        total_w = float(total_weight.get(dim.code, 0.0))
        dim_score = 100.0 * float(weighted_sum.get(dim.code, 0.0)) / answered_w if answered_w > 0 else None
        contributions, traits = [], []
        for ind in dim.indicators:
            value, ind_score = answers.get(ind.code), frame.at[ind.code, "score"]
            ind_score = None if pd.isna(ind_score) else float(ind_score)
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
                        answer=answer_labels(ind, value),
                        rationale=ind.rationale,
                        citation=ind.citation,
                    )
                )
        contributions.sort(key=lambda c: (-c.impact, c.code))
        row = counts.loc[dim.code] if dim.code in counts.index else {}
        dimensions.append(
            DimensionScore(
                code=dim.code,
                name=dim.text("name"),
                weight=float(dim.weight),
                score=dim_score,
                coverage=answered_w / total_w if total_w > 0 else 0.0,
                answered=int(row.get("answered", 0)),
                dont_know=int(row.get("dont_know", 0)),
                unanswered=int(row.get("unanswered", 0)),
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
        recommendations=tuple(_recommendations(frame, indicators, dims_weight)),
    )


def _recommendations(frame: pd.DataFrame, indicators: dict, dims_weight: float) -> list[Recommendation]:
    if dims_weight <= 0:
        return []
    candidates = frame[frame["scored"] & (frame["dimension_weight"] > 0)].copy()
    dim_total = candidates.groupby("dimension")["weight"].transform("sum")
    current = candidates["score"].fillna(0.0)
    dim_share = candidates["dimension_weight"] / dims_weight
    candidates["gain"] = 100.0 * dim_share * candidates["weight"] / dim_total * (1 - current)
    candidates = candidates[candidates["gain"] > 1e-9]
    candidates = candidates.reset_index().sort_values(["gain", "code"], ascending=[False, True])
    result = []
    for row in candidates.itertuples(index=False):
        ind = indicators[row.code]
        answered = not pd.isna(row.score)
        result.append(
            Recommendation(
                code=row.code,
                dimension=row.dimension,
                label=ind.text("label"),
                kind="improve" if answered else "find_out",
                score=float(row.score) if answered else None,
                gain=float(row.gain),
                advice=ind.advice,
                citation=ind.citation,
                rationale=ind.rationale,
            )
        )
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
