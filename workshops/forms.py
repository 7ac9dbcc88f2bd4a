"""Forms of workshops. Participants answer with the questionnaire's own ``StepForm``."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments import selectors
from framework import definition as fw
from questionnaire.forms import StepForm
from workshops.models import Role


class WorkshopForm(forms.Form):
    locality = forms.ModelChoiceField(label=_("Locality"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    # ISO value whatever the language: a date input drops any other format ("01/12/2026" in Spanish).
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    dimensions = forms.MultipleChoiceField(
        label=_("Dimensions asked"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Untick the dimensions you will not discuss; a shorter questionnaire leaves more time to talk."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locality"].queryset = selectors.localities_for(user)
        dimensions = fw.load().dimensions
        self.fields["dimensions"].choices = [(d.code, d.text("name")) for d in dimensions]
        self.initial.setdefault("dimensions", [d.code for d in dimensions])
        self.initial.setdefault("date", timezone.localdate())


class JoinForm(forms.Form):
    name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=80,
        required=False,
        help_text=_("Shown only to the facilitator. Leave it blank to answer anonymously."),
    )
    role = forms.ChoiceField(
        label=_("You are here for"), choices=Role.choices, initial=Role.OTHER, widget=forms.RadioSelect
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Workshop code"),
        max_length=20,
        help_text=_("The six characters shown on the screen, e.g. ABC-D23."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


def consensus_form(*args, indicators: list[fw.Indicator], values: dict, **kwargs) -> StepForm:
    """The questionnaire form over ``indicators`` in the given order (largest disagreement first),
    prefilled with ``values``; its evidence notes record why the group agreed."""
    walk = fw.Dimension(code="CONSENSUS", name="", weight=0.0, citation="", indicators=tuple(indicators))
    return StepForm(*args, dimension=walk, values=values, **kwargs)
