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
from itertools import product

from framework.answers import DONT_KNOW, is_known, labels
from framework.definition import Framework, Indicator, localized

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
    key: str = ""  # v2: the trait key (``generation_traits``), e.g. "g3_vertical"
    source: str = ""  # v2: the Introduction sentence the trait is tied to, in the active language


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
    high: float | None = None  # v2: the highest score the unknown answers could give (score is the lowest)
    not_placed: tuple[str, ...] = ()  # v2: answered codes the fit table gives no weight for this scale


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
    case: str = ""  # v2: slug of the case the advice names
    prerequisite: str = ""  # v2: a condition to check first (a prerequisite the locality has not answered)
    variant: int = -1  # v2: index of the advice variant chosen


@dataclass(frozen=True)
class Verdict:
    """How far the answers show third-generation practice (v2 ``generation_verdict``)."""

    band: str  # band code, e.g. "emerging_first"
    label: str
    text: str
    marks: tuple[str, ...]  # the distinct third-generation marks shown, in the framework's order
    possible: tuple[str, ...]  # marks unknown answers could still add
    horizontal_and_vertical: bool


@dataclass(frozen=True)
class ScoreResult:
    framework: str  # framework slug
    dimensions: tuple[DimensionScore, ...]
    overall: float | None  # 0-100
    confidence: float  # 0-1, the weighted coverage
    generations: dict[int, int]  # overall tally of traits per generation
    dominant_generation: int | None
    recommendations: tuple[Recommendation, ...]  # by gain, largest first
    high: float | None = None  # v2: the highest overall score the unknown answers could give
    verdict: Verdict | None = None  # v2
    scale: str = ""  # v2: the locality's scale (large, intermediate, small, unknown)
    unknown: tuple[str, ...] = ()  # v2: scored codes unanswered or "don't know"

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
        summary = self._v1_dict()
        if self.verdict is not None:
            summary["high"] = _round(self.high)
            summary["scale"] = self.scale
            summary["verdict"] = {
                "band": self.verdict.band,
                "marks": list(self.verdict.marks),
                "possible": list(self.verdict.possible),
                "horizontal_and_vertical": self.verdict.horizontal_and_vertical,
            }
            for row, d in zip(summary["dimensions"], self.dimensions, strict=True):
                row["high"] = _round(d.high)
            summary["unknown"] = list(self.unknown)
        return summary

    def as_stored(self, answers: dict, population_band: str | None = None) -> dict:
        """What is frozen at submission (v2): the numbers and codes; texts are re-read from the immutable
        framework version in the reader's language by ``hydrate``."""
        return {
            "answers": answers,
            "population_band": population_band,
            "overall": self.overall,
            "high": self.high,
            "confidence": self.confidence,
            "scale": self.scale,
            "dimensions": {
                d.code: {"score": d.score, "high": d.high, "coverage": d.coverage} for d in self.dimensions
            },
            "marks": list(self.verdict.marks) if self.verdict else [],
            "possible": list(self.verdict.possible) if self.verdict else [],
            "recommendations": [
                {"code": r.code, "kind": r.kind, "score": r.score, "gain": r.gain, "variant": r.variant}
                for r in self.recommendations
            ],
        }

    def _v1_dict(self) -> dict:
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
                    "traits": [_trait_dict(t) for t in d.traits],
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


def _trait_dict(t: Trait) -> dict:
    # v1 traits have no key or source; leave the keys out then, so v1 summaries stay as they were.
    return {k: v for k, v in asdict(t).items() if v or k not in ("key", "source")}


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


def score(framework: Framework, answers: dict, *, population_band: str | None = None) -> ScoreResult:
    """Score ``answers`` (``{indicator code: value}``) against ``framework``.

    A v2 framework is scored by ``framework.honest`` (scores that unknowns never raise, with ranges, fit and
    the generation verdict); a v1 framework by the v1 rule, unchanged, so v1 results stay as they were.
    Raises ``ValueError`` naming unknown indicator codes or invalid values.
    """
    if framework.is_v2:
        return _score_v2(framework, answers, population_band=population_band)
    return _score_v1(framework, answers)


def _score_v1(framework: Framework, answers: dict) -> ScoreResult:
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


# --- v2: honest scores with ranges, fit to the locality's scale, the generation verdict -----------------
#
# The rule (``docs/scoring.md``): a dimension's score is the *lowest* value it could take if every unknown
# answer (unanswered or "don't know") were known, and ``high`` the highest. Unknown scored answers count at
# the lowest / highest score their options allow; unknown context answers that decide weights (the territorial
# unit, which fixes the scale, and the prerequisites in ``fit.requires``) range over every option. Replacing
# any answer by "don't know" widens the set of possible completions, so it can only lower or keep every score
# and only raise or keep every ``high``. Unscored questions (``"scored": false``: context, inclusiveness,
# outcomes, sequence, NGO roles) never enter a score or a recommendation.

TERRITORIAL_UNIT = "CTX.territorial_unit"
REGION_TYPE = "CTX.region_type"
NONE_OF_THESE_WHEN = "none_of_these"  # how an empty multi answer is written in ``when.answers``


def raw_score(indicator: Indicator, value) -> float | None:
    """The score in [0, 1] of a known answer whatever the indicator's weight; ``None`` for an unknown one."""
    if not is_known(value):
        return None
    if indicator.type == "multi":
        total = sum(indicator.option(c).score or 0.0 for c in value)
        return min(1.0, total / (indicator.saturation or len(indicator.options)))
    return indicator.option(value).score


def bounds(indicator: Indicator) -> tuple[float, float]:
    """The lowest and highest score any answer to ``indicator`` can get."""
    if indicator.type == "multi":
        top = sum(max(o.score or 0.0, 0.0) for o in indicator.options)
        return 0.0, min(1.0, top / (indicator.saturation or len(indicator.options)))
    scores = [o.score for o in indicator.options if o.score is not None]
    return (min(scores), max(scores)) if scores else (0.0, 0.0)


def _in(value, allowed) -> bool:
    if isinstance(value, (list, tuple)):
        return (NONE_OF_THESE_WHEN in allowed) if not value else any(c in allowed for c in value)
    return value in allowed


def scale_classes(framework: Framework) -> list[dict]:
    return framework.definition.get("scales", {}).get("classes", [])


def scale_of(framework: Framework, answers: dict, population_band: str | None = None) -> str:
    """The locality's scale: from the territorial unit if known, else the population band, else the type of
    region, else "unknown" (``scales.rule`` of the definition)."""
    classes = scale_classes(framework)
    unit = answers.get(TERRITORIAL_UNIT)
    if is_known(unit):
        for c in classes:
            if unit in c.get("territorial_units", []):
                return c["code"]
    if population_band and population_band != DONT_KNOW:
        for c in classes:
            if population_band in c.get("population_bands", []):
                return c["code"]
    region = answers.get(REGION_TYPE)
    if is_known(region):
        for c in classes:
            if region in c.get("region_types", []):
                return c["code"]
    return "unknown"


def fit_weight(indicator: Indicator, scale: str, answers: dict) -> float:
    """The indicator's weight for a locality of ``scale``: 0 when unscored, when the fit table does not place
    it there, or when a known answer contradicts a prerequisite (``fit.requires``)."""
    if not indicator.scored:
        return 0.0
    if not indicator.fit:
        return float(indicator.weight)
    weight = float(indicator.fit.get("by_scale", {}).get(scale, indicator.weight))
    for code, allowed in indicator.fit.get("requires", {}).items():
        value = answers.get(code)
        if is_known(value) and not _in(value, allowed):
            return 0.0
    return weight


def _contexts(framework: Framework, answers: dict):
    """Every (scale, answers) the unknown weight-deciding context answers could give."""
    indicators = framework.indicators
    unit = answers.get(TERRITORIAL_UNIT)
    if is_known(unit):
        scales = [scale_of(framework, {TERRITORIAL_UNIT: unit})]
    else:
        scales = [c["code"] for c in scale_classes(framework) if c.get("territorial_units")] or ["unknown"]
    required = sorted(
        {code for ind in indicators.values() if ind.fit for code in ind.fit.get("requires", {})}
    )
    choices = []
    for code in required:
        value = answers.get(code)
        choices.append(
            [value] if is_known(value) or code not in indicators else list(indicators[code].option_codes)
        )
    for scale in scales:
        for combo in product(*choices):
            yield scale, {**answers, **dict(zip(required, combo, strict=True))}


def _dimension_bounds(dim, scale: str, context: dict, answers: dict) -> tuple[float, float, float] | None:
    """(lowest, highest, total weight) of one dimension under one completion of the context."""
    total = low = high = 0.0
    for ind in dim.indicators:
        w = fit_weight(ind, scale, context)
        if w <= 0:
            continue
        s = raw_score(ind, answers.get(ind.code))
        lo, hi = (s, s) if s is not None else bounds(ind)
        total += w
        low += w * lo
        high += w * hi
    if total <= 0:
        return None
    return 100.0 * low / total, 100.0 * high / total, total


def _v2_traits(indicator: Indicator, value) -> list[Trait]:
    if not is_known(value):
        return []
    traits = []
    codes = value if indicator.type == "multi" else [value]
    for code in codes:
        o = indicator.option(code)
        if o.generation:
            traits.append(
                Trait(
                    o.generation, o.text("trait"), indicator.code, o.code, o.trait_key, o.text("trait_source")
                )
            )
    own = indicator.type != "multi" and traits
    s = raw_score(indicator, value)
    if indicator.generation and not own and s is not None and s >= RAISE_THRESHOLD:
        traits.append(
            Trait(indicator.generation, indicator.text("trait"), indicator.code, "", indicator.trait_key,
                  indicator.text("trait_source"))
        )  # fmt: skip
    return traits


def _possible_keys(indicator: Indicator) -> set[str]:
    """Trait keys some answer to ``indicator`` could show."""
    keys = {o.trait_key for o in indicator.options if o.trait_key}
    if indicator.trait_key and bounds(indicator)[1] >= RAISE_THRESHOLD:
        keys.add(indicator.trait_key)
    return keys


def trait_labels(framework: Framework) -> dict[str, str]:
    """``{trait key: trait text}`` in the active language (``generation_traits``)."""
    return {t["key"]: localized(t, "trait") for t in framework.definition.get("generation_traits", [])}


def verdict_of(framework: Framework, marks: list[str], possible: list[str]) -> Verdict:
    rule = framework.definition["generation_verdict"]
    n = len(marks)
    band = next(b for b in rule["bands"] if b["min"] <= n <= b["max"])
    names = trait_labels(framework)
    text = localized(band, "text").format(n=n, marks="; ".join(names.get(m, m) for m in marks))
    return Verdict(
        band=band["code"],
        label=localized(band, "label"),
        text=text,
        marks=tuple(marks),
        possible=tuple(possible),
        horizontal_and_vertical={"g3_horizontal", "g3_vertical"} <= set(marks),
    )


def advice_matches(when: dict, *, scale: str, band: str | None, answers: dict) -> bool:
    """Does an advice variant's ``when`` fit the locality (``docs/content-review.md``, *Recommendations*)?"""
    if "scales" in when and scale not in when["scales"]:
        return False
    if "region_types" in when and answers.get(REGION_TYPE) not in when["region_types"]:
        return False
    if "population_bands" in when and band not in when["population_bands"]:
        return False
    for code, allowed in when.get("answers", {}).items():
        value = answers.get(code)
        if not is_known(value) or not _in(value, allowed):
            return False
    for code, allowed in when.get("requires", {}).items():
        value = answers.get(code)
        if is_known(value) and not _in(value, allowed):
            return False
    return True


def choose_advice(
    indicator: Indicator, *, scale: str, band: str | None, answers: dict
) -> tuple[int, dict] | None:
    """(index, variant) of the first advice variant that fits, or ``None`` (then nothing is recommended)."""
    for k, variant in enumerate(indicator.advice_variants):
        if advice_matches(variant.get("when", {}), scale=scale, band=band, answers=answers):
            return k, variant
    return None


def _recommendation(
    ind: Indicator, dim_code: str, *, kind, current, gain, k, variant, answers
) -> Recommendation:
    unknown_prerequisite = any(
        not is_known(answers.get(code)) for code in variant.get("when", {}).get("requires", {})
    )
    return Recommendation(
        code=ind.code,
        dimension=dim_code,
        label=ind.text("label"),
        kind=kind,
        score=current,
        gain=gain,
        advice=localized(variant, "text"),
        citation=localized(variant, "citation") or ind.text("citation"),
        rationale=ind.text("rationale"),
        case=variant.get("case", ""),
        prerequisite=localized(variant, "prerequisite") if unknown_prerequisite else "",
        variant=k,
    )


def _score_v2(framework: Framework, answers: dict, *, population_band: str | None = None) -> ScoreResult:
    answers = clean_answers(framework, answers)
    scale = scale_of(framework, answers, population_band)
    counted = [d for d in framework.dimensions if d.weight > 0]
    contexts = list(_contexts(framework, answers))

    # Ranges: lowest / highest over every completion of the unknowns.
    dim_low: dict[str, float] = {}
    dim_high: dict[str, float] = {}
    overall_low = overall_high = None
    for ctx_scale, context in contexts:
        lows = highs = weights = 0.0
        for dim in counted:
            b = _dimension_bounds(dim, ctx_scale, context, answers)
            if b is None:
                continue
            lo, hi, _total = b
            dim_low[dim.code] = min(dim_low.get(dim.code, lo), lo)
            dim_high[dim.code] = max(dim_high.get(dim.code, hi), hi)
            lows += float(dim.weight) * lo
            highs += float(dim.weight) * hi
            weights += float(dim.weight)
        if weights > 0:
            lo, hi = lows / weights, highs / weights
            overall_low = lo if overall_low is None else min(overall_low, lo)
            overall_high = hi if overall_high is None else max(overall_high, hi)

    dimensions, all_traits, unknown = [], [], []
    for dim in framework.dimensions:
        states = Counter()
        contributions, traits, not_placed = [], [], []
        answered_w = total_w = 0.0
        for ind in dim.indicators:
            value = answers.get(ind.code)
            states[_state(value)] += 1
            traits += _v2_traits(ind, value)
            if not ind.counts or dim.weight <= 0:
                continue
            w = fit_weight(ind, scale, answers)
            s = raw_score(ind, value)
            if w <= 0:
                if s is not None:
                    not_placed.append(ind.code)
                continue
            total_w += w
            if s is None:
                unknown.append(ind.code)
                continue
            answered_w += w
            contributions.append(
                Contribution(
                    code=ind.code,
                    dimension=dim.code,
                    label=ind.text("label"),
                    score=s,
                    weight=w,
                    effect="raised" if s >= RAISE_THRESHOLD else "lowered",
                    impact=w * abs(s - RAISE_THRESHOLD),
                    answer=labels(ind, value),
                    rationale=ind.text("rationale"),
                    citation=ind.text("citation"),
                )
            )
        contributions.sort(key=lambda c: (-c.impact, c.code))
        if total_w > 0:
            coverage = answered_w / total_w
        else:
            coverage = states["answered"] / len(dim.indicators) if dim.indicators else 0.0
        dimensions.append(
            DimensionScore(
                code=dim.code,
                name=dim.text("name"),
                weight=float(dim.weight),
                score=dim_low.get(dim.code),
                coverage=coverage,
                answered=states["answered"],
                dont_know=states["dont_know"],
                unanswered=states["unanswered"],
                total=len(dim.indicators),
                contributions=tuple(contributions),
                traits=tuple(traits),
                generations=_tally(traits),
                high=dim_high.get(dim.code),
                not_placed=tuple(not_placed),
            )
        )
        all_traits += traits

    dims_weight = sum(d.weight for d in dimensions if d.weight > 0)
    confidence = (
        sum(d.coverage * d.weight for d in dimensions if d.weight > 0) / dims_weight if dims_weight else 0.0
    )
    rule = framework.definition["generation_verdict"]
    shown = {t.key for t in all_traits}
    marks = [m for m in rule["marks"] if m in shown]
    could = set()
    for ind in framework.indicators.values():
        if not is_known(answers.get(ind.code)):
            could |= _possible_keys(ind)
    possible = [m for m in rule["marks"] if m not in shown and m in could]

    return ScoreResult(
        framework=framework.slug,
        dimensions=tuple(dimensions),
        overall=overall_low,
        confidence=confidence,
        generations=_tally(all_traits),
        dominant_generation=None,
        recommendations=tuple(_recommendations_v2(framework, answers, scale, population_band)),
        high=overall_high,
        verdict=verdict_of(framework, marks, possible),
        scale=scale,
        unknown=tuple(unknown),
    )


def _recommendations_v2(
    framework: Framework, answers: dict, scale: str, band: str | None
) -> list[Recommendation]:
    counted = [d for d in framework.dimensions if d.weight > 0]
    dims_weight = sum(float(d.weight) for d in counted)
    result = []
    for dim in counted:
        weights = {ind.code: fit_weight(ind, scale, answers) for ind in dim.indicators if ind.counts}
        dim_total = sum(w for w in weights.values() if w > 0)
        if dim_total <= 0:
            continue
        for ind in dim.indicators:
            w = weights.get(ind.code, 0.0)
            if w <= 0:
                continue
            current = raw_score(ind, answers.get(ind.code))
            gain = 100.0 * float(dim.weight) / dims_weight * w / dim_total * (1 - (current or 0.0))
            if gain <= 1e-9:
                continue
            chosen = choose_advice(ind, scale=scale, band=band, answers=answers)
            if chosen is None:
                continue
            k, variant = chosen
            kind = "improve" if current is not None else "find_out"
            result.append(
                _recommendation(
                    ind,
                    dim.code,
                    kind=kind,
                    current=current,
                    gain=gain,
                    k=k,
                    variant=variant,
                    answers=answers,
                )
            )
    result.sort(key=lambda r: (-r.gain, r.code))
    return result


def hydrate(framework: Framework, stored: dict) -> ScoreResult:
    """The ``ScoreResult`` of a stored (frozen) result, its texts in the active language.

    Scores, ranges, coverage, the verdict's marks and the recommendations (indicator, advice variant, gain) are
    the stored ones; explanation texts and traits are read from the stored answers under the same immutable
    framework version.
    """
    from dataclasses import replace

    answers = stored.get("answers", {})
    fresh = score(framework, answers, population_band=stored.get("population_band"))
    dims = []
    for d in fresh.dimensions:
        row = stored.get("dimensions", {}).get(d.code, {})
        dims.append(
            replace(
                d,
                score=row.get("score", d.score),
                high=row.get("high", d.high),
                coverage=row.get("coverage", d.coverage),
            )
        )
    recommendations = []
    indicators = framework.indicators
    for r in stored.get("recommendations", []):
        ind = indicators.get(r["code"])
        if ind is None or not (0 <= r["variant"] < len(ind.advice_variants)):
            continue
        recommendations.append(
            _recommendation(ind, ind.dimension, kind=r["kind"], current=r["score"], gain=r["gain"], k=r["variant"],
                            variant=ind.advice_variants[r["variant"]], answers=answers)
        )  # fmt: skip
    verdict = verdict_of(framework, stored.get("marks", []), stored.get("possible", []))
    return replace(
        fresh,
        dimensions=tuple(dims),
        overall=stored.get("overall"),
        high=stored.get("high"),
        confidence=stored.get("confidence", fresh.confidence),
        scale=stored.get("scale", fresh.scale),
        verdict=verdict,
        recommendations=tuple(recommendations),
    )
