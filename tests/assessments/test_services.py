import pytest

from assessments.models import Assessment, Membership
from assessments.services import (
    AssessmentLocked,
    IncompleteAssessment,
    ServiceError,
    add_member,
    answer_problems,
    copy_assessment,
    create_locality,
    save_step,
    start_assessment,
    submit_assessment,
)
from framework import definition as fw
from tests.assessments.factories import answer_all, full_answers, make_locality, make_user, started

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(benchmark_cases, django_user_model):
    return make_user(django_user_model, "ana")


def test_creating_a_locality_makes_the_creator_its_owner(user):
    locality = make_locality(user)
    assert locality.created_by == user
    assert list(locality.memberships.values_list("user__username", "role")) == [("ana", "owner")]


def test_locality_region_type_must_be_a_framework_option(user):
    with pytest.raises(ServiceError) as exc:
        create_locality(user=user, name="X", country="Peru", region_type="island", population_band="over_2m")
    assert "region_type" in exc.value.errors


def test_owner_adds_member_by_username_or_email(user, django_user_model):
    locality = make_locality(user)
    make_user(django_user_model, "bruno", "bruno@example.org")
    make_user(django_user_model, "carla", "Carla@Example.org")
    add_member(locality=locality, by=user, identifier="bruno")
    add_member(locality=locality, by=user, identifier="carla@example.org")
    roles = dict(locality.memberships.values_list("user__username", "role"))
    assert roles == {"ana": "owner", "bruno": "member", "carla": "member"}


@pytest.mark.parametrize("identifier", ["nobody", "", "ana"])
def test_add_member_refuses_unknown_users_and_existing_members(user, identifier):
    locality = make_locality(user)
    with pytest.raises(ServiceError) as exc:
        add_member(locality=locality, by=user, identifier=identifier)
    assert "identifier" in exc.value.errors
    assert locality.memberships.count() == 1


def test_only_an_owner_adds_members(user, django_user_model):
    locality = make_locality(user)
    bruno = make_user(django_user_model, "bruno")
    make_user(django_user_model, "carla")
    Membership.objects.create(locality=locality, user=bruno)
    with pytest.raises(ServiceError):
        add_member(locality=locality, by=bruno, identifier="carla")
    assert locality.memberships.count() == 2


def test_new_assessment_uses_current_framework_and_locality_region_type(user):
    assessment = started(user)
    assert assessment.framework.is_current
    assert assessment.is_draft and assessment.submitted_at is None
    assert assessment.title == "Self-assessment 1 of Rafaela"
    assert {a.indicator: a.value for a in assessment.answers.all()} == {
        "CTX.region_type": "intermediate_city"
    }


def test_save_step_upserts_and_is_idempotent(user):
    assessment = started(user)
    answers = {"NET.public_private": "yes", "NET.horizontal_partners": ["ngos", "municipality"]}
    for _ in range(2):
        save_step(
            assessment=assessment, user=user, answers=answers, evidence={"NET.public_private": " Pact "}
        )
    rows = {
        a.indicator: (a.value, a.evidence) for a in assessment.answers.exclude(indicator="CTX.region_type")
    }
    # Multi answers are stored in the framework's canonical order.
    assert rows == {
        "NET.public_private": ("yes", "Pact"),
        "NET.horizontal_partners": (["municipality", "ngos"], ""),
    }
    assert assessment.answers.get(indicator="NET.public_private").updated_by == user


def test_save_step_distinguishes_none_of_these_dont_know_and_unanswered(user):
    assessment = started(user)
    answers = {"NET.horizontal_partners": [], "NET.vertical_partners": "dont_know", "NET.brokerage": None}
    save_step(assessment=assessment, user=user, answers=answers, evidence={})
    rows = dict(assessment.answers.values_list("indicator", "value"))
    assert rows["NET.horizontal_partners"] == []
    assert rows["NET.vertical_partners"] == "dont_know"
    assert "NET.brokerage" not in rows


def test_clearing_an_answer_keeps_its_evidence_note_and_clearing_both_removes_the_row(user):
    assessment = started(user)
    save_step(assessment=assessment, user=user, answers={"NET.brokerage": "informal"}, evidence={})
    save_step(
        assessment=assessment, user=user, answers={"NET.brokerage": None}, evidence={"NET.brokerage": "ask"}
    )
    assert assessment.answers.get(indicator="NET.brokerage").value is None
    save_step(
        assessment=assessment, user=user, answers={"NET.brokerage": None}, evidence={"NET.brokerage": ""}
    )
    assert not assessment.answers.filter(indicator="NET.brokerage").exists()


def test_save_step_saves_nothing_when_any_answer_is_invalid(user):
    assessment = started(user)
    with pytest.raises(ServiceError) as exc:
        save_step(
            assessment=assessment,
            user=user,
            answers={"NET.public_private": "yes", "NET.brokerage": "sometimes", "NOPE.x": "yes"},
            evidence={"NET.vertical_pattern": "x" * 2001},
        )
    assert set(exc.value.errors) == {"NET.brokerage", "NOPE.x", "NET.vertical_pattern"}
    assert "sometimes" in exc.value.errors["NET.brokerage"]
    assert "2001" in exc.value.errors["NET.vertical_pattern"]
    assert assessment.answers.count() == 1  # only the pre-filled region type


def test_answer_problems_lists_unanswered_and_invalid_in_framework_order():
    framework = fw.load()
    answers = full_answers(framework)
    del answers["MESO.led_unit"]
    answers["NET.brokerage"] = "maybe"
    answers["LEARN.lris"] = "dont_know"
    problems = answer_problems(framework, answers)
    assert list(problems) == ["MESO.led_unit", "NET.brokerage"]
    assert "not answered" in problems["MESO.led_unit"]
    assert "maybe" in problems["NET.brokerage"]


def test_submit_refuses_incomplete_and_keeps_draft(user):
    assessment = started(user)
    with pytest.raises(IncompleteAssessment) as exc:
        submit_assessment(assessment=assessment, user=user)
    assert len(exc.value.errors) == len(fw.load().indicators) - 1
    assessment.refresh_from_db()
    assert assessment.is_draft


def test_submit_complete_assessment_locks_it(user):
    assessment = started(user)
    answer_all(assessment, user)
    submit_assessment(assessment=assessment, user=user)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED and assessment.submitted_at
    with pytest.raises(AssessmentLocked):
        save_step(assessment=assessment, user=user, answers={"NET.public_private": "no"}, evidence={})
    with pytest.raises(AssessmentLocked):
        submit_assessment(assessment=assessment, user=user)
    assert assessment.answers.get(indicator="NET.public_private").value == "yes"


def test_copy_carries_answers_and_evidence_into_a_new_draft(user):
    source = started(user)
    answer_all(source, user)
    save_step(assessment=source, user=user, answers={}, evidence={"LEARN.social": "Round table minutes"})
    submit_assessment(assessment=source, user=user)
    copy = copy_assessment(source=source, user=user)
    assert copy.is_draft and copy.copied_from == source and copy.locality == source.locality
    assert (source.title, copy.title) == ("Self-assessment 1 of Rafaela", "Self-assessment 2 of Rafaela")

    def rows(a):
        return list(a.answers.order_by("indicator").values_list("indicator", "value", "evidence"))

    assert rows(copy) == rows(source)
    assert ("LEARN.social", "advanced", "Round table minutes") in rows(copy)
    assert source.answers.count() == len(fw.load().indicators)


def test_start_assessment_with_explicit_title(user):
    locality = make_locality(user)
    assessment = start_assessment(locality=locality, user=user, title="  2026 review ")
    assert assessment.title == "2026 review"
