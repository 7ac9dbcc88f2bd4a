from pathlib import Path

from django.core.management.base import BaseCommand

from cases.csv_io import export_cases_csv


class Command(BaseCommand):
    help = (
        "Export every case with its indicator values and provenance as CSV (one row per case and indicator; "
        "the format is described in cases/csv_io.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", "-o", help="File to write (UTF-8 with byte-order mark); default: stdout."
        )

    def handle(self, *args, output, **options):
        content = export_cases_csv()
        if output:
            Path(output).write_bytes(content)
            self.stderr.write(self.style.SUCCESS(f"Cases written to {output}."))
        else:
            self.stdout.write(content.decode("utf-8-sig"), ending="")
