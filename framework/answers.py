"""The answer format, defined once. Pure: no database, no models.

An *answer value* is what an assessment, a workshop participant or a benchmark case holds for one indicator,
the same everywhere (stored answers, case values, the portable JSON, consensus):

- ``yesno``, ``choice`` and ``level`` indicators take one option code, e.g. ``"yes"`` or ``"established"``;
- ``multi`` indicators take a list of option codes; the empty list is the explicit "none of these";
- ``DONT_KNOW`` is accepted by every indicator;
- ``None`` (or an absent indicator) is unanswered; for a case: not reported in the paper.

Two other spellings of the same values exist at the edges, and are converted only here:

- **choices** (form widgets, workshop distributions): a list of keys where "none of these" is the key
  ``NONE_OF_THESE`` (never an option code: codes are lower_snake identifiers);
- **text** (CSV and spreadsheet cells): option codes joined by ``TEXT_SEPARATOR``, ``TEXT_NONE_OF_THESE`` for
  the empty list, ``""`` for unanswered / not reported.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

DONT_KNOW = "dont_know"
NONE_OF_THESE = "__none__"  # the choice key of an empty multi answer (forms, distributions)
TEXT_SEPARATOR = "|"
TEXT_NONE_OF_THESE = "-"
TEXT_NOT_REPORTED = ""


def is_known(value) -> bool:
    """An answer that says something: neither unanswered nor "don't know"."""
    return value is not None and value != DONT_KNOW


def codes_of(value) -> list[str]:
    """The option codes an answer names (``[]`` for unanswered, "don't know" and "none of these")."""
    if not is_known(value):
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


# --- labels ------------------------------------------------------------------------------------------


def option_label(indicator, code: str) -> str:
    """The label of one option in the active language; its code when the framework no longer has it (a value
    curated under an older version must still show)."""
    try:
        return indicator.option(code).text()
    except KeyError:
        return code


def labels(indicator, value) -> tuple[str, ...]:
    """The label(s) of the option(s) of an answer, in the active language; ``()`` when it names none."""
    return tuple(option_label(indicator, c) for c in codes_of(value))


def text(indicator, value) -> str:
    """The answer in words: option labels joined by "; ", "Don't know", "None of these", or ``""``."""
    if value is None:
        return ""
    if value == DONT_KNOW:
        return str(_("Don't know"))
    if isinstance(value, (list, tuple)) and not value:
        return str(_("None of these"))
    return "; ".join(labels(indicator, value))


def key_label(indicator, key: str) -> str:
    """The label of one choice key (an option code, ``NONE_OF_THESE`` or ``DONT_KNOW``)."""
    if key == NONE_OF_THESE:
        return str(_("None of these"))
    if key == DONT_KNOW:
        return str(_("Don't know"))
    return option_label(indicator, key)


# --- choices (form widgets) --------------------------------------------------------------------------


def to_choices(indicator, value):
    """The widget value of an answer: the option code (or ``None``) for one-answer questions; for ``multi``
    a list of keys (``[NONE_OF_THESE]`` for the empty list, ``[]`` for unanswered)."""
    if indicator.type != "multi":
        return value
    if value is None:
        return []
    if value == DONT_KNOW:
        return [DONT_KNOW]
    return list(value) or [NONE_OF_THESE]


def exclusive_conflict(picked) -> bool:
    """True when "none of these" or "don't know" is ticked together with anything else."""
    picked = list(picked or [])
    return len(picked) > 1 and bool({NONE_OF_THESE, DONT_KNOW} & set(picked))


def from_choices(indicator, picked):
    """The answer value of a widget value (the inverse of ``to_choices``); check ``exclusive_conflict``
    first."""
    if indicator.type != "multi":
        return picked or None
    picked = list(picked or [])
    if not picked:
        return None
    if picked == [NONE_OF_THESE]:
        return []
    if picked == [DONT_KNOW]:
        return DONT_KNOW
    return picked


# --- text (CSV and spreadsheet cells) ----------------------------------------------------------------


def to_text(value) -> str:
    """The cell text of an answer value (see the module docstring)."""
    if value is None:
        return TEXT_NOT_REPORTED
    if isinstance(value, (list, tuple)):
        return TEXT_SEPARATOR.join(value) if value else TEXT_NONE_OF_THESE
    return str(value)


def from_text(indicator, cell: str):
    """The canonical answer value of a cell for ``indicator``; ``ValueError`` says why it is bad."""
    cell = cell.strip()
    if cell == TEXT_NOT_REPORTED:
        return None
    if cell == DONT_KNOW:
        return DONT_KNOW
    if indicator.type == "multi":
        if cell == TEXT_NONE_OF_THESE:
            return []
        codes = [c.strip() for c in cell.split(TEXT_SEPARATOR)]
        if TEXT_NONE_OF_THESE in codes or DONT_KNOW in codes or "" in codes:
            raise ValueError(
                f"{cell!r} mixes option codes with '{TEXT_NONE_OF_THESE}', '{DONT_KNOW}' or an empty code"
            )
        return indicator.validate(codes)
    return indicator.validate(cell)
