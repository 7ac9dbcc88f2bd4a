"""gzip for the pages and JSON the app renders (issue 13: phones on poor networks), where it is safe.

``CompressionMiddleware`` sits just below WhiteNoise in ``MIDDLEWARE``: static files never reach it
(WhiteNoise answers them first, with the pre-compressed copies ``collectstatic`` made), and every middleware
that could change a response body is below it, so it compresses the final body.

Why compressing is safe here, and where it is not done (BREACH: an attacker who can both inject text into a
response and make the victim's browser fetch it many times can read a secret in that response from the
compressed sizes):

- the CSRF token in forms is masked differently on every response (Django), so its bytes never repeat;
- the session id and the workshop device key are cookies: headers are not compressed;
- the session cookie is ``SameSite=Lax``: another site cannot make a logged-in browser fetch our pages
  except by top-level navigation, one visible request at a time;
- Django's gzip adds up to 100 random bytes to every compressed response (Heal-the-BREACH), blurring sizes;
- a participant's pages hold the workshop's join token only in their own URL: whoever can request them
  already knows it;
- the workshop dashboard (which ``workshops.views`` compresses itself) shows the join token, the short code
  and the QR code beside text participants write (their names); but it shows them to be projected to the
  room, and the only people who can inject text there are participants, who already have them.

Not compressed: the Django admin, which shows stored records of every workshop and account as they are,
beside text anyone joining a workshop can write; it is a desktop page for a few curators. Only text formats
are compressed (not XLSX, PDF or images).

Pages are compressed at zlib level 4, not Django's 6: a results page (65 KB of HTML) then takes 0.58 ms
instead of 1.22, a tenth of everything else the page costs, for 5 % more bytes (14.7 KB against 13.9); a
case page 0.22 ms instead of 0.37 for 4 % more. Streamed responses (CSV downloads) keep Django's level.

A page that shows large kept fragments (core/fragments.py: a result's body, a case page) is compressed in
pieces: the page around the fragments per request, each fragment once per process, at
level 9, and the pieces joined into one gzip stream (each piece ends on a byte boundary without a final
block, so their concatenation is one valid deflate stream; the CRC covers the whole page). A fragment is
compressed apart from the page around it, so nothing it holds shares a compression context with the CSRF
token or anything else per request.
"""

import gzip
import secrets
import struct
import zlib

from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils.cache import patch_vary_headers

from core import fragments

LEVEL = 4

COMPRESSED_TYPES = ("text/html", "application/json", "text/csv", "text/plain", "image/svg+xml")


def compressible(request, response) -> bool:
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type not in COMPRESSED_TYPES:
        return False
    match = getattr(request, "resolver_match", None)
    if match is not None and "admin" in match.namespaces:
        return False
    return True


def _header() -> bytes:
    """A gzip header (no time, unknown OS) with Django's Heal-the-BREACH padding: up to 100 random bytes in
    the file name field, so that equal pages do not compress to equal sizes."""
    padding = b"a" * secrets.randbelow(GZipMiddleware.max_random_bytes)
    return b"\x1f\x8b\x08" + bytes([gzip.FNAME]) + b"\x00\x00\x00\x00\x00\xff" + padding + b"\x00"


def compress(content: bytes, pieces: list[tuple[bytes, bytes]] = ()) -> bytes:
    """``content`` gzipped at ``LEVEL`` with a padded header (``_header``). ``pieces`` are parts of
    ``content`` already compressed, ``(bytes, fragments.deflated(bytes))`` in the order they appear: they are
    spliced in as they are, and only the rest is compressed now."""
    out, start = [_header()], 0
    for raw, deflated in pieces:
        at = content.find(raw, start)
        if at < 0 or not raw:
            continue  # not in the page as rendered (a fragment shown inside another one): compressed now
        out.append(fragments.deflated(content[start:at], LEVEL))
        out.append(deflated)
        start = at + len(raw)
    rest = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    out.append(rest.compress(content[start:]) + rest.flush())
    out.append(struct.pack("<II", zlib.crc32(content), len(content) & 0xFFFFFFFF))
    return b"".join(out)


class CompressionMiddleware(GZipMiddleware):
    """Django's ``GZipMiddleware`` at ``LEVEL`` for the responses ``compressible`` allows."""

    def process_request(self, request):
        request._fragments_token = fragments.collecting()

    def process_response(self, request, response):
        token = getattr(request, "_fragments_token", None)
        pieces = fragments.collected(token) if token is not None else []
        if not compressible(request, response):
            return response
        if response.streaming or len(response.content) < 200 or response.has_header("Content-Encoding"):
            return super().process_response(request, response)
        # Django's steps for a response in memory, with ``compress``.
        patch_vary_headers(response, ("Accept-Encoding",))
        if not re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        compressed = compress(response.content, pieces)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag  # RFC 9110 8.8.1: the compressed body is another one
        response.headers["Content-Encoding"] = "gzip"
        return response
