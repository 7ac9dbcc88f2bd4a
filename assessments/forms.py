"""Forms of the assessments app. The questionnaire form is built from the framework, one per dimension."""

from dataclasses import dataclass

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from assessments import framework as fw
from assessments.models import EVIDENCE_MAX_LENGTH, Locality

# Never an option code of the framework (codes are lower_snake); only the form uses it.
NONE_OF_THESE = "__none__"
EVIDENCE_SUFFIX = "__evidence"
MAX_UPLOAD_BYTES = 1_000_000


class SignupForm(UserCreationForm):
    email = forms.EmailField(label=_("Email"), help_text=_("Used to reset your password if you forget it."))

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this email already exists."))
        return email


class LocalityForm(forms.ModelForm):
    class Meta:
        model = Locality
        fields = ("name", "country", "region_type", "population_band")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        region = fw.load().indicators["CTX.region_type"]
        self.fields["region_type"] = forms.ChoiceField(
            label=_("Type of region"),
            choices=[("", "---------"), *((o.code, o.text()) for o in region.options)],
            help_text=region.text("help"),
        )
        self.fields["population_band"].label = _("Population")


class MemberForm(forms.Form):
    identifier = forms.CharField(label=_("Username or email"), max_length=254)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Assessment file (JSON)"),
        help_text=_("A file downloaded from ledcheck (“Download JSON”); at most 1 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/json,.json"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is too big (%(size)d bytes); the limit is 1 MB.") % {"size": upload.size}
            )
        return upload


@dataclass
class Question:
    """One question of a step as the template shows it."""

    number: int
    indicator: fw.Indicator
    field: forms.BoundField
    evidence: forms.BoundField

    @property
    def anchor(self) -> str:
        return f"q-{self.indicator.code}"


def _value_field(indicator: fw.Indicator, number: int) -> forms.Field:
    choices = [(o.code, o.text()) for o in indicator.options]
    cited = format_html(
        '{}<span class="d-block question-citation">{}</span>',
        indicator.text("help"),
        _("Helmsing (2001): %(citation)s") % {"citation": indicator.citation},
    )
    label = f"{number}. {indicator.text('label')}"
    if indicator.type == "multi":
        choices += [(NONE_OF_THESE, _("None of these")), (fw.DONT_KNOW, _("Don't know"))]
        widget = forms.CheckboxSelectMultiple
        return forms.MultipleChoiceField(
            label=label, choices=choices, required=False, widget=widget, help_text=cited
        )
    choices.append((fw.DONT_KNOW, _("Don't know")))
    return forms.ChoiceField(
        label=label, choices=choices, required=False, widget=forms.RadioSelect, help_text=cited
    )


def _to_form(indicator: fw.Indicator, value):
    if indicator.type != "multi":
        return value
    if value is None:
        return []
    if value == fw.DONT_KNOW:
        return [fw.DONT_KNOW]
    return list(value) or [NONE_OF_THESE]


class StepForm(forms.Form):
    """The questions of one framework dimension; each may be left blank (unanswered) in a draft."""

    def __init__(
        self,
        *args,
        dimension: fw.Dimension,
        first_number: int = 1,
        values=None,
        evidence=None,
        read_only: bool = False,
        **kwargs,
    ):
        values, evidence = values or {}, evidence or {}
        super().__init__(*args, **kwargs)
        self.dimension = dimension
        for offset, indicator in enumerate(dimension.indicators):
            code = indicator.code
            self.fields[code] = _value_field(indicator, first_number + offset)
            self.fields[code + EVIDENCE_SUFFIX] = forms.CharField(
                label=_("Evidence note (optional)"),
                required=False,
                max_length=EVIDENCE_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_(
                    "What supports this answer: a document, a programme, a body (at most 2000 characters)"
                ),
            )
            self.initial[code] = _to_form(indicator, values.get(code))
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
            picked = cleaned.get(indicator.code)
            exclusive = {NONE_OF_THESE, fw.DONT_KNOW}
            if indicator.type == "multi" and picked and len(picked) > 1 and exclusive & set(picked):
                self.add_error(
                    indicator.code,
                    _("“None of these” and “Don't know” cannot be combined with other choices."),
                )
        return cleaned

    def answers(self) -> dict:
        """``{code: value}`` in the answer format; ``None`` for a question left blank."""
        result = {}
        for indicator in self.dimension.indicators:
            picked = self.cleaned_data.get(indicator.code)
            if indicator.type == "multi":
                if not picked:
                    value = None
                elif picked == [NONE_OF_THESE]:
                    value = []
                elif picked == [fw.DONT_KNOW]:
                    value = fw.DONT_KNOW
                else:
                    value = picked
            else:
                value = picked or None
            result[indicator.code] = value
        return result

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
