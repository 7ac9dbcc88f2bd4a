"""Hypothesis strategies and checks shared by the fuzz tests: hostile text, raw form bodies (which may carry
lone surrogates and repeated fields), and the properties every answer must have."""

from __future__ import annotations

from urllib.parse import quote_from_bytes

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.ledcheck.matrix import attempt

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # the same examples on every run and database: a failure is reproducible
)

HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\ud800",
    "x\udfffy",
    "\u202eevil\u202c",
    "مرحبا بالعالم",
    "שלום",
    "😀👩‍👩‍👧🇦🇷",
    "x" * 100_000,
    "-1",
    "0",
    "9" * 40,
    "1e999",
    "NaN",
    "[]",
    "{}",
    "null",
    "true",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "dont_know",
    "__none__",
    "../../etc/passwd",
    "%00",
    "\r\n",
    "\t",
    "ä" * 300,
]
any_char = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
hostile_text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30), st.text(any_char, max_size=30))

# Marks of an error shown to the user: form field errors (crispy / Django), alerts, admin problems.
ERROR_MARKERS = ("invalid-feedback", "errorlist", "alert-danger", "csv-problems", "errornote")


def field_pairs(names, values=hostile_text, max_size=12):
    """A raw form: (name, value) pairs over ``names`` and junk names, possibly repeating a name."""
    name = st.one_of(st.sampled_from(list(names)), hostile_text)
    return st.lists(st.tuples(name, values), max_size=max_size)


def encode_form(pairs) -> str:
    """URL-encoded body of ``pairs``; lone surrogates are sent as the bytes a broken client would send."""

    def enc(text):
        return quote_from_bytes(text.encode("utf-8", "surrogatepass"))

    return "&".join(f"{enc(k)}={enc(v)}" for k, v in pairs)


def post_form(client, url, pairs):
    """``(response, changed)`` of posting ``pairs`` (rolled back afterwards)."""
    body = encode_form(pairs)
    return attempt(client, "post", url, body, content_type="application/x-www-form-urlencoded")


def get_query(client, url, pairs):
    """``(response, changed)`` of a GET with ``pairs`` as its (raw) query string."""
    return attempt(client, "get", f"{url}?{encode_form(pairs)}")


def shows_error(response) -> bool:
    return any(marker in response.content.decode("utf-8", "replace") for marker in ERROR_MARKERS)


def assert_refused_cleanly(response, changed, pairs, *, success=(302,)):
    """Never a server error; a refused request explains itself and changed nothing. (No fields at all is an
    unbound form: the page is shown again as on GET.)"""
    assert response.status_code < 500
    if not pairs:
        assert not changed
    elif response.status_code not in success:
        assert not changed, f"refused with {response.status_code} but the database changed"
        assert shows_error(response), f"refused with {response.status_code} without an error message"
