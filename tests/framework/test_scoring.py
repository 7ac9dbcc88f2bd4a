"""The scoring engine: pure functions, no database."""

import re
from pathlib import Path

import pytest

from framework import definition as fw
from framework import scoring

FW = fw.load("helmsing-2001-v1")  # the v1 rule; v2 in test_honest_scoring.py
YESNO = [{"code": "yes", "label": "Yes", "score": 1.0}, {"code": "no", "label": "No", "score": 0.0}]


def small_framework() -> fw.Framework:
    """Two scored dimensions (A weighs 3x B) and an unscored context dimension."""
    return fw.Framework.from_definition(
        {
            "slug": "small",
            "version": "1",
            "title": "Small",
            "source": "test",
            "dimensions": [
                {
                    "code": "C",
                    "name": "Context",
                    "weight": 0.0,
                    "citation": "c",
                    "indicators": [
                        {
                            "code": "C.x",
                            "type": "yesno",
                            "label": "x",
                            "weight": 1.0,
                            "citation": "c",
                            "options": YESNO,
                        },
                    ],
                },
                {
                    "code": "A",
                    "name": "A",
                    "weight": 0.75,
                    "citation": "a",
                    "indicators": [
                        {
                            "code": "A.one",
                            "type": "yesno",
                            "label": "one",
                            "weight": 1.0,
                            "citation": "p. 1",
                            "rationale": "why one",
                            "advice": "do one",
                            "generation": 3,
                            "trait": "third",
                            "options": YESNO,
                        },
                        {
                            "code": "A.two",
                            "type": "yesno",
                            "label": "two",
                            "weight": 3.0,
                            "citation": "p. 2",
                            "generation": 1,
                            "trait": "first",
                            "options": YESNO,
                        },
                        {
                            "code": "A.many",
                            "type": "multi",
                            "label": "many",
                            "weight": 2.0,
                            "citation": "p. 3",
                            "saturation": 2,
                            "generation": 2,
                            "trait": "second",
                            "options": [
                                {"code": "p", "label": "P", "score": 1.0},
                                {
                                    "code": "q",
                                    "label": "Q",
                                    "score": 1.0,
                                    "generation": 3,
                                    "trait": "q-trait",
                                },
                                {"code": "r", "label": "R", "score": 1.0},
                            ],
                        },
                    ],
                },
                {
                    "code": "B",
                    "name": "B",
                    "weight": 0.25,
                    "citation": "b",
                    "indicators": [
                        {
                            "code": "B.kind",
                            "type": "choice",
                            "label": "kind",
                            "weight": 1.0,
                            "citation": "b",
                            "options": [
                                {
                                    "code": "old",
                                    "label": "Old",
                                    "score": 0.25,
                                    "generation": 1,
                                    "trait": "old",
                                },
                                {
                                    "code": "new",
                                    "label": "New",
                                    "score": 1.0,
                                    "generation": 3,
                                    "trait": "new",
                                },
                            ],
                        },
                    ],
                },
            ],
        }
    )


SMALL = small_framework()


def test_dimension_score_is_the_weighted_mean_of_answered_indicators():
    result = scoring.score(SMALL, {"A.one": "yes", "A.two": "no", "A.many": ["p"], "B.kind": "new"})
    # A: (1*1 + 3*0 + 2*0.5) / 6 = 1/3
    assert result.dimension("A").score == pytest.approx(100 / 3)
    assert result.dimension("B").score == 100
    assert result.overall == pytest.approx(0.75 * 100 / 3 + 0.25 * 100)
    assert result.confidence == pytest.approx(1.0)


def test_all_dont_know_gives_no_score_and_no_coverage():
    result = scoring.score(SMALL, dict.fromkeys(SMALL.indicators, fw.DONT_KNOW))
    assert [d.score for d in result.dimensions] == [None, None, None]
    assert [d.coverage for d in result.dimensions] == [0, 0, 0]
    assert result.dimension("A").dont_know == 3 and result.dimension("A").answered == 0
    assert result.overall is None and result.confidence == 0


def test_nothing_answered():
    result = scoring.score(FW, {})
    assert result.overall is None and result.confidence == 0
    assert sum(d.unanswered for d in result.dimensions) == len(FW.indicators)
    assert result.dominant_generation is None
    assert {r.kind for r in result.recommendations} == {"find_out"}


def test_dont_know_lowers_coverage_not_the_score():
    known = scoring.score(SMALL, {"A.one": "yes", "A.two": "yes", "A.many": ["p", "q"]})
    doubtful = scoring.score(SMALL, {"A.one": "yes", "A.two": fw.DONT_KNOW, "A.many": ["p", "q"]})
    assert known.dimension("A").score == doubtful.dimension("A").score == 100
    assert doubtful.dimension("A").coverage == pytest.approx(3 / 6)
    assert doubtful.confidence < known.confidence


def test_context_is_shown_but_does_not_count_overall():
    with_context = scoring.score(SMALL, {"C.x": "yes", "B.kind": "old"})
    assert with_context.dimension("C").score == 100
    assert with_context.overall == pytest.approx(25)


def test_overall_uses_only_dimensions_with_a_score():
    result = scoring.score(SMALL, {"B.kind": "new"})
    assert result.dimension("A").score is None
    assert result.overall == 100
    assert result.confidence == pytest.approx(0.25)


def test_multi_saturates_and_an_empty_list_is_an_answer_scoring_zero():
    assert scoring.score(SMALL, {"A.many": ["p", "q", "r"]}).dimension("A").score == 100
    assert scoring.score(SMALL, {"A.many": ["p"]}).dimension("A").score == 50
    empty = scoring.score(SMALL, {"A.many": []}).dimension("A")
    assert empty.score == 0 and empty.answered == 1 and empty.coverage == pytest.approx(2 / 6)


def test_unknown_code_or_bad_value_raises_naming_it():
    with pytest.raises(ValueError, match=r"A\.nope: unknown indicator code"):
        scoring.score(SMALL, {"A.one": "yes", "A.nope": "yes"})
    with pytest.raises(ValueError, match=r"A\.one: unknown option 'maybe'"):
        scoring.score(SMALL, {"A.one": "maybe"})


def test_contributions_say_what_raised_and_lowered_the_score_by_impact():
    result = scoring.score(SMALL, {"A.one": "yes", "A.two": "no", "A.many": ["p"]})
    contributions = result.dimension("A").contributions
    assert [(c.code, c.effect, c.impact) for c in contributions] == [
        ("A.two", "lowered", 1.5),
        ("A.one", "raised", 0.5),
        ("A.many", "raised", 0.0),
    ]
    one = contributions[1]
    assert (one.answer, one.rationale, one.citation) == (("Yes",), "why one", "p. 1")
    assert contributions[2].answer == ("P",)


def test_generation_traits_follow_options_then_indicators():
    result = scoring.score(SMALL, {"A.one": "yes", "A.two": "no", "A.many": ["p", "q"], "B.kind": "old"})
    traits = [(t.code, t.generation, t.option) for t in result.dimension("A").traits]
    # A.two answered "no" shows no trait; A.many shows its option's trait and its own (score 1 >= 0.5).
    assert traits == [("A.one", 3, ""), ("A.many", 3, "q"), ("A.many", 2, "")]
    assert [(t.generation, t.text) for t in result.dimension("B").traits] == [(1, "old")]
    assert result.generations == {1: 1, 2: 1, 3: 2}
    assert result.dominant_generation == 3


def test_option_trait_replaces_the_indicator_trait_for_single_answers():
    assert scoring.traits_of(FW.indicators["MESO.led_unit"], "unit", 1.0)[0].generation == 3
    assert [
        t.generation for t in scoring.traits_of(FW.indicators["MESO.policy_institution"], "municipal", 0.6)
    ] == [1]
    assert scoring.traits_of(FW.indicators["INIT.clusters"], fw.DONT_KNOW, None) == []


def test_a_tie_between_generations_goes_to_the_earlier_one():
    assert scoring.dominant({1: 0, 2: 3, 3: 3}) == 2
    assert scoring.dominant({1: 0, 2: 0, 3: 0}) is None


def test_recommendations_rank_by_potential_overall_gain():
    result = scoring.score(SMALL, {"A.one": "yes", "A.two": "no", "B.kind": "old"})
    gains = [(r.code, r.kind, round(r.gain, 2)) for r in result.recommendations]
    # A.two: 100 * 0.75 * 3/6 * 1 = 37.5; A.many (unknown): 100 * 0.75 * 2/6 = 25; B.kind: 100 * 0.25 * 0.75.
    assert gains == [("A.two", "improve", 37.5), ("A.many", "find_out", 25.0), ("B.kind", "improve", 18.75)]
    assert result.top_recommendations(1, kind="find_out")[0].code == "A.many"
    assert result.recommendations[0].citation == "p. 2"


def test_full_framework_scores_every_dimension_and_serialises():
    answers = {
        code: ind.option_codes[-1] if ind.type != "multi" else list(ind.option_codes)
        for code, ind in FW.indicators.items()
    }
    result = scoring.score(FW, answers)
    summary = result.as_dict()
    assert summary["overall"] is not None and 0 <= summary["overall"] <= 100
    assert [d["code"] for d in summary["dimensions"]] == [d.code for d in FW.dimensions]
    assert result.contributions()[0].dimension != "CTX"


def test_docs_quote_the_weights_of_the_framework():
    """docs/scoring.md carries the generated weight tables; regenerate them if this fails."""
    doc = (Path(__file__).resolve().parents[2] / "docs" / "scoring.md").read_text(encoding="utf-8")
    assert scoring.weight_tables(FW) in doc
    assert re.search(r"MIN_OVERLAP|at least 5 indicators", doc)
