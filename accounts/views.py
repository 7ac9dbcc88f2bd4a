"""Sign-up and address verification. Log in, log out and password reset are Django's own views
(``django.contrib.auth.urls``)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts import verification
from accounts.forms import SignupForm


@require_http_methods(["GET", "HEAD", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = SignupForm(request.POST or None)
    if form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        verification.send_verification(user=user, request=request)
        welcome = _("Welcome, %(user)s! Start by adding your locality.") % {"user": user.get_username()}
        messages.success(request, welcome)
        messages.info(
            request,
            _("We sent a link to %(email)s: open it to confirm the address (needed to accept invitations).")
            % {"email": user.email},
        )
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "registration/signup.html", {"form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def verify_email_send(request):
    """The state of the user's address, and a button that mails a new verification link."""
    if request.method == "POST":
        if verification.send_verification(user=request.user, request=request):
            messages.success(request, _("A new link was sent to %(email)s.") % {"email": request.user.email})
        return redirect("verify_email_send")
    return render(request, "registration/verify_email.html", {"account": request.user})


@require_safe
def verify_email(request, token):
    try:
        user = verification.verify(token=token)
    except verification.InvalidToken:
        return render(request, "registration/verify_email_failed.html", status=400)
    if request.user.is_authenticated and request.user.pk == user.pk:
        request.user.email_verified = True
    return render(request, "registration/verify_email_done.html", {"account": user})
