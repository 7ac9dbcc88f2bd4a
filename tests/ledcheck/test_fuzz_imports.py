"""Property-based tests of the two file imports: the assessment JSON upload (members of a locality) and the
cases CSV upload (admin). Random bytes, broken and truncated files, wrong encodings, valid files of the wrong
shape, hostile text: never a server error; a refused file is explained and saves nothing; a valid file is
saved. Each example runs in a savepoint rolled back afterwards (``matrix.attempt``)."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from assessments import portable
from assessments.models import Assessment
from cases.csv_io import COLUMNS, CsvImportError, export_cases_csv, parse_cases_csv
from framework import definition as fw
from tests.ledcheck.fuzz import FUZZ, HOSTILE, assert_refused_cleanly, get_query, hostile_text, shows_error
from tests.ledcheck.matrix import attempt, first_dimension, sample_answers

pytestmark = pytest.mark.django_db

FRAMEWORK = fw.load()
json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    hostile_text,
    st.sampled_from([c for i in FRAMEWORK.indicators.values() for c in i.option_codes][:20]),
)
json_value = st.recursive(
    json_scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(hostile_text, inner, max_size=4)),
    max_leaves=12,
)


def valid_document(answers=None, evidence=None, title="Rafaela 2026") -> dict:
    answers = sample_answers(first_dimension()) if answers is None else answers
    return portable.dump(
        framework_slug=FRAMEWORK.slug, answers=answers, evidence=evidence or {}, title=title,
        locality={"name": "Rafaela", "region_type": "intermediate_city"},
    )  # fmt: skip


def to_bytes(doc) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode("utf-8", "surrogatepass")


FIELDS = ["format", "format_version", "framework", "locality", "title", "answers", "exported_at"]


@st.composite
def mutated_document(draw) -> bytes:
    """A valid document with one part replaced, removed or added, then possibly truncated."""
    doc = valid_document()
    code = next(iter(doc["answers"]))
    target = draw(
        st.sampled_from([*FIELDS, "extra", "answer", "answer.value", "answer.evidence", "locality.x"])
    )
    value = draw(json_value)
    if target in FIELDS and draw(st.booleans()):
        del doc[target]
    elif target == "extra":
        doc[draw(hostile_text)] = value
    elif target == "answer":
        doc["answers"][draw(st.sampled_from([code, draw(hostile_text)]))] = value
    elif target.startswith("answer."):
        doc["answers"][code][target.split(".")[1]] = value
    elif target == "locality.x":
        doc["locality"][draw(st.sampled_from([*portable.LOCALITY_FIELDS, "x"]))] = value
    else:
        doc[target] = value
    content = to_bytes(doc)
    if draw(st.booleans()):
        content = content[: draw(st.integers(0, len(content)))]
    return content


HOSTILE_JSON = [
    b"",
    b"\xff\xfe\x00",
    b"[" * 100_000,
    b'{"a":' * 50_000,
    b"1" * 5000,
    b'{"format": "ledcheck-assessment", "format_version": ' + b"9" * 5000 + b"}",
    b"\xef\xbb\xbf{}",
    "{}".encode("utf-16"),
    b"null",
    b"NaN",
]


def _text_document(path, text) -> bytes:
    """A valid document with ``text`` at ``path``, as JSON escapes (so lone surrogates and NUL survive)."""
    doc = valid_document()
    code = next(iter(doc["answers"]))
    marker = "@@TEXT@@"
    if path == "title":
        doc["title"] = marker
    elif path == "evidence":
        doc["answers"][code]["evidence"] = marker
    elif path == "locality":
        doc["locality"]["name"] = marker
    else:
        doc[marker] = 1
    return json.dumps(doc).replace(f'"{marker}"', json.dumps(text)).encode()


def _import(world, content: bytes):
    url = reverse("assessments:assessment_import", args=[world.loc_a.pk])
    upload = SimpleUploadedFile("assessment.json", content, content_type="application/json")
    return attempt(world.client("member_a"), "post", url, {"file": upload})


@FUZZ
@given(content=st.one_of(st.binary(max_size=300), mutated_document(), st.sampled_from(HOSTILE_JSON)))
@example(content=b"[" * 100_000)
@example(content=b"9" * 5000)
@example(content=_text_document("title", "Rafa\x00ela"))
@example(content=_text_document("evidence", "\x00"))
@example(content=_text_document("title", "\ud800"))
@example(content=_text_document("evidence", "a\udfffb"))
@example(content=_text_document("key", "\ud800"))
def test_assessment_import(world, content):
    response, changed = _import(world, content)
    assert response.status_code in (302, 400)
    assert_refused_cleanly(response, changed, [content])
    if response.status_code == 302:
        assert changed


def _valid_value(indicator):
    if indicator.type == "multi":
        return st.lists(st.sampled_from(indicator.option_codes), unique=True)
    return st.sampled_from([*indicator.option_codes, fw.DONT_KNOW])


valid_answers = st.fixed_dictionaries(
    {}, optional={code: _valid_value(i) for code, i in FRAMEWORK.indicators.items()}
)
plain_text = st.text(st.characters(categories=["L", "N", "P", "Zs"]), max_size=200)


@FUZZ
@given(answers=valid_answers, note=plain_text, title=plain_text)
def test_a_valid_assessment_file_is_imported_as_it_is(world, answers, note, title):
    evidence = {code: note for code in list(answers)[:1]} if note.strip() else {}
    with transaction.atomic():
        before = set(Assessment.objects.values_list("pk", flat=True))
        content = to_bytes(valid_document(answers, evidence, title))
        url = reverse("assessments:assessment_import", args=[world.loc_a.pk])
        upload = SimpleUploadedFile("a.json", content, content_type="application/json")
        response = world.client("member_a").post(url, {"file": upload})
        assert response.status_code == 302
        (new,) = Assessment.objects.exclude(pk__in=before)
        stored = dict(new.answers.exclude(value=None).values_list("indicator", "value"))
        assert stored == {c: FRAMEWORK.indicators[c].validate(v) for c, v in answers.items()}
        notes = dict(new.answers.exclude(evidence="").values_list("indicator", "evidence"))
        assert notes == evidence
        transaction.set_rollback(True)


@pytest.mark.parametrize(
    "content",
    [
        b"[" * 100_000,
        b"1" * 5000,
        _text_document("title", "Rafa\x00ela"),
        _text_document("evidence", "\x00"),
        _text_document("locality", "\x00"),
        _text_document("title", "\ud800"),
        _text_document("evidence", "a\udfffb"),
        _text_document("key", "\ud800"),
    ],
    ids=[
        "deep",
        "huge-number",
        "nul-title",
        "nul-evidence",
        "nul-locality",
        "surrogate-title",
        "surrogate-evidence",
        "surrogate-key",
    ],  # fmt: skip
)
def test_portable_parse_names_each_hostile_document(content):
    with pytest.raises(portable.PortableError) as info:
        portable.parse(content)
    assert info.value.errors and all(problem for _path, problem in info.value.errors)
    str(info.value).encode("utf-8")  # the message itself can be shown on a page


# --- Cases CSV (admin) -------------------------------------------------------------------------------


def valid_csv(note="curated", slug="fuzz-case") -> str:
    indicator = FRAMEWORK.indicators["MESO.led_unit"]
    header = ",".join(COLUMNS)
    given = {
        "slug": slug, "name": "Fuzz", "country": "Chile", "region_type": "metropolitan", "published": "true",
        "indicator": indicator.code, "value": indicator.option_codes[0], "source": "Figure 4", "note": note,
    }  # fmt: skip
    row = [given.get(column, "") for column in COLUMNS]
    return header + "\n" + ",".join(json.dumps(c) if "," in c or '"' in c else c for c in row) + "\n"


@st.composite
def mutated_csv(draw) -> bytes:
    lines = valid_csv().splitlines()
    cells = lines[1].split(",")
    k = draw(st.integers(0, len(cells)))
    cell = draw(hostile_text).replace("\n", " ")
    if k == len(cells):
        cells.append(cell)
    else:
        cells[k] = cell
    text = "\n".join([lines[0], ",".join(cells), *draw(st.lists(st.sampled_from(lines), max_size=2))])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16", "cp1252"]))
    content = text.encode(encoding, "surrogatepass" if encoding.startswith("utf-8") else "replace")
    if draw(st.booleans()):
        content = content[: draw(st.integers(0, len(content)))]
    return content


def _csv_import(world, content: bytes, overwrite=False):
    upload = SimpleUploadedFile("cases.csv", content, content_type="text/csv")
    data = {"file": upload, **({"overwrite": "on"} if overwrite else {})}
    return attempt(world.client("staff"), "post", reverse("admin:cases_case_import"), data)


@FUZZ
@given(content=st.one_of(st.binary(max_size=300), mutated_csv()), overwrite=st.booleans())
@example(content=valid_csv(note="a\x00b").encode(), overwrite=False)
@example(content=valid_csv(slug="matrix-case").encode(), overwrite=False)
@example(content=b"\x00" * 10, overwrite=False)
@example(content=b'"unterminated\n', overwrite=False)
@example(content=("x" * 200_000).encode(), overwrite=False)
def test_case_csv_import(world, content, overwrite):
    response, changed = _csv_import(world, content, overwrite)
    assert response.status_code in (200, 302, 400)
    if response.status_code == 302:
        assert changed
    else:
        assert not changed and shows_error(response)


def test_a_nul_in_a_csv_file_is_named_by_line():
    with pytest.raises(CsvImportError) as info:
        parse_cases_csv(valid_csv(note="a\x00b").encode(), FRAMEWORK)
    assert [str(p) for p in info.value.problems] == [
        "line 2: the file contains a NUL character; is it really a CSV file?"
    ]


def test_a_valid_case_csv_is_imported(world):
    response, changed = _csv_import(world, valid_csv().encode())
    assert response.status_code == 302 and changed


def test_the_exported_csv_imports_back_with_overwrite(world):
    response, _changed = _csv_import(world, export_cases_csv(), overwrite=True)
    assert response.status_code == 302


@pytest.mark.parametrize("text", [t for t in HOSTILE if len(t) < 1000])
def test_admin_changelist_search_and_filters(world, text):
    url = reverse("admin:cases_case_changelist")
    for name in ("q", "country", "region_type", "published__exact"):
        response, _changed = get_query(world.client("staff"), url, [(name, text)])
        assert response.status_code in (200, 302), (name, text)
