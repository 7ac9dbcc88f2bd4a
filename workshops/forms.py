"""Forms of workshops. Participants answer with the questionnaire's own ``StepForm``."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments import selectors
from framework import definition as fw
from questionnaire.forms import StepForm
from workshops.models import DEFAULT_MAX_PARTICIPANTS, MAX_PARTICIPANTS_LIMIT, MIN_ROLE_GROUP, Role


class WorkshopForm(forms.Form):
    locality = forms.ModelChoiceField(label=_("Locality"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    # ISO value whatever the language: a date input drops any other format ("01/12/2026" in Spanish).
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    dimensions = forms.MultipleChoiceField(
        label=_("Dimensions asked"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Untick the dimensions you will not discuss; a shorter questionnaire leaves more time to talk."
        ),
    )

    ask_names = forms.BooleanField(
        label=_("Ask participants for their name"),
        required=False,
        help_text=_("Names are shown only to you (participants list and exports), never on the projector."),
    )
    live_unsubmitted = forms.BooleanField(
        label=_("Show answers live before participants submit"),
        required=False,
        help_text=_("Off by default: the dashboard then counts only submitted answers."),
    )
    min_role_group = forms.IntegerField(
        label=_("Smallest role group shown"),
        required=False,
        min_value=MIN_ROLE_GROUP,
        max_value=MAX_PARTICIPANTS_LIMIT,
        initial=MIN_ROLE_GROUP,
        help_text=_(
            "Answers by role are shown only for roles with at least this many participants (3 or more)."
        ),
    )
    max_participants = forms.IntegerField(
        label=_("Most participants"),
        required=False,
        min_value=1,
        max_value=MAX_PARTICIPANTS_LIMIT,
        initial=DEFAULT_MAX_PARTICIPANTS,
        help_text=_("Nobody can join once this many have joined."),
    )

    def __init__(self, *args, user, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locality"].queryset = selectors.localities_for(user)
        dimensions = fw.load().dimensions
        self.fields["dimensions"].choices = [(d.code, d.text("name")) for d in dimensions]
        self.initial.setdefault("dimensions", [d.code for d in dimensions])
        self.initial.setdefault("date", timezone.localdate())
        if editing:  # a workshop stays in its locality
            del self.fields["locality"]


class JoinForm(forms.Form):
    role = forms.ChoiceField(label=_("You are here for"), choices=Role.choices, widget=forms.RadioSelect)
    name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=80,
        required=False,
        help_text=_(
            "Shown only to the facilitator, never on the projector. Leave it blank to answer anonymously."
        ),
    )
    # A random key drawn when the page is shown: sending the same form twice joins once.
    join_key = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, ask_names=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not ask_names:
            del self.fields["name"]
        self.fields["role"].error_messages["required"] = _("Choose your role, or “Prefer not to say”.")


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
