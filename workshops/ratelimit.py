"""A fixed-window limit on wrong short codes per client address, kept in the database.

Only *failed* attempts count: a whole room usually shares one public address (the venue's network), and
people typing the right code must never lock each other out, while anyone guessing codes fails nearly
every time. Once an address has ``limit`` failures within ``window``, every attempt from it, right or
wrong, is refused until the oldest failure leaves the window, so a guesser learns nothing more.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from workshops.models import JoinAttempt

LIMIT = 100
WINDOW = timedelta(minutes=10)


def limits() -> tuple[int, timedelta]:
    limit = getattr(settings, "LEDCHECK_JOIN_FAILURE_LIMIT", LIMIT)
    window = timedelta(seconds=getattr(settings, "LEDCHECK_JOIN_FAILURE_WINDOW", WINDOW.total_seconds()))
    return limit, window


def is_limited(address: str) -> bool:
    limit, window = limits()
    since = timezone.now() - window
    return JoinAttempt.objects.filter(address=address, created_at__gte=since).count() >= limit


def record_failure(address: str) -> None:
    """Count one wrong code from ``address``; forget this address's failures that left the window."""
    _limit, window = limits()
    now = timezone.now()
    JoinAttempt.objects.filter(address=address, created_at__lt=now - window).delete()
    JoinAttempt.objects.create(address=address, created_at=now)
