"""Rendered HTML kept per process under the state of what it shows (issue 13).

The case page, a page of the case library and the body of a frozen result show nothing that changes
without a new key: the library's revision (``cases.revision``: renewed on every change to a case), the
stored result's identity, the reader's language. So the HTML is rendered once per key and process and
served from memory after that; nothing is ever invalidated by hand. A fragment never holds a CSRF token,
a user's name or a message: those stay in the page around it (``base.html``, forms outside the fragment).

The cache is local memory (``CACHES["fragments"]``, bounded by ``MAX_ENTRIES``): a deploy starts empty, so
a changed template is never served from an older process's HTML.

A fragment is kept compressed too, once, as a piece of a gzip stream (``deflated``): the compression
middleware (ledcheck/compression.py) compresses only the page around it per request and splices the kept
piece in. Compressing a results page (65 KB of HTML, 55 KB of it the result's body) took 0.6 ms of every
request, the largest single cost of serving it; the fragment is compressed at the highest level instead,
once, so the page is smaller on the wire as well.
"""

import hashlib
import zlib
from collections.abc import Callable
from contextvars import ContextVar

from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe


def key_of(name: str, parts: tuple) -> str:
    digest = hashlib.sha256(repr((translation.get_language(), *parts)).encode()).hexdigest()[:40]
    return f"fragment:{name}:{digest}"


# The fragments the response being rendered carries, in order, as (UTF-8 bytes, deflated): a list while the
# compression middleware collects them for a request (``collecting``), None otherwise (a PDF, a command).
_served: ContextVar[list[tuple[bytes, bytes]] | None] = ContextVar("fragments_served", default=None)
LEVEL = 9  # once per fragment and process: the smallest output is worth the time
# Only a large fragment is worth a piece of its own: compressed apart, it cannot refer back to the page
# around it, which cost a page of the library (a 10 KB fragment) 6 % more bytes and saved nothing. A
# result's body (55 KB) and a case page (40 KB) come out smaller than the page compressed whole.
SPLICED_FROM = 16 * 1024


def deflated(data: bytes, level: int = LEVEL) -> bytes:
    """``data`` as raw deflate blocks that start from an empty window and end on a byte boundary without a
    final block (a sync flush): bytes that can stand anywhere inside a deflate stream, so a gzip body can be
    assembled from pieces compressed apart (ledcheck/compression.py)."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)


def collecting() -> object:
    """Start collecting the fragments of this request; returns the token ``collected`` takes."""
    return _served.set([])


def collected(token) -> list[tuple[bytes, bytes]]:
    """The fragments served since ``collecting`` (in order), and stop collecting."""
    served = _served.get() or []
    try:
        _served.reset(token)
    except ValueError:  # set in another context (an async stack runs the two halves apart): stop anyway
        _served.set(None)
    return served


def cached_fragment(name: str, parts: tuple, template: str, context: Callable[[], dict]) -> SafeString:
    """``template`` rendered with ``context()``, or the HTML rendered earlier under the same ``parts`` (and
    language): ``context`` is only called when it has to be rendered."""
    cache = caches["fragments"]
    key = key_of(name, parts)
    kept = cache.get(key)
    if kept is None:
        kept = (render_to_string(template, context()), None)
        cache.set(key, kept)
    html, compressed = kept
    served = _served.get()
    if served is not None and len(html) >= SPLICED_FROM:
        encoded = html.encode()
        if compressed is None:  # compressed the first time a request shows it
            compressed = deflated(encoded)
            cache.set(key, (html, compressed))
        served.append((encoded, compressed))
    return mark_safe(html)  # noqa: S308 (rendered by a template with autoescape)
