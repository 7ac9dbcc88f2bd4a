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
MASK = "[redacted]"
# Shorter values ("1", "on", "es") are too common to mask without garbling the rest of the message.
MIN_SECRET_LENGTH = 4


def _request_values(request) -> set[str]:
    """The personal values one request carries: the user's name and address, form fields, cookies."""
    values: set[str] = set()
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        values.update({user.get_username(), getattr(user, "email", "") or ""})
    post = getattr(request, "POST", None)
    if post is not None:
        for _key, items in post.lists():
            values.update(str(item) for item in items)
    values.update(str(value) for value in getattr(request, "COOKIES", {}).values())
    return {value for value in values if len(value) >= MIN_SECRET_LENGTH}


def scrub(text: str, secrets: set[str] = frozenset()) -> str:
    """``text`` with each of ``secrets`` (longest first) and every e-mail address replaced by a mask."""
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return EMAIL.sub(MASK, text)


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        secrets = _request_values(request) if request is not None else set()
        if request is not None:
            # A formatter or handler further on could otherwise print the request's body or cookies.
            record.request = None
        record.msg = scrub(record.getMessage(), secrets)
        record.args = None
        if record.exc_info and record.exc_info[0] is not None:
            # The formatter prints exc_text when set, so the traceback goes out masked too.
            record.exc_text = scrub("".join(traceback.format_exception(*record.exc_info)).rstrip(), secrets)
        elif record.exc_text:
            record.exc_text = scrub(record.exc_text, secrets)
        return True
