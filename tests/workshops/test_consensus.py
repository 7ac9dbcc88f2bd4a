"""The workshop consensus measures on plain answers, without a database."""

import pytest

from framework import definition as fw
from workshops.consensus import (
    NONE_OF_THESE,
    Response,
    answer_score,
    consensus_prefill,
    most_common,
    summarise,
    summarise_question,
)

FRAMEWORK = fw.load()
IND = FRAMEWORK.indicators


def responses(code, values, roles=None):
    roles = roles or ["government"] * len(values)
    return [Response(n, role, {code: v}) for n, (role, v) in enumerate(zip(roles, values, strict=True))]


def test_unanimous_answer_has_no_disagreement():
    s = summarise_question(IND["NET.public_private"], responses("NET.public_private", ["yes"] * 4))
    assert s.answered == 4
    assert s.most_common == "yes"
    assert (s.dissent, s.spread, s.disagreement) == (0, 0, 0)
    assert s.count("yes") == 4 and s.count("no") == 0 and s.count("dont_know") == 0


def test_even_yes_no_split_is_full_disagreement():
    s = summarise_question(IND["NET.public_private"], responses("NET.public_private", ["yes", "no"] * 2))
    assert s.dissent == 0.5
    assert s.spread == 1.0  # scores 1 and 0: standard deviation 0.5, doubled
    assert s.disagreement == 0.75


def test_neighbouring_levels_disagree_less_than_opposite_ends():
    near = summarise_question(IND["LEARN.social"], responses("LEARN.social", ["established", "advanced"]))
    far = summarise_question(IND["LEARN.social"], responses("LEARN.social", ["none", "advanced"]))
    assert near.dissent == far.dissent == 0.5
    assert near.spread < far.spread
    assert near.disagreement < far.disagreement


def test_dont_know_counts_as_dissent_but_not_in_the_score_spread():
    values = ["yes", "yes", "dont_know"]
    s = summarise_question(IND["NET.public_private"], responses("NET.public_private", values))
    assert s.most_common == "yes"
    assert s.dissent == pytest.approx(1 / 3, abs=1e-6)
    assert s.spread == 0  # the two scored answers agree
    assert s.count("dont_know") == 1


def test_ties_go_to_the_option_listed_first_dont_know_last():
    indicator = IND["MESO.led_unit"]  # options: none, team, unit
    assert most_common(indicator, ["unit", "team"]) == "team"
    assert most_common(indicator, ["dont_know", "unit"]) == "unit"
    assert most_common(indicator, []) is None


def test_multi_most_common_is_the_options_ticked_by_a_majority():
    indicator = IND["NET.horizontal_partners"]
    values = [["municipality", "universities"], ["municipality"], ["municipality", "ngos"], []]
    assert most_common(indicator, values) == ["municipality"]
    assert most_common(indicator, [[], [], ["ngos"]]) == []
    assert most_common(indicator, ["dont_know", "dont_know", ["ngos"]]) == "dont_know"


def test_multi_distribution_counts_ticks_none_and_dont_know():
    indicator = IND["NET.horizontal_partners"]
    s = summarise_question(
        indicator, responses(indicator.code, [["municipality", "ngos"], ["municipality"], [], "dont_know"])
    )
    assert s.answered == 4
    assert s.count("municipality") == 2 and s.count("ngos") == 1
    assert s.count(NONE_OF_THESE) == 1 and s.count("dont_know") == 1
    assert [c.key for c in s.categories][-2:] == [NONE_OF_THESE, "dont_know"]
    assert 0 < s.disagreement <= 1


def test_distribution_by_role():
    roles = ["government", "government", "business", "ngo"]
    values = ["yes", "yes", "no", "no"]
    s = summarise_question(IND["CTX.continuity"], responses("CTX.continuity", values, roles))
    assert s.answered_by_role == {"business": 1, "government": 2, "ngo": 1}
    government = {c.key: c.count for c in s.by_role["government"]}
    business = {c.key: c.count for c in s.by_role["business"]}
    assert government == {"yes": 2, "no": 0, "dont_know": 0}
    assert business == {"yes": 0, "no": 1, "dont_know": 0}


def test_context_questions_without_weight_still_have_a_score_spread():
    assert IND["CTX.region_type"].weight == 0
    indicator = IND["CTX.globalisation"]
    assert answer_score(indicator, "direct") is not None
    assert answer_score(indicator, "dont_know") is None
    assert answer_score(indicator, None) is None


def test_summarise_orders_by_disagreement_then_framework_order_and_skips_other_dimensions():
    people = [
        Response(1, "government", {"OPEN.inclusiveness": "broad", "OPEN.outcome_evidence": "none"}),
        Response(2, "business", {"OPEN.inclusiveness": "broad", "OPEN.outcome_evidence": "systematic"}),
        Response(3, "ngo", {"OPEN.inclusiveness": "broad", "INIT.ced": "yes"}),
    ]
    summaries = summarise(FRAMEWORK, people, dimensions=["OPEN"])
    assert [s.code for s in summaries] == ["OPEN.outcome_evidence", "OPEN.inclusiveness"]
    assert summaries[0].answered == 2
    # "none" against "systematic" is a tie: shown as such and left for the group, not prefilled.
    assert summaries[0].tied == ("none", "systematic")
    assert consensus_prefill(summaries) == {"OPEN.inclusiveness": "broad"}


def test_unanswered_questions_are_summarised_empty_and_not_prefilled():
    summaries = summarise(FRAMEWORK, [Response(1, "other", {})], dimensions=["OPEN"])
    assert all(s.answered == 0 and s.most_common is None and s.disagreement == 0 for s in summaries)
    assert [s.code for s in summaries] == ["OPEN.inclusiveness", "OPEN.outcome_evidence"]
    assert consensus_prefill(summaries) == {}
