"""A fixed-window limit on wrong short codes per client address, kept in the database.

Only *failed* attempts count: a whole room usually shares one public address (the venue's network), and
people typing the right code must never lock each other out, while anyone guessing codes fails nearly
every time. Once an address has ``limit`` failures within ``window``, every attempt from it, right or
wrong, is refused until the oldest failure leaves the window, so a guesser learns nothing more.
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from assessments.workshop_models import JoinAttempt

LIMIT = 20
WINDOW = timedelta(minutes=10)


def client_address(request) -> str:
    """The client's address: ``REMOTE_ADDR``, or the header named by ``LEDCHECK_CLIENT_IP_HEADER`` (e.g.
    ``HTTP_X_REAL_IP``) when a reverse proxy in front of the app sets it. A header is only trusted when
    configured, since clients can send any header they like."""
    header = getattr(settings, "LEDCHECK_CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()[:64]
    return (request.META.get("REMOTE_ADDR") or "unknown")[:64]


def ip_address(request) -> str | None:
    """``client_address`` for django-axes, which stores it in an IP address column: ``None`` when it is not
    an address (no ``REMOTE_ADDR``, as for ``Client.force_login``, or a garbled proxy header), which
    PostgreSQL would refuse with a server error."""
    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


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
