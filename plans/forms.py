from django import forms
from django.utils.translation import gettext_lazy as _

from plans.models import Action, Status


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["title", "detail", "owner", "due_date", "status"]
        widgets = {
            # ISO value whatever the language: a date input drops any other format.
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "detail": forms.Textarea(attrs={"rows": 3}),
        }


class ReviewForm(forms.Form):
    """What became of one open action (one form per action on the review page)."""

    status = forms.ChoiceField(label=_("Status now"), choices=Status.choices)
    note = forms.CharField(
        label=_("What happened"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
