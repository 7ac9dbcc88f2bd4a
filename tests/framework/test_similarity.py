"""Similarity of a locality to the benchmark cases: pure, no database."""

import json
from pathlib import Path

import pytest

from framework import definition as fw
from framework import similarity
from framework.similarity import CaseData

FW = fw.load("helmsing-2001-v1")
CASES_FILE = Path(__file__).resolve().parents[2] / "cases" / "data" / "cases.json"

BASE = {
    "CTX.region_type": "rural_agricultural",
    "INIT.ced": "yes",
    "INIT.enterprise_dev": "yes",
    "INIT.clusters": "no",
    "INIT.bds": "no",
    "LEARN.training": "established",
    "LEARN.social": "limited",
}


def case(slug, published=True, notes=None, **changes):
    answers = {**BASE, **{k.replace("__", "."): v for k, v in changes.items()}}
    return CaseData(slug, slug.title(), "Chile", answers, notes or {}, published)


def twelve() -> list[CaseData]:
    data = json.loads(CASES_FILE.read_text(encoding="utf-8"))
    return [
        CaseData(
            c["slug"],
            c["name"],
            c["country"],
            {k: v["value"] for k, v in c["values"].items() if v["value"] is not None},
            {k: v["note"] for k, v in c["values"].items()},
        )
        for c in data["cases"]
    ]


def test_identical_answers_are_100_percent_similar():
    [match] = similarity.rank(FW, BASE, [case("same")])
    assert (match.similarity, match.compared) == (100, 7)


def test_a_differing_indicator_lowers_similarity_by_its_weight():
    [match] = similarity.rank(FW, BASE, [case("other", INIT__clusters="yes")])
    weights = [1, 1, 1, 1, 1, 0.5, 1.25]  # region type weighs 1 for matching
    assert match.similarity == pytest.approx(100 * (1 - 1 / sum(weights)))


def test_different_region_types_are_distance_one_not_two_over_k():
    [match] = similarity.rank(FW, BASE, [case("city", CTX__region_type="metropolitan")])
    assert match.similarity == pytest.approx(100 * (1 - 1 / 6.75))


def test_unpublished_cases_are_ignored():
    matches = similarity.rank(FW, BASE, [case("hidden", published=False), case("shown", INIT__ced="no")])
    assert [m.slug for m in matches] == ["shown"]


def test_dont_know_is_left_out_not_read_as_no():
    locality = {**BASE, "INIT.clusters": fw.DONT_KNOW}
    yes, no = case("yes-case", INIT__clusters="yes"), case("no-case", INIT__clusters="no")
    matches = similarity.rank(FW, locality, [yes, no])
    assert [(m.slug, m.similarity, m.compared) for m in matches] == [
        ("no-case", 100, 6),
        ("yes-case", 100, 6),
    ]


def test_unreported_case_values_are_left_out_too():
    unreported = CaseData("silent", "Silent", "Peru", {k: v for k, v in BASE.items() if k != "INIT.bds"}, {})
    [match] = similarity.rank(FW, {**BASE, "INIT.bds": "yes"}, [unreported])
    assert (match.similarity, match.compared) == (100, 6)


def test_too_little_overlap_gives_no_similarity_and_ranks_last():
    sparse = CaseData("sparse", "Sparse", "Peru", {"INIT.ced": "yes", "INIT.bds": "no"}, {})
    matches = similarity.rank(FW, BASE, [sparse, case("full", INIT__ced="no")], top=None)
    assert [(m.slug, m.similarity is None, m.compared) for m in matches] == [
        ("full", False, 7),
        ("sparse", True, 2),
    ]


def test_ties_are_broken_by_slug():
    matches = similarity.rank(FW, BASE, [case("b"), case("c"), case("a")], top=2)
    assert [m.slug for m in matches] == ["a", "b"]


def test_multi_features_compare_option_by_option():
    locality = {**BASE, "MESO.economic_institutions": ["incubator"]}
    same = case("same", MESO__economic_institutions=["incubator"])
    other = case("other", MESO__economic_institutions=["technology_centre"])
    none = case("none", MESO__economic_institutions=[])
    sims = {m.slug: m.similarity for m in similarity.rank(FW, locality, [same, other, none], top=None)}
    assert sims["same"] == 100 and sims["other"] < sims["none"] < 100


def test_shared_learn_from_and_beyond_with_provenance():
    locality = {
        **BASE,
        "MESO.economic_institutions": ["incubator", "business_association"],
        "LEARN.social": "advanced",
    }
    notes = {"MESO.economic_institutions": "Productivity Centre", "INIT.bds": "Business development services"}
    teacher = case(
        "teacher",
        notes=notes,
        MESO__economic_institutions=["incubator", "technology_centre"],
        INIT__bds="yes",
    )
    [match] = similarity.rank(FW, locality, [teacher])
    assert [(p.code, p.options) for p in match.learn_from] == [
        ("INIT.bds", ("Yes",)),
        ("MESO.economic_institutions", ("Technology, productivity or R&T transfer centre",)),
    ]
    assert match.learn_from[0].provenance == "Teacher: Business development services"
    assert match.learn_from[0].advice == FW.indicators["INIT.bds"].advice
    shared = {p.code: p.options for p in match.shared}
    assert shared["MESO.economic_institutions"] == ("Business incubator",)
    assert shared["CTX.region_type"] == ("Predominantly rural, agricultural or forestry area",)
    assert "INIT.clusters" not in shared  # both "no" is not something shared
    beyond = {p.code: p.options for p in match.beyond}
    assert beyond == {
        "LEARN.social": ("Advanced",),
        "MESO.economic_institutions": ("New business or SME association, or chamber of commerce",),
    }


def test_invalid_answers_raise_naming_the_code():
    with pytest.raises(ValueError, match="NET.nope"):
        similarity.rank(FW, {"NET.nope": "yes"}, [case("a")])
    with pytest.raises(ValueError, match="case 'bad'"):
        similarity.rank(FW, BASE, [CaseData("bad", "Bad", "X", {"INIT.ced": "perhaps"}, {})])


def test_each_of_the_twelve_cases_is_its_own_closest_match():
    cases = twelve()
    top = {c.slug: similarity.rank(FW, c.answers, cases, top=1)[0].slug for c in cases}
    assert top == {c.slug: c.slug for c in cases}


def test_medellin_learns_from_bucaramanga_with_the_papers_institutions():
    cases = {c.slug: c for c in twelve()}
    [match] = similarity.rank(FW, cases["medellin"].answers, [cases["bucaramanga"]])
    points = {p.code: p for p in match.learn_from}
    assert (
        "Science & Technology Centre (Technopolis of the Andes)" in points["MESO.economic_institutions"].note
    )
    assert points["LEARN.lris"].options == ("Advanced",)
