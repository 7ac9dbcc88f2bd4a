import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments import portable
from cases.selectors import published_case_data
from framework import scoring, similarity
from framework.models import FrameworkVersion


def score_document(parsed: portable.ParsedAssessment, cases: list[similarity.CaseData]) -> dict:
    """Scores, generation profile and the three closest cases of a parsed assessment, JSON-serialisable."""
    result = scoring.score(parsed.framework, parsed.answers)
    matches = similarity.rank(parsed.framework, parsed.answers, cases, top=3)
    return {
        "title": parsed.title,
        "locality": parsed.locality,
        **result.as_dict(),
        "matches": [
            {
                "slug": m.slug,
                "name": m.name,
                "country": m.country,
                "similarity": None if m.similarity is None else round(m.similarity, 1),
                "compared": m.compared,
            }
            for m in matches
        ],
    }


class Command(BaseCommand):
    help = (
        "Score a portable assessment JSON file (docs/answers-format.md) and print scores, coverage, the "
        "generation profile and the three closest benchmark cases as JSON. Use - to read standard input."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Assessment JSON file, or - for standard input.")

    def handle(self, *args, file, **options):
        try:
            data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: cannot read the file ({exc.strerror})") from exc
        try:
            parsed = portable.parse(data)
        except portable.PortableError as exc:
            raise CommandError(f"{file}: {exc}") from exc
        version = FrameworkVersion.objects.filter(slug=parsed.framework.slug).first()
        cases = published_case_data(version) if version is not None else []
        document = score_document(parsed, cases)
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
