import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from ledcheck.settings import database_config

REPO = Path(__file__).resolve().parents[2]
# Shaped like `secrets.token_urlsafe(50)`: production refuses short or repetitive keys.
PRODUCTION_KEY = "q8Vd2LmX0rTa9KfW3zYpB6nC1sHuE4gJ7oRiN5vQeZtUyAxMbGkDlPwSjFcIh"


# --- DATABASE_URL (dj-database-url, checked by database_config) ---


def test_parse_postgresql_url():
    cfg = database_config("postgresql://led:secret@db.example.org:6543/ledcheck")
    assert cfg["ENGINE"] == "django.db.backends.postgresql"
    assert cfg["NAME"] == "ledcheck"
    assert cfg["USER"] == "led"
    assert cfg["PASSWORD"] == "secret"
    assert cfg["HOST"] == "db.example.org"
    assert cfg["PORT"] == 6543
    assert cfg["CONN_MAX_AGE"] == 60
    assert cfg["TEST"] == {"NAME": "test_ledcheck"}
    assert "OPTIONS" not in cfg


def test_parse_postgres_scheme_without_port():
    cfg = database_config("postgres://led@localhost/ledcheck")
    assert cfg["PORT"] == ""
    assert cfg["PASSWORD"] == ""
    assert cfg["HOST"] == "localhost"


def test_parse_percent_encoded_password_with_special_characters():
    # p@ss:w/rd#?%  ->  p%40ss%3Aw%2Frd%23%3F%25
    cfg = database_config("postgresql://us%40er:p%40ss%3Aw%2Frd%23%3F%25@127.0.0.1:54329/led%20db")
    assert cfg["USER"] == "us@er"
    assert cfg["PASSWORD"] == "p@ss:w/rd#?%"
    assert cfg["HOST"] == "127.0.0.1"
    assert cfg["PORT"] == 54329
    assert cfg["NAME"] == "led db"
    assert cfg["TEST"]["NAME"] == "test_led db"


def test_parse_raw_colon_in_password():
    cfg = database_config("postgresql://led:a:b:c@host:5432/ledcheck")
    assert cfg["PASSWORD"] == "a:b:c"
    assert cfg["PORT"] == 5432


def test_parse_ipv6_host_and_query_options():
    cfg = database_config("postgresql://led:pw@[::1]:5433/ledcheck?sslmode=require&connect_timeout=5")
    assert cfg["HOST"] == "::1"
    assert cfg["PORT"] == 5433
    assert cfg["OPTIONS"] == {"sslmode": "require", "connect_timeout": 5}


def test_parse_unix_socket_host_percent_encoded():
    cfg = database_config("postgresql://led@%2Fvar%2Frun%2Fpostgresql/ledcheck")
    assert cfg["HOST"] == "/var/run/postgresql"
    assert "OPTIONS" not in cfg


@pytest.mark.parametrize(
    "url",
    [
        "mysql://led:pw@localhost/ledcheck",
        "sqlite:///db.sqlite3",
        "postgresql://led:pw@localhost:5432/",
        "postgresql://led:pw@localhost:notaport/ledcheck",
    ],
)
def test_parse_rejects_bad_urls(url):
    with pytest.raises(ImproperlyConfigured):
        database_config(url)


# --- Active database ----------------------------------------------------------


def test_database_vendor_matches_database_url():
    expected = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    assert connection.vendor == expected
    assert expected in settings.DATABASES["default"]["ENGINE"]


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="SQLite-only settings")
def test_sqlite_options():
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] == 20
    assert "journal_mode=WAL" in options["init_command"]


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="SQLite-only settings")
def test_sqlite_wal_and_synchronous_active_on_a_real_file(tmp_path, django_db_blocker):
    """Open a file database with the project's OPTIONS and check both PRAGMAs took effect.

    (The test database itself is in memory, where journal_mode is always 'memory'.)
    """
    from django.db.backends.sqlite3.base import DatabaseWrapper

    settings_dict = {**settings.DATABASES["default"], "NAME": str(tmp_path / "wal.sqlite3")}
    wrapper = DatabaseWrapper(settings_dict, alias="wal_check")
    try:
        with django_db_blocker.unblock(), wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == 1  # NORMAL
    finally:
        with django_db_blocker.unblock():
            wrapper.close()


# --- Production safety ------------------------------------------------------


def _clean_env(**extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_DEBUG", "LEDCHECK_TESTING", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "ledcheck.settings"
    env.update(extra)
    return env


def _setup_django(env):
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('ok')"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_secret_key():
    result = _setup_django(_clean_env())
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


def test_production_requires_allowed_hosts():
    result = _setup_django(_clean_env(SECRET_KEY=PRODUCTION_KEY))
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set in production" in result.stderr


def test_production_starts_with_required_env():
    result = _setup_django(_clean_env(SECRET_KEY=PRODUCTION_KEY, ALLOWED_HOSTS="ledcheck.example.org"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_debug_mode_falls_back_to_dev_key():
    code = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=_clean_env(DJANGO_DEBUG="1"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "insecure" in result.stdout


def test_tests_use_plain_static_storage():
    assert (
        settings.STORAGES["staticfiles"]["BACKEND"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
    )


def test_management_commands_default_to_development_settings_without_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=REPO,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_the_web_server_refuses_to_start_without_secret_key():
    result = subprocess.run(
        [sys.executable, "-c", "import ledcheck.wsgi"],
        cwd=REPO,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr
