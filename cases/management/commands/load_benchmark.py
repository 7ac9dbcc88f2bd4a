from django.core.management.base import BaseCommand

from cases.services import load_benchmark


class Command(BaseCommand):
    help = (
        "Load the LED framework versions and the benchmark cases (Helmsing 2001). Idempotent: existing cases "
        "keep their admin edits unless --overwrite is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            default=None,
            help="Cases JSON file (default: the twelve cases coded under the current framework version; "
            "cases/data/cases.json holds them as coded under v1).",
        )
        parser.add_argument(
            "--overwrite", action="store_true", help="Replace existing cases with the file's data."
        )

    def handle(self, *args, file, overwrite, **options):
        created, total = load_benchmark(path=file, overwrite=overwrite)
        self.stdout.write(
            self.style.SUCCESS(f"Framework synced; {created} new case(s), {total} in the file.")
        )
