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
