"""HTML to PDF with WeasyPrint, rendered on the server.

Stylesheets and images are read from the static files on disk (through the staticfiles finders), never
fetched over the network: a report must render on a machine without internet, and a crafted URL in content
must not make the server fetch anything."""

from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation

PDF_TYPE = "application/pdf"


def _static_path(url: str) -> str | None:
    """The file on disk behind a static URL, or ``None`` (not a static URL, missing, or outside the static
    directories)."""
    path = urlparse(url).path
    prefix = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL
    if not url.startswith(("http://report.invalid/", "/")) or not path.startswith(prefix):
        return None
    relative = path[len(prefix) :]
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation:  # ../ out of a static directory
        return None
    if not found and settings.STATIC_ROOT:  # an installed package serves from collectstatic's output
        root = Path(settings.STATIC_ROOT).resolve()
        candidate = (root / relative).resolve()
        found = str(candidate) if candidate.is_file() and candidate.is_relative_to(root) else None
    return found


def _fetcher():
    """A WeasyPrint URL fetcher that serves static files from disk and refuses everything else (no network,
    no file:// outside the static files)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnly(URLFetcher):
        def fetch(self, url, headers=None):
            found = _static_path(url)
            if found is None:
                raise ValueError(f"not a static file: {url}")
            mime = {".svg": "image/svg+xml", ".css": "text/css", ".png": "image/png"}.get(Path(found).suffix)
            return URLFetcherResponse(url, Path(found).read_bytes(), {"Content-Type": mime} if mime else None)

    return StaticOnly()


def render_pdf(template: str, context: dict, *, language: str | None = None) -> bytes:
    """The PDF of ``template`` rendered with ``context`` (in ``language`` when given)."""
    # Imported here: WeasyPrint loads Pango through ctypes, which costs time and memory a worker that never
    # makes a PDF should not pay.
    from weasyprint import HTML

    with translation.override(language or translation.get_language()):
        html = render_to_string(template, context)
        return HTML(string=html, base_url="http://report.invalid/", url_fetcher=_fetcher()).write_pdf()
