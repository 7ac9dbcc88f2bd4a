from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.csv_io import CsvImportError, import_cases_csv


class Command(BaseCommand):
    help = (
        "Import cases from a CSV file (the format of export_cases, described in cases/csv_io.py). All or "
        "nothing: any problem is reported by line and nothing is changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file to import.")
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Replace cases whose slug already exists (otherwise the file is rejected).",
        )

    def handle(self, *args, file, overwrite, **options):
        try:
            content = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        try:
            result = import_cases_csv(content=content, overwrite=overwrite)
        except CsvImportError as exc:
            raise CommandError(f"{file} was not imported (nothing changed):\n{exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {file}: {len(result.created)} case(s) created, {len(result.updated)} replaced."
            )
        )
