"""Which of the benchmark cases is a locality most like? Pure: numpy over plain case data, no database.

Every indicator becomes one or more numeric features in [0, 1]:

- ``yesno``, ``level`` and scored ``choice`` indicators: the option's score (one feature);
- a ``choice`` whose options carry no score (the type of region): one-hot, one feature per option;
- ``multi``: one 0/1 feature per option.

The distance of two answers on one indicator is the mean ``|a - b|`` over its features (for one-hot
features the sum halved, so two different regions are at distance 1, not 2/k). "Don't know", unanswered
or ``None`` on EITHER side leaves the indicator out of that pair's comparison: it is never read as "no".

Similarity (0-100) = the weighted mean agreement ``1 - distance`` over the indicators both sides answered,
with the indicator weights of the framework. The type of region is unscored (weight 0) in the scores but
is what an officer compares first (Figure 1; "as one moves from large economic units to rural and municipal
initiatives, small and micro-enterprise programmes become more important"), so for matching it weighs
``MATCH_WEIGHTS["CTX.region_type"]``. A pair with fewer than ``MIN_OVERLAP`` indicators in common gets no
similarity and is ranked last. Ties are broken by the number of indicators compared, then by slug.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from framework.answers import is_known, labels
from framework.definition import Framework, Indicator
from framework.scoring import RAISE_THRESHOLD, clean_answers

MIN_OVERLAP = 5
MATCH_WEIGHTS = {"CTX.region_type": 1.0}


@dataclass(frozen=True)
class CaseData:
    """A benchmark case as plain data (``cases.selectors.published_case_data`` reads them)."""

    slug: str
    name: str
    country: str
    answers: dict  # {indicator code: value}, the assessment answer format
    notes: dict[str, str] = field(default_factory=dict)  # {indicator code: provenance note from the paper}
    published: bool = True


@dataclass(frozen=True)
class Point:
    """One concrete point of comparison between the locality and a case on one indicator."""

    code: str
    dimension: str
    label: str  # the indicator's question, in the active language
    options: tuple[str, ...]  # the option labels the point is about (shared, the case's, or the locality's)
    case_answer: tuple[str, ...]  # labels of the case's answer
    locality_answer: tuple[str, ...]  # labels of the locality's answer
    note: str  # the case's provenance note (institutions, initiatives, as the paper names them)
    provenance: str  # "<case name>: <note>", ready to show; "" without a note
    advice: str
    citation: str
    weight: float  # indicator weight x score difference, the order of the points


@dataclass(frozen=True)
class Match:
    slug: str
    name: str
    country: str
    similarity: float | None  # 0-100; None below MIN_OVERLAP indicators in common
    compared: int  # indicators both sides answered
    shared: tuple[Point, ...]  # both positive (score >= 0.5) on the same level / the same options
    learn_from: tuple[Point, ...]  # what the case has that the locality lacks
    beyond: tuple[Point, ...]  # what the locality has beyond the case


@dataclass(frozen=True)
class _Encoding:
    """Feature layout of a framework: which columns belong to which indicator, and how they aggregate."""

    codes: tuple[str, ...]
    weights: np.ndarray  # (indicators,)
    columns: list[tuple[int, str | None]]  # (indicator index, option code or None) per feature
    aggregate: np.ndarray  # (features, indicators): feature |a-b| -> indicator distance


def _is_categorical(indicator: Indicator) -> bool:
    return indicator.type == "choice" and all(o.score is None for o in indicator.options)


def _encoding(framework: Framework) -> _Encoding:
    indicators = list(framework.indicators.values())
    columns, shares = [], []
    for i, ind in enumerate(indicators):
        if ind.type == "multi":
            cols = [(i, o.code) for o in ind.options]
            share = 1.0 / len(cols)
        elif _is_categorical(ind):
            cols = [(i, o.code) for o in ind.options]
            share = 0.5
        else:
            cols, share = [(i, None)], 1.0
        columns += cols
        shares += [share] * len(cols)
    aggregate = np.zeros((len(columns), len(indicators)))
    aggregate[np.arange(len(columns)), [c[0] for c in columns]] = shares
    weights = np.array([MATCH_WEIGHTS.get(ind.code, float(ind.weight)) for ind in indicators])
    return _Encoding(tuple(ind.code for ind in indicators), weights, columns, aggregate)


def _encode(framework: Framework, enc: _Encoding, answers: dict) -> tuple[np.ndarray, np.ndarray]:
    """(features, answered mask per indicator) of one set of clean answers."""
    indicators = framework.indicators
    x = np.zeros(len(enc.columns))
    for j, (i, option) in enumerate(enc.columns):
        ind, value = indicators[enc.codes[i]], answers.get(enc.codes[i])
        if not is_known(value):
            continue
        if ind.type == "multi":
            x[j] = float(option in value)
        elif option is not None:
            x[j] = float(option == value)
        else:
            x[j] = ind.option(value).score
    mask = np.array([is_known(answers.get(code)) for code in enc.codes])
    return x, mask


def similarities(
    framework: Framework, answers: dict, cases: list[CaseData]
) -> list[tuple[CaseData, float | None, int]]:
    """(case, similarity 0-100 or None, indicators compared) for every published case, in input order."""
    cases = [c for c in cases if c.published]
    if not cases:
        return []
    enc = _encoding(framework)
    x, mask = _encode(framework, enc, clean_answers(framework, answers))
    encoded = [_encode(framework, enc, _clean_case(framework, c)) for c in cases]
    features = np.vstack([e[0] for e in encoded])  # cases x features
    masks = np.vstack([e[1] for e in encoded])  # cases x indicators

    both = masks & mask  # indicators answered on both sides
    distance = np.abs(features - x) @ enc.aggregate  # cases x indicators
    w = both * enc.weights
    weight_sum = w.sum(axis=1)
    agreement = np.divide(
        (w * (1.0 - distance)).sum(axis=1), weight_sum, out=np.zeros(len(cases)), where=weight_sum > 0
    )
    compared = both.sum(axis=1)
    valid = (compared >= MIN_OVERLAP) & (weight_sum > 0)
    return [
        (case, float(100.0 * agreement[k]) if valid[k] else None, int(compared[k]))
        for k, case in enumerate(cases)
    ]


def _clean_case(framework: Framework, case: CaseData) -> dict:
    try:
        return clean_answers(framework, case.answers)
    except ValueError as exc:
        raise ValueError(f"case {case.slug!r}: {exc}") from exc


def rank(framework: Framework, answers: dict, cases: list[CaseData], top: int | None = 3) -> list[Match]:
    """The ``top`` published cases most similar to ``answers`` (all of them if ``top`` is None), best first.

    Raises ``ValueError`` naming unknown indicator codes or invalid values (of the answers or of a case).
    """
    scored = similarities(framework, answers, cases)
    scored.sort(
        key=lambda s: (s[1] is None, -round(s[1] or 0.0, 6), -s[2], s[0].slug),
    )
    clean = clean_answers(framework, answers)
    return [_match(framework, clean, case, sim, n) for case, sim, n in scored[:top]]


def _positive_options(ind: Indicator, value) -> set[str]:
    if ind.type == "multi":
        return {c for c in value if (ind.option(c).score or 0.0) > 0}
    return set()


def _match(framework: Framework, answers: dict, case: CaseData, similarity, compared) -> Match:
    case_answers = _clean_case(framework, case)
    shared, learn, beyond = [], [], []
    for code, ind in framework.indicators.items():
        mine, theirs = answers.get(code), case_answers.get(code)
        if not (is_known(mine) and is_known(theirs)):
            continue
        weight = MATCH_WEIGHTS.get(code, float(ind.weight))
        note = case.notes.get(code, "")

        def point(option_codes, diff, ind=ind, mine=mine, theirs=theirs, note=note, weight=weight):
            return Point(
                code=ind.code,
                dimension=ind.dimension,
                label=ind.text("label"),
                options=tuple(ind.option(c).text("label") for c in option_codes),
                case_answer=labels(ind, theirs),
                locality_answer=labels(ind, mine),
                note=note,
                provenance=f"{case.name}: {note}" if note else "",
                advice=ind.advice,
                citation=ind.citation,
                weight=weight * diff,
            )

        if ind.type == "multi":
            n = len(ind.options)
            a, b = _positive_options(ind, mine), _positive_options(ind, theirs)
            order = [c for c in ind.option_codes]
            if a & b:
                shared.append(point([c for c in order if c in a & b], len(a & b) / n))
            if b - a:
                learn.append(point([c for c in order if c in b - a], len(b - a) / n))
            if a - b:
                beyond.append(point([c for c in order if c in a - b], len(a - b) / n))
        elif _is_categorical(ind):
            if mine == theirs:
                shared.append(point([mine], 1.0))
        else:
            s_mine, s_case = ind.option(mine).score, ind.option(theirs).score
            if s_case > s_mine and s_case >= RAISE_THRESHOLD:
                learn.append(point([theirs], s_case - s_mine))
            elif s_mine > s_case and s_mine >= RAISE_THRESHOLD:
                beyond.append(point([mine], s_mine - s_case))
            elif s_mine == s_case and s_case >= RAISE_THRESHOLD:
                shared.append(point([theirs], s_case))

    def ordered(points):
        return tuple(sorted(points, key=lambda p: (-p.weight, p.code)))

    return Match(
        slug=case.slug,
        name=case.name,
        country=case.country,
        similarity=similarity,
        compared=compared,
        shared=ordered(shared),
        learn_from=ordered(learn),
        beyond=ordered(beyond),
    )
