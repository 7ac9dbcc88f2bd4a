"""Backups: the pure functions of ``assessments.backup`` on plain SQLite files, and a round trip through the
real commands (migrate, seed, score, ``backup``, wipe, ``restore``, score again) on a file database of each
engine: SQLite always, PostgreSQL when ``DATABASE_URL`` is set (``make test-pg``). The SQLite tests work on
files of their own (``own_sqlite``), so ``make test-pg`` leaves them to ``make test``."""

import json
import os
import re
import sqlite3
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from ledcheck import backup

ROOT = Path(__file__).resolve().parents[2]
SQLITE = {"ENGINE": backup.SQLITE_ENGINE}


def sqlite_file(path: Path, rows=(), wal=True) -> Path:
    con = sqlite3.connect(path)
    if wal:
        con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE django_migrations (id INTEGER PRIMARY KEY, app TEXT)")
    con.executemany("INSERT INTO django_migrations (app) VALUES (?)", [(r,) for r in rows])
    con.commit()
    con.close()
    return path


def apps_in(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [row[0] for row in con.execute("SELECT app FROM django_migrations ORDER BY id")]
    finally:
        con.close()


@pytest.mark.own_sqlite
def test_default_path_has_a_utc_timestamp_and_the_engine_suffix(tmp_path):
    when = datetime(2026, 5, 4, 9, 30, 5, tzinfo=UTC)
    assert backup.default_path(SQLITE, tmp_path, when) == tmp_path / "ledcheck-20260504T093005Z.sqlite3"
    pg = {"ENGINE": backup.POSTGRES_ENGINE}
    assert backup.default_path(pg, tmp_path, when).name == "ledcheck-20260504T093005Z.dump"
    with pytest.raises(backup.BackupError, match="not django.db.backends.mysql"):
        backup.default_path({"ENGINE": "django.db.backends.mysql"}, tmp_path)


@pytest.mark.own_sqlite
def test_sqlite_backup_is_online_and_holds_committed_data_only(tmp_path):
    source = sqlite_file(tmp_path / "live.sqlite3", ["cases", "assessments"])
    writer = sqlite3.connect(source, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # the running site is in the middle of a write
    writer.execute("INSERT INTO django_migrations (app) VALUES ('uncommitted')")

    written = backup.backup({**SQLITE, "NAME": str(source)}, tmp_path / "out" / "copy.sqlite3")
    writer.execute("ROLLBACK")
    writer.close()

    assert written == tmp_path / "out" / "copy.sqlite3"
    assert apps_in(written) == ["cases", "assessments"]
    assert backup.file_kind(written) == "sqlite"
    assert sorted(p.name for p in written.parent.iterdir()) == ["copy.sqlite3"]  # no -wal, no .partial
    con = sqlite3.connect(written)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    con.close()


@pytest.mark.own_sqlite
def test_backup_refuses_to_overwrite_and_needs_the_database(tmp_path):
    source = sqlite_file(tmp_path / "live.sqlite3", ["cases"])
    existing = sqlite_file(tmp_path / "old.sqlite3", ["older"])
    with pytest.raises(backup.BackupError, match="already exists"):
        backup.backup({**SQLITE, "NAME": str(source)}, existing)
    assert apps_in(existing) == ["older"]
    with pytest.raises(backup.BackupError, match="does not exist"):
        backup.backup({**SQLITE, "NAME": str(tmp_path / "missing.sqlite3")}, tmp_path / "b.sqlite3")
    assert not (tmp_path / "missing.sqlite3").exists()
    assert not (tmp_path / "b.sqlite3").exists() and not (tmp_path / "b.sqlite3.partial").exists()


@pytest.mark.own_sqlite
def test_sqlite_restore_replaces_everything_even_a_missing_file(tmp_path):
    saved = sqlite_file(tmp_path / "saved.sqlite3", ["cases", "assessments"], wal=False)
    target = sqlite_file(tmp_path / "db.sqlite3", ["other", "rows", "here"])
    backup.restore({**SQLITE, "NAME": str(target)}, saved)
    assert apps_in(target) == ["cases", "assessments"]
    fresh = tmp_path / "new" / "db.sqlite3"
    backup.restore({**SQLITE, "NAME": str(fresh)}, saved)
    assert apps_in(fresh) == ["cases", "assessments"]


@pytest.mark.own_sqlite
def test_restore_rejects_what_is_not_a_matching_backup(tmp_path):
    target = sqlite_file(tmp_path / "db.sqlite3", ["kept"])
    db = {**SQLITE, "NAME": str(target)}
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    dump = tmp_path / "x.dump"
    dump.write_bytes(backup.PG_CUSTOM_MAGIC + b"\x01\x0e")
    foreign = tmp_path / "foreign.sqlite3"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(backup.BackupError, match="not a ledcheck backup"):
        backup.restore(db, text)
    with pytest.raises(backup.BackupError, match="postgresql backup but the configured database is sqlite"):
        backup.restore(db, dump)
    with pytest.raises(backup.BackupError, match="not a complete ledcheck SQLite backup"):
        backup.restore(db, foreign)
    with pytest.raises(backup.BackupError, match="cannot read the backup"):
        backup.restore(db, tmp_path / "absent.sqlite3")
    assert apps_in(target) == ["kept"]


def test_postgres_client_options_keep_the_password_off_the_command_line():
    db = {
        "ENGINE": backup.POSTGRES_ENGINE,
        "NAME": "ledcheck",
        "USER": "led",
        "PASSWORD": "s3cret",
        "HOST": "db.example.org",
        "PORT": "5433",
        "OPTIONS": {"sslmode": "require"},
    }
    args, env = backup.pg_connection(db)
    assert args == ["--dbname=ledcheck", "--host=db.example.org", "--port=5433", "--username=led"]
    assert env == {"PGPASSWORD": "s3cret", "PGSSLMODE": "require"}
    assert not any("s3cret" in a for a in args)


def test_missing_or_failing_pg_dump_is_a_clear_error_and_leaves_no_file(tmp_path, monkeypatch):
    db = {"ENGINE": backup.POSTGRES_ENGINE, "NAME": "ledcheck"}
    monkeypatch.setattr(backup.shutil, "which", lambda tool: None)
    with pytest.raises(backup.BackupError, match="pg_dump was not found on PATH"):
        backup.backup(db, tmp_path / "a.dump")
    monkeypatch.setattr(backup.shutil, "which", lambda tool: "/bin/false")
    with pytest.raises(backup.BackupError, match=r"pg_dump failed \(exit 1\)"):
        backup.backup(db, tmp_path / "b.dump")
    assert list(tmp_path.iterdir()) == []


# --- Round trip through the commands, in subprocesses, on a file database ---------------------------

SEED = """
from framework import definition as fw
from assessments.services import save_step, submit_assessment
from django.contrib.auth import get_user_model
from tests.assessments.factories import answer_all, full_answers, make_locality, make_user, started

user = make_user(get_user_model(), "marta")
locality = make_locality(user, name="Rafaela")
first = started(user, locality)
answer_all(first, user)
submit_assessment(assessment=first, user=user)
draft = started(user, locality)
# Every other question, some of them "don't know", with one evidence note: a realistic draft.
answers = {code: fw.DONT_KNOW if k % 3 == 0 else value
           for k, (code, value) in enumerate(full_answers().items())
           if k % 2 == 0 and fw.load().indicators[code].type != "multi"}
save_step(assessment=draft, user=user, answers=answers, evidence={next(iter(answers)): "Plan 2024, p. 3"})
"""

STATE = """
import json
from django.apps import apps
from assessments.models import Assessment
from assessments.presenters import results_of

def summary(a):
    results = results_of(a)
    return {"status": a.status, **results.score.as_dict(),
            "matches": [[m.slug, m.similarity] for m in results.matches]}

print(json.dumps({
    "counts": {m._meta.label: m.objects.count() for m in apps.get_models()},
    "scores": {a.title: summary(a) for a in Assessment.objects.order_by("pk")},
}, sort_keys=True))
"""


def manage(env, *args, check=True):
    completed = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )
    if check:
        assert completed.returncode == 0, f"manage.py {args[0]} failed:\n{completed.stderr}"
    return completed


CALL = "from django.core.management import call_command\n"


def state(env, script=""):
    """Run ``script`` then print STATE; the JSON is the last line (load_benchmark reports on stdout)."""
    out = manage(env, "shell", "--no-imports", "-c", script + STATE).stdout
    return json.loads(out.strip().splitlines()[-1])


def round_trip(env, backup_file):
    # One process per step that must be its own command; Django starts in about three seconds.
    setup = CALL + "call_command('migrate', verbosity=0)\ncall_command('load_benchmark', verbosity=0)\n"
    before = state(env, setup + SEED)
    scores = list(before["scores"].values())
    assert [s["status"] for s in scores] == ["submitted", "draft"]
    assert all(s["overall"] is not None and len(s["matches"]) == 3 for s in scores)
    assert before["counts"]["cases.Case"] == 12 and before["counts"]["assessments.Answer"] > 40

    written = manage(env, "backup", "--output", str(backup_file)).stdout.strip()
    assert written == str(backup_file) and backup_file.stat().st_size > 0

    wiped = state(env, CALL + "call_command('flush', interactive=False)\n")
    assert wiped["scores"] == {} and wiped["counts"]["cases.Case"] == 0

    manage(env, "restore", str(backup_file), "--yes")
    assert state(env) == before


def base_env():
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SQLITE_PATH")}
    return {**env, "DJANGO_DEBUG": "1"}


@pytest.mark.slow
@pytest.mark.own_sqlite
def test_sqlite_round_trip_gives_identical_scores(tmp_path):
    env = {**base_env(), "SQLITE_PATH": str(tmp_path / "ledcheck.sqlite3")}
    round_trip(env, tmp_path / "backups" / "ledcheck.sqlite3")


@pytest.mark.own_sqlite
def test_backup_command_writes_a_timestamped_file_under_backups(tmp_path):
    env = {**base_env(), "SQLITE_PATH": str(tmp_path / "ledcheck.sqlite3")}
    sqlite_file(tmp_path / "ledcheck.sqlite3", ["cases"])
    written = Path(manage(env, "backup").stdout.strip())
    try:
        assert written.parent == ROOT / "backups"
        assert re.fullmatch(r"ledcheck-\d{8}T\d{6}Z\.sqlite3", written.name)
        assert apps_in(written) == ["cases"]
    finally:
        written.unlink(missing_ok=True)


@pytest.mark.own_sqlite
def test_restore_command_without_yes_refuses_when_nobody_can_answer(tmp_path):
    db = sqlite_file(tmp_path / "ledcheck.sqlite3", ["current"])
    saved = sqlite_file(tmp_path / "saved.sqlite3", ["saved"], wal=False)
    env = {**base_env(), "SQLITE_PATH": str(db)}
    refused = manage(env, "restore", str(saved), check=False)  # standard input is /dev/null
    assert refused.returncode == 1
    assert f"Restoring replaces all data in {db} with {saved}. Pass --yes to confirm" in refused.stderr
    assert apps_in(db) == ["current"]
    broken = tmp_path / "broken.sqlite3"
    broken.write_text("not a backup")
    failed = manage(env, "restore", str(broken), "--yes", check=False)
    assert failed.returncode == 1 and "not a ledcheck backup" in failed.stderr
    assert apps_in(db) == ["current"]


@pytest.fixture
def scratch_postgres():
    """A throwaway database next to the one in DATABASE_URL (the role has CREATEDB); dropped afterwards."""
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = f"ledcheck_backup_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


needs_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL"), reason="PostgreSQL runs only when DATABASE_URL is set (make test-pg)"
)


@needs_postgres
def test_postgres_client_tools_match_the_server():
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"]) as con:
        server_major = con.info.server_version // 10000
    for tool in ("pg_dump", "pg_restore"):
        version = subprocess.run([tool, "--version"], capture_output=True, text=True, check=True).stdout
        assert int(re.search(r"(\d+)\.\d+", version).group(1)) == server_major, version


@needs_postgres
def test_postgres_round_trip_gives_identical_scores(tmp_path, scratch_postgres):
    env = {**base_env(), "DATABASE_URL": scratch_postgres}
    backup_file = tmp_path / "ledcheck.dump"
    round_trip(env, backup_file)
    assert backup.file_kind(backup_file) == "postgresql"
