"""Progress between two assessments of a locality (or a workshop consensus and a self-assessment): what
changed, per dimension and per question. Pure: plain data in, plain data out; no database.

Scores are compared only when both sides were computed under the same framework version: a new version
may ask, weigh or score differently, so a difference in points would not mean a difference in the locality.
Questions are compared across versions only where both versions ask the same question with the same options.
"""

from __future__ import annotations

from dataclasses import dataclass

from framework import answers as fa
from framework.definition import Framework


@dataclass(frozen=True)
class Side:
    """One of the two assessments compared."""

    title: str
    framework: Framework
    answers: dict  # {indicator code: value}, as stored
    dimension_scores: dict  # {dimension code: score 0-100 or None}
    overall: float | None
    closest_case: str = ""  # the name of the best match, if any


@dataclass(frozen=True)
class DimensionChange:
    code: str
    name: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class QuestionChange:
    code: str
    dimension: str
    label: str
    before: str  # the answer in words ("" when unanswered)
    after: str
    kind: str  # "changed", "added" (now known), "lost" (no longer known), "same"


@dataclass(frozen=True)
class Progress:
    same_version: bool
    overall_before: float | None
    overall_after: float | None
    dimensions: tuple[DimensionChange, ...]  # empty when the versions differ
    questions: tuple[QuestionChange, ...]  # every question both versions ask alike, in framework order
    not_comparable: tuple[str, ...]  # labels of questions only one version asks, or asks differently
    closest_before: str
    closest_after: str

    @property
    def overall_delta(self) -> float | None:
        if not self.same_version or self.overall_before is None or self.overall_after is None:
            return None
        return self.overall_after - self.overall_before

    def of_kind(self, kind: str) -> list[QuestionChange]:
        return [q for q in self.questions if q.kind == kind]


def _kind(before, after) -> str:
    known_before, known_after = fa.is_known(before), fa.is_known(after)
    if known_before and not known_after:
        return "lost"
    if known_after and not known_before:
        return "added"
    if _canonical(before) == _canonical(after):
        return "same"
    return "changed"


def _canonical(value):
    return tuple(sorted(value)) if isinstance(value, (list, tuple)) else value


def _asked_alike(a, b) -> bool:
    return a.type == b.type and a.option_codes == b.option_codes


def compare(before: Side, after: Side) -> Progress:
    """What changed from ``before`` to ``after``; labels from ``after``'s framework."""
    same_version = before.framework.slug == after.framework.slug
    old, new = before.framework.indicators, after.framework.indicators
    questions, not_comparable = [], []
    for code, indicator in new.items():
        if code not in old or not _asked_alike(old[code], indicator):
            not_comparable.append(indicator.text())
            continue
        b, a = before.answers.get(code), after.answers.get(code)
        questions.append(
            QuestionChange(
                code=code,
                dimension=indicator.dimension,
                label=indicator.text(),
                before=fa.text(old[code], b),
                after=fa.text(indicator, a),
                kind=_kind(b, a),
            )
        )
    not_comparable += [i.text() for code, i in old.items() if code not in new]
    dimensions = ()
    if same_version:
        dimensions = tuple(
            DimensionChange(
                code=d.code,
                name=d.text(),
                before=before.dimension_scores.get(d.code),
                after=after.dimension_scores.get(d.code),
            )
            for d in after.framework.dimensions
        )
    return Progress(
        same_version=same_version,
        overall_before=before.overall,
        overall_after=after.overall,
        dimensions=dimensions,
        questions=tuple(questions),
        not_comparable=tuple(not_comparable),
        closest_before=before.closest_case,
        closest_after=after.closest_case,
    )
