"""The client's address, the same for the login lockout (django-axes) and the workshop code limit."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def forwarded_address(value: str, trusted_proxies: int = 1) -> str:
    """The client address of a proxy header such as ``X-Forwarded-For: <sent by client>, <client>``.

    Each proxy *appends* the address it received the request from, so the entries a client typed itself
    are on the left and only the last ``trusted_proxies`` entries were written by proxies of ours: the
    client is the entry the outermost of them wrote, ``trusted_proxies`` from the right. The first entry
    is whatever the client wants it to be and is never used (unless there are fewer entries than proxies).
    """
    entries = [entry.strip() for entry in value.split(",") if entry.strip()]
    if not entries:
        return ""
    return entries[-trusted_proxies] if len(entries) >= trusted_proxies else entries[0]


def _limit_form(address: str) -> str:
    """An IPv6 address as its network of ``LEDCHECK_IPV6_LIMIT_PREFIX`` bits (default /64, what one
    subscriber gets): rotating addresses within it must not reset a limit. IPv4 (and IPv4-mapped IPv6)
    addresses are kept whole; anything else is returned as it is."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6 and ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        prefix = getattr(settings, "LEDCHECK_IPV6_LIMIT_PREFIX", 64)
        return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)
    return str(ip)


def client_address(request) -> str:
    """The address limits count against: ``REMOTE_ADDR``, or the client entry of the header named by
    ``LEDCHECK_CLIENT_IP_HEADER`` (e.g. ``HTTP_X_FORWARDED_FOR``) when reverse proxies in front of the app
    set it (``forwarded_address``). IPv6 addresses stand for their /64 network. A header is only trusted
    when configured, since clients can send any header they like."""
    header = getattr(settings, "LEDCHECK_CLIENT_IP_HEADER", "")
    address = ""
    if header and request.META.get(header):
        address = forwarded_address(request.META[header], getattr(settings, "LEDCHECK_TRUSTED_PROXIES", 1))
    address = address or request.META.get("REMOTE_ADDR") or "unknown"
    return _limit_form(address[:64])[:64]


def ip_address(request) -> str | None:
    """``client_address`` for django-axes, which stores it in an IP address column: ``None`` when it is not
    an address (no ``REMOTE_ADDR``, as for ``Client.force_login``, or a garbled proxy header), which
    PostgreSQL would refuse with a server error."""
    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
