"""Agreement measures and opinion groups on plain answers (pure functions, no database)."""

import math
import random

import numpy as np
import pytest

from framework import definition as fw
from workshops import agreement, opinions
from workshops.consensus import Response, consensus_prefill, summarise_question, tied_answers

FRAMEWORK = fw.load()
IND = FRAMEWORK.indicators

# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C: 4 observers x 12 units;
# published alpha: nominal 0.743, interval 0.849.
NAN = math.nan
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
]


def test_pinned_krippendorff_reproduces_the_published_reference_values():
    import krippendorff

    assert krippendorff.alpha(reliability_data=KRIPPENDORFF_2011, level_of_measurement="nominal") == (
        pytest.approx(0.743, abs=5e-4)
    )
    assert krippendorff.alpha(reliability_data=KRIPPENDORFF_2011, level_of_measurement="interval") == (
        pytest.approx(0.849, abs=5e-4)
    )


def test_ordinal_consensus_matches_tastle_and_wierman():
    # Tastle and Wierman (2007): 1 for unanimity, 0 for an even split between the extremes, and
    # 0.4150 ... for a uniform spread over five categories (1 + 2*0.2*log2(0.5) + 2*0.2*log2(0.75)).
    assert agreement.ordinal_consensus([0, 0, 7, 0, 0]) == 1
    assert agreement.ordinal_consensus([5, 0, 0, 0, 5]) == 0
    uniform = 1 + 0.4 * math.log2(0.5) + 0.4 * math.log2(0.75)
    assert agreement.ordinal_consensus([1, 1, 1, 1, 1]) == pytest.approx(uniform)
    assert agreement.ordinal_consensus([1, 1, 1, 1, 1]) == pytest.approx(0.434, abs=1e-3)
    # neighbours agree more than the two ends
    assert agreement.ordinal_consensus([0, 0, 5, 5, 0]) > agreement.ordinal_consensus([5, 0, 0, 0, 5])


def test_nominal_agreement_is_the_share_of_agreeing_pairs():
    assert agreement.pairwise_agreement(["a", "a", "a", "b"]) == pytest.approx(3 / 6)
    assert agreement.pairwise_agreement(["a", "b", "c"]) == 0
    assert agreement.pairwise_agreement(["a"]) is None


def test_question_agreement_picks_the_measure_by_kind_and_ignores_dont_know():
    ordinal = agreement.question_agreement(IND["LEARN.social"], ["advanced", "advanced", "dont_know"])
    assert (ordinal.kind, ordinal.value, ordinal.answered) == ("ordinal", 1.0, 2)
    yes_no = agreement.question_agreement(IND["NET.public_private"], ["yes", "no", "yes", "no"])
    assert yes_no.kind == "ordinal" and yes_no.value == 0
    assert agreement.question_agreement(IND["NET.public_private"], ["yes"]).value is None


def test_workshop_alpha_is_one_for_identical_coders_and_low_for_random_ones():
    codes = [i.code for i in FRAMEWORK.indicators.values() if i.type != "multi"]
    rng = random.Random(3)
    answers = {c: rng.choice(IND[c].option_codes) for c in codes}
    same = [Response(n, "government", dict(answers)) for n in range(5)]
    assert agreement.workshop_alpha(FRAMEWORK, same) == pytest.approx(1.0)
    noisy = [Response(n, "government", {c: rng.choice(IND[c].option_codes) for c in codes}) for n in range(8)]
    assert agreement.workshop_alpha(FRAMEWORK, noisy) < 0.2
    assert agreement.workshop_alpha(FRAMEWORK, same[:1]) is None


def test_a_tie_is_reported_and_never_prefilled():
    code = "NET.public_private"
    tie = summarise_question(IND[code], [Response(1, "x", {code: "yes"}), Response(2, "x", {code: "no"})])
    assert set(tie.tied) == {"yes", "no"}
    assert consensus_prefill([tie]) == {}
    lead = summarise_question(
        IND[code], [Response(n, "x", {code: v}) for n, v in enumerate("yes yes no".split())]
    )
    assert lead.tied == () and consensus_prefill([lead]) == {code: "yes"}
    assert tied_answers(IND[code], []) == ()


def _camps(n_per_camp, consistency, seed=1):
    rng = random.Random(seed)
    single = [i for i in FRAMEWORK.indicators.values() if i.type != "multi"]
    camp_a = {i.code: i.option_codes[0] for i in single}
    camp_b = {i.code: i.option_codes[-1] for i in single}
    shared = single[:4]  # both camps agree on these: the common ground
    for i in shared:
        camp_b[i.code] = camp_a[i.code]
    people = []
    for n in range(2 * n_per_camp):
        base, role = (camp_a, "government") if n < n_per_camp else (camp_b, "community")
        given = {
            c: (
                v
                if rng.random() < consistency or c in {i.code for i in shared}
                else rng.choice(IND[c].option_codes)
            )
            for c, v in base.items()
        }
        people.append(Response(n, role, given))
    return people, {i.code for i in shared}


def test_opinion_groups_recover_two_planted_camps():
    people, shared = _camps(8, 0.85)
    result = opinions.opinion_groups(FRAMEWORK, people, min_size=3)
    assert len(result.groups) == 2
    found = sorted(sorted(g.members) for g in result.groups)
    assert found == [list(range(8)), list(range(8, 16))]
    assert all(g.distinct for g in result.groups)
    assert {g.roles.get("government", 0) for g in result.groups} == {0, 8}
    assert shared <= {c.code for c in result.common_ground}
    assert len(result.points) == 16


def test_no_groups_in_uniform_answers():
    same = [Response(n, "government", dict(_camps(1, 1.0)[0][0].answers)) for n in range(12)]
    assert opinions.opinion_groups(FRAMEWORK, same).groups == ()
    rng = random.Random(7)
    single = [i for i in FRAMEWORK.indicators.values() if i.type != "multi"]
    noise = [Response(n, "x", {i.code: rng.choice(i.option_codes) for i in single}) for n in range(30)]
    assert opinions.opinion_groups(FRAMEWORK, noise).groups == ()


def test_small_workshops_and_minimum_group_size():
    people, _shared = _camps(2, 1.0)  # two camps of two: below the minimum group size of three
    assert opinions.opinion_groups(FRAMEWORK, people, min_size=3).groups == ()
    np.testing.assert_equal(opinions.project(np.ones((3, 4))), np.zeros((3, 2)))
