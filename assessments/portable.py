"""The portable assessment JSON format (documented in ``docs/answers-format.md``). Pure: no database.

``dump`` builds the document, ``parse`` reads one back and raises ``PortableError`` naming the field (as a
JSON path such as ``answers.MESO.led_unit.value``) and the problem of everything that is wrong with it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from assessments import framework as fw

FORMAT = "ledcheck-assessment"
FORMAT_VERSION = 1
MAX_BYTES = 1_000_000
MAX_EVIDENCE = 2000
MAX_TEXT = 200
LOCALITY_FIELDS = ("name", "country", "region_type", "population_band")
POPULATION_BANDS = ("under_20k", "20k_100k", "100k_500k", "500k_1m", "over_1m")
TOP_LEVEL_FIELDS = ("format", "format_version", "framework", "locality", "title", "answers", "exported_at")


class PortableError(ValueError):
    """A document that is not a valid assessment. ``errors`` is a list of ``(path, problem)``."""

    def __init__(self, errors: list[tuple[str, str]]):
        self.errors = errors
        super().__init__("; ".join(f"{path}: {problem}" if path else problem for path, problem in errors))


@dataclass(frozen=True)
class ParsedAssessment:
    framework: fw.Framework
    answers: dict  # {code: value}, canonical; unanswered (null) values are left out
    evidence: dict[str, str] = field(default_factory=dict)  # {code: evidence text}, non-empty only
    locality: dict = field(default_factory=dict)  # subset of LOCALITY_FIELDS
    title: str = ""
    exported_at: datetime | None = None


def dump(
    *,
    framework_slug: str,
    answers: dict,
    evidence: dict[str, str] | None = None,
    title: str = "",
    locality: dict | None = None,
    exported_at: datetime | None = None,
) -> dict:
    """The portable document of ``answers`` (``{code: value}``); ``json.dumps`` it to write a file.

    Indicators with evidence but no answer are kept with ``"value": null``.
    """
    evidence = evidence or {}
    codes = [c for c in fw.load(framework_slug).indicators if answers.get(c) is not None or evidence.get(c)]
    doc = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "framework": framework_slug,
    }
    loc = {k: v for k, v in (locality or {}).items() if k in LOCALITY_FIELDS and v}
    if loc:
        doc["locality"] = loc
    if title:
        doc["title"] = title
    doc["answers"] = {
        code: {"value": answers.get(code), **({"evidence": evidence[code]} if evidence.get(code) else {})}
        for code in codes
    }
    doc["exported_at"] = (exported_at or datetime.now(UTC)).isoformat(timespec="seconds")
    return doc


def dumps(**kwargs) -> str:
    """``dump(**kwargs)`` as indented UTF-8 JSON text."""
    return json.dumps(dump(**kwargs), ensure_ascii=False, indent=2) + "\n"


def _load_json(data: str | bytes):
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_BYTES:
        raise PortableError([("", f"file too big: {len(data)} bytes, the limit is {MAX_BYTES} (1 MB)")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PortableError([("", f"not UTF-8 text (byte {exc.start})")]) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        problem = f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        raise PortableError([("", problem)]) from exc


def _text(errors, path, value, limit=MAX_TEXT) -> str:
    if not isinstance(value, str):
        errors.append((path, f"expected text, got {_kind(value)}"))
        return ""
    if len(value) > limit:
        errors.append((path, f"too long: {len(value)} characters, at most {limit}"))
        return ""
    return value


def _kind(value) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(value), "a number"
    )


def parse(data: str | bytes) -> ParsedAssessment:
    """Read a portable assessment document; ``PortableError`` lists every problem with its JSON path."""
    doc = _load_json(data)
    if not isinstance(doc, dict):
        raise PortableError([("", f"expected a JSON object, got {_kind(doc)}")])
    if doc.get("format") != FORMAT:
        problem = f"expected {FORMAT!r}, got {doc.get('format')!r}: not a ledcheck assessment file"
        raise PortableError([("format", problem)])
    version = doc.get("format_version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        problem = f"unsupported version {version!r}; supported: {FORMAT_VERSION}"
        raise PortableError([("format_version", problem)])
    slug = doc.get("framework")
    if slug not in fw.available_slugs():
        raise PortableError(
            [("framework", f"unknown framework {slug!r}; known: {', '.join(fw.available_slugs())}")]
        )
    framework = fw.load(slug)

    errors: list[tuple[str, str]] = []
    for key in doc:
        if key not in TOP_LEVEL_FIELDS:
            errors.append((key, "unknown field"))
    title = _text(errors, "title", doc.get("title", ""))
    locality = _parse_locality(errors, framework, doc.get("locality", {}))
    exported_at = None
    if doc.get("exported_at") is not None:
        stamp = _text(errors, "exported_at", doc["exported_at"], 64)
        try:
            exported_at = datetime.fromisoformat(stamp) if stamp else None
        except ValueError:
            errors.append(("exported_at", f"not an ISO 8601 date-time: {stamp!r}"))
    answers, evidence = _parse_answers(errors, framework, doc.get("answers"))
    if errors:
        raise PortableError(errors)
    return ParsedAssessment(
        framework=framework,
        answers=answers,
        evidence=evidence,
        locality=locality,
        title=title,
        exported_at=exported_at,
    )


def _parse_locality(errors, framework: fw.Framework, raw) -> dict:
    if not isinstance(raw, dict):
        errors.append(("locality", f"expected an object, got {_kind(raw)}"))
        return {}
    locality = {}
    for key, value in raw.items():
        path = f"locality.{key}"
        if key not in LOCALITY_FIELDS:
            errors.append((path, f"unknown field; allowed: {', '.join(LOCALITY_FIELDS)}"))
            continue
        if value is None or value == "":
            continue
        value = _text(errors, path, value)
        if key == "region_type" and value:
            region = framework.indicators.get("CTX.region_type")
            if region is not None and value not in region.option_codes:
                errors.append((path, f"unknown option {value!r}; allowed: {', '.join(region.option_codes)}"))
                continue
        if key == "population_band" and value and value not in POPULATION_BANDS:
            errors.append((path, f"unknown option {value!r}; allowed: {', '.join(POPULATION_BANDS)}"))
            continue
        if value:
            locality[key] = value
    return locality


def _parse_answers(errors, framework: fw.Framework, raw) -> tuple[dict, dict]:
    if raw is None:
        errors.append(("answers", "missing"))
        return {}, {}
    if not isinstance(raw, dict):
        errors.append(("answers", f"expected an object, got {_kind(raw)}"))
        return {}, {}
    indicators = framework.indicators
    answers, evidence = {}, {}
    for code, entry in raw.items():
        path = f"answers.{code}"
        indicator = indicators.get(code)
        if indicator is None:
            errors.append((path, f"unknown indicator in framework {framework.slug!r}"))
            continue
        if not isinstance(entry, dict):
            shape = '{"value": ..., "evidence": "..."}'
            errors.append((path, f"expected an object like {shape}, got {_kind(entry)}"))
            continue
        for key in entry:
            if key not in ("value", "evidence"):
                errors.append((f"{path}.{key}", "unknown field; allowed: value, evidence"))
        if "value" not in entry:
            errors.append((f"{path}.value", "missing"))
            continue
        try:
            value = indicator.validate(entry["value"])
        except ValueError as exc:
            errors.append((f"{path}.value", str(exc)))
            continue
        if value is not None:
            answers[code] = value
        text = _text(errors, f"{path}.evidence", entry.get("evidence", ""), MAX_EVIDENCE)
        if text:
            evidence[code] = text
    return answers, evidence
