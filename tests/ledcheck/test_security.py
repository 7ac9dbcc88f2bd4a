"""Production security baseline: deploy checks, headers, login lockout, passwords, sessions, log privacy."""

import io
import json
import logging
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client, override_settings
from django.urls import path, reverse

from accounts.forms import SignupForm
from ledcheck import urls as ledcheck_urls
from ledcheck.logging import MASK, PersonalDataFilter, scrub
from tests.assessments.factories import PASSWORD, make_user
from tests.servers import free_port, manage, server_env

REPO = Path(__file__).resolve().parents[2]
PRODUCTION_KEY = "q8Vd2LmX0rTa9KfW3zYpB6nC1sHuE4gJ7oRiN5vQeZtUyAxMbGkDlPwSjFcIh"
LEDCHECK_ENV = (
    "DJANGO_DEBUG",
    "LEDCHECK_TESTING",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "LEDCHECK_HTTPS",
    "LEDCHECK_HSTS_SECONDS",
    "LEDCHECK_HSTS_PRELOAD",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by tests/conftest.py for the browser tests
)


def production_env(**extra) -> dict:
    """The documented production environment, without anything a test run or a developer may have set."""
    env = {k: v for k, v in os.environ.items() if k not in LEDCHECK_ENV}
    env.update(
        DJANGO_SETTINGS_MODULE="ledcheck.settings",
        SECRET_KEY=PRODUCTION_KEY,
        ALLOWED_HOSTS="ledcheck.example.org",
        CSRF_TRUSTED_ORIGINS="https://ledcheck.example.org",
    )
    env.update(extra)
    return env


PRODUCTION_SETTINGS = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "SECURE_CONTENT_TYPE_NOSNIFF": True,
    "SECURE_REFERRER_POLICY": "same-origin",
    "X_FRAME_OPTIONS": "DENY",
}
DEPLOY_CHECK = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]


def run(args, env) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)


def production_settings(**extra) -> dict:
    names = list(PRODUCTION_SETTINGS)
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    result = run([sys.executable, "-c", code], production_env(**extra))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# --- Deployment settings ------------------------------------------------------


def test_deploy_check_passes_with_the_documented_production_environment():
    result = run(DEPLOY_CHECK, production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_plain_http_is_an_explicit_choice_that_the_deploy_check_reports():
    result = run(DEPLOY_CHECK, production_env(LEDCHECK_HTTPS="0"))
    assert result.returncode != 0
    assert "security.W008" in result.stderr  # SECURE_SSL_REDIRECT
    assert "security.W004" in result.stderr  # HSTS


def test_production_defaults_to_https_with_hsts_and_secure_cookies():
    assert production_settings() == PRODUCTION_SETTINGS


def test_hsts_preload_and_duration_are_configurable():
    values = production_settings(LEDCHECK_HSTS_PRELOAD="0", LEDCHECK_HSTS_SECONDS="3600")
    assert values["SECURE_HSTS_PRELOAD"] is False
    assert values["SECURE_HSTS_SECONDS"] == 3600


@pytest.mark.parametrize(
    "key",
    ["short-key", "ab" * 30, "django-insecure-" + PRODUCTION_KEY],
    ids=["too-short", "repetitive", "django-insecure-prefix"],
)
def test_production_refuses_a_weak_secret_key(key):
    result = run([sys.executable, "-c", "import django; django.setup()"], production_env(SECRET_KEY=key))
    assert result.returncode != 0
    assert "SECRET_KEY is too weak for production" in result.stderr


# --- Headers on every response -----------------------------------------------

EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def parse_csp(header: str) -> dict:
    directives = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {d[0]: d[1] if len(d) > 1 else "" for d in directives}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, status",
    [
        ("/", 200),
        ("/accounts/login/", 200),
        ("/localities/", 302),
        ("/no-such-page/", 404),
        ("/static/css/ledcheck.css", 200),
    ],
)
def test_every_response_carries_csp_and_security_headers(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert parse_csp(response["Content-Security-Policy"]) == EXPECTED_CSP
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    if not url.startswith("/static/"):  # WhiteNoise answers before the clickjacking middleware
        assert response["X-Frame-Options"] == "DENY"


def test_templates_hold_no_inline_script_or_style():
    """The policy forbids them, so a page relying on one would silently break."""
    offenders = []
    for template in (REPO / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for needle in ("<script>", "<style", " style=", " onclick=", " onload=", " onchange=", "javascript:"):
            if needle in text:
                offenders.append(f"{template.relative_to(REPO)}: {needle.strip()}")
    assert offenders == []


# --- Login lockout (django-axes) ------------------------------------------------


def attempt(client, username, password, address="203.0.113.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in_as(client) -> str | None:
    return client.session.get("_auth_user_id")


@pytest.fixture
def ana(django_user_model):
    return make_user(django_user_model, "ana")


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_username_from_that_address(client, ana):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client, "ana", "wrong-password")
        assert response.status_code == 200  # the login form with its error
        assert "Please enter a correct username and password" in response.content.decode()
    assert attempt(client, "ana", "wrong-password").status_code == 429

    response = attempt(client, "ana", PASSWORD)  # the right password no longer helps
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many failed logins" in html
    assert "paused for 15 minutes" in html
    assert "Content-Security-Policy" in response.headers
    assert logged_in_as(client) is None


@pytest.mark.django_db
def test_a_lockout_is_per_username_and_address(client, ana, django_user_model):
    """A whole office behind one address is not locked out by one person's typos, and a stranger elsewhere
    cannot lock a colleague out."""
    make_user(django_user_model, "beto")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "ana", "wrong-password")
    assert attempt(Client(), "ana", PASSWORD).status_code == 429

    colleague = Client()
    assert attempt(colleague, "beto", PASSWORD).status_code == 302
    assert logged_in_as(colleague) is not None

    elsewhere = Client()
    assert attempt(elsewhere, "ana", PASSWORD, address="198.51.100.20").status_code == 302
    assert logged_in_as(elsewhere) == str(ana.pk)


@pytest.mark.django_db
def test_login_works_again_after_the_cool_off(client, ana):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "ana", "wrong-password")
    assert attempt(client, "ana", PASSWORD).status_code == 429
    # The failures are rows in the database (shared by every gunicorn worker); age them past the cool-off.
    assert AccessAttempt.objects.filter(username="ana").exists()
    last_failure = AccessAttempt.objects.get().attempt_time
    AccessAttempt.objects.update(attempt_time=last_failure - timedelta(minutes=16))

    assert attempt(client, "ana", PASSWORD).status_code == 302
    assert logged_in_as(client) == str(ana.pk)


@pytest.mark.django_db
def test_a_successful_login_resets_the_failure_count(client, ana):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "ana", "wrong-password")
    assert attempt(client, "ana", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.exists()
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "ana", "wrong-password").status_code == 200
    assert attempt(client, "ana", PASSWORD).status_code == 302


def gunicorn(env, log):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "ledcheck.wsgi:application", "--bind", f"127.0.0.1:{port}"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            requests.get(base + "/accounts/login/", timeout=5)
            return server, base
        except requests.RequestException:
            time.sleep(0.2)
    server.kill()
    raise AssertionError(f"gunicorn did not start on {base}")


def login_over_http(base, username, password) -> int:
    with requests.Session() as s:
        s.get(base + "/accounts/login/")
        data = {"username": username, "password": password, "csrfmiddlewaretoken": s.cookies["csrftoken"]}
        return s.post(base + "/accounts/login/", data=data, allow_redirects=False).status_code


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_lockout_holds_across_server_processes(tmp_path):
    """Failures sent to two separate gunicorn processes add up: the count lives in the database."""
    env = server_env(tmp_path)
    if "DATABASE_URL" not in env:
        manage(env, "migrate", "--noinput")
    create_ana = f"from accounts.models import User\nUser.objects.create_user('ana', password={PASSWORD!r})\n"
    manage(env, "shell", script=create_ana)
    servers = []
    with (tmp_path / "gunicorn.log").open("w") as log:
        try:
            servers = [gunicorn(env, log), gunicorn(env, log)]
            (_, first), (_, second) = servers
            for base in (first, second, first, second):
                assert login_over_http(base, "ana", "wrong-password") == 200
            assert login_over_http(second, "ana", "wrong-password") == 429  # the fifth, on either process
            assert login_over_http(first, "ana", PASSWORD) == 429
        finally:
            for server, _ in servers:
                server.send_signal(signal.SIGQUIT)
                server.wait(timeout=20)


@pytest.mark.django_db
def test_lockout_logs_mask_the_username_and_address(client, ana, caplog):
    caplog.set_level(logging.INFO, logger="axes")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "ana", "wrong-password")
    assert "Locking out" in caplog.text
    assert '"ana"' not in caplog.text
    assert "203.0.113.7" not in caplog.text


# --- Passwords ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password, complaint",
    [
        ("password", "This password is too common."),
        ("12345678", "This password is entirely numeric."),
        ("mariagonzalez1", "The password is too similar to the username."),
        ("xK3!e", "This password is too short."),
    ],
)
def test_signup_rejects_weak_passwords(password, complaint):
    form = SignupForm(
        data={
            "username": "mariagonzalez",
            "email": "maria@example.org",
            "password1": password,
            "password2": password,
        }
    )
    assert not form.is_valid()
    assert any(error.startswith(complaint) for error in form.errors["password2"]), form.errors


@pytest.mark.django_db
def test_signup_accepts_a_strong_password(client, django_user_model):
    data = {"username": "maria", "email": "maria@example.org", "password1": PASSWORD, "password2": PASSWORD}
    assert client.post(reverse("signup"), data).status_code == 302
    assert django_user_model.objects.filter(username="maria").exists()


# --- Sessions -----------------------------------------------------------------


@pytest.mark.django_db
def test_session_key_changes_on_login_and_dies_on_logout(client, ana):
    before = SessionStore()
    before["visited"] = True
    before.create()
    client.cookies[settings.SESSION_COOKIE_NAME] = before.session_key

    assert attempt(client, "ana", PASSWORD).status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before.session_key
    assert not SessionStore().exists(before.session_key)  # the pre-login key cannot be fixed on a victim

    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = after
    assert replay.get(reverse("assessments:locality_list")).status_code == 200

    client.post(reverse("logout"))
    response = replay.get(reverse("assessments:locality_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- Logging without personal data ----------------------------------------------


def boom(request):
    raise ValueError(f"could not save the note for {request.user.email}")


# The site's own URLs plus one failing view: the 500 page renders as on the real site (its links resolve).
urlpatterns = [path("boom/", boom), *ledcheck_urls.urlpatterns]
handler500 = ledcheck_urls.handler500


@pytest.fixture
def console_log():
    """What the configured console handler (stderr) writes, filters and formatter included."""
    handler = next(h for h in logging.getLogger("django.request").handlers if h.name == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_is_logged_without_personal_data(console_log, django_user_model):
    user = make_user(django_user_model, "maria.gonzalez", email="maria.gonzalez@municipio.example")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value

    response = client.post("/boom/", {"note": "Our mayor distrusts the chamber of commerce"})
    assert response.status_code == 500

    text = console_log.getvalue()
    assert "ERROR django.request: Internal Server Error: /boom/" in text
    assert "ValueError: could not save the note for " + MASK in text
    assert "Traceback" in text
    for personal in ("maria.gonzalez", "municipio.example", "mayor distrusts", session_key):
        assert personal not in text


def test_scrub_masks_email_addresses_and_given_values():
    assert scrub("mail ana.p+led@x.example.org now") == f"mail {MASK} now"
    assert scrub("user anita logged", {"anita"}) == f"user {MASK} logged"


def test_the_filter_survives_a_request_it_cannot_read():
    """Logging the error must not raise a second one when the body or the user cannot be read."""

    class Unreadable:
        COOKIES = {"sessionid": "s3ss10n-k3y"}

        @property
        def POST(self):
            raise ValueError("body too large")

        @property
        def user(self):
            raise RuntimeError("database down")

    record = logging.makeLogRecord({"name": "django.request", "msg": "Error: %s", "args": ("s3ss10n-k3y",)})
    record.request = Unreadable()
    assert PersonalDataFilter().filter(record)
    assert record.getMessage() == f"Error: {MASK}"
    assert record.request is None


def test_no_logger_mails_the_admins():
    for name in ("", "django", "django.request", "django.security"):
        handlers = logging.getLogger(name).handlers
        assert not any(type(h).__name__ == "AdminEmailHandler" for h in handlers), name
    assert settings.LOGGING["handlers"]["console"]["stream"] == "ext://sys.stderr"
    assert logging.getLogger("django.request").level == logging.ERROR
