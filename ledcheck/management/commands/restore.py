import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from ledcheck import backup


def _target(db: dict) -> str:
    return str(db["NAME"]) if db["ENGINE"] == backup.SQLITE_ENGINE else f"PostgreSQL database {db['NAME']}"


class Command(BaseCommand):
    help = (
        "Replace ALL data of the configured database with a backup made by `manage.py backup` "
        "(SQLite: backup API; PostgreSQL: pg_restore --clean --if-exists --no-owner). See docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup file.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, path, yes, **options):
        db = settings.DATABASES["default"]
        if not yes:
            question = f"Restoring replaces all data in {_target(db)} with {path}."
            if not sys.stdin.isatty():
                raise CommandError(f"{question} Pass --yes to confirm (standard input is not a terminal).")
            if input(f"{question} Type 'yes' to continue: ").strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        # Our own open connection would hold SQLite pages or PostgreSQL locks during the restore.
        connections.close_all()
        try:
            backup.restore(db, path)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored {_target(db)} from {path}")
