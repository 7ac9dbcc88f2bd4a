"""How much a workshop's participants agree: per question and for the whole questionnaire. Pure: no database.

Per question (``question_agreement``), a number from 0 to 1 that fits the kind of answer:

- **ordinal** answers (options with scores on one scale: yes/no, levels): the *consensus* of Tastle and
  Wierman (2007, "Consensus and dissention: a measure of ordinal dispersion", International Journal of
  Approximate Reasoning 45), ``1 + Σ p_i · log2(1 - |X_i - μ| / d)`` over the options ``X_i`` (positions
  1..k) with shares ``p_i``, mean ``μ`` and width ``d = k - 1``. It is 1 when everyone gives the same
  answer and 0 when the group is split half and half between the two ends of the scale; answers next to
  each other on the scale agree more than answers far apart.
- **nominal** answers (options without an order): the share of pairs of participants who gave the same
  answer (Simpson's index; also the observed agreement of Krippendorff's alpha for one question). It is 1
  when everyone gives the same answer and falls as answers split.
- "tick all that apply": the nominal measure for each option (ticked or not), averaged over the options.

"Don't know" is left out of both (it is not a position on the scale); fewer than two answers give ``None``.

For the whole workshop (``workshop_alpha``), **Krippendorff's alpha** (the ``krippendorff`` package) over
every question with one answer, questions as units and participants as coders: 1 when participants agree
fully, 0 when they agree no more than chance would make them, below 0 when they disagree systematically.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import krippendorff
import numpy as np

from framework.answers import DONT_KNOW
from framework.definition import Framework, Indicator


@dataclass(frozen=True)
class Agreement:
    value: float | None  # 0-1, None with fewer than two answers
    kind: str  # "ordinal", "nominal" or "multi"
    answered: int


def ordinal_consensus(counts: list[int]) -> float | None:
    """Tastle and Wierman's consensus of counts over ordered categories (first = lowest)."""
    n = sum(counts)
    if n == 0:
        return None
    k = len(counts)
    if k < 2:
        return 1.0
    shares = [c / n for c in counts]
    mean = sum((i + 1) * p for i, p in enumerate(shares))
    width = k - 1
    total = 0.0
    for i, p in enumerate(shares):
        if p:
            distance = abs(i + 1 - mean) / width
            total += p * math.log2(1 - distance) if distance < 1 else -math.inf
    return max(0.0, 1 + total)


def pairwise_agreement(values: list) -> float | None:
    """The share of pairs of ``values`` that are equal (``None`` with fewer than two values)."""
    n = len(values)
    if n < 2:
        return None
    counts = Counter(values)
    return sum(c * (c - 1) for c in counts.values()) / (n * (n - 1))


def is_ordinal(indicator: Indicator) -> bool:
    """Options on one scale: every option has its own score (the scale's order is the scores' order)."""
    scores = [o.score for o in indicator.options]
    return (
        indicator.type != "multi"
        and len(scores) >= 2
        and all(s is not None for s in scores)
        and len(set(scores)) == len(scores)
    )


def question_agreement(indicator: Indicator, values: list) -> Agreement:
    """The agreement of the answered ``values`` (answer format) of one question; see the module docstring."""
    given = [v for v in values if v is not None and v != DONT_KNOW]
    if indicator.type == "multi":
        lists = [v for v in given if isinstance(v, list)]
        per_option = [pairwise_agreement([code in v for v in lists]) for code in indicator.option_codes]
        known = [a for a in per_option if a is not None]
        value = sum(known) / len(known) if known else None
        return Agreement(value, "multi", len(lists))
    if is_ordinal(indicator):
        ranked = sorted(indicator.options, key=lambda o: o.score)
        position = {o.code: i for i, o in enumerate(ranked)}
        counts = [0] * len(position)
        for v in given:
            counts[position[v]] += 1
        value = ordinal_consensus(counts) if len(given) >= 2 else None
        return Agreement(value, "ordinal", len(given))
    return Agreement(pairwise_agreement(given), "nominal", len(given))


def reliability_matrix(framework: Framework, responses) -> tuple[np.ndarray, list[str]]:
    """Participants (rows) × single-answer questions (columns): the option's position in its question
    (nominal codes), NaN where a participant did not answer or said "don't know". Positions rather than
    codes unique per question, so chance agreement is that of picking one of a question's few options
    (codes unique per question would make any two questions' answers "disagree" and inflate alpha)."""
    indicators = [i for i in framework.indicators.values() if i.type != "multi"]
    matrix = np.full((len(responses), len(indicators)), np.nan)
    for row, response in enumerate(responses):
        for col, indicator in enumerate(indicators):
            value = response.answers.get(indicator.code)
            if value is not None and value != DONT_KNOW and value in indicator.option_codes:
                matrix[row, col] = indicator.option_codes.index(value)
    return matrix, [i.code for i in indicators]


def workshop_alpha(framework: Framework, responses) -> float | None:
    """Krippendorff's alpha (nominal) over the single-answer questions, or ``None`` when it is undefined
    (fewer than two participants, or not one question answered by two of them, or no variation at all)."""
    matrix, _codes = reliability_matrix(framework, responses)
    if matrix.shape[0] < 2 or matrix.shape[1] == 0:
        return None
    pairable = (~np.isnan(matrix)).sum(axis=0) >= 2
    data = matrix[:, pairable]
    if data.shape[1] == 0:
        return None
    values = data[~np.isnan(data)]
    if np.unique(values).size < 2:
        return None  # everyone gave the same option everywhere: alpha divides by zero
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
