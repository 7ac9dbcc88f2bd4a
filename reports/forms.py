from django import forms
from django.utils.translation import gettext_lazy as _


class ProgressForm(forms.Form):
    """Which two assessments of a locality to compare (ids among the locality's own)."""

    before = forms.TypedChoiceField(label=_("Earlier assessment"), coerce=int)
    after = forms.TypedChoiceField(label=_("Later assessment"), coerce=int)

    def __init__(self, *args, assessments, **kwargs):
        super().__init__(*args, **kwargs)
        self.assessments = {a.pk: a for a in assessments}
        choices = [(a.pk, f"{a.title} ({a.get_status_display()})") for a in assessments]
        self.fields["before"].choices = self.fields["after"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("before") is not None and data.get("before") == data.get("after"):
            raise forms.ValidationError(_("Choose two different assessments."))
        return data

    def pair(self):
        return self.assessments[self.cleaned_data["before"]], self.assessments[self.cleaned_data["after"]]

    @staticmethod
    def default_pair(assessments):
        """The two latest submitted assessments (older first), or (None, None) with fewer than two."""
        submitted = [a for a in assessments if not a.is_draft]
        if len(submitted) < 2:
            return None, None
        return submitted[1], submitted[0]
