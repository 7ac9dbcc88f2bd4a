"""The questionnaire's one form: the questions of one framework dimension (a step), for officers and workshop
participants alike; the consensus walk reuses it over any list of indicators."""

from dataclasses import dataclass

from django import forms
from django.utils.html import format_html
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from framework import answers
from framework.answers import DONT_KNOW, NONE_OF_THESE
from framework.definition import Dimension, Indicator
from questionnaire.models import EVIDENCE_MAX_LENGTH

EVIDENCE_SUFFIX = "__evidence"


@dataclass
class Question:
    """One question of a step as the template shows it."""

    number: int
    indicator: Indicator
    field: forms.BoundField
    evidence: forms.BoundField

    @property
    def anchor(self) -> str:
        return f"q-{self.indicator.code}"


def _option_label(option):
    """An option's label with its one-line definition (framework v2 defines every level and choice)."""
    definition = option.text("definition")
    if not definition:
        return option.text()
    return format_html('{}<span class="d-block small option-definition">{}</span>', option.text(), definition)


# A question's choices and help text depend only on the framework and the language: made once per process
# and language, not for every question of every step shown. Keyed by the indicator object (framework
# definitions are parsed once per process); the indicator is kept in the value so its id cannot be reused.
_TEXTS: dict[tuple[int, str], tuple] = {}


def _texts(indicator: Indicator) -> tuple[list, str]:
    key = (id(indicator), get_language())
    cached = _TEXTS.get(key)
    if cached is not None and cached[0] is indicator:
        return cached[1], cached[2]
    choices = [(o.code, _option_label(o)) for o in indicator.options]
    if indicator.type == "multi":
        choices += [(NONE_OF_THESE, str(_("None of these"))), (DONT_KNOW, str(_("Don't know")))]
    else:
        choices.append((DONT_KNOW, str(_("Don't know"))))
    cited = format_html(
        '{}<span class="d-block question-citation">{}</span>',
        indicator.text("help"),
        _("Helmsing (2001): %(citation)s") % {"citation": indicator.text("citation")},
    )
    _TEXTS[key] = (indicator, choices, cited)
    return choices, cited


def _value_field(indicator: Indicator, number: int) -> forms.Field:
    made, cited = _texts(indicator)

    # A callable: Django keeps it as it is instead of walking and normalising the list again for the field
    # and for its widget (half the cost of building a step's form).
    def choices():
        return made

    label = f"{number}. {indicator.text('label')}"
    if indicator.type == "multi":
        widget = forms.CheckboxSelectMultiple
        return forms.MultipleChoiceField(
            label=label, choices=choices, required=False, widget=widget, help_text=cited
        )
    return forms.ChoiceField(
        label=label, choices=choices, required=False, widget=forms.RadioSelect, help_text=cited
    )


class StepForm(forms.Form):
    """The questions of one framework dimension; each may be left blank (unanswered) in a draft."""

    def __init__(
        self,
        *args,
        dimension: Dimension,
        first_number: int = 1,
        values=None,
        evidence=None,
        read_only: bool = False,
        **kwargs,
    ):
        values, evidence = values or {}, evidence or {}
        super().__init__(*args, **kwargs)
        self.dimension = dimension
        # Translated once for the form (it is made per request, in the reader's language): a lazy text would
        # be translated again each of the six times a question's markup reads it.
        evidence_label = gettext("Evidence note (optional)")
        evidence_help = gettext(
            "What supports this answer: a document, a programme, a body (at most 2000 characters)"
        )
        for offset, indicator in enumerate(dimension.indicators):
            code = indicator.code
            self.fields[code] = _value_field(indicator, first_number + offset)
            self.fields[code + EVIDENCE_SUFFIX] = forms.CharField(
                label=evidence_label,
                required=False,
                max_length=EVIDENCE_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=evidence_help,
            )
            self.initial[code] = answers.to_choices(indicator, values.get(code))
            self.initial[code + EVIDENCE_SUFFIX] = evidence.get(code, "")
        if read_only:
            for field in self.fields.values():
                field.disabled = True
        self._first_number = first_number

    def questions(self) -> list[Question]:
        return [
            Question(
                number=self._first_number + k,
                indicator=indicator,
                field=self[indicator.code],
                evidence=self[indicator.code + EVIDENCE_SUFFIX],
            )
            for k, indicator in enumerate(self.dimension.indicators)
        ]

    def clean(self):
        cleaned = super().clean()
        for indicator in self.dimension.indicators:
            if indicator.type == "multi" and answers.exclusive_conflict(cleaned.get(indicator.code)):
                self.add_error(
                    indicator.code,
                    _("“None of these” and “Don't know” cannot be combined with other choices."),
                )
        return cleaned

    def answers(self) -> dict:
        """``{code: value}`` in the answer format; ``None`` for a question left blank."""
        return {
            indicator.code: answers.from_choices(indicator, self.cleaned_data.get(indicator.code))
            for indicator in self.dimension.indicators
        }

    def evidence(self) -> dict[str, str]:
        data = self.cleaned_data
        return {i.code: data.get(i.code + EVIDENCE_SUFFIX, "") for i in self.dimension.indicators}

    def mark_problems(self, problems: dict[str, str]) -> None:
        """Show submit problems (``{code: message}``) next to their questions of an unbound form."""
        if self.is_bound:
            return
        self._errors, self.cleaned_data = forms.utils.ErrorDict(), {}
        for code, message in problems.items():
            if code in self.fields:
                self.add_error(code, message)
