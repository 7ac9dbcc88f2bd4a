from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ledcheck import backup


class Command(BaseCommand):
    help = (
        "Back up the whole database while the site runs: SQLite with its online backup API, PostgreSQL "
        "with pg_dump --format=custom. Default file: backups/ledcheck-<UTC time>.sqlite3 or .dump. "
        "See docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", type=Path, help="File to write (must not exist yet).")

    def handle(self, *args, output, **options):
        db = settings.DATABASES["default"]
        try:
            path = output or backup.default_path(db, Path(settings.BASE_DIR) / "backups")
            written = backup.backup(db, path)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(written))
