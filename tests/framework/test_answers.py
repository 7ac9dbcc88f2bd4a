"""The answer format (``framework.answers``): every spelling of an answer reads back as itself."""

import pytest
from django.utils import translation

from framework import answers
from framework import definition as fw
from framework.answers import DONT_KNOW, NONE_OF_THESE

FW = fw.load("helmsing-2001-v1")  # the v1 definition; v2 is tested in test_v2_definition.py
MULTI = FW.indicators["NET.vertical_partners"]
LEVEL = FW.indicators["LEARN.lris"]


def values_of(indicator):
    if indicator.type == "multi":
        return [None, DONT_KNOW, [], [indicator.option_codes[0]], list(indicator.option_codes)]
    return [None, DONT_KNOW, *indicator.option_codes]


@pytest.mark.parametrize("code", list(FW.indicators))
def test_choices_and_text_round_trip_for_every_indicator(code):
    indicator = FW.indicators[code]
    for value in values_of(indicator):
        assert answers.from_choices(indicator, answers.to_choices(indicator, value)) == value
        assert answers.from_text(indicator, answers.to_text(value)) == value


def test_the_empty_list_and_unanswered_are_different_everywhere():
    assert answers.to_choices(MULTI, []) == [NONE_OF_THESE] and answers.to_choices(MULTI, None) == []
    assert answers.to_text([]) == "-" and answers.to_text(None) == ""
    assert answers.text(MULTI, []) == "None of these" and answers.text(MULTI, None) == ""


def test_exclusive_choices_cannot_be_combined():
    assert answers.exclusive_conflict([NONE_OF_THESE, "international"])
    assert answers.exclusive_conflict([DONT_KNOW, "international"])
    assert not answers.exclusive_conflict([NONE_OF_THESE])
    assert not answers.exclusive_conflict(["international", "national_agency"])


def test_labels_follow_the_active_language_and_survive_a_removed_option():
    with translation.override("es"):
        assert answers.text(LEVEL, "advanced") == "Avanzado"
        assert answers.text(LEVEL, DONT_KNOW) == "No sé"
    assert answers.labels(MULTI, ["international", "gone"]) == ("International agencies or donors", "gone")
    assert answers.key_label(MULTI, NONE_OF_THESE) == "None of these"


def test_bad_cells_say_why():
    with pytest.raises(ValueError, match="mixes option codes"):
        answers.from_text(MULTI, "international|-")
    with pytest.raises(ValueError, match="unknown option"):
        answers.from_text(LEVEL, "superb")
