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
  already knows it.

Not compressed: the workshop dashboard and its QR code, which show the join token and the short code (what
lets anyone join) beside participants' own text (their names); and the Django admin, which shows stored
records (tokens included) as they are. Both are desktop pages loaded rarely; the dashboard's frequent poll
(``live.json``) holds no token and is compressed. Only text formats are compressed (not XLSX or images).
"""

from django.middleware.gzip import GZipMiddleware

COMPRESSED_TYPES = ("text/html", "application/json", "text/csv", "text/plain", "image/svg+xml")
# URL names (namespace:name) whose responses carry a secret next to text others can write.
NOT_COMPRESSED = frozenset({"workshops:dashboard", "workshops:qr"})


def compressible(request, response) -> bool:
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type not in COMPRESSED_TYPES:
        return False
    match = getattr(request, "resolver_match", None)
    if match is not None and ("admin" in match.namespaces or match.view_name in NOT_COMPRESSED):
        return False
    return True


class CompressionMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if not compressible(request, response):
            return response
        return super().process_response(request, response)
