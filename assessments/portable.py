"""The portable assessment JSON format (documented in ``docs/answers-format.md``). Pure: no database.

``dump`` builds the document, ``parse`` reads one back and raises ``PortableError`` naming the field (as a
JSON path such as ``answers.MESO.led_unit.value``) and the problem of everything that is wrong with it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.utils.translation import gettext as _

from framework import definition as fw

FORMAT = "ledcheck-assessment"
FORMAT_VERSION = 1
MAX_BYTES = 1_000_000
MAX_EVIDENCE = 2000
MAX_TEXT = 200
MAX_DEPTH = 16  # the format nests four levels deep (answers.CODE.value[...])
MAX_REPORTED = 20
LOCALITY_FIELDS = ("name", "country", "region_type", "population_band")
# Must equal assessments.models.PopulationBand (kept here so this module needs no models; a test checks).
POPULATION_BANDS = ("under_20k", "20k_100k", "100k_500k", "500k_2m", "over_2m", "dont_know")
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
        raise PortableError(
            [
                (
                    "",
                    _("file too big: %(size)s bytes, the limit is %(limit)s (1 MB)")
                    % {"size": len(data), "limit": MAX_BYTES},
                )
            ]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PortableError([("", _("not UTF-8 text (byte %(byte)s)") % {"byte": exc.start})]) from exc
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        problem = _("not valid JSON: %(msg)s at line %(line)s, column %(col)s") % {
            "msg": exc.msg,
            "line": exc.lineno,
            "col": exc.colno,
        }
        raise PortableError([("", problem)]) from exc
    except (ValueError, RecursionError) as exc:  # a number of 4300+ digits; nesting deeper than the stack
        raise PortableError([("", _("not valid JSON: a number too long or nesting too deep"))]) from exc
    _check_text(doc)
    return doc


def _bad_text(text: str) -> str | None:
    """Why ``text`` cannot be stored or shown: PostgreSQL refuses NUL, and UTF-8 has no lone surrogates."""
    if "\x00" in text:
        return _("contains a NUL character (\\u0000)")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _("contains an invalid character (a lone surrogate such as \\ud800)")
    return None


def _check_text(doc) -> None:
    """Reject unstorable text anywhere in ``doc`` (keys too) and nesting deeper than the format has."""
    errors, stack = [], [("", doc, 0)]
    while stack and len(errors) < MAX_REPORTED:
        path, value, depth = stack.pop()
        if depth > MAX_DEPTH:
            errors.append((path, _("nested too deeply")))
        elif isinstance(value, str) and (problem := _bad_text(value)):
            errors.append((path, problem))
        elif isinstance(value, dict):
            for key, item in value.items():
                if problem := _bad_text(key):
                    errors.append((path, _("a field name %(problem)s") % {"problem": problem}))
                else:
                    stack.append((f"{path}.{key}" if path else key, item, depth + 1))
        elif isinstance(value, list):
            stack.extend((f"{path}[{k}]", item, depth + 1) for k, item in enumerate(value))
    if errors:
        raise PortableError(sorted(errors))


def _text(errors, path, value, limit=MAX_TEXT) -> str:
    if not isinstance(value, str):
        errors.append((path, _("expected text, got %(kind)s") % {"kind": _kind(value)}))
        return ""
    if len(value) > limit:
        errors.append(
            (path, _("too long: %(n)s characters, at most %(limit)s") % {"n": len(value), "limit": limit})
        )
        return ""
    return value


def _kind(value) -> str:
    kinds = {
        dict: _("an object"),
        list: _("a list"),
        str: _("text"),
        bool: _("true/false"),
        type(None): "null",
    }
    return kinds.get(type(value), _("a number"))


def _unknown_option(value, allowed) -> str:
    return _("unknown option %(value)r; allowed: %(allowed)s") % {
        "value": value,
        "allowed": ", ".join(allowed),
    }


def parse(data: str | bytes) -> ParsedAssessment:
    """Read a portable assessment document; ``PortableError`` lists every problem with its JSON path."""
    doc = _load_json(data)
    if not isinstance(doc, dict):
        raise PortableError([("", _("expected a JSON object, got %(kind)s") % {"kind": _kind(doc)})])
    if doc.get("format") != FORMAT:
        problem = _("expected %(expected)r, got %(got)r: not a ledcheck assessment file") % {
            "expected": FORMAT,
            "got": doc.get("format"),
        }
        raise PortableError([("format", problem)])
    version = doc.get("format_version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        problem = _("unsupported version %(version)r; supported: %(supported)s") % {
            "version": version,
            "supported": FORMAT_VERSION,
        }
        raise PortableError([("format_version", problem)])
    slug = doc.get("framework")
    if slug not in fw.available_slugs():
        raise PortableError(
            [
                (
                    "framework",
                    _("unknown framework %(slug)r; known: %(known)s")
                    % {"slug": slug, "known": ", ".join(fw.available_slugs())},
                )
            ]
        )
    framework = fw.load(slug)

    errors: list[tuple[str, str]] = []
    for key in doc:
        if key not in TOP_LEVEL_FIELDS:
            errors.append((key, _("unknown field")))
    title = _text(errors, "title", doc.get("title", ""))
    locality = _parse_locality(errors, framework, doc.get("locality", {}))
    exported_at = None
    if doc.get("exported_at") is not None:
        stamp = _text(errors, "exported_at", doc["exported_at"], 64)
        try:
            exported_at = datetime.fromisoformat(stamp) if stamp else None
        except ValueError:
            errors.append(("exported_at", _("not an ISO 8601 date-time: %(value)r") % {"value": stamp}))
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
        errors.append(("locality", _("expected an object, got %(kind)s") % {"kind": _kind(raw)}))
        return {}
    locality = {}
    for key, value in raw.items():
        path = f"locality.{key}"
        if key not in LOCALITY_FIELDS:
            errors.append(
                (path, _("unknown field; allowed: %(allowed)s") % {"allowed": ", ".join(LOCALITY_FIELDS)})
            )
            continue
        if value is None or value == "":
            continue
        value = _text(errors, path, value)
        if key == "region_type" and value:
            region = framework.indicators.get("CTX.region_type")
            if region is not None and value not in region.option_codes:
                errors.append((path, _unknown_option(value, region.option_codes)))
                continue
        if key == "population_band" and value and value not in POPULATION_BANDS:
            errors.append((path, _unknown_option(value, POPULATION_BANDS)))
            continue
        if value:
            locality[key] = value
    return locality


def _parse_answers(errors, framework: fw.Framework, raw) -> tuple[dict, dict]:
    if raw is None:
        errors.append(("answers", _("missing")))
        return {}, {}
    if not isinstance(raw, dict):
        errors.append(("answers", _("expected an object, got %(kind)s") % {"kind": _kind(raw)}))
        return {}, {}
    indicators = framework.indicators
    answers, evidence = {}, {}
    for code, entry in raw.items():
        path = f"answers.{code}"
        indicator = indicators.get(code)
        if indicator is None:
            errors.append((path, _("unknown indicator in framework %(slug)r") % {"slug": framework.slug}))
            continue
        if not isinstance(entry, dict):
            shape = '{"value": ..., "evidence": "..."}'
            errors.append(
                (
                    path,
                    _("expected an object like %(shape)s, got %(kind)s")
                    % {"shape": shape, "kind": _kind(entry)},
                )
            )
            continue
        for key in entry:
            if key not in ("value", "evidence"):
                errors.append((f"{path}.{key}", _("unknown field; allowed: value, evidence")))
        if "value" not in entry:
            errors.append((f"{path}.value", _("missing")))
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
