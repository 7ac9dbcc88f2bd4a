"""Steps, numbering and progress of a questionnaire: one step per framework dimension. Pure functions of the
framework (possibly reduced to the dimensions a workshop asks) and the answers given so far."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from framework.definition import Framework


def question_numbers(framework: Framework) -> dict[str, int]:
    """``{indicator code: question number}``, numbering through the whole questionnaire from 1."""
    return {code: n for n, code in enumerate(framework.indicators, start=1)}


def first_question_number(framework: Framework, code: str) -> int:
    """The number of the first question of dimension ``code``."""
    return question_numbers(framework)[framework.dimension(code).indicators[0].code]


def first_unanswered_dimension(framework: Framework, values: dict) -> str | None:
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
    url: str = ""

    @property
    def complete(self) -> bool:
        return self.answered == self.total


def step_links(
    framework: Framework, values: dict, step_url: Callable[[str], str] | None = None
) -> list[StepLink]:
    return [
        StepLink(
            number=n,
            code=d.code,
            name=d.text("name"),
            answered=sum(values.get(i.code) is not None for i in d.indicators),
            total=len(d.indicators),
            url=step_url(d.code) if step_url else "",
        )
        for n, d in enumerate(framework.dimensions, start=1)
    ]


def progress(
    framework: Framework, values: dict, current: str = "", step_url: Callable[[str], str] | None = None
) -> dict:
    """Template context of the progress indicator: step links, the current step, answered and total counts."""
    steps = step_links(framework, values, step_url)
    return {
        "steps": steps,
        "step": next((s for s in steps if s.code == current), None),
        "answered": sum(s.answered for s in steps),
        "total": sum(s.total for s in steps),
    }


def target_step(framework: Framework, current: str, goto: str) -> str:
    """Where a step's button leads: ``"review"``, or the code of a step (``prev``/``next`` relative to
    ``current``; an unknown target stays on ``current``)."""
    codes = [d.code for d in framework.dimensions]
    here = codes.index(current)
    moves = {"prev": codes[max(here - 1, 0)], "next": codes[min(here + 1, len(codes) - 1)]}
    target = moves.get(goto, goto)
    if target == "review":
        return "review"
    return target if target in codes else current
