"""The portable assessment JSON format: pure, no database."""

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assessments import portable
from framework import definition as fw

SLUG = fw.CURRENT_SLUG


def document(**changes) -> dict:
    doc = {
        "format": "ledcheck-assessment",
        "format_version": 1,
        "framework": SLUG,
        "locality": {"name": "Villa", "country": "Chile", "region_type": "rural_agricultural"},
        "title": "Villa 2025",
        "answers": {
            "MESO.led_unit": {"value": "team", "evidence": "Two officers since 2023"},
            "MESO.economic_institutions": {"value": ["incubator", "enterprise_agency"]},
            "INIT.clusters": {"value": "dont_know"},
            "INIT.bds": {"value": None, "evidence": "to check with the chamber"},
        },
        "exported_at": "2025-05-01T10:00:00+00:00",
    }
    doc.update(changes)
    return doc


def problems(data) -> list[tuple[str, str]]:
    with pytest.raises(portable.PortableError) as info:
        portable.parse(data if isinstance(data, (str, bytes)) else json.dumps(data))
    return info.value.errors


def test_parse_reads_answers_evidence_and_locality():
    parsed = portable.parse(json.dumps(document()))
    assert parsed.framework.slug == SLUG
    # Canonical order of a multi answer is the framework's; a null value is unanswered but keeps its evidence.
    assert parsed.answers == {
        "MESO.led_unit": "team",
        "MESO.economic_institutions": ["enterprise_agency", "incubator"],
        "INIT.clusters": "dont_know",
    }
    assert parsed.evidence == {
        "MESO.led_unit": "Two officers since 2023",
        "INIT.bds": "to check with the chamber",
    }
    assert parsed.locality["region_type"] == "rural_agricultural"
    assert parsed.exported_at == datetime(2025, 5, 1, 10, tzinfo=UTC)


def test_dump_then_parse_round_trips():
    answers = {"LEARN.lris": "advanced", "NET.vertical_partners": [], "INIT.ced": "dont_know"}
    doc = portable.dump(
        framework_slug=SLUG,
        answers=answers,
        evidence={"LEARN.lris": "University research council", "INIT.bds": "ask"},
        title="T",
        locality={"name": "Ilo", "population_band": "20k_100k", "unknown": "dropped"},
    )
    assert doc["format"] == "ledcheck-assessment" and doc["format_version"] == 1
    assert doc["answers"]["INIT.bds"] == {"value": None, "evidence": "ask"}
    parsed = portable.parse(json.dumps(doc).encode())
    assert (parsed.answers, parsed.title) == (answers, "T")
    assert parsed.locality == {"name": "Ilo", "population_band": "20k_100k"}


def test_bad_json_names_line_and_column():
    [(path, problem)] = problems('{\n  "format": "ledcheck-assessment",\n  oops\n}')
    assert path == "" and "line 3, column 3" in problem


@pytest.mark.parametrize(
    "changes, path, fragment",
    [
        ({"format": "something-else"}, "format", "not a ledcheck assessment file"),
        ({"format_version": 2}, "format_version", "unsupported version 2"),
        ({"format_version": True}, "format_version", "unsupported version"),
        ({"framework": "helmsing-1999"}, "framework", "unknown framework 'helmsing-1999'"),
    ],
)
def test_header_problems_are_named(changes, path, fragment):
    [(got_path, problem)] = problems(document(**changes))
    assert got_path == path and fragment in problem


@pytest.mark.parametrize(
    "answers, path, fragment",
    [
        ({"MESO.nope": {"value": "yes"}}, "answers.MESO.nope", "unknown indicator"),
        ({"MESO.led_unit": {"value": "agency"}}, "answers.MESO.led_unit.value", "unknown option 'agency'"),
        ({"MESO.led_unit": {"value": 3}}, "answers.MESO.led_unit.value", "expected one option code, got int"),
        ({"MESO.led_unit": "unit"}, "answers.MESO.led_unit", "expected an object"),
        ({"MESO.led_unit": {}}, "answers.MESO.led_unit.value", "missing"),
        ({"MESO.led_unit": {"value": "unit", "note": "x"}}, "answers.MESO.led_unit.note", "unknown field"),
        (
            {"NET.vertical_partners": {"value": "international"}},
            "answers.NET.vertical_partners.value",
            "list",
        ),
        ({"LEARN.lris": {"value": "none", "evidence": "x" * 2001}}, "answers.LEARN.lris.evidence", "2001"),
        ({"LEARN.lris": {"value": "none", "evidence": 5}}, "answers.LEARN.lris.evidence", "expected text"),
    ],
)
def test_answer_problems_are_named_with_their_json_path(answers, path, fragment):
    [(got_path, problem)] = problems(document(answers=answers))
    assert got_path == path and fragment in problem


def test_every_problem_is_reported_at_once():
    doc = document(
        answers={"A.b": {"value": "yes"}, "MESO.led_unit": {"value": "x"}},
        locality={"region_type": "moon", "population_band": "huge", "mayor": "Ana"},
        extra=1,
    )
    assert [path for path, _ in problems(doc)] == [
        "extra",
        "locality.region_type",
        "locality.population_band",
        "locality.mayor",
        "answers.A.b",
        "answers.MESO.led_unit.value",
    ]
    assert "answers.A.b: unknown indicator" in str(portable.PortableError(problems(doc)))


def test_missing_or_malformed_answers_and_date():
    doc = document(exported_at="yesterday")
    del doc["answers"]
    assert problems(doc) == [
        ("exported_at", "not an ISO 8601 date-time: 'yesterday'"),
        ("answers", "missing"),
    ]
    assert problems(document(answers=[])) == [("answers", "expected an object, got a list")]
    assert problems("[1, 2]") == [("", "expected a JSON object, got a list")]


def test_file_too_big_or_not_utf8():
    big = json.dumps(document(title="x" * portable.MAX_BYTES))
    [(_, problem)] = problems(big)
    assert problem.startswith("file too big")
    [(_, problem)] = problems(b"\xff\xfe{}")
    assert problem.startswith("not UTF-8")


def test_a_utf8_bom_is_accepted():
    assert portable.parse(b"\xef\xbb\xbf" + json.dumps(document()).encode()).title == "Villa 2025"


def test_the_documented_example_parses_and_the_documented_options_are_the_real_ones():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "answers-format.md").read_text(encoding="utf-8")
    example = re.search(r"```json\n(.*?)```", doc, re.S).group(1)
    parsed = portable.parse(example)
    assert parsed.answers["NET.vertical_partners"] == [] and parsed.evidence["INIT.bds"]
    assert ", ".join(f"`{b}`" for b in portable.POPULATION_BANDS) in doc
    assert ", ".join(f"`{c}`" for c in fw.load().indicators["CTX.region_type"].option_codes) in doc


def test_population_bands_are_the_models():
    from assessments.models import PopulationBand

    assert portable.POPULATION_BANDS == tuple(PopulationBand.values)
