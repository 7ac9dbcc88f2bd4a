"""Reads of the case library: only published cases are ever shown or matched against."""

from django.shortcuts import get_object_or_404

from cases.models import Case
from framework.definition import Framework
from framework.models import FrameworkVersion
from framework.similarity import CaseData


def published_cases() -> list[Case]:
    """Every published case with its framework version (for the library list)."""
    return list(Case.objects.published().select_related("framework"))


def get_published_case(slug: str) -> Case:
    """The published case ``slug`` with its values, or 404."""
    return get_object_or_404(
        Case.objects.published().select_related("framework").prefetch_related("values"), slug=slug
    )


def published_case_data(framework_version) -> list[CaseData]:
    """The published cases of a framework version as plain ``CaseData`` for matching: one query for the cases
    and one for all their values, however many cases there are."""
    cases = Case.objects.published().filter(framework=framework_version).prefetch_related("values")
    return [_case_data(case) for case in cases]


def _case_data(case: Case) -> CaseData:
    values = list(case.values.all())
    return CaseData(
        slug=case.slug,
        name=case.name,
        country=case.country,
        answers={v.indicator: v.value for v in values if v.value is not None},
        notes={v.indicator: v.note for v in values if v.note},
        published=case.published,
    )


def comparison_records() -> tuple[Framework, list[dict]]:
    """The current framework and the published cases recorded under it, as plain case records
    (``cases.tables``)."""
    version = FrameworkVersion.current()
    cases = Case.objects.published().filter(framework=version).prefetch_related("values")
    records = [
        {
            "slug": c.slug,
            "name": c.name,
            "country": c.country,
            "url": c.get_absolute_url(),
            "origin": c.origin,
            "values": {
                v.indicator: {"value": v.value, "source": v.source, "note": v.note, "origin": v.origin}
                for v in c.values.all()
            },
        }
        for c in cases
    ]
    return version.framework, records


def published_count() -> int:
    """How many cases the library shows: pages say this number, never a hard-coded "twelve"."""
    return Case.objects.published().count()
