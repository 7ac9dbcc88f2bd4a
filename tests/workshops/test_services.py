"""Workshop services and the join rate limit, on the database."""

import datetime
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Assessment
from assessments.services import ServiceError, submit_assessment
from framework.services import sync_framework_versions
from tests.assessments.factories import answer_all, full_answers, make_locality, make_user, started
from workshops import ratelimit
from workshops import services as ws
from workshops.models import CODE_ALPHABET, JoinAttempt, ParticipantAnswer, Workshop

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 5, 4)


@pytest.fixture
def owner(django_user_model):
    sync_framework_versions()
    return make_user(django_user_model, "facilitator")


@pytest.fixture
def locality(owner):
    return make_locality(owner)


def workshop_of(owner, locality, dimensions=None, title="Foro"):
    return ws.create_workshop(owner=owner, locality=locality, title=title, date=DAY, dimensions=dimensions)


def test_create_workshop_draws_a_long_token_and_a_short_unambiguous_code(owner, locality):
    workshop = workshop_of(owner, locality)
    # token_urlsafe(16): 16 random bytes = 128 bits in 22 URL-safe characters.
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", workshop.token)
    assert len(workshop.code) == 6 and set(workshop.code) <= set(CODE_ALPHABET)
    assert not set("01OIL") & set(CODE_ALPHABET)
    assert workshop.dimensions == [] and workshop.is_open
    other = workshop_of(owner, locality)
    assert other.token != workshop.token and other.code != workshop.code


def test_a_colliding_code_is_drawn_again(owner, locality, monkeypatch):
    first = workshop_of(owner, locality)
    codes = iter([first.code, first.code, "NEWCDE"])
    monkeypatch.setattr(ws, "new_code", lambda: next(codes))
    assert workshop_of(owner, locality).code == "NEWCDE"
    assert Workshop.objects.count() == 2


def test_dimensions_are_kept_in_framework_order_and_all_means_none_chosen(owner, locality):
    assert workshop_of(owner, locality, ["OPEN", "MESO"]).dimensions == ["MESO", "OPEN"]
    every = ["CTX", "MESO", "INIT", "NET", "LEARN", "OPEN"]
    assert workshop_of(owner, locality, every).dimensions == []
    with pytest.raises(ServiceError, match="Unknown dimension"):
        workshop_of(owner, locality, ["NOPE"])


def test_only_members_create_workshops_of_a_locality(owner, locality, django_user_model):
    stranger = make_user(django_user_model, "stranger")
    with pytest.raises(ServiceError, match="member"):
        workshop_of(stranger, locality)
    with pytest.raises(ServiceError, match="title"):
        workshop_of(owner, locality, title="  ")


def test_normalise_code():
    assert ws.normalise_code(" abc-d23 ") == "ABCD23"
    assert ws.normalise_code("ABC D23") == "ABCD23"
    assert ws.normalise_code("") == ""


def test_save_answers_upserts_own_rows_only_and_is_all_or_nothing(owner, locality):
    workshop = workshop_of(owner, locality, ["OPEN"])
    ana, ben = ws.join(workshop=workshop, name="Ana", role="business"), ws.join(workshop=workshop)
    ws.save_answers(participant=ana, answers={"OPEN.inclusiveness": "broad"}, evidence={})
    ws.save_answers(participant=ben, answers={"OPEN.inclusiveness": "marginal"}, evidence={})
    note = {"OPEN.inclusiveness": "Forum minutes"}
    ws.save_answers(participant=ana, answers={"OPEN.inclusiveness": "some"}, evidence=note)
    rows = {(a.participant_id, a.indicator): (a.value, a.evidence) for a in ParticipantAnswer.objects.all()}
    assert rows == {
        (ana.pk, "OPEN.inclusiveness"): ("some", "Forum minutes"),
        (ben.pk, "OPEN.inclusiveness"): ("marginal", ""),
    }
    with pytest.raises(ServiceError) as exc:
        ws.save_answers(
            participant=ana,
            answers={"OPEN.outcome_evidence": "systematic", "INIT.ced": "yes", "OPEN.inclusiveness": "wrong"},
            evidence={},
        )
    assert set(exc.value.errors) == {"INIT.ced", "OPEN.inclusiveness"}
    assert "not part of this questionnaire" in exc.value.errors["INIT.ced"]
    assert ParticipantAnswer.objects.filter(participant=ana).count() == 1  # nothing of the bad step saved
    blank = {"OPEN.inclusiveness": None}
    ws.save_answers(participant=ana, answers=blank, evidence={"OPEN.inclusiveness": ""})
    assert not ParticipantAnswer.objects.filter(participant=ana).exists()


def test_submit_is_idempotent_and_final(owner, locality):
    workshop = workshop_of(owner, locality, ["OPEN"])
    ana = ws.join(workshop=workshop)
    with pytest.raises(ServiceError, match="at least one"):
        ws.submit(participant=ana)
    ws.save_answers(participant=ana, answers={"OPEN.inclusiveness": "broad"}, evidence={})
    assert ws.submit(participant=ana) is True
    first = ana.submitted_at
    assert ws.submit(participant=ana) is False
    ana.refresh_from_db()
    assert ana.submitted_at == first
    with pytest.raises(ws.AlreadySubmitted):
        ws.save_answers(participant=ana, answers={"OPEN.inclusiveness": "some"}, evidence={})


def test_a_closed_workshop_takes_no_participants_answers_or_submissions(owner, locality):
    workshop = workshop_of(owner, locality, ["OPEN"])
    ana = ws.join(workshop=workshop)
    ws.save_answers(participant=ana, answers={"OPEN.inclusiveness": "broad"}, evidence={})
    ws.set_status(workshop=workshop, status="closed")
    with pytest.raises(ws.WorkshopClosed):
        ws.join(workshop=workshop)
    with pytest.raises(ws.WorkshopClosed):
        ws.save_answers(participant=ana, answers={"OPEN.inclusiveness": "some"}, evidence={})
    with pytest.raises(ws.WorkshopClosed):
        ws.submit(participant=ana)
    assert ParticipantAnswer.objects.get().value == "broad"
    ws.set_status(workshop=workshop, status="open")
    assert ws.submit(participant=ana) is True


def test_join_checks_the_role(owner, locality):
    with pytest.raises(ServiceError, match="role"):
        ws.join(workshop=workshop_of(owner, locality), role="mayor")


def test_consensus_of_a_full_workshop_is_a_submitted_assessment(owner, locality):
    workshop = workshop_of(owner, locality)
    answers = full_answers()
    note = {"INIT.ced": "Agreed"}
    assessment = ws.record_consensus(workshop=workshop, user=owner, answers=answers, evidence=note)
    assert assessment.status == Assessment.Status.SUBMITTED
    assert assessment.locality == locality and "Foro" in assessment.title
    stored = {a.indicator: a.value for a in assessment.answers.all()}
    assert stored == answers
    assert assessment.answers.get(indicator="INIT.ced").evidence == "Agreed"
    workshop.refresh_from_db()
    assert workshop.consensus == assessment and not workshop.is_open
    # Recording again (a double click) returns the same assessment.
    assert ws.record_consensus(workshop=workshop, user=owner, answers=answers) == assessment
    assert Assessment.objects.count() == 1


def test_consensus_needs_an_answer_to_every_question_of_the_workshop(owner, locality):
    workshop = workshop_of(owner, locality, ["OPEN"])
    with pytest.raises(ServiceError) as exc:
        ws.record_consensus(workshop=workshop, user=owner, answers={"OPEN.inclusiveness": "broad"})
    assert set(exc.value.errors) == {"OPEN.outcome_evidence"}
    assert not Assessment.objects.exists()


def test_consensus_of_some_dimensions_completes_from_the_latest_submitted_assessment(owner, locality):
    earlier = started(owner, locality)
    answer_all(earlier, owner)
    submit_assessment(assessment=earlier, user=owner)
    workshop = workshop_of(owner, locality, ["OPEN"])
    agreed = {"OPEN.inclusiveness": "marginal", "OPEN.outcome_evidence": "dont_know"}
    assessment = ws.record_consensus(workshop=workshop, user=owner, answers=agreed)
    assert assessment.status == Assessment.Status.SUBMITTED
    stored = {a.indicator: a.value for a in assessment.answers.all()}
    assert stored == full_answers() | agreed


def test_consensus_of_some_dimensions_without_earlier_assessment_stays_a_draft(owner, locality):
    workshop = workshop_of(owner, locality, ["OPEN"])
    agreed = {"OPEN.inclusiveness": "broad", "OPEN.outcome_evidence": "none"}
    assessment = ws.record_consensus(workshop=workshop, user=owner, answers=agreed)
    assert assessment.is_draft
    stored = {a.indicator: a.value for a in assessment.answers.all()}
    assert stored == agreed | {"CTX.region_type": locality.region_type}


# --- Rate limit ------------------------------------------------------------------------------------


def test_failures_are_counted_per_address_within_the_window(settings):
    settings.LEDCHECK_JOIN_FAILURE_LIMIT = 3
    for _ in range(2):
        ratelimit.record_failure("10.0.0.1")
    assert not ratelimit.is_limited("10.0.0.1")
    ratelimit.record_failure("10.0.0.1")
    assert ratelimit.is_limited("10.0.0.1")
    assert not ratelimit.is_limited("10.0.0.2")
    # Failures older than the window no longer count and are forgotten on the next failure.
    JoinAttempt.objects.update(created_at=timezone.now() - ratelimit.WINDOW - timedelta(seconds=1))
    assert not ratelimit.is_limited("10.0.0.1")
    ratelimit.record_failure("10.0.0.1")
    assert JoinAttempt.objects.filter(address="10.0.0.1").count() == 1
