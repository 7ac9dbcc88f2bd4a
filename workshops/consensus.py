"""How a workshop's participants answered each question, and where they disagree. Pure: no database.

The input is one ``Response`` per participant (role and ``{code: value}`` answers in the answer format of
``framework.answers``). For every question of the chosen dimensions ``summarise`` gives:

- the **distribution**: how many participants gave each answer, overall and by role. For a question with
  one answer (yes/no, choice, level) the categories are the options and "don't know"; for a "tick all that
  apply" question each option counts the participants who ticked it, plus "none of these" (an empty list)
  and "don't know" — so its counts may add up to more than the participants.
- the **most common answer**: the option given most often (ties go to the option listed first in the
  framework, "don't know" last). For a "tick all that apply" question: "don't know" if more than half the
  participants said so, otherwise the options ticked by more than half of the participants who answered
  with a list (none of them = "none of these").
- the **disagreement**, from 0 (everyone agrees) to 1, the mean of two parts:

  * *dissent*: the share of participants whose answer differs from the most common one (for "tick all that
    apply": the mean over the options of the share on the minority side of "ticked / not ticked", doubled
    so an even split is 1);
  * *spread*: twice the standard deviation of the scores (0-1) of the answers, so answers at both ends of
    the scale count more than neighbours on it (a yes/no split evenly gives 1, "established" against
    "advanced" only 0.25). "Don't know" has no score and is left out here; with fewer than two scored
    answers, or options without scores, only dissent counts.

Questions are ordered by disagreement, largest first (ties in framework order), which is the order the
facilitator walks through them.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from framework.answers import DONT_KNOW, NONE_OF_THESE
from framework.definition import Framework, Indicator


@dataclass(frozen=True)
class Response:
    """One participant's answers."""

    participant: int | str
    role: str
    answers: dict


@dataclass(frozen=True)
class Category:
    """One bar of a distribution: an option code (or ``dont_know`` / ``__none__``) and how many chose it."""

    key: str
    count: int
    share: float  # of the participants who answered the question


@dataclass(frozen=True)
class QuestionSummary:
    code: str
    dimension: str
    type: str
    answered: int  # participants who answered (with an option, a list or "don't know")
    categories: tuple[Category, ...]  # every possible answer, framework order, zeros included
    by_role: dict[str, tuple[Category, ...]] = field(default_factory=dict)  # only roles that answered
    answered_by_role: dict[str, int] = field(default_factory=dict)
    most_common: object = None  # a value in the answer format; None when nobody answered
    tied: tuple[
        str, ...
    ] = ()  # the answers sharing the largest count when several do (no single most common)
    dissent: float = 0.0
    spread: float | None = None
    disagreement: float = 0.0

    def count(self, key: str) -> int:
        return next((c.count for c in self.categories if c.key == key), 0)


def category_keys(indicator: Indicator) -> list[str]:
    """The distribution keys of a question, in display order."""
    extra = [NONE_OF_THESE, DONT_KNOW] if indicator.type == "multi" else [DONT_KNOW]
    return [*indicator.option_codes, *extra]


def answer_score(indicator: Indicator, value) -> float | None:
    """The 0-1 score of an answer on the option scale, whatever the indicator's weight (context questions
    carry no weight in the assessment score but their answers still differ by how far apart they are)."""
    if value is None or value == DONT_KNOW:
        return None
    if indicator.type == "multi":
        scores = [indicator.option(c).score for c in value]
        if any(s is None for s in scores):
            return None
        return min(1.0, sum(scores) / (indicator.saturation or len(indicator.options)))
    return indicator.option(value).score


def _counts(indicator: Indicator, values: list) -> Counter:
    counts = Counter()
    for value in values:
        if indicator.type == "multi" and value != DONT_KNOW:
            counts.update(value or [NONE_OF_THESE])
        else:
            counts[value] += 1
    return counts


def _categories(indicator: Indicator, values: list) -> tuple[Category, ...]:
    counts, n = _counts(indicator, values), len(values)
    return tuple(Category(k, counts[k], counts[k] / n if n else 0.0) for k in category_keys(indicator))


def most_common(indicator: Indicator, values: list):
    """The most common answer among ``values`` (answered values only), as defined in the module docstring."""
    if not values:
        return None
    counts = _counts(indicator, values)
    if indicator.type != "multi":
        keys = category_keys(indicator)
        return max(keys, key=lambda k: (counts[k], -keys.index(k)))
    if counts[DONT_KNOW] * 2 > len(values):
        return DONT_KNOW
    listed = len(values) - counts[DONT_KNOW]
    return [c for c in indicator.option_codes if counts[c] * 2 > listed]


def tied_answers(indicator: Indicator, values: list) -> tuple[str, ...]:
    """The answers (category keys) tied for most common, or ``()`` when one answer leads. For "tick all
    that apply": the options ticked by exactly half of those who answered with a list."""
    if not values:
        return ()
    counts = _counts(indicator, values)
    if indicator.type != "multi":
        top = max(counts.values())
        keys = [k for k in category_keys(indicator) if counts[k] == top]
        return tuple(keys) if len(keys) > 1 else ()
    listed = len(values) - counts[DONT_KNOW]
    if counts[DONT_KNOW] * 2 == len(values):
        return (DONT_KNOW,)
    return tuple(c for c in indicator.option_codes if listed and counts[c] * 2 == listed)


def _dissent(indicator: Indicator, values: list, modal) -> float:
    n = len(values)
    if indicator.type != "multi":
        return 1 - sum(v == modal for v in values) / n
    ticked = _counts(indicator, values)
    keys = [*indicator.option_codes, DONT_KNOW]
    return sum(2 * min(ticked[k], n - ticked[k]) / n for k in keys) / len(keys)


def _spread(indicator: Indicator, values: list) -> float | None:
    scores = [s for s in (answer_score(indicator, v) for v in values) if s is not None]
    if len(scores) < 2:
        return None
    mean = sum(scores) / len(scores)
    return 2 * math.sqrt(sum((s - mean) ** 2 for s in scores) / len(scores))


def summarise_question(indicator: Indicator, responses: list[Response]) -> QuestionSummary:
    code = indicator.code
    answered = [(r.role, r.answers[code]) for r in responses if r.answers.get(code) is not None]
    values = [v for _role, v in answered]
    roles = sorted({role for role, _v in answered})
    by_role = {role: [v for r, v in answered if r == role] for role in roles}
    modal = most_common(indicator, values)
    dissent = _dissent(indicator, values, modal) if values else 0.0
    spread = _spread(indicator, values)
    disagreement = dissent if spread is None else (dissent + spread) / 2
    return QuestionSummary(
        code=indicator.code,
        dimension=indicator.dimension,
        type=indicator.type,
        answered=len(values),
        categories=_categories(indicator, values),
        by_role={role: _categories(indicator, vs) for role, vs in by_role.items()},
        answered_by_role={role: len(vs) for role, vs in by_role.items()},
        most_common=modal,
        tied=tied_answers(indicator, values),
        dissent=round(dissent, 6),
        spread=None if spread is None else round(spread, 6),
        disagreement=round(disagreement, 6),
    )


def summarise(
    framework: Framework, responses: list[Response], dimensions: list[str] | None = None
) -> list[QuestionSummary]:
    """A summary of every question of ``dimensions`` (all when empty), largest disagreement first."""
    indicators = [
        i for d in framework.dimensions if not dimensions or d.code in dimensions for i in d.indicators
    ]
    summaries = [summarise_question(i, responses) for i in indicators]
    order = {i.code: n for n, i in enumerate(indicators)}
    return sorted(summaries, key=lambda s: (-s.disagreement, order[s.code]))


def consensus_prefill(summaries: list[QuestionSummary]) -> dict:
    """``{code: most common answer}`` of the answered questions without a tie: the starting point of the
    consensus (a tie is left for the group to decide, never settled by the order of the options)."""
    return {s.code: s.most_common for s in summaries if s.most_common is not None and not s.tied}
