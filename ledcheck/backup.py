"""Back up and restore the whole database: SQLite through its online backup API, PostgreSQL with
``pg_dump``/``pg_restore``. The management commands ``backup`` and ``restore`` are thin wrappers.

Functions take a Django ``DATABASES`` entry (a plain dict), so they are tested without Django's ORM.
A backup is written next to its final name and renamed when complete, so an interrupted backup never
leaves a file that looks whole. It is readable by its owner only (0600: it holds every assessment and the
password hashes) and holds no sessions (``django_session`` is left empty): a stolen backup logs nobody in,
and a restore signs everyone out.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"
SQLITE_ENGINE = "django.db.backends.sqlite3"
SESSION_TABLE = "django_session"
FILE_MODE = 0o600
POSTGRES_ENGINE = "django.db.backends.postgresql"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


def kind(db: dict) -> str:
    engine = db["ENGINE"]
    if engine == SQLITE_ENGINE:
        return "sqlite"
    if engine == POSTGRES_ENGINE:
        return "postgresql"
    raise BackupError(f"backups support SQLite and PostgreSQL, not {engine}")


def default_path(db: dict, directory: Path, now: datetime | None = None) -> Path:
    """``<directory>/ledcheck-<UTC timestamp>.<sqlite3|dump>``: names sort by time."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = "sqlite3" if kind(db) == "sqlite" else "dump"
    return directory / f"ledcheck-{stamp}.{suffix}"


def file_kind(path: Path) -> str:
    """``sqlite`` or ``postgresql`` from the file's first bytes."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise BackupError(f"{path}: cannot read the backup ({exc.strerror})") from exc
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_CUSTOM_MAGIC):
        return "postgresql"
    raise BackupError(
        f"{path}: not a ledcheck backup (neither a SQLite database nor a pg_dump custom-format archive)"
    )


def _partial(path: Path) -> Path:
    return path.with_name(path.name + ".partial")


def _finish(partial: Path, path: Path) -> Path:
    os.replace(partial, path)
    return path


def backup(db: dict, path: Path) -> Path:
    """Write a consistent copy of database ``db`` to ``path`` while the application keeps running."""
    if path.exists():
        raise BackupError(f"{path} already exists; choose another --output")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = _partial(path)
    partial.unlink(missing_ok=True)
    # Created empty with owner-only permissions before any data goes in (whatever the umask).
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    try:
        os.chmod(partial, FILE_MODE)
        if kind(db) == "sqlite":
            backup_sqlite(Path(db["NAME"]), partial)
        else:
            _run_pg(
                "pg_dump",
                db,
                [
                    "--format=custom",
                    "--no-owner",
                    f"--exclude-table-data={SESSION_TABLE}",
                    f"--file={partial}",
                ],
            )
        os.chmod(partial, FILE_MODE)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return _finish(partial, path)


def backup_sqlite(source: Path, target: Path) -> None:
    """SQLite's online backup: a snapshot of committed data, safe while others read and write (WAL)."""
    if not source.exists():
        raise BackupError(f"{source}: the SQLite database does not exist")
    # mode=rw: never create an empty database by mistake; not ro, which cannot open a WAL database
    # whose -shm file is missing.
    src = sqlite3.connect(_uri(source, "rw"), uri=True, timeout=20)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        # A self-contained file: the copy carries no -wal file of its own.
        dst.execute("PRAGMA journal_mode=DELETE")
        # No live session keys in a backup; secure_delete overwrites the deleted rows with zeros.
        found = dst.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (SESSION_TABLE,))
        if found.fetchone():
            dst.execute("PRAGMA secure_delete=ON")
            dst.execute(f"DELETE FROM {SESSION_TABLE}")
            dst.commit()
    finally:
        dst.close()
        src.close()


def _uri(path: Path, mode: str) -> str:
    return f"{path.resolve().as_uri()}?mode={mode}"


def restore(db: dict, path: Path) -> None:
    """Replace every table of database ``db`` with the contents of the backup at ``path``."""
    found, expected = file_kind(path), kind(db)
    if found != expected:
        raise BackupError(f"{path} is a {found} backup but the configured database is {expected}")
    if expected == "sqlite":
        restore_sqlite(path, Path(db["NAME"]))
    else:
        # One transaction: a failing archive leaves the database as it was.
        _run_pg(
            "pg_restore",
            db,
            ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", str(path)],
        )


def restore_sqlite(backup_file: Path, target: Path) -> None:
    src = sqlite3.connect(_uri(backup_file, "ro"), uri=True)
    try:
        check = src.execute("PRAGMA integrity_check").fetchone()[0]
        tables = {row[0] for row in src.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        src.close()
        raise BackupError(f"{backup_file}: the SQLite backup cannot be read ({exc})") from exc
    if check != "ok" or "django_migrations" not in tables:
        src.close()
        raise BackupError(f"{backup_file}: not a complete ledcheck SQLite backup (integrity check: {check})")
    target.parent.mkdir(parents=True, exist_ok=True)
    dst = sqlite3.connect(target, timeout=20)
    try:
        # The backup API copies page by page under one lock: readers see the old or the new database.
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def pg_connection(db: dict) -> tuple[list[str], dict[str, str]]:
    """Command-line options and environment for the PostgreSQL client tools.

    The password goes in ``PGPASSWORD``, never on the command line (``ps`` shows arguments).
    """
    args = [f"--dbname={db['NAME']}"]
    if db.get("HOST"):
        args.append(f"--host={db['HOST']}")
    if db.get("PORT"):
        args.append(f"--port={db['PORT']}")
    if db.get("USER"):
        args.append(f"--username={db['USER']}")
    env = {"PGPASSWORD": db["PASSWORD"]} if db.get("PASSWORD") else {}
    options = db.get("OPTIONS") or {}
    for key, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if options.get(key):
            env[variable] = str(options[key])
    return args, env


def _run_pg(tool: str, db: dict, extra: list[str]) -> None:
    program = shutil.which(tool)
    if program is None:
        raise BackupError(
            f"{tool} was not found on PATH; install the PostgreSQL client tools of the server's major "
            "version (Debian: apt-get install postgresql-client-15)"
        )
    args, env = pg_connection(db)
    completed = subprocess.run(
        [program, "--no-password", *args, *extra],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise BackupError(f"{tool} failed (exit {completed.returncode}): {completed.stderr.strip()}")
