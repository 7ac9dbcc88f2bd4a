"""Refuse a request body that is too large before anything reads it."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class RequestSizeLimitMiddleware:
    """Answer 413 (a translated page) when ``Content-Length`` exceeds the limit: the body is then never read,
    parsed or spooled to disk. Signed-in people get ``LEDCHECK_MAX_REQUEST_BYTES`` (case CSV imports),
    everyone else ``LEDCHECK_MAX_ANONYMOUS_REQUEST_BYTES``. A body without a length (chunked) is refused
    with 411, since it could only be measured by reading it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = request.META.get("CONTENT_LENGTH") or ""
        if request.method in BODY_METHODS and not length and request.META.get("wsgi.input_terminated"):
            if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
                return HttpResponse("Length Required", status=411, content_type="text/plain")
        try:
            size = int(length or 0)
        except ValueError:
            return HttpResponse("Bad Content-Length", status=400, content_type="text/plain")
        limit = self.limit(request)
        if size > limit:
            return self.too_large(request, limit)
        return self.get_response(request)

    @staticmethod
    def limit(request) -> int:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return settings.LEDCHECK_MAX_REQUEST_BYTES
        return settings.LEDCHECK_MAX_ANONYMOUS_REQUEST_BYTES

    @staticmethod
    def too_large(request, limit: int) -> HttpResponse:
        html = render_to_string("core/413.html", {"limit": limit}, request=request)
        # No "Connection: close": a WSGI application may not set hop-by-hop headers (the server decides;
        # gunicorn discards an unread body without storing it).
        return HttpResponse(html, status=413)


class HeadAsGetMiddleware:
    """Answer ``HEAD`` wherever ``GET`` is answered (``require_GET`` views would say 405): the view sees a
    GET, and the response goes out with the GET's headers and no body. Link checkers, uptime monitors and
    some phones ask with HEAD first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if not getattr(response, "streaming", False):
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response
