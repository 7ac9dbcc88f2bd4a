"""Forms of the assessments app (localities, members, imports). The questionnaire's step form is
``questionnaire.forms.StepForm``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import Locality
from framework import definition as fw

MAX_UPLOAD_BYTES = 1_000_000


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


class MemberForm(forms.Form):  # kept for scripts; pages use InviteForm
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


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address to invite"),
        help_text=_(
            "We send an invitation link; the person accepts it logged in with this address, confirmed."
        ),
    )
