"""Address verification: a signed, expiring link mailed to the address; opening it proves the mailbox.

The link's token signs the account and the address it was sent to, so it stops working when the address
changes; nothing is stored. Tokens never reach the logs (``ledcheck.logging`` masks ``/verify-email/...``).
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import User, normalise_email
from core.errors import ServiceError

SALT = "ledcheck.accounts.verify-email"


class InvalidToken(ServiceError):
    """A verification link that is garbled, expired, or for an address the account no longer has."""


def make_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "e": normalise_email(user.email)}, salt=SALT, compress=True)


def send_verification(*, user: User, request) -> bool:
    """Mail a verification link to the user's address; False when there is nothing to verify."""
    if not user.email or user.email_verified:
        return False
    link = request.build_absolute_uri(reverse("verify_email", args=[make_token(user)]))
    context = {"user": user, "link": link, "days": settings.LEDCHECK_EMAIL_TOKEN_DAYS}
    subject = render_to_string("registration/verify_email_subject.txt", context).strip()
    body = render_to_string("registration/verify_email_email.txt", context)
    send_mail(subject, body, None, [user.email])
    return True


@transaction.atomic
def verify(*, token: str) -> User:
    """Mark the address of the token verified. An unverified copy of the same address on other accounts (a
    squatter's, or a forgotten second sign-up) is removed from them: the address is this account's now."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.LEDCHECK_EMAIL_TOKEN_DAYS * 24 * 3600)
    except signing.BadSignature as exc:  # includes SignatureExpired
        raise InvalidToken("bad or expired token") from exc
    user = User.objects.select_for_update().filter(pk=data.get("u"), is_active=True).first()
    if user is None or normalise_email(user.email) != data.get("e") or not user.email:
        raise InvalidToken("the account or its address changed")
    if not user.email_verified:
        User.objects.filter(email=user.email, email_verified=False).exclude(pk=user.pk).update(email="")
        user.email_verified = True
        user.save(update_fields=["email_verified"])
    return user
