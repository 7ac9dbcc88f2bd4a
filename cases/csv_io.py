"""Benchmark cases as CSV: export, parse and import (pandas).

Format (long: one row per case and indicator), UTF-8 (a byte-order mark is written on export so spreadsheet
programs read accents correctly, and accepted on import), comma-separated (a file whose header line uses
semicolons, as Spanish-locale spreadsheets save it, is read too). Columns, in this order (their codes)::

    slug, name, country, country_es, region_type, location, location_es, region_description,
    region_description_es, published, summary, summary_es, reference,
    indicator, value, source, source_es, note, note_es, judgement, curator_source

The header row is written in the reader's language ("País (es)" for ``country_es``, ``column_label``); the
import reads a column by its code or by its label in any language of the site, so a file exported from the
Spanish admin imports in the English one. The ``_es`` columns (one per language besides English: Spanish
today) are the translated content (cases/translation.py): a file may leave them out, and the stored
translations are then kept (a value's only while its English is unchanged: a translation of another text
would be wrong).

- ``slug`` identifies the case; the case columns (``name`` … ``reference``) repeat on every row of the
  case and must be identical on all of them. ``region_type`` is an option code of the indicator
  ``CTX.region_type``; ``published`` is ``true`` or ``false`` (``yes``/``no``/``1``/``0`` are read too).
- ``indicator`` is a framework indicator code (e.g. ``MESO.led_unit``); ``source`` (figure or section of the
  paper) and ``note`` (what the paper says) are the value's provenance; ``judgement`` (``true``/``false``)
  says the value is a reading of the paper, not its words, and ``curator_source`` where a curator took a value
  from (empty for the paper's values). These two may be left out; the stored ones are then kept.
- ``value``:

  - empty: not reported (the paper says nothing about it);
  - ``dont_know``: don't know;
  - one option code, e.g. ``established`` (yes/no, choice and level indicators);
  - the chosen option codes of a multi indicator joined by ``|``, e.g. ``municipality|universities``;
  - ``-``: a multi indicator answered "none of these" (the empty list).

  Option codes are identifiers (letters, digits, underscores), so ``-`` and ``|`` are unambiguous and every
  value reads back as exactly what was written.
- A case without any indicator value is one row with empty ``indicator``, ``value``, ``source`` and ``note``.

Line numbers in import errors are physical lines of the file (the header is line 1). The whole file is
validated before anything is written: any problem anywhere in the file leaves the database untouched. A
file holds at most ``MAX_IMPORT_ROWS`` rows; it is written one case per transaction (``IMPORT_BATCH``), each a
revision of the case history. ``plan_import`` lists what a file would change (the admin's preview).
Cases whose
slug already exists are only replaced with ``overwrite``; a replaced case then holds exactly the file's
values (indicators absent from the file are removed). Values are read against the current framework version.
"""

from __future__ import annotations

import csv
import io
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import reversion
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import DatabaseError, connection, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Case, CaseValue, Origin
from cases.services import (
    CASE_FIELDS,
    CASE_TRANSLATED,
    VALUE_TRANSLATED,
    CaseDataError,
    save_case,
    translated_keys,
)
from core import spreadsheet
from framework import answers
from framework.definition import Framework
from framework.models import FrameworkVersion

if TYPE_CHECKING:  # pandas is imported where a table is built, not when the app starts
    import pandas as pd

# Case columns in file order; the translated ones are followed by their other languages' columns.
_CASE_ORDER = ("name", "country", "region_type", "location", "region_description", "published", "summary",
               "reference")  # fmt: skip
CASE_COLUMNS = tuple(
    column
    for field in _CASE_ORDER
    for column in (field, *translated_keys([field] if field in CASE_TRANSLATED else []))
)
VALUE_COLUMNS = (
    "indicator",
    "value",
    "source",
    *translated_keys(["source"]),
    "note",
    *translated_keys(["note"]),
    "judgement",
    "curator_source",
)
COLUMNS = ("slug", *CASE_COLUMNS, *VALUE_COLUMNS)
# A file may leave out the translations (files written before they were exported; a curator's own file).
OPTIONAL_COLUMNS = frozenset(translated_keys(CASE_TRANSLATED)) | frozenset(translated_keys(VALUE_TRANSLATED))
# A value's provenance beyond the paper's source and note, also optional (files written before they were
# exported): the judgement flag, and where a curator took a value from. Left out, the stored ones are kept.
PROVENANCE_COLUMNS = ("judgement", "curator_source")
REQUIRED_COLUMNS = tuple(c for c in COLUMNS if c not in OPTIONAL_COLUMNS and c not in PROVENANCE_COLUMNS)
TRANSLATED_COLUMNS = frozenset((*CASE_TRANSLATED, *VALUE_TRANSLATED))
COLUMN_LABELS = {
    "slug": gettext_lazy("Case code"),
    "name": gettext_lazy("Name"),
    "country": gettext_lazy("Country"),
    "region_type": gettext_lazy("Type of region (code)"),
    "location": gettext_lazy("Location"),
    "region_description": gettext_lazy("Region description"),
    "published": gettext_lazy("Published"),
    "summary": gettext_lazy("Summary"),
    "reference": gettext_lazy("Reference"),
    "indicator": gettext_lazy("Indicator (code)"),
    "value": gettext_lazy("Value (code)"),
    "source": gettext_lazy("Source"),
    "note": gettext_lazy("Note"),
    "judgement": gettext_lazy("Judgement call"),
    "curator_source": gettext_lazy("Curator's source"),
}


def column_label(code: str) -> str:
    """The header of column ``code`` in the active language: "País (es)" for ``country_es``, "País (en)" for
    ``country`` (translated content has a column per language), "Indicador (código)" for ``indicator``."""
    if code in OPTIONAL_COLUMNS:
        field, lang = code.rsplit("_", 1)
        return f"{COLUMN_LABELS[field]} ({lang})"
    if code in TRANSLATED_COLUMNS:
        return f"{COLUMN_LABELS[code]} (en)"
    return str(COLUMN_LABELS[code])


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def header_names() -> dict[str, str]:
    """Every name a column goes by, folded (case and spaces), to its code: the code itself and its label in
    each language of the site."""
    from django.conf import settings
    from django.utils import translation

    names = {}
    for lang, _name in settings.LANGUAGES:
        with translation.override(lang):
            names.update({_fold(column_label(code)): code for code in COLUMNS})
    names.update({_fold(code): code for code in COLUMNS})
    return names


# Cells holding codes: surrounding spaces are typing accidents, never meaning.
CODE_COLUMNS = ("slug", "region_type", "published", "indicator", "value", "judgement")
TRUE_WORDS = {"true", "yes", "1", "sí", "si", "verdadero"}
FALSE_WORDS = {"false", "no", "0", "falso"}
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# At most this many data rows per import (about 100 cases of 50 indicators), and this many cases per
# transaction: a bounded import of bounded steps, during which everyone else keeps saving (README, "Limits").
MAX_IMPORT_ROWS = 5_000
IMPORT_BATCH = 1
# SQLite has one writer, and a writer kept waiting is retried by SQLite's busy handler every 100 ms once it
# has waited a quarter of a second. An import that took the lock again the moment it let it go would starve
# those writers (a participant's save failed with "database is locked" after 20 s behind a 4,500-row import,
# tests/cases/test_import_load.py): between two transactions it leaves the lock free for one such retry.
IMPORT_PAUSE_SQLITE = 0.1

# The admin's import page explains the columns: (columns, or the first and last of a run of them), meaning.
_COLUMN_HELP = (
    (("slug",), gettext_lazy("Identifier of the case (letters, digits, hyphens); one case per slug.")),
    (
        ("name", "…", "reference"),
        gettext_lazy("Case fields; repeated on every row of the case, identical on all."),
    ),
    (
        tuple(c for c in COLUMNS if c in OPTIONAL_COLUMNS),
        gettext_lazy(
            "The Spanish of the translated content (each value's source and note too). These columns may be "
            "left out: the stored Spanish is then kept."
        ),
    ),
    (
        ("region_type",),
        gettext_lazy("An option code of the indicator CTX.region_type, e.g. metropolitan."),
    ),
    (
        ("published",),
        gettext_lazy("true or false. Only published cases are shown and used for matching."),
    ),
    (("indicator",), gettext_lazy("A framework indicator code, e.g. MESO.led_unit.")),
    (
        ("value",),
        gettext_lazy(
            "An option code; for multi indicators the codes joined by |, or - for “none of these”; "
            "dont_know for don't know; empty for not reported."
        ),
    ),
    (("source",), gettext_lazy("Figure or section of the paper the value comes from.")),
    (("note",), gettext_lazy("Provenance note: what the paper says, in its words.")),
    (
        ("judgement",),
        gettext_lazy(
            "true where the value is a reading of the paper rather than its literal words (the note explains "
            "it); false or empty otherwise."
        ),
    ),
    (
        ("curator_source",),
        gettext_lazy(
            "For a value a curator set: the document, page or link it comes from. Empty for the paper's own "
            "values (their source is the paper)."
        ),
    ),
    (
        PROVENANCE_COLUMNS,
        gettext_lazy("These two columns may be left out: the stored flag and curator's source are kept."),
    ),
)


def column_help() -> list[tuple[str, str]]:
    """(column headers, meaning) in the active language, for the admin's import page."""
    return [
        (", ".join(c if c == "…" else column_label(c) for c in columns).replace(", …,", " …"), str(text))
        for columns, text in _COLUMN_HELP
        if columns
    ]


@dataclass(frozen=True, order=True)
class Problem:
    """One reason a CSV file is rejected; ``line`` is the file's line number (None: the whole file)."""

    line: int | None
    message: str

    def __str__(self):
        if self.line is None:
            return self.message
        return _("line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


class CsvImportError(ValueError):
    """A CSV file that cannot be imported; ``problems`` lists every reason found, by line."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.line or 0, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


# --- Export ------------------------------------------------------------------------------------------


def case_records(queryset=None) -> list[dict]:
    """Cases as plain dicts in the ``save_case`` data format (``values`` keeps the stored order). Translated
    content is read per language (``summary`` is the English, ``summary_es`` the Spanish), whatever the
    active language: an export from the Spanish admin must not put Spanish in the English columns."""
    queryset = Case.objects.all() if queryset is None else queryset
    records = []
    for case in queryset.order_by("position", "name").prefetch_related("values"):
        records.append(
            {
                "slug": case.slug,
                **{f: _stored(case, f) for f in (*CASE_FIELDS, *translated_keys(CASE_TRANSLATED))},
                "values": {
                    v.indicator: {
                        "value": v.value,
                        **{f: _stored(v, f) for f in (*VALUE_TRANSLATED, *translated_keys(VALUE_TRANSLATED))},
                        "judgement": v.judgement,
                        "curator_source": v.curator_source,
                    }
                    for v in case.values.all()
                },
            }
        )
    return records


def _stored(obj, field: str):
    """What is stored for ``field``: the English column of translated content, never the active language's
    (modeltranslation's attribute); a missing translation is ``""``."""
    if field in TRANSLATED_COLUMNS:
        field = f"{field}_en"
    value = getattr(obj, field)
    return "" if value is None else value


def cases_frame(records: list[dict]) -> pd.DataFrame:
    """The long CSV table of ``records`` (``save_case`` data format): one row per case and indicator, the
    columns named by their codes (``export_cases_csv`` writes their labels)."""
    import pandas as pd

    rows = []
    for record in records:
        case = {c: record.get(c, "") for c in ("slug", *CASE_COLUMNS)}
        case["published"] = "true" if record["published"] else "false"
        values = record.get("values") or {"": {"value": None}}
        for code, entry in values.items():
            rows.append(
                {
                    **case,
                    "indicator": code,
                    "value": answers.to_text(entry["value"]),
                    **{c: entry.get(c, "") for c in VALUE_COLUMNS[2:]},
                    "judgement": ("true" if entry.get("judgement") else "false") if code else "",
                }
            )
    return pd.DataFrame(rows, columns=list(COLUMNS), dtype=object)


def frame_to_csv(frame: pd.DataFrame) -> str:
    """Formula-safe CSV text (``core.spreadsheet``): a note starting ``=``/``+``/``-``/``@`` is written
    behind an apostrophe, which the import removes again, so every value reads back as written."""
    return spreadsheet.csv_text(*spreadsheet.frame_rows(frame))


def export_cases_csv(queryset=None) -> bytes:
    """UTF-8 CSV (with byte-order mark) of the cases of ``queryset`` (default: all cases), its header row in
    the active language."""
    frame = cases_frame(case_records(queryset))
    frame.columns = [column_label(c) for c in frame.columns]
    return frame_to_csv(frame).encode("utf-8-sig")


# --- Parse -------------------------------------------------------------------------------------------


def _decode(content: bytes) -> str:
    if not content.strip():
        raise CsvImportError([Problem(None, _("The file is empty."))])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise CsvImportError(
            [
                Problem(
                    line,
                    _("the file is not UTF-8 text (byte 0x%(byte)02x); save it as “CSV UTF-8”.")
                    % {"byte": content[exc.start]},
                )
            ]
        ) from exc
    if "\x00" in text:  # PostgreSQL refuses NUL in text; no spreadsheet writes one into a CSV
        line = text[: text.index("\x00")].count("\n") + 1
        message = _("the file contains a NUL character; is it really a CSV file?")
        raise CsvImportError([Problem(line, message)])
    return text


def _records(text: str) -> list[tuple[int, list[str]]]:
    """``(first physical line, fields)`` per non-blank record.

    Read with the csv module rather than ``pandas.read_csv`` because notes may span lines, and errors must
    name the line a curator sees in an editor.
    """
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records, start = [], 1
    try:
        for fields in reader:
            if any(f.strip() for f in fields):
                records.append((start, fields))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise CsvImportError([Problem(start, _("malformed CSV (%(error)s).") % {"error": exc})]) from exc
    if not records:
        raise CsvImportError([Problem(None, _("The file is empty."))])
    return records


def _frame(records: list[tuple[int, list[str]]]) -> pd.DataFrame:
    """Data rows as strings with their ``line``; raises on a bad header or ragged rows."""
    import pandas as pd

    header_line, header = records[0]
    names = header_names()
    header = [names.get(_fold(h), h.strip()) for h in header]
    problems = []
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        problems.append(
            Problem(
                header_line,
                _("missing column(s): %(columns)s.")
                % {"columns": ", ".join(column_label(c) for c in missing)},
            )
        )
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        problems.append(
            Problem(
                header_line,
                _("unknown column(s): %(columns)s; expected: %(expected)s.")
                % {
                    "columns": ", ".join(map(repr, unknown)),
                    "expected": ", ".join(column_label(c) for c in COLUMNS),
                },
            )
        )
    repeated = sorted({c for c in header if header.count(c) > 1})
    if repeated:
        problems.append(
            Problem(
                header_line,
                _("repeated column(s): %(columns)s.")
                % {"columns": ", ".join(column_label(c) for c in repeated)},
            )
        )
    for line, fields in records[1:]:
        if len(fields) != len(header):
            problems.append(
                Problem(
                    line,
                    _("%(found)s fields where the header has %(expected)s.")
                    % {"found": len(fields), "expected": len(header)},
                )
            )
    if problems:
        raise CsvImportError(problems)
    if len(records) == 1:
        raise CsvImportError([Problem(None, _("The file has a header but no rows."))])
    # Cells the export neutralised against formula evaluation (core.spreadsheet) read back as written.
    rows = [[spreadsheet.unescape_cell(f) for f in fields] for _line, fields in records[1:]]
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    frame = frame[[c for c in COLUMNS if c in header]]  # a translation column may be left out
    for column in (c for c in CODE_COLUMNS if c in frame):
        frame[column] = frame[column].str.strip()
    frame.insert(0, "line", [line for line, _fields in records[1:]])
    return frame


def _case_problems(row, framework: Framework) -> list[Problem]:
    """Problems of the case fields on the first row of a case."""
    line, problems = row.line, []

    def bad(message, **params):
        problems.append(Problem(line, message % params))

    try:
        validate_slug(row.slug)
    except ValidationError:
        bad(_("slug %(slug)r is not a slug (letters, digits, hyphens and underscores only)."), slug=row.slug)
    for field in ("name", "country"):
        if not getattr(row, field).strip():
            bad(_("case %(slug)r has an empty %(field)s."), slug=row.slug, field=field)
    for field in ("slug", *CASE_COLUMNS):
        max_length = Case._meta.get_field(field).max_length
        if max_length and len(getattr(row, field, "")) > max_length:
            bad(
                _("%(field)s of case %(slug)r is longer than %(max)s characters."),
                field=field,
                slug=row.slug,
                max=max_length,
            )
    region = framework.indicators.get("CTX.region_type")
    if region is not None and row.region_type not in region.option_codes:
        bad(
            _("unknown region_type %(value)r; allowed: %(allowed)s."),
            value=row.region_type,
            allowed=", ".join(region.option_codes),
        )
    if row.published.lower() not in TRUE_WORDS | FALSE_WORDS:
        bad(_("published must be true or false, not %(value)r."), value=row.published)
    return problems


def _inconsistencies(frame: pd.DataFrame) -> list[Problem]:
    """Rows whose case fields differ from the first row of the same slug."""
    problems = []
    first = frame.groupby("slug", sort=False).head(1).set_index("slug")
    for field in (c for c in CASE_COLUMNS if c in frame.columns):
        expected = frame["slug"].map(first[field])
        for row in frame[frame[field] != expected].itertuples():
            problems.append(
                Problem(
                    row.line,
                    _("case %(slug)r: %(field)s %(value)r differs from %(first)r on line %(first_line)s.")
                    % {
                        "slug": row.slug,
                        "field": field,
                        "value": getattr(row, field),
                        "first": first.at[row.slug, field],
                        "first_line": first.at[row.slug, "line"],
                    },
                )
            )
    return problems


def _duplicates(frame: pd.DataFrame) -> list[Problem]:
    rows = frame[frame["indicator"] != ""]
    first_line = rows.groupby(["slug", "indicator"])["line"].transform("min")
    return [
        Problem(
            row.line,
            _("duplicate row for case %(slug)r and indicator %(indicator)s (first on line %(first)s).")
            % {"slug": row.slug, "indicator": row.indicator, "first": first},
        )
        for row, first in zip(rows.itertuples(), first_line, strict=True)
        if row.line != first
    ]


def _value_problems(row, framework: Framework) -> list[Problem]:
    if row.indicator == "":
        if row.value or row.source or row.note or getattr(row, "curator_source", ""):
            return [Problem(row.line, _("a row without indicator cannot have a value, source or note."))]
        return []
    indicator = framework.indicators.get(row.indicator)
    if indicator is None:
        return [Problem(row.line, _("unknown indicator code %(code)r.") % {"code": row.indicator})]
    problems = []
    try:
        answers.from_text(indicator, row.value)
    except ValueError as exc:
        problems.append(
            Problem(
                row.line,
                _("indicator %(code)s: bad value %(value)r: %(reason)s.")
                % {"code": indicator.code, "value": row.value, "reason": exc},
            )
        )
    for field in ("source", "curator_source"):
        max_length = CaseValue._meta.get_field(field).max_length
        if len(getattr(row, field, "")) > max_length:
            problems.append(
                Problem(
                    row.line,
                    _("%(column)s is longer than %(max)s characters.")
                    % {"column": column_label(field), "max": max_length},
                )
            )
    judgement = getattr(row, "judgement", "").lower()
    if judgement and judgement not in TRUE_WORDS | FALSE_WORDS:
        problems.append(
            Problem(
                row.line,
                _("%(column)s must be true, false or empty, not %(value)r.")
                % {"column": column_label("judgement"), "value": row.judgement},
            )
        )
    return problems


def parse_cases_csv(content: bytes, framework: Framework) -> list[dict]:
    """Cases (``save_case`` data format, in file order) of a CSV file, or ``CsvImportError`` with every
    problem found, by line."""
    frame = _frame(_records(_decode(content)))
    problems = [*_inconsistencies(frame), *_duplicates(frame)]
    firsts = frame.groupby("slug", sort=False).head(1)
    for row in firsts.itertuples():
        problems += _case_problems(row, framework)
    for row in frame.itertuples():
        problems += _value_problems(row, framework)
    if problems:
        raise CsvImportError(problems)
    cases = []
    case_columns = [c for c in CASE_COLUMNS if c in frame.columns]
    value_columns = [c for c in VALUE_COLUMNS[2:] if c in frame.columns]
    for slug, rows in frame.groupby("slug", sort=False):
        head = rows.iloc[0]
        case = {"slug": slug, **{f: head[f] for f in case_columns}}
        case["published"] = head["published"].lower() in TRUE_WORDS
        case["values"] = {
            row.indicator: {
                "value": answers.from_text(framework.indicators[row.indicator], row.value),
                **{c: getattr(row, c) for c in value_columns},
                **({"judgement": row.judgement.lower() in TRUE_WORDS} if "judgement" in frame else {}),
            }
            for row in rows.itertuples()
            if row.indicator
        }
        cases.append(case)
    return cases


# --- Import ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseChange:
    """What importing one case would change: ``fields`` ``[(field, old, new)]`` and ``values``
    ``[(indicator, old text, new text)]`` (empty old: not there before)."""

    slug: str
    name: str
    created: bool
    fields: list[tuple[str, str, str]]
    values: list[tuple[str, str, str]]

    @property
    def unchanged(self) -> bool:
        return not self.created and not self.fields and not self.values

    @property
    def labelled_fields(self) -> list[tuple[str, str, str]]:
        """``fields`` with each column's header in the active language (the preview shows them)."""
        return [(column_label(field), old, new) for field, old, new in self.fields]


@dataclass(frozen=True)
class ImportPlan:
    """A validated file and what importing it would change, nothing written yet (the preview)."""

    cases: list[dict]
    changes: list[CaseChange]
    positions: dict[str, int]
    framework_version: FrameworkVersion

    @property
    def created(self) -> list[str]:
        return [c.slug for c in self.changes if c.created]

    @property
    def updated(self) -> list[str]:
        return [c.slug for c in self.changes if not c.created]


@dataclass(frozen=True)
class ImportResult:
    created: list[str]
    updated: list[str]


def _check_size(content: bytes) -> None:
    """Refuse a file over ``MAX_IMPORT_ROWS`` data rows before parsing it (README, "Limits")."""
    lines = content.count(b"\n") + (0 if content.endswith(b"\n") else 1)
    if lines - 1 > MAX_IMPORT_ROWS:
        raise CsvImportError(
            [
                Problem(
                    None,
                    _(
                        "The file has %(rows)s lines; an import takes at most %(max)s rows (about %(cases)s "
                        "cases). Split it into several files."
                    )
                    % {"rows": lines - 1, "max": MAX_IMPORT_ROWS, "cases": MAX_IMPORT_ROWS // 50},
                )
            ]
        )


def _entry_text(entry: dict | None) -> str:
    return "" if entry is None else answers.to_text(entry.get("value"))


def plan_import(
    *, content: bytes, overwrite: bool, framework_version: FrameworkVersion | None = None
) -> ImportPlan:
    """Validate the whole file and list what importing it would change; writes nothing. Raises
    ``CsvImportError`` with every problem found, by line."""
    _check_size(content)
    framework_version = framework_version or FrameworkVersion.current()
    cases = parse_cases_csv(content, framework_version.framework)
    slugs = [c["slug"] for c in cases]
    # A case per slug and framework version: the file's cases are those of the version it is read against.
    in_version = Case.objects.filter(framework=framework_version, slug__in=slugs).prefetch_related("values")
    existing = {case.slug: case for case in in_version}
    if existing and not overwrite:
        raise CsvImportError(
            [
                Problem(
                    None,
                    _(
                        "These cases already exist: %(slugs)s. Tick “overwrite” (or pass --overwrite) to "
                        "replace them with the file's data, or remove their rows."
                    )
                    % {"slugs": ", ".join(s for s in slugs if s in existing)},
                )
            ]
        )
    changes = []
    for data in cases:
        case = existing.get(data["slug"])
        if case is None:
            values = [(code, "", _entry_text(e)) for code, e in data["values"].items()]
            changes.append(CaseChange(data["slug"], data["name"], True, [], values))
            continue
        given = [f for f in CASE_COLUMNS if f in data]
        fields = [(f, str(_stored(case, f)), str(data[f])) for f in given if _stored(case, f) != data[f]]
        old = {v.indicator: v for v in case.values.all()}
        values = []
        for code in [*old, *(c for c in data["values"] if c not in old)]:
            before, after = old.get(code), data["values"].get(code)
            stored = (
                None
                if before is None
                else {"value": before.value, **{k: _stored(before, k) for k in after or {} if k != "value"}}
            )
            if stored and after and before.origin == Origin.PAPER and before.value == after["value"]:
                stored.pop("curator_source", None)  # save_case keeps the paper as such a value's source
                after = {k: v for k, v in after.items() if k != "curator_source"}
            if stored != after:
                values.append((code, _entry_text(stored), _entry_text(after)))
        changes.append(CaseChange(data["slug"], data["name"], False, fields, values))
    positions = {slug: case.position for slug, case in existing.items()}
    return ImportPlan(cases=cases, changes=changes, positions=positions, framework_version=framework_version)


def import_cases_csv(
    *, content: bytes, overwrite: bool, framework_version: FrameworkVersion | None = None, user=None
) -> ImportResult:
    """Create (and with ``overwrite`` replace) the cases of a CSV file.

    The whole file is validated first (``plan_import``): a file with any problem changes nothing. It is then
    written ``IMPORT_BATCH`` cases per transaction, so that no transaction holds the database for long
    (participants keep saving during a large import; SQLite has a single writer, which the import leaves
    free for a moment between transactions: ``IMPORT_PAUSE_SQLITE``). Each batch is one
    revision of the case history (django-reversion), by ``user``. New cases are placed after the existing ones
    in file order; replaced cases keep their position.
    """
    plan = plan_import(content=content, overwrite=overwrite, framework_version=framework_version)
    next_position = (Case.objects.aggregate(m=Max("position"))["m"] or 0) + 10
    positions = {}
    for data in plan.cases:
        if data["slug"] in plan.positions:
            positions[data["slug"]] = plan.positions[data["slug"]]
        else:
            positions[data["slug"]], next_position = next_position, next_position + 10
    source = _("CSV import")
    pause = IMPORT_PAUSE_SQLITE if connection.vendor == "sqlite" else 0
    saved: list[str] = []
    for start in range(0, len(plan.cases), IMPORT_BATCH):
        if start and pause:
            time.sleep(pause)
        batch = plan.cases[start : start + IMPORT_BATCH]
        try:
            with transaction.atomic(), reversion.create_revision():
                if user is not None:
                    reversion.set_user(user)
                reversion.set_comment(str(source))
                for data in batch:
                    try:
                        case = save_case(
                            framework_version=plan.framework_version,
                            data=data,
                            position=positions[data["slug"]],
                            overwrite=True,
                            curator_source=str(source),
                        )
                    except CaseDataError as exc:  # validated already; kept for a second line of defence
                        raise CsvImportError([Problem(None, str(exc))]) from exc
                    reversion.add_to_revision(case)
        except DatabaseError as exc:
            # The batches before this one are saved (each is its own transaction): say which, and how to
            # finish, rather than leave the curator to guess what a half-done import left behind.
            raise CsvImportError([Problem(None, _interrupted(exc, saved, len(plan.cases)))]) from exc
        saved.extend(data["slug"] for data in batch)
    return ImportResult(created=plan.created, updated=plan.updated)


def _interrupted(exc: DatabaseError, saved: list[str], total: int) -> str:
    if not saved:
        return _("The database refused the import (%(error)s); nothing was saved. Try again in a moment.") % {
            "error": exc
        }
    return _(
        "The database refused the import (%(error)s) after %(done)d of %(total)d cases were saved: "
        "%(slugs)s. Import the same file again with “overwrite” ticked (or --overwrite) to finish it."
    ) % {"error": exc, "done": len(saved), "total": total, "slugs": ", ".join(saved)}
