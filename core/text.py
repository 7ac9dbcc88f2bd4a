"""Texts composed from other texts (a default title from a locality's name, a consensus title from a
workshop's) must fit the field they are stored in, in every language: ``fit`` cuts them with an ellipsis."""

ELLIPSIS = "…"


def fit(text: str, max_length: int) -> str:
    """``text`` if it fits in ``max_length`` characters, else its start and "…" (at most ``max_length``)."""
    text = str(text)
    if len(text) <= max_length:
        return text
    return text[: max_length - len(ELLIPSIS)].rstrip() + ELLIPSIS


def field_fit(model, field: str, text: str) -> str:
    """``fit`` to the ``max_length`` of ``model``'s ``field``."""
    return fit(text, model._meta.get_field(field).max_length)


def percent(value, decimals: int = 0) -> str:
    """``46`` as a percentage in the active language: "46%" in English, "46 %" in Spanish (a non-breaking
    space before the sign, as the RAE and the ISO 31 norm write it). The pattern is a translation, so a new
    language brings its own; ``None`` or ``""`` (nothing to show) gives ``""``."""
    from django.utils import formats

    if value is None or value == "":
        return ""
    number = round(float(value), decimals)
    number = formats.number_format(int(number) if decimals == 0 else number, decimal_pos=decimals or None)
    return percent_pattern() % {"number": number}


def percent_pattern() -> str:
    """The active language's percentage pattern, ``%(number)s%%`` in English (for scripts that fill it)."""
    from django.utils.translation import pgettext

    return pgettext("a percentage: the Spanish puts a non-breaking space before %", "%(number)s%%")
