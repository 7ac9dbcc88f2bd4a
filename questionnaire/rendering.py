"""The HTML of a question's fields, written out in Python.

A questionnaire step shows five to ten questions of up to fourteen options each. Rendered through
crispy-forms' Bootstrap 5 templates (``|as_crispy_field``), one question cost about 20 template renders and
most of the step's time (issue 13: the step at 0.25× a trivial page). These functions emit the same markup
(the same elements, attributes, classes, ids and ``aria-*`` links; ``tests/questionnaire/test_rendering.py``
compares them with crispy's output in every state a question can be in), one string join per question.
Other forms of the site keep crispy: they are small and not on a hot path. ``question_card`` writes the card
around a question's fields the same way: an ``{% include %}`` per question cost a tenth of the step's time.
"""

import html

from django.forms import BoundField
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

# Escaping as Django's ``conditional_escape`` does (safe strings as they are, the rest through
# ``html.escape``), without its lazy-string wrapper: a step escapes about a thousand values.


def _e(value) -> str:
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _attrs(attrs: dict) -> str:
    """`` name="value"`` pairs as Django's widget templates write them (``True``: the name alone)."""
    return "".join(
        f" {name}" if value is True else f' {name}="{_e(value)}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


def _errors(field: BoundField) -> str:
    if not field.errors:
        return ""
    auto_id = _e(field.auto_id)
    items = "".join(
        f'<p id="error_{n}_{auto_id}"><strong>{_e(error)}</strong></p>'
        for n, error in enumerate(field.errors, 1)
    )
    return f'<div id="{auto_id}_error" class="invalid-feedback">{items}</div>'


def _help(field: BoundField) -> str:
    if not field.help_text:
        return ""
    # The help text is the framework's, with the citation's markup (questionnaire.forms): shown as is, as
    # crispy's ``|safe`` shows it.
    return f'<div id="{_e(field.auto_id)}_helptext" class="form-text">{field.help_text}</div>'


def choices_field(field: BoundField) -> SafeString:
    """A radio or checkbox question: a fieldset with its legend, one ``form-check`` per option, the errors
    after the last option, the help text (with the citation) at the end."""
    widget = field.field.widget
    # The options as Django's ChoiceWidget.optgroups makes them (``id``: the field's id and the option's
    # index; ``checked``: the option is in the value), without its per-option dictionaries and deep copies.
    attrs = field.build_widget_attrs({})
    base_id = widget.attrs.get("id") or field.auto_id
    selected = set(widget.format_value(field.value()))
    invalid = " is-invalid" if field.errors else ""
    kind = widget.input_type
    name = _e(field.html_name)
    flags = _attrs(attrs)
    rows = []
    for index, (value, label) in enumerate(field.field.choices):
        value = "" if value is None else str(value)
        option_id = _e(f"{base_id}_{index}") if base_id else ""
        id_attr = f' id="{option_id}"' if option_id else ""
        checked = " checked" if value in selected else ""
        rows.append(
            f'<div class="form-check"><input type="{kind}" class="form-check-input{invalid}" name="{name}" '
            f'value="{_e(value)}"{flags}{checked}{id_attr}>'
            f'<label for="{option_id}" class="form-check-label">{_e(label)}</label>'
        )
        rows.append("</div>")
    if rows:
        rows.insert(len(rows) - 1, _errors(field))  # inside the last option's block, as crispy puts them
    described = field.aria_describedby
    fieldset = f' aria-describedby="{_e(described)}"' if described else ""
    required = " requiredField" if field.field.required else ""
    return mark_safe(  # noqa: S308 (every value above is escaped)
        f'<div id="div_{_e(field.auto_id)}" class="mb-3"><fieldset{fieldset}>'
        f'<legend class="form-label{required} fs-6">{_e(field.label)}</legend>'
        f"<div>{''.join(rows)}</div>{_help(field)}</fieldset></div>"
    )


def textarea_field(field: BoundField) -> SafeString:
    """A question's evidence note: label, textarea, errors, help text."""
    widget = field.field.widget
    attrs = {**widget.attrs, **field.field.widget_attrs(widget)}
    attrs["class"] = "textarea form-control" + (" is-invalid" if field.errors else "")
    attrs = field.build_widget_attrs(attrs)
    if field.aria_describedby:
        attrs["aria-describedby"] = field.aria_describedby
    attrs["id"] = field.auto_id
    value = widget.format_value(field.value())
    auto_id = _e(field.auto_id)
    return mark_safe(  # noqa: S308 (every value above is escaped)
        f'<div id="div_{auto_id}" class="mb-3">'
        f'<label for="{auto_id}" class="form-label">{_e(field.label)}</label>'
        f'<textarea name="{_e(field.html_name)}"{_attrs(attrs)}>\n{_e(value or "")}</textarea>'
        f"{_errors(field)}{_help(field)}</div>"
    )


def question_card(question) -> SafeString:
    """One question of a step (a ``questionnaire.forms.Question``): a card with its options, then its
    evidence note folded away, open when the note has text or an error."""
    field, evidence = question.field, question.evidence
    border = " border-danger" if field.errors else ""
    folded = " open" if evidence.value() or evidence.errors else ""
    return mark_safe(  # noqa: S308 (the fields escape their values; the rest is ours)
        f'<section class="card question mb-3{border}" id="{_e(question.anchor)}"><div class="card-body">'
        f"{choices_field(field)}"
        f'<details class="evidence"{folded}><summary>{_e(gettext("Evidence note (optional)"))}</summary>'
        f'<div class="mt-2">{textarea_field(evidence)}</div></details>'
        "</div></section>"
    )


def step_nav(steps, current: str, editable: bool) -> SafeString:
    """The step tabs above a step (and the review page). While the questionnaire is editable they are submit
    buttons of the step form, so moving to another step saves what was typed; otherwise they are plain links.
    Written here for the same reason as ``question_card``: the tabs' loop of template tags cost about a
    tenth of a step page."""
    done = _e(gettext("(complete)"))
    complete = f'<span aria-hidden="true">✓</span><span class="visually-hidden">{done}</span>'
    answered = _e(gettext("answered"))
    items = []
    for s in steps:
        here = s.code == current
        attrs = f'class="btn btn-sm step-link {"btn-primary" if here else "btn-outline-secondary"}"'
        attrs += ' aria-current="step"' if here else ""
        count = complete
        if not s.complete:
            hidden = '<span class="visually-hidden">'
            count = f"{hidden}(</span>{s.answered}/{s.total}{hidden} {answered})</span>"
        number = f'<span class="step-number">{s.number}</span>'
        label = f'{number} {_e(s.name)} <span class="step-count">{count}</span>'
        if editable:
            button = f'type="submit" form="step-form" name="goto" value="{_e(s.code)}"'
            tab = f"<button {button} {attrs}>{label}</button>"
        else:
            tab = f'<a href="{_e(s.url)}" {attrs}>{label}</a>'
        items.append(f"<li>{tab}</li>")
    name = _e(gettext("Steps of the questionnaire"))
    tabs = "".join(items)
    return mark_safe(  # noqa: S308 (every value escaped above)
        f'<nav class="step-nav mb-4" aria-label="{name}">'
        f'<ol class="list-unstyled d-flex flex-wrap gap-2 mb-0">{tabs}</ol></nav>'
    )
