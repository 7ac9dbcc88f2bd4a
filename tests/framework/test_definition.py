"""The framework definition: pure, no database."""

import json

import pytest
from django.utils import translation

from framework import definition as fw

FW = fw.load("helmsing-2001-v1")  # the v1 definition; v2 is tested in test_v2_definition.py


def test_every_indicator_is_complete_and_cited():
    for indicator in FW.indicators.values():
        assert indicator.type in fw.TYPES
        assert indicator.label and indicator.label_es, indicator.code
        assert indicator.help, indicator.code
        assert indicator.citation, indicator.code
        assert indicator.weight >= 0
        assert indicator.options, indicator.code
        assert len(set(indicator.option_codes)) == len(indicator.options)
        assert fw.DONT_KNOW not in indicator.option_codes
        if indicator.weight > 0:
            assert indicator.rationale and indicator.advice, indicator.code
            assert all(o.score is not None for o in indicator.options), indicator.code


def test_codes_are_unique_and_prefixed_by_their_dimension():
    codes = [i.code for d in FW.dimensions for i in d.indicators]
    assert len(codes) == len(set(codes))
    for dimension in FW.dimensions:
        assert all(i.code.startswith(dimension.code + ".") for i in dimension.indicators)


def test_dimension_weights_sum_to_one_and_context_is_not_scored_overall():
    assert sum(d.weight for d in FW.dimensions) == pytest.approx(1.0)
    assert FW.dimension("CTX").weight == 0


def test_five_forms_of_learning():
    assert [i.code for i in FW.dimension("LEARN").indicators] == [
        "LEARN.training",
        "LEARN.organisational",
        "LEARN.social",
        "LEARN.collective",
        "LEARN.lris",
    ]
    assert FW.indicators["LEARN.lris"].option_codes == (
        "none",
        "limited",
        "in_formation",
        "established",
        "advanced",
    )


def test_policy_institution_options_follow_the_paper():
    assert FW.indicators["MESO.policy_institution"].option_codes == (
        "none",
        "informal",
        "municipal",
        "mixed",
        "private_led",
    )
    # Mixed bodies outside public law are the trend the paper singles out.
    scores = {o.code: o.score for o in FW.indicators["MESO.policy_institution"].options}
    assert max(scores, key=scores.get) == "mixed"


@pytest.mark.parametrize(
    "code, value, expected",
    [
        ("NET.public_private", "yes", "yes"),
        ("NET.public_private", fw.DONT_KNOW, fw.DONT_KNOW),
        ("NET.public_private", None, None),
        (
            "MESO.economic_institutions",
            ["incubator", "enterprise_agency"],
            ["enterprise_agency", "incubator"],
        ),
        ("MESO.economic_institutions", [], []),
        ("LEARN.lris", "advanced", "advanced"),
    ],
)
def test_validate_accepts_and_canonicalises(code, value, expected):
    assert FW.indicators[code].validate(value) == expected


@pytest.mark.parametrize(
    "code, value, message",
    [
        ("NET.public_private", "maybe", "unknown option 'maybe'"),
        ("NET.public_private", 1, "expected one option code"),
        ("NET.public_private", ["yes"], "expected one option code"),
        ("MESO.economic_institutions", "incubator", "expected a list"),
        ("MESO.economic_institutions", ["incubator", "casino"], "unknown option(s) 'casino'"),
        ("MESO.economic_institutions", {"a": 1}, "expected a list"),
    ],
)
def test_validate_rejects_with_a_clear_message(code, value, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        FW.indicators[code].validate(value)


def test_validate_answers_names_unknown_codes():
    clean, errors = FW.validate_answers({"NET.public_private": "yes", "NET.nope": "yes", "LEARN.lris": "x"})
    assert clean == {"NET.public_private": "yes"}
    assert errors["NET.nope"] == "unknown indicator code"
    assert "unknown option 'x'" in errors["LEARN.lris"]


def test_indicator_score():
    ind = FW.indicators
    assert ind["NET.public_private"].score("yes") == 1.0
    assert ind["NET.public_private"].score("no") == 0.0
    assert ind["NET.public_private"].score(fw.DONT_KNOW) is None
    assert ind["LEARN.lris"].score("in_formation") == 0.5
    assert ind["CTX.region_type"].score("metropolitan") is None  # unscored indicator
    # Multi answers saturate: four kinds of economic institution already give the full score.
    assert ind["MESO.economic_institutions"].score(["incubator", "enterprise_agency"]) == 0.5
    every_kind = list(ind["MESO.economic_institutions"].option_codes)
    assert ind["MESO.economic_institutions"].score(every_kind) == 1.0
    assert ind["MESO.economic_institutions"].score([]) == 0.0


def test_spanish_texts_are_used_when_spanish_is_active():
    indicator = FW.indicators["LEARN.lris"]
    with translation.override("es"):
        assert indicator.text("label").startswith("¿Un sistema local")
        assert indicator.option("advanced").text() == "Avanzado"
        assert FW.dimension("MESO").text() == "Meso-instituciones"
    with translation.override("en"):
        assert indicator.option("advanced").text() == "Advanced"


def test_english_is_the_fallback_for_missing_spanish():
    assert fw.localized({"advice": "Do it"}, "advice", "es") == "Do it"


def test_malformed_definition_fails_loudly():
    data = json.loads(fw.definition_path(fw.CURRENT_SLUG).read_text())
    data["dimensions"][0]["indicators"][0]["type"] = "slider"
    with pytest.raises(ValueError, match="unknown type 'slider'"):
        fw.Framework.from_definition(data)


@pytest.mark.django_db
def test_a_stored_version_is_parsed_once_and_again_after_a_resync():
    from framework.models import FrameworkVersion
    from framework.services import sync_framework_versions

    sync_framework_versions()
    version = FrameworkVersion.current()
    first = version.framework
    assert FrameworkVersion.current().framework is first  # another request, the same parsed object
    sync_framework_versions()  # a re-sync (an edited file) gets a new key, so it is parsed again
    assert FrameworkVersion.current().framework is not first
    assert FrameworkVersion.current().framework == first
