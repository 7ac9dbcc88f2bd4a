"""Regression tests of the second security probe (issue 12): findings 3 (e-mail in production),
5 (request size), 6 (client address behind proxies, IPv6), 10 (long usernames), 12 (look-alike usernames,
HEAD). Each failed on the code before its fix."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from core.clientip import client_address, forwarded_address
from ledcheck.logging import scrub
from tests.assessments.factories import PASSWORD, make_user

REPO = Path(__file__).resolve().parents[2]
PRODUCTION_KEY = "q8Vd2LmX0rTa9KfW3zYpB6nC1sHuE4gJ7oRiN5vQeZtUyAxMbGkDlPwSjFcIh"
CLEARED = {
    "DJANGO_DEBUG",
    "LEDCHECK_TESTING",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "EMAIL_BACKEND",
    "LEDCHECK_ALLOW_UNDELIVERED_EMAIL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def production(code: str, **extra) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    env.update(
        DJANGO_SETTINGS_MODULE="ledcheck.settings", SECRET_KEY=PRODUCTION_KEY, ALLOWED_HOSTS="x.example"
    )
    env.update(extra)
    script = "import django; django.setup(); from django.conf import settings; " + code
    return subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )


# --- Finding 3: no reset link on the server's output --------------------------------------------------


def test_production_delivers_e_mail_by_default():
    result = production("print(settings.EMAIL_BACKEND)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.parametrize("backend", ["console", "locmem", "dummy", "filebased"])
def test_production_refuses_a_non_delivering_e_mail_backend(backend):
    result = production("print('started')", EMAIL_BACKEND=f"django.core.mail.backends.{backend}.EmailBackend")
    assert result.returncode != 0
    assert "delivers no e-mail" in result.stderr and "LEDCHECK_ALLOW_UNDELIVERED_EMAIL" in result.stderr


def test_production_without_e_mail_when_allowed_never_prints_the_message():
    code = (
        "from django.core.mail import send_mail; "
        "send_mail('Reset', 'https://x.example/accounts/reset/MQ/abc-123456/', 'a@x.example', "
        "['b@x.example']);"
        "print(settings.EMAIL_BACKEND)"
    )
    result = production(
        code,
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        LEDCHECK_ALLOW_UNDELIVERED_EMAIL="1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "core.mail.UndeliveredEmailBackend"
    assert "abc-123456" not in result.stdout + result.stderr
    assert "not delivered" in result.stderr


def test_log_filter_masks_reset_verification_and_invitation_links():
    text = scrub(
        "GET /accounts/reset/MQ/c9x-1f2e3/ then /accounts/verify-email/abc:def/ and /invitations/t0k3n/"
    )
    assert "c9x" not in text and "abc:def" not in text and "t0k3n" not in text
    assert text.count("[redacted]") == 3


@pytest.mark.django_db
def test_the_password_reset_flow_logs_no_token(client, django_user_model, caplog):
    make_user(django_user_model, "ana")
    with caplog.at_level(logging.DEBUG):
        client.post(reverse("password_reset"), {"email": "ana@example.org"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert token not in caplog.text


# --- Finding 5: request size bounded before the body is read -------------------------------------------


@pytest.mark.django_db
def test_an_oversized_anonymous_post_gets_413_in_the_visitors_language():
    client = Client(HTTP_ACCEPT_LANGUAGE="es")
    body = b"x" * (settings.LEDCHECK_MAX_ANONYMOUS_REQUEST_BYTES + 1)
    response = client.post(reverse("login"), data=body, content_type="application/octet-stream")
    assert response.status_code == 413
    html = response.content.decode()
    assert "demasiado" in html.lower()
    assert response["Connection"] == "close"


@pytest.mark.django_db
def test_a_signed_in_user_may_send_more_but_not_more_than_the_limit(client, django_user_model):
    client.force_login(make_user(django_user_model, "ana"))
    fits = b"x" * (settings.LEDCHECK_MAX_ANONYMOUS_REQUEST_BYTES + 1)
    assert client.post(reverse("password_change"), data=fits, content_type="text/plain").status_code != 413
    too_big = b"x" * (settings.LEDCHECK_MAX_REQUEST_BYTES + 1)
    assert client.post(reverse("password_change"), data=too_big, content_type="text/plain").status_code == 413


def test_the_limit_is_checked_on_the_declared_length_before_reading(rf):
    """The body is never touched: a request that declares 300 MB and sends nothing is refused at once."""
    from core.middleware import RequestSizeLimitMiddleware

    class Unreadable:
        def read(self, *args):
            raise AssertionError("the body was read")

        readline = read

    request = rf.post("/accounts/login/", data=b"", content_type="application/octet-stream")
    request.META["CONTENT_LENGTH"] = str(300 * 1024 * 1024)
    request.META["wsgi.input"] = Unreadable()
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = RequestSizeLimitMiddleware(lambda r: r.POST and None)(request)
    assert response.status_code == 413


def test_uploads_within_the_limit_never_go_to_disk():
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE >= settings.LEDCHECK_MAX_REQUEST_BYTES


# --- Finding 6: client address from the right of X-Forwarded-For; IPv6 by /64 -----------------------------


def test_forwarded_address_is_read_from_the_right():
    assert forwarded_address("6.6.6.6, 203.0.113.7") == "203.0.113.7"
    assert forwarded_address("6.6.6.6, 203.0.113.7, 10.0.0.2", trusted_proxies=2) == "203.0.113.7"
    assert forwarded_address("203.0.113.7") == "203.0.113.7"


def test_ipv6_clients_count_by_their_64(rf):
    one = rf.get("/", REMOTE_ADDR="2001:db8:1:2:aaaa::1")
    other = rf.get("/", REMOTE_ADDR="2001:db8:1:2:ffff:1234::9")
    elsewhere = rf.get("/", REMOTE_ADDR="2001:db8:1:3::1")
    assert client_address(one) == client_address(other) == "2001:db8:1:2::"
    assert client_address(elsewhere) != client_address(one)
    assert client_address(rf.get("/", REMOTE_ADDR="::ffff:192.0.2.4")) == "192.0.2.4"


@pytest.mark.django_db
def test_a_spoofed_first_forwarded_entry_does_not_bypass_the_login_lockout(settings, django_user_model):
    settings.LEDCHECK_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    make_user(django_user_model, "ana")
    client = Client()

    def attempt(n, password):
        # The client invents a new first entry each time; the proxy appends the real address.
        return client.post(
            reverse("login"),
            {"username": "ana", "password": password},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.7",
        )

    for n in range(12):
        attempt(n, "wrong-password")
    assert attempt(99, PASSWORD).status_code == 429


@pytest.mark.django_db
def test_rotating_ipv6_addresses_does_not_bypass_the_login_lockout(django_user_model):
    make_user(django_user_model, "ana")
    client = Client()
    for n in range(12):
        client.post(
            reverse("login"), {"username": "ana", "password": "wrong"}, REMOTE_ADDR=f"2001:db8:5:6::{n + 1:x}"
        )
    response = client.post(
        reverse("login"), {"username": "ana", "password": PASSWORD}, REMOTE_ADDR="2001:db8:5:6::abcd"
    )
    assert response.status_code == 429


# --- Finding 10: a username over 255 characters at login -----------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_an_overlong_username_at_login_is_a_form_error_not_a_server_error(client, url):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post(url, {"username": "a" * 300, "password": "x"}, REMOTE_ADDR="203.0.113.7")
        # The form's error, then (these are failures like any other) the lockout page; never a 500.
        assert response.status_code in (200, 429)


# --- Finding 12: look-alike usernames; HEAD where GET is answered ---------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("lookalike", ["\u0430lice", "Alice", "\u00e1lice", "ａlice"])
def test_a_look_alike_username_is_refused_at_sign_up(client, django_user_model, lookalike):
    make_user(django_user_model, "alice")
    data = {"username": lookalike, "email": "other@example.org", "password1": PASSWORD, "password2": PASSWORD}
    response = client.post(reverse("signup"), data)
    assert response.status_code == 200
    assert django_user_model.objects.count() == 1


@pytest.mark.django_db
def test_accented_latin_usernames_are_fine(client, django_user_model):
    data = {"username": "nuñez.josé", "email": "n@example.org", "password1": PASSWORD, "password2": PASSWORD}
    assert client.post(reverse("signup"), data).status_code == 302


@pytest.mark.django_db
def test_a_look_alike_username_is_refused_in_the_admin_too(django_user_model):
    from django.core.exceptions import ValidationError

    make_user(django_user_model, "alice")
    user = django_user_model(username="\u0430lice")
    user.set_password(PASSWORD)
    with pytest.raises(ValidationError):
        user.full_clean()


@pytest.mark.django_db
def test_head_is_answered_where_get_is(client, django_user_model, benchmark_cases):
    client.force_login(make_user(django_user_model, "ana"))
    for url in ["/", "/cases/", "/cases/compare/", "/localities/", "/accounts/login/", "/workshops/"]:
        get = client.get(url)
        head = client.head(url)
        assert head.status_code == get.status_code == 200, url
        assert head.content == b""
        assert head["Content-Type"] == get["Content-Type"]


# --- Finding 9: submit in one tab, save in another --------------------------------------------------------


@pytest.mark.django_db
def test_saving_a_step_after_submitting_in_another_tab_is_a_clear_answer(client, django_user_model):
    from framework.services import sync_framework_versions
    from tests.assessments.factories import answer_all, started

    sync_framework_versions()
    user = make_user(django_user_model, "ana")
    assessment = started(user)
    answer_all(assessment, user)
    client.force_login(user)
    code = assessment.framework.framework.dimensions[0].code
    step = reverse("assessments:assessment_step", args=[assessment.pk, code])
    first_tab = client.get(step)  # opened while still a draft
    assert first_tab.status_code == 200
    assert client.post(reverse("assessments:assessment_submit", args=[assessment.pk])).status_code == 302
    response = client.post(step, {"goto": "review"})  # the other tab saves
    assert response.status_code == 403
    assert "submitted" in response.content.decode()
    again = client.post(reverse("assessments:assessment_submit", args=[assessment.pk]))
    assert again.status_code == 302


# --- Finding 11: backups owner-only, without sessions ------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_backup_is_owner_only_and_holds_no_session(tmp_path):
    import shutil
    import sqlite3
    import stat

    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection

    from ledcheck import backup

    session = SessionStore()
    session["_auth_user_id"] = "1"
    session.create()
    db = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        # The suite's SQLite database lives in memory: back up a file copy holding the same tables.
        source = tmp_path / "live.sqlite3"
        with sqlite3.connect(source) as con:
            con.execute("CREATE TABLE django_migrations (app TEXT)")
            con.execute("CREATE TABLE django_session (session_key TEXT, session_data TEXT)")
            con.execute("INSERT INTO django_session VALUES (?, 'x')", (session.session_key,))
        db = {**db, "NAME": str(source)}
    old_umask = os.umask(0o022)
    try:
        written = backup.backup(
            db, tmp_path / "out" / ("b.sqlite3" if connection.vendor == "sqlite" else "b.dump")
        )
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    if connection.vendor == "sqlite":
        with sqlite3.connect(written) as con:
            assert con.execute("SELECT count(*) FROM django_session").fetchone()[0] == 0
        assert session.session_key.encode() not in written.read_bytes()
    else:
        listing = subprocess.run(
            [shutil.which("pg_restore"), "--data-only", "--table=django_session", "--file=-", str(written)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert session.session_key not in listing
