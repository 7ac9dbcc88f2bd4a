"""Reads of the case library: only published cases are ever shown or matched against."""

import hashlib
import itertools
import json

from django.core.cache import caches
from django.http import Http404

from cases.models import Case, CaseValue
from cases.revision import current_revision
from framework import similarity
from framework.definition import Framework
from framework.models import DEFER, FrameworkVersion
from framework.similarity import CaseData


def published_cases() -> list[Case]:
    """Every published case of the current framework version, with it (for the library list)."""
    return list(Case.objects.published().filter(framework__is_current=True).select_related("framework"))


def _published_by_slug(slug: str):
    """The published rows of ``slug``, the one coded under the current framework version first (or, for a
    case only older versions have, the one of the newest)."""
    return Case.objects.published().filter(slug=slug).order_by("-framework__is_current", "-framework__slug")


def get_published_case(slug: str) -> Case:
    """The published case ``slug`` with its values (``_published_by_slug``); 404 otherwise."""
    case = (
        _published_by_slug(slug)
        .select_related("framework")
        .defer(DEFER)  # the framework's JSON definition: parsed once per process, not read per request
        .prefetch_related("values")
        .first()
    )
    if case is None:
        raise Http404("No such case.")
    return case


# The heads of the case pages asked for since the library last changed, kept per process: once a case page
# has been served, serving it again reads the library's revision and nothing else. Any change to a case, a
# value or a framework version renews the revision (``cases.signals``), which empties this. Bounded, so a
# crawler walking 10,000 case pages does not grow a worker.
HEADS_KEPT = 1000
_heads: dict[str, tuple] = {}
_heads_revision = ""


def published_case_head(slug: str) -> tuple[int, str, str]:
    """(id, name, library version) of the published case ``slug`` that ``get_published_case`` would give,
    read as plain values: what the case page needs to serve its kept HTML (``core.fragments``) without
    loading the case. 404 otherwise."""
    global _heads_revision
    revision = current_revision()
    if revision != _heads_revision or len(_heads) >= HEADS_KEPT:
        _heads.clear()
        _heads_revision = revision
    row = _heads.get(slug)
    if row is None:
        row = (
            _published_by_slug(slug).values_list("pk", "name", "framework_id", "framework__loaded_at").first()
        )
        if row is None:
            raise Http404("No such case.")
        if revision:  # "" is no revision yet (an empty or flushed table): nothing to keep it under
            _heads[slug] = row
    pk, name, framework_pk, loaded_at = row
    return pk, name, _library_version(framework_pk, loaded_at, revision)


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


def _case_data(case: Case, values=None, named_only: bool | None = None) -> CaseData:
    values = list(case.values.all()) if values is None else values
    if named_only is None:
        # Under v2 a case's several-options value lists only what the paper names (cases-v2.json, rules).
        named_only = case.framework.framework.is_v2
    return CaseData(
        slug=case.slug,
        name=case.name,
        country=case.country_en or case.country,
        country_es=case.country_es or "",
        answers={v.indicator: v.value for v in values if v.value is not None},
        notes={v.indicator: v.note_en or v.note for v in values if v.note_en or v.note},
        notes_es={v.indicator: v.note_es for v in values if v.note_es},
        published=case.published,
        multi_named_only=named_only,
    )


def library_state(framework_version, cases: list[CaseData] | None = None) -> str:
    """A fingerprint of the published cases of ``framework_version`` as matching reads them (names, values,
    notes): it changes whenever a curator's edit could change a match. Read from the encoded library
    (``published_library``), so it costs one small query once the library is encoded; ``cases`` is accepted
    for callers that read them already and ignored."""
    return published_library(framework_version).state


# --- the encoded library (issue 13) -------------------------------------------------------------------------
# Matching reads the published cases of a framework version encoded once per state of the library, never
# the cases themselves: ``library_version`` reads one row, the same with 12 or 10,000 cases; the
# encoded library is kept per process (the latest one per framework version) and in the ``matching`` cache
# (a file cache in production: every worker on the machine reads what the first one encoded).

VALUE_CHUNK = 2000
_LIBRARIES: dict[int, similarity.Library] = {}


def library_version(framework_version) -> str:
    """Changes whenever the published cases of ``framework_version`` may have changed: the library's revision
    (``cases.revision``: renewed in the same transaction as any change to a case or a value) and when the
    version itself was loaded. One read of one row, the same with 12 or 10,000 cases."""
    return _library_version(framework_version.pk, framework_version.loaded_at)


def _library_version(framework_pk, loaded_at, revision: str | None = None) -> str:
    loaded = loaded_at.isoformat() if loaded_at else ""
    return f"{framework_pk}-{loaded}-{current_revision() if revision is None else revision}"


def published_library(framework_version) -> similarity.Library:
    """The published cases of ``framework_version`` encoded for matching, as they are now."""
    version = library_version(framework_version)
    library = _LIBRARIES.get(framework_version.pk)
    if library is not None and library.version == version:
        return library
    shared = caches["matching"]
    key = "ledcheck-library-" + hashlib.sha256(version.encode()).hexdigest()[:32]
    library = shared.get(key)
    if library is None:
        library = _encode_library(framework_version)
        library.version = version
        shared.set(key, library, timeout=None)
    _LIBRARIES[framework_version.pk] = library
    return library


def _encode_library(framework_version) -> similarity.Library:
    """Stream the published cases and their values into an encoded library: plain rows, read in chunks, one
    case's values in memory at a time, so encoding 10,000 cases does not hold 10,000 cases. The fingerprint
    of what matching reads (names, values, notes: ``library_state``) is taken on the way."""
    framework = framework_version.framework
    cases = Case.objects.published().filter(framework=framework_version)
    heads = {
        pk: (slug, name, country)
        # country_en, not "country" (modeltranslation reads that in the active language): the fingerprint
        # must not depend on the language of the request that happened to encode the library.
        for pk, slug, name, country in cases.values_list("pk", "slug", "name", "country_en")
    }
    values = (
        CaseValue.objects.filter(case__in=cases)
        .order_by("case_id", "indicator")
        .values_list("case_id", "indicator", "value", "note_en", "note_es")
        .iterator(chunk_size=VALUE_CHUNK)
    )
    digest = hashlib.sha256()
    named_only = framework.is_v2

    def row(pk, group):
        slug, name, country = heads[pk]
        answers, notes = {}, []
        for _case, indicator, value, note, note_es in group:
            if value is not None:
                answers[indicator] = value
            if note or note_es:
                notes.append((indicator, note, note_es))
        digest.update(json.dumps([slug, name, country, answers, notes], sort_keys=True, default=str).encode())
        return pk, slug, name, answers, named_only

    def rows():
        seen = set()
        for pk, group in itertools.groupby(values, key=lambda v: v[0]):
            seen.add(pk)
            yield row(pk, group)
        for pk in heads.keys() - seen:  # published cases without any value
            yield row(pk, ())

    library = similarity.encode_library(framework, rows())
    library.state = digest.hexdigest()[:16]
    return library


def case_data_for(keys, *, named_only: bool) -> list[CaseData]:
    """The cases of ``keys`` (database ids) as ``CaseData``, notes included: the few matches a page shows,
    in one query (``named_only``: the framework version's rule, see ``_case_data``)."""
    rows = CaseValue.objects.filter(case__in=list(keys)).select_related("case").order_by("case_id", "pk")
    found = {}
    for value in rows:
        found.setdefault(value.case_id, (value.case, []))[1].append(value)
    missing = set(keys) - found.keys()  # a case without values
    for case in Case.objects.filter(pk__in=missing) if missing else ():
        found[case.pk] = (case, [])
    return [_case_data(case, values, named_only) for case, values in found.values()]


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
