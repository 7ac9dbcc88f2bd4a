from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from accounts.models import User, normalise_email


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        label=_("Email"),
        help_text=_("We send a link to confirm it. Used to reset your password and to accept invitations."),
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def clean_email(self):
        # Only a verified address is taken: someone who registered another person's address first (and
        # cannot open its mail) blocks nobody.
        email = normalise_email(self.cleaned_data["email"])
        if User.objects.filter(email=email, email_verified=True).exists():
            raise forms.ValidationError(_("An account with this email already exists."))
        return email
