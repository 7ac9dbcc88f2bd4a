"""An e-mail backend for a site explicitly run without e-mail (``LEDCHECK_ALLOW_UNDELIVERED_EMAIL``)."""

from __future__ import annotations

import logging

from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger("ledcheck.mail")


class UndeliveredEmailBackend(BaseEmailBackend):
    """Sends nothing and logs only that a message was not sent: never its text, which may hold a
    password-reset link, nor its recipients."""

    def send_messages(self, email_messages):
        for message in email_messages:
            logger.warning("e-mail not delivered (no e-mail backend configured): %r", message.subject)
        return 0
