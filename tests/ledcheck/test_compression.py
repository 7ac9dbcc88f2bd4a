"""gzip where it is safe (ledcheck/compression.py): pages and JSON yes; the admin and binary downloads no."""

import gzip
import json
import re
import zlib
from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from assessments.services import submit_assessment
from framework.services import sync_framework_versions
from ledcheck.compression import LEVEL, compress
from tests.assessments.factories import answer_all, make_locality, make_user, started
from workshops import services as ws

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def test_the_middleware_sits_just_below_whitenoise():
    order = settings.MIDDLEWARE
    assert order.index("ledcheck.compression.CompressionMiddleware") == (
        order.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1
    )


def test_pages_are_compressed_for_clients_that_accept_gzip(client, benchmark_cases):
    response = client.get(reverse("cases:case_list"), **GZIP)
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content).decode()
    assert "Bucaramanga" in html
    assert len(response.content) < len(html.encode()) / 3


def test_pages_are_plain_for_clients_that_do_not(client, benchmark_cases):
    response = client.get(reverse("cases:case_list"))
    assert not response.has_header("Content-Encoding")
    assert "Bucaramanga" in response.content.decode()


@pytest.mark.django_db(databases=[])
def test_compress_pads_the_header_with_up_to_100_random_bytes_and_keeps_the_data():
    page = ("<p>Bucaramanga, Medellín, Rafaela</p>\n" * 400).encode()
    plain = gzip.compress(page, compresslevel=LEVEL, mtime=0)
    sizes = set()
    for _ in range(40):
        packed = compress(page)
        assert gzip.decompress(packed) == page
        assert packed[3] == gzip.FNAME and packed[:3] == plain[:3]
        name_end = packed.index(b"\x00", 10)
        assert name_end - 10 < 100 and packed[name_end + 1 :] == plain[10:]  # the data is zlib's, at LEVEL
        sizes.add(len(packed))
    assert len(sizes) > 5  # equal pages do not compress to equal sizes


def test_a_strong_etag_turns_weak_when_the_body_is_compressed(client, benchmark_cases):
    from django.http import HttpResponse

    from ledcheck.compression import CompressionMiddleware

    request = client.get(reverse("cases:case_list")).wsgi_request
    request.META.update(GZIP)
    page = HttpResponse("<p>Ilo</p>" * 100, content_type="text/html")
    page["ETag"] = '"v1"'
    response = CompressionMiddleware(lambda r: page)(request)
    assert response["Content-Encoding"] == "gzip" and response["ETag"] == 'W/"v1"'
    assert response["Content-Length"] == str(len(response.content))
    assert gzip.decompress(response.content) == b"<p>Ilo</p>" * 100


@pytest.fixture
def facilitator(client, benchmark_cases, django_user_model):
    sync_framework_versions()
    user = make_user(django_user_model, "facilitator")
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    workshop = ws.create_workshop(
        owner=user, locality=make_locality(user), title="Foro", date=date(2026, 5, 4)
    )
    return client, workshop


def test_the_dashboard_and_its_poll_are_compressed(facilitator):
    client, workshop = facilitator
    live = client.get(reverse("workshops:live", args=[workshop.pk]), **GZIP)
    assert live["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(live.content))
    dashboard = client.get(reverse("workshops:dashboard", args=[workshop.pk]), **GZIP)
    assert dashboard["Content-Encoding"] == "gzip"
    # The join token is on it, to be projected to the room (ledcheck/compression.py: why this is safe).
    assert workshop.token in gzip.decompress(dashboard.content).decode()


def test_the_admin_and_spreadsheets_are_not_compressed(facilitator):
    client, workshop = facilitator
    admin = client.get(reverse("admin:accounts_user_change", args=[workshop.owner_id]), **GZIP)
    assert admin.status_code == 200 and not admin.has_header("Content-Encoding")
    xlsx = client.get(reverse("workshops:export_xlsx", args=[workshop.pk]), **GZIP)
    assert xlsx.status_code == 200 and not xlsx.has_header("Content-Encoding")


# --- pieces compressed once (core/fragments.py), spliced into each page's gzip stream ------------------


@pytest.mark.django_db(databases=[])
@pytest.mark.parametrize(
    "before, after",
    [("<html><body>", "</body></html>"), ("", "</body></html>"), ("<html><body>", ""), ("", "")],
)
def test_a_spliced_page_decompresses_to_the_page(before, after):
    from core.fragments import deflated

    piece = ("<article>Rafaela: una agencia de desarrollo, 1997.</article>\n" * 300).encode()
    other = ("<aside>Ilo, Perú</aside>\n" * 200).encode()
    page = before.encode() + piece + b"<p>csrf 8f3a</p>" + other + after.encode()
    packed = compress(page, [(piece, deflated(piece)), (other, deflated(other))])
    assert gzip.decompress(packed) == page
    assert deflated(piece) in packed and deflated(other) in packed  # spliced as kept, not compressed again


@pytest.mark.django_db(databases=[])
def test_a_piece_not_in_the_page_is_left_out_and_the_page_compressed_whole():
    from core.fragments import deflated

    page = ("<p>Medellín</p>" * 500).encode()
    stray = b"<div>shown inside another fragment</div>"
    packed = compress(page, [(stray, deflated(stray))])
    assert gzip.decompress(packed) == page and deflated(stray) not in packed


def test_a_result_page_splices_its_kept_body_and_is_no_larger(
    client, django_user_model, benchmark_cases, monkeypatch
):
    from core import fragments
    from ledcheck import compression

    user = make_user(django_user_model, "marta")
    assessment = started(user, make_locality(user))
    answer_all(assessment, user)
    submit_assessment(assessment=assessment, user=user)
    client.force_login(user)
    url = reverse("assessments:assessment_results", args=[assessment.pk])
    plain = client.get(url).content
    spliced, original = [], fragments.collected

    def collected(token):  # what the middleware is handed, recorded on the way
        pieces = original(token)
        spliced.append(pieces)
        return pieces

    monkeypatch.setattr(compression.fragments, "collected", collected)
    for _ in range(2):  # rendering the body, then serving it kept
        response = client.get(url, **GZIP)
        page = gzip.decompress(response.content)
        # The same page as without gzip, but for the per-response CSRF token and script nonce.
        assert mask(page) == mask(plain)
        [(body, kept)] = spliced.pop()  # the result's body, the one large fragment of the page
        assert len(body) >= fragments.SPLICED_FROM and body in page
        assert kept in response.content  # its gzip piece as kept, not compressed again
        assert len(response.content) <= len(zlib.compress(page, LEVEL)) + 120  # padding: up to 100 bytes


def mask(page: bytes) -> bytes:
    return re.sub(rb'(value|nonce)="[A-Za-z0-9+/=_-]{20,}"', b"", page)
