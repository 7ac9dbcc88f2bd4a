"""docs/framework.md is generated from the framework JSON and must stay true to it."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from framework import definition as fw
from framework.management.commands.framework_doc import render_markdown

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "framework.md"
REGENERATE = "DJANGO_DEBUG=1 .venv/bin/python manage.py framework_doc --output docs/framework.md"


def test_committed_doc_equals_the_generated_one():
    assert DOC.read_text(encoding="utf-8") == render_markdown(fw.load()), (
        f"docs/framework.md is out of date with the framework JSON; regenerate it with: {REGENERATE}"
    )


def test_doc_covers_every_dimension_indicator_and_option():
    framework = fw.load()
    text = render_markdown(framework)
    for dimension in framework.dimensions:
        assert f"## `{dimension.code}` — {dimension.name}" in text
        assert dimension.citation in text
        for indicator in dimension.indicators:
            assert f"### `{indicator.code}` — {indicator.label}" in text
            assert indicator.citation in text
            if indicator.rationale:
                assert indicator.rationale in text
            for option in indicator.options:
                assert f"| `{option.code}` | {option.label} |" in text


def test_doc_shows_weights_saturation_scores_and_traits():
    text = render_markdown(fw.load())
    section = text.split("### `MESO.economic_institutions`")[1].split("### ")[0]
    assert "| Weight in its dimension | 1.25 |" in section
    assert "| Saturation (options for a full score) | 2 |" in section
    policy = text.split("### `MESO.policy_institution`")[1].split("### ")[0]
    assert "| `mixed` | Mixed public-private body outside public law |" in policy
    assert "| 1 | 3 — Horizontal coordination among a range of local public and private actors" in policy
    assert "[S3c]" in policy  # the Introduction sentence the trait is tied to
    fit = text.split("### `INIT.clusters`")[1].split("### ")[0]
    assert "| Weight by scale (fit) | large 1, intermediate 0.5, small 0, unknown 0.5 |" in fit


def test_doc_does_not_depend_on_the_active_language():
    with translation.override("es"):
        spanish = render_markdown(fw.load())
    assert spanish == render_markdown(fw.load())


def test_table_cells_escape_pipes():
    framework = fw.load()
    # A dimension's citation is a cell of the dimension table.
    definition = {
        **framework.definition,
        "dimensions": [
            {**d, "citation": "Concluding | observations"} if d["code"] == "OPEN" else d
            for d in framework.definition["dimensions"]
        ],
    }
    text = render_markdown(fw.Framework.from_definition(definition))
    assert "| Concluding \\| observations |" in text


def test_command_writes_the_file(tmp_path, capsys):
    target = tmp_path / "framework.md"
    call_command("framework_doc", output=str(target))
    assert target.read_text(encoding="utf-8") == render_markdown(fw.load())
    assert "Wrote" in capsys.readouterr().out


def test_command_prints_to_stdout_without_output(capsys):
    call_command("framework_doc")
    assert capsys.readouterr().out == render_markdown(fw.load())


def test_command_rejects_unknown_framework_and_missing_directory(tmp_path):
    with pytest.raises(CommandError, match="unknown framework 'nope'"):
        call_command("framework_doc", framework="nope")
    with pytest.raises(CommandError, match="does not exist"):
        call_command("framework_doc", output=str(tmp_path / "missing" / "framework.md"))
