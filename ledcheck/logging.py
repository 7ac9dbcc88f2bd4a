"""A logging filter that keeps personal data out of the logs.

Django attaches the whole ``request`` to the records of ``django.request`` (a 500's traceback), and an
exception message can quote what a user typed (an e-mail address in an integrity error, a form value).
The filter runs on the console handler, so it sees every record before it is written: it drops the
request and masks, in the message and the traceback, the signed-in user's name and e-mail address,
every submitted form value and cookie value of that request, and anything shaped like an e-mail address.
The path, the status code and the exception class stay, which is what is needed to find the bug.
"""

from __future__ import annotations

import logging
import re
import traceback

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# The secret part of a password-reset, address-verification or invitation link (accounts/urls.py,
# assessments/urls.py): whoever reads it could use it.
TOKEN_LINK = re.compile(r"(/(?:reset|verify-email|invitations)/)[^\s\"'<>]+")
MASK = "[redacted]"
# Shorter values ("1", "on", "es") are too common to mask without garbling the rest of the message.
MIN_SECRET_LENGTH = 4


def _request_values(request) -> set[str]:
    """The personal values one request carries: the user's name and address, form fields, cookies.

    Each source is read on its own and skipped if reading it fails (the error being logged may be the
    database, or a body too large to parse): a logging filter must never raise.
    """
    values: set[str] = set()

    def user_values():
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return [user.get_username(), getattr(user, "email", "")]
        return []

    def post_values():
        return [item for _key, items in request.POST.lists() for item in items]

    def cookie_values():
        return list(request.COOKIES.values())

    for source in (user_values, post_values, cookie_values):
        try:
            values.update(str(value) for value in source() if value)
        except Exception:  # see the docstring
            continue
    return {value for value in values if len(value) >= MIN_SECRET_LENGTH}


def scrub(text: str, secrets: set[str] = frozenset()) -> str:
    """``text`` with each of ``secrets`` (longest first) and every e-mail address replaced by a mask."""
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return TOKEN_LINK.sub(r"\g<1>" + MASK, EMAIL.sub(MASK, text))


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        secrets = _request_values(request) if request is not None else set()
        if request is not None:
            # A formatter or handler further on could otherwise print the request's body or cookies.
            record.request = None
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # arguments that do not fit the format: keep the raw text
            message = str(record.msg)
        record.msg = scrub(message, secrets)
        record.args = None
        if record.exc_info and record.exc_info[0] is not None:
            # The formatter prints exc_text when set, so the traceback goes out masked too.
            record.exc_text = scrub("".join(traceback.format_exception(*record.exc_info)).rstrip(), secrets)
        elif record.exc_text:
            record.exc_text = scrub(record.exc_text, secrets)
        return True
