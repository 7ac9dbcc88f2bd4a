"""Cross-case tables from plain data: no database (any ORM access would fail without django_db)."""

import pandas as pd
import pytest
from django.utils import translation

from cases import tables
from cases.services import read_cases_file
from framework import definition as fw

FW = fw.load()
RECORDS = read_cases_file()["cases"]


def frame(key, records=RECORDS):
    return tables.label_frame(records, FW, tables.figure(key))


def test_every_figure_column_is_an_indicator_of_the_framework():
    for fig in tables.FIGURES:
        assert set(fig.codes) <= set(FW.indicators), fig.key
    assert [f.key for f in tables.FIGURES] == ["figure-2", "figure-3a", "figure-3b", "figure-4"]


def test_figure_3a_has_every_initiative_indicator_as_yes_no():
    fig = tables.figure("figure-3a")
    assert fig.codes == [i.code for i in FW.dimension("INIT").indicators]
    assert fig.marks
    assert {FW.indicators[c].type for c in fig.codes} == {"yesno"}


def test_figure_4_has_twelve_rows_and_bucaramanga_is_advanced():
    learning = frame("figure-4")
    assert learning.shape == (12, 5)
    assert list(learning.index) == [r["slug"] for r in RECORDS]
    assert learning.loc["bucaramanga", "LEARN.lris"] == "Advanced"
    assert learning.loc["medellin", "LEARN.lris"] == "In formation"
    # "In all twelve case studies we find instances of learning by educating."
    assert set(learning["LEARN.training"]) == {"Established"}


def test_figure_2_multi_values_are_joined_labels_and_empty_means_none():
    meso = frame("figure-2")
    assert meso.loc["cordoba", "MESO.policy_institution"] == "Mixed public-private body outside public law"
    assert (
        meso.loc["cordoba", "MESO.economic_institutions"]
        == "LED or enterprise promotion agency; Business incubator"
    )
    # Figure 2 names no economic institution for Araucanía: not reported, never "none" (one rule for all).
    assert meso.loc["araucania", "MESO.economic_institutions"] == "Not reported in the paper"


def test_figure_3b_actors():
    actors = frame("figure-3b")
    assert "Universities or research institutes" in actors.loc["bucaramanga", "NET.horizontal_partners"]
    assert actors.loc["provincia-de-loa", "NET.vertical_pattern"] == "Higher levels dominate (top-down)"


def test_notes_and_sources_carry_the_papers_words():
    fig = tables.figure("figure-2")
    notes = tables.field_frame(RECORDS, fig, "note")
    sources = tables.field_frame(RECORDS, fig, "source")
    assert notes.loc["cordoba", "MESO.policy_institution"] == (
        "Figure 2 (Institutions for policy and planning): 'mixed LED agency (ADEC)'."
    )
    assert sources.loc["cordoba", "MESO.policy_institution"].startswith("Figure 2")


def test_missing_values_are_not_reported_and_dont_know_is_labelled():
    records = [
        {"slug": "a", "name": "A", "country": "X", "values": {"LEARN.lris": {"value": "dont_know"}}},
        {"slug": "b", "name": "B", "country": "X"},
    ]
    learning = frame("figure-4", records)
    assert learning.loc["a", "LEARN.lris"] == "Don't know"
    assert learning.loc["a", "LEARN.training"] == "Not reported in the paper"
    assert learning.loc["b", "LEARN.social"] == "Not reported in the paper"
    notes = tables.field_frame(records, tables.figure("figure-4"), "note")
    assert notes.loc["b", "LEARN.social"] == ""


def test_value_labels():
    lris = FW.indicators["LEARN.lris"]
    partners = FW.indicators["NET.vertical_partners"]
    assert tables.value_labels(lris, "advanced") == ["Advanced"]
    assert tables.value_labels(lris, None) == ["Not reported in the paper"]
    assert tables.value_labels(partners, []) == []
    assert tables.value_labels(partners, ["international", "national_agency"]) == [
        "International agencies or donors",
        "National sector or line agency, social fund or ministry",
    ]
    assert tables.value_labels(lris, "retired_option") == ["retired_option"]


def test_unknown_field_or_figure_is_refused():
    with pytest.raises(ValueError, match="unknown field 'colour'"):
        tables.field_frame(RECORDS, tables.figure("figure-2"), "colour")
    with pytest.raises(KeyError):
        tables.figure("figure-9")


def test_csv_frame_has_case_country_and_headings():
    table = tables.csv_frame(RECORDS, FW, tables.figure("figure-4"))
    assert list(table.columns[:3]) == ["Case code", "Case", "Country"]
    assert "Local innovation system" in table.columns
    row = table[table["Case"] == "Bucaramanga"].iloc[0]
    assert row["Country"] == "Colombia" and row["Case code"] == "bucaramanga"
    assert row["Local innovation system"] == "Advanced"
    assert isinstance(table, pd.DataFrame) and len(table) == 12


def test_labels_follow_the_active_language():
    with translation.override("es"):
        learning = frame("figure-4")
    assert learning.loc["bucaramanga", "LEARN.lris"] == "Avanzado"
