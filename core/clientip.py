"""The client's address, the same for the login lockout (django-axes) and the workshop code limit."""

from __future__ import annotations

import ipaddress

from django.conf import settings


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
