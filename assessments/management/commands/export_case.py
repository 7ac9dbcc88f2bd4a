import json

from django.core.management.base import BaseCommand, CommandError

from assessments import portable
from cases.models import Case


def case_document(case: Case) -> dict:
    """The case's values as a portable assessment; each value's provenance becomes its evidence."""
    values = list(case.values.all())
    evidence = {v.indicator: ": ".join(t for t in (v.source, v.note) if t) for v in values}
    return portable.dump(
        framework_slug=case.framework.slug,
        answers={v.indicator: v.value for v in values if v.value is not None},
        evidence={code: text[: portable.MAX_EVIDENCE] for code, text in evidence.items() if text},
        title=case.name,
        locality={"name": case.name, "country": case.country, "region_type": case.region_type},
    )


class Command(BaseCommand):
    help = "Print a benchmark case's answers in the portable assessment JSON format (docs/answers-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The case's slug, e.g. medellin.")
        parser.add_argument(
            "--framework", help="Framework slug of the case (default: the current version, else the newest)."
        )

    def handle(self, *args, slug, framework=None, **options):
        cases = Case.objects.select_related("framework").prefetch_related("values").filter(slug=slug)
        if framework:
            cases = cases.filter(framework__slug=framework)
        case = cases.order_by("-framework__is_current", "-framework__slug").first()
        if case is None:
            slugs = Case.objects.order_by("slug").values_list("slug", flat=True).distinct()
            known = ", ".join(slugs) or "none loaded"
            raise CommandError(f"no case {slug!r}; known: {known}")
        self.stdout.write(json.dumps(case_document(case), ensure_ascii=False, indent=2))
