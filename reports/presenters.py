"""What the reports show, as plain data for their templates (the PDF templates stay free of lookups)."""

from dataclasses import dataclass

from framework import definition as fw


@dataclass(frozen=True)
class PrintedQuestion:
    code: str
    label: str
    help: str
    multi: bool
    options: tuple[str, ...]


@dataclass(frozen=True)
class PrintedDimension:
    code: str
    name: str
    questions: tuple[PrintedQuestion, ...]


def printable_questionnaire(framework: fw.Framework, dimension_codes=None) -> list[PrintedDimension]:
    """The questions of ``framework`` (only ``dimension_codes`` when given) in the active language."""
    return [
        PrintedDimension(
            code=d.code,
            name=d.text(),
            questions=tuple(
                PrintedQuestion(
                    code=i.code,
                    label=i.text(),
                    help=i.text("help"),
                    multi=i.type == "multi",
                    options=tuple(o.text() for o in i.options),
                )
                for i in d.indicators
            ),
        )
        for d in framework.dimensions
        if dimension_codes is None or d.code in dimension_codes
    ]
