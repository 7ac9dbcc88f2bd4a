"""Reads of the case library: only published cases are ever shown or matched against."""

import hashlib
import json

from django.http import Http404

from cases.models import Case
from framework.definition import Framework
from framework.models import FrameworkVersion
from framework.similarity import CaseData


def published_cases() -> list[Case]:
    """Every published case of the current framework version, with it (for the library list)."""
    return list(Case.objects.published().filter(framework__is_current=True).select_related("framework"))


def get_published_case(slug: str) -> Case:
    """The published case ``slug`` with its values, as coded under the current framework version (or, for a
    case only an older version has, under the newest one that has it); 404 otherwise."""
    case = (
        Case.objects.published()
        .filter(slug=slug)
        .select_related("framework")
        .prefetch_related("values")
        .order_by("-framework__is_current", "-framework__slug")
        .first()
    )
    if case is None:
        raise Http404("No such case.")
    return case


def published_case_data(framework_version) -> list[CaseData]:
    """The published cases of a framework version as plain ``CaseData`` for matching: one query for the cases
    and one for all their values, however many cases there are."""
    cases = (
        Case.objects.published()
        .filter(framework=framework_version)
        .select_related("framework")
        .prefetch_related("values")
    )
    return [_case_data(case) for case in cases]


def _case_data(case: Case) -> CaseData:
    values = list(case.values.all())
    return CaseData(
        slug=case.slug,
        name=case.name,
        country=case.country,
        answers={v.indicator: v.value for v in values if v.value is not None},
        notes={v.indicator: v.note_en or v.note for v in values if v.note_en or v.note},
        notes_es={v.indicator: v.note_es for v in values if v.note_es},
        published=case.published,
        # Under v2 a case's several-options value lists only what the paper names (cases-v2.json, rules).
        multi_named_only=case.framework.framework.is_v2,
    )


def library_state(framework_version, cases: list[CaseData] | None = None) -> str:
    """A fingerprint of the published cases of ``framework_version`` as matching reads them (names, values,
    notes): it changes whenever a curator's edit could change a match. ``cases``: those already read."""
    cases = published_case_data(framework_version) if cases is None else cases
    rows = [
        [c.slug, c.name, c.country, c.answers, c.notes, c.notes_es]
        for c in sorted(cases, key=lambda c: c.slug)
    ]
    text = json.dumps(rows, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


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
    return Case.objects.published().filter(framework__is_current=True).count()
