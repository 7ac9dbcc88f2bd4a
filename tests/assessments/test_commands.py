"""The management commands questionnaire, export_case and score."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from assessments import portable
from cases.models import Case
from framework import definition as fw
from framework import scoring

FW = fw.load()


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_questionnaire_prints_the_framework():
    data = json.loads(run("questionnaire"))
    assert data["slug"] == FW.slug
    assert [d["code"] for d in data["dimensions"]] == [d.code for d in FW.dimensions]
    led_unit = next(i for d in data["dimensions"] for i in d["indicators"] if i["code"] == "MESO.led_unit")
    assert led_unit["type"] == "choice" and led_unit["weight"] == 1.0 and led_unit["citation"]
    assert [o["code"] for o in led_unit["options"]] == ["none", "team", "unit"]


def test_questionnaire_refuses_an_unknown_framework():
    with pytest.raises(CommandError, match="unknown framework 'nope'"):
        run("questionnaire", "--framework", "nope")


@pytest.mark.django_db
def test_export_case_unknown_slug_names_the_known_ones(benchmark_cases):
    with pytest.raises(CommandError, match="no case 'atlantis'; known: araucania, bucaramanga"):
        run("export_case", "atlantis")


@pytest.mark.django_db
def test_export_case_writes_the_portable_format_with_provenance(benchmark_cases):
    parsed = portable.parse(run("export_case", "medellin"))
    case = Case.objects.get(slug="medellin")
    assert parsed.answers == case.answers()
    assert parsed.locality == {"name": "Medellín", "country": "Colombia", "region_type": "metropolitan"}
    assert parsed.evidence["MESO.economic_institutions"].startswith(
        "Figure 2: Figure 2 (Economic institutions): 'Employment observatory"
    )


@pytest.mark.django_db
def test_each_case_exported_and_scored_is_its_own_top_match(benchmark_cases, tmp_path):
    hits = {}
    for case in Case.objects.prefetch_related("values"):
        path = tmp_path / f"{case.slug}.json"
        path.write_text(run("export_case", case.slug), encoding="utf-8")
        result = json.loads(run("score", str(path)))
        hits[case.slug] = result["matches"][0]["slug"]
        assert result["matches"][0]["similarity"] == 100
        direct = scoring.score(FW, case.answers())
        assert result["overall"] == round(direct.overall, 1)
        assert [d["score"] for d in result["dimensions"]] == [
            None if d.score is None else round(d.score, 1) for d in direct.dimensions
        ]
        assert result["dominant_generation"] == direct.dominant_generation
    assert hits == {slug: slug for slug in hits} and len(hits) == 12


@pytest.mark.django_db
def test_unpublished_cases_are_not_matched(benchmark_cases, tmp_path):
    path = tmp_path / "ilo.json"
    path.write_text(run("export_case", "ilo"), encoding="utf-8")
    ilo = Case.objects.get(slug="ilo")
    ilo.published = False
    ilo.save()  # as the admin saves it (a bulk update would have to renew the revision: cases.signals)
    result = json.loads(run("score", str(path)))
    assert "ilo" not in [m["slug"] for m in result["matches"]]
    assert len(result["matches"]) == 3


@pytest.mark.django_db
def test_score_reads_standard_input(benchmark_cases, monkeypatch):
    doc = portable.dump(framework_slug=FW.slug, answers={"INIT.ced": "yes", "LEARN.lris": "dont_know"})
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps(doc).encode())))
    result = json.loads(run("score", "-"))
    init = result["dimensions"][2]
    # One initiative known ("yes"), the others unknown: the score is the lowest they allow; the range
    # reaches 100.
    assert init["code"] == "INIT" and 0 < init["score"] < 100 and init["high"] == 100
    assert result["dimensions"][4]["dont_know"] == 1
    # Two indicators in common are too few to compare with any case.
    assert all(m["similarity"] is None for m in result["matches"])


@pytest.mark.django_db
def test_score_bad_file_names_the_field(benchmark_cases, tmp_path):
    path = tmp_path / "bad.json"
    doc = portable.dump(framework_slug=FW.slug, answers={})
    doc["answers"] = {"MESO.led_unit": {"value": "agency"}}
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(
        CommandError, match=r"bad\.json: answers\.MESO\.led_unit\.value: unknown option 'agency'"
    ):
        run("score", str(path))
    with pytest.raises(CommandError, match="cannot read the file"):
        run("score", str(tmp_path / "missing.json"))


def test_manage_py_score_exits_1_with_the_problem_on_stderr(tmp_path):
    path = tmp_path / "wrong.json"
    path.write_text('{"format": "spreadsheet"}', encoding="utf-8")
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run(
        [sys.executable, str(root / "manage.py"), "score", str(path)],
        capture_output=True,
        text=True,
        cwd=root,
        env={**os.environ, "DJANGO_DEBUG": "1"},
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "wrong.json: format: expected 'ledcheck-assessment', got 'spreadsheet'" in proc.stderr
