"""Writes for benchmark cases. Keyword-only arguments, one transaction each."""

import json
from pathlib import Path

import reversion
from django.db import transaction

from cases.models import Case, CaseValue, Origin
from cases.revision import renew_revision
from framework.answers import DONT_KNOW
from framework.models import FrameworkVersion
from framework.services import sync_framework_versions

REGION_TYPE_CODE = "CTX.region_type"
DATA_DIR = Path(__file__).resolve().parent / "data"
CASES_FILE = DATA_DIR / "cases-v2.json"  # the twelve coded under the current framework (helmsing-2001-v2)
V1_CASES_FILE = DATA_DIR / "cases.json"  # the twelve as coded under helmsing-2001-v1, for v1 assessments
# Translated content (cases/translation.py): a file may carry ``<field>_<lang>`` for every language of
# settings.LANGUAGES besides English; adding a language needs no change here (docs/translations.md).
CASE_TRANSLATED = ("country", "location", "region_description", "summary")
VALUE_TRANSLATED = ("note", "source")


def _other_languages() -> list[str]:
    from django.conf import settings

    return [code for code, _name in settings.LANGUAGES if code != "en"]


def translated_keys(names) -> list[str]:
    return [f"{name}_{lang}" for name in names for lang in _other_languages()]


CASE_FIELDS = (
    "name",
    "country",
    "region_type",
    "location",
    "region_description",
    "summary",
    "reference",
    "published",
)


class CaseDataError(ValueError):
    """Case data that does not fit the framework; the message says which case and indicator."""


def read_cases_file(path: Path = CASES_FILE) -> dict:
    with Path(path).open(encoding="utf-8") as fh:
        return json.load(fh)


def validate_case_values(*, framework_version: FrameworkVersion, slug: str, values: dict) -> dict:
    """Canonical ``{code: {"value", "source", "note"}}`` or ``CaseDataError`` naming every problem."""
    framework = framework_version.framework
    raw = {code: entry.get("value") for code, entry in values.items()}
    clean, errors = framework.validate_answers(raw)
    if errors:
        detail = "; ".join(f"{code}: {msg}" for code, msg in sorted(errors.items()))
        raise CaseDataError(f"case {slug!r}: {detail}")
    return {
        code: {
            "value": clean[code],
            "source": entry.get("source", ""),
            "note": entry.get("note", ""),
            # Translations and the judgement flag only where given: ``save_case`` keeps the stored ones
            # otherwise (a CSV file may leave them out).
            **{key: entry[key] or "" for key in translated_keys(VALUE_TRANSLATED) if key in entry},
            **({"judgement": bool(entry["judgement"])} if "judgement" in entry else {}),
        }
        for code, entry in values.items()
    }


def _english(fields: dict, names) -> dict:
    """Write the English of translated fields to their ``_en`` column explicitly (whatever the active
    language), keeping the other keys."""
    return {(f"{k}_en" if k in names else k): v for k, v in fields.items()}


def _kept(old: CaseValue, entry: dict) -> dict:
    """What of a stored value's row ``entry`` leaves out and that still holds: a translation while the English
    it translates is unchanged, the judgement flag while the value is unchanged."""
    kept = {}
    for key in translated_keys(VALUE_TRANSLATED):
        field = key.rsplit("_", 1)[0]
        if key not in entry and (getattr(old, f"{field}_en") or "") == entry.get(field, ""):
            kept[key] = getattr(old, key) or ""
    if "judgement" not in entry and old.value == entry["value"]:
        kept["judgement"] = old.judgement
    return kept


@transaction.atomic
def save_case(
    *,
    framework_version: FrameworkVersion,
    data: dict,
    position: int = 100,
    overwrite: bool,
    origin: str = Origin.CURATOR,
    curator_source: str = "",
) -> Case:
    """Create case ``data["slug"]`` with its values; an existing case is kept unless ``overwrite``.

    Provenance: ``origin`` is ``paper`` only for the benchmark file (``load_benchmark``). A value that is
    the same as the one stored keeps the stored value's origin (re-importing an export changes nothing) and,
    when the entry gives one, takes the entry's ``curator_source`` if a curator set it; a new or changed value
    gets ``origin``, with the entry's ``curator_source`` (or ``curator_source``)."""
    slug = data["slug"]
    values = validate_case_values(
        framework_version=framework_version, slug=slug, values=data.get("values", {})
    )
    case = Case.objects.filter(framework=framework_version, slug=slug).first()
    if case is not None and not overwrite:
        return case
    fields = {k: data[k] for k in (*CASE_FIELDS, *translated_keys(CASE_TRANSLATED)) if k in data}
    fields = _english(fields, CASE_TRANSLATED)
    # The indicator value is the one source of truth for the type of region; the column is kept for filtering.
    region_type = values.get(REGION_TYPE_CODE, {}).get("value")
    if region_type and region_type != DONT_KNOW:
        fields["region_type"] = region_type
    stored = {} if case is None else {v.indicator: v for v in case.values.all()}
    case_origin = origin if (case is None or origin == Origin.PAPER) else case.origin
    case, _ = Case.objects.update_or_create(
        slug=slug,
        framework=framework_version,
        defaults={**fields, "position": position, "origin": case_origin},
    )
    rows = []
    for code, entry in values.items():
        old = stored.get(code)
        given = data.get("values", {}).get(code, {})
        if old is not None and old.value == entry["value"]:
            provenance = {"origin": old.origin, "curator_source": old.curator_source}
            # A curator may correct where a curator's value comes from (a CSV's column); a value of the paper
            # has the paper as its source, whatever a file says.
            if old.origin == Origin.CURATOR and "curator_source" in given:
                provenance["curator_source"] = given["curator_source"][:300]
        else:
            source = (given.get("curator_source") or curator_source)[:300]
            provenance = {"origin": origin, "curator_source": "" if origin == Origin.PAPER else source}
        kept = _kept(old, entry) if old is not None else {}
        rows.append(
            CaseValue(case=case, indicator=code, **_english(entry, VALUE_TRANSLATED), **kept, **provenance)
        )
    # Replace rather than upsert row by row: one DELETE and one INSERT instead of two queries per indicator.
    case.values.all().delete()
    CaseValue.objects.bulk_create(rows)
    renew_revision()  # bulk writes send no signal (cases.signals)
    return case


@transaction.atomic
def sync_region_type_value(*, case: Case) -> None:
    """Make the indicator CTX.region_type agree with the case's type of region (edited in the admin)."""
    # A curator's case or change has no figure of the paper behind it.
    source = "Figure 1" if case.origin == Origin.PAPER else ""
    row, created = CaseValue.objects.get_or_create(
        case=case, indicator=REGION_TYPE_CODE, defaults={"value": case.region_type, "source": source}
    )
    if not created and row.value != case.region_type:
        row.value = case.region_type
        row.origin = Origin.CURATOR
        row.source = ""
        row.save(update_fields=["value", "origin", "source"])


@transaction.atomic
def load_benchmark(*, path: Path | None = None, overwrite: bool = False) -> tuple[int, int]:
    """Load the framework versions and the benchmark cases of ``path`` (default: the twelve coded under the
    current version, ``cases-v2.json``).

    Cases are kept per framework version: an installation that loaded the v1 cases keeps them, and its v1
    assessments keep being compared with them (``V1_CASES_FILE`` loads them again on a new installation).
    Idempotent: cases that already exist are kept as curated in the admin, unless ``overwrite``.
    Returns (cases created, cases total in the file).
    """
    sync_framework_versions()
    return _load_file(Path(path) if path else CASES_FILE, overwrite)


def _load_file(path: Path, overwrite: bool) -> tuple[int, int]:
    data = read_cases_file(path)
    framework_version = FrameworkVersion.objects.get(slug=data["framework"])
    existing = set(Case.objects.filter(framework=framework_version).values_list("slug", flat=True))
    # The first entry of each case's history (django-reversion): the paper's values, to go back to.
    with reversion.create_revision():
        # No comment: the admin's history then says "Initial version." in the reader's language.
        for position, case_data in enumerate(data["cases"], start=1):
            overwritten = overwrite or case_data["slug"] not in existing
            case = save_case(
                framework_version=framework_version,
                data=case_data,
                position=position * 10,
                overwrite=overwrite,
                origin=Origin.PAPER,
            )
            if overwritten:
                reversion.add_to_revision(case)
    created = len({c["slug"] for c in data["cases"]} - existing)
    return created, len(data["cases"])
