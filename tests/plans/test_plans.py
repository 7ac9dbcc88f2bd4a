"""Action plans: made from the recommendations, edited, carried into the next assessment, private to the
locality's members."""

import datetime
from html import escape

import pytest
from django.db import IntegrityError
from django.urls import reverse

from assessments.services import submit_assessment
from plans import selectors, services
from plans.models import Action, ActionReview, Status
from tests.assessments.factories import answer_all, make_locality, make_user, started

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(benchmark_cases, django_user_model):
    return make_user(django_user_model, "ana")


@pytest.fixture
def submitted(officer, benchmark_cases):
    assessment = started(officer)
    answer_all(assessment, officer, _middling_answers(assessment))
    return submit_assessment(assessment=assessment, user=officer)


def _middling_answers(assessment):
    """Every question answered with its lowest-scoring option, so there is plenty to recommend."""
    answers = {}
    for code, indicator in assessment.framework.framework.indicators.items():
        if indicator.type == "multi":
            answers[code] = []
        else:
            answers[code] = min(indicator.options, key=lambda o: o.score or 0.0).code
    return answers


def test_suggestions_are_the_assessments_recommendations(submitted):
    suggestions = selectors.suggestions(submitted)
    assert suggestions, "a low-scoring assessment has recommendations"
    assert all(s.title and not s.in_plan for s in suggestions)
    assert len({s.code for s in suggestions}) == len(suggestions)


def test_adding_a_recommendation_twice_makes_one_action(submitted, officer):
    code = selectors.suggestions(submitted)[0].code
    first, created = services.add_action(
        locality=submitted.locality, user=officer, title="x", source_assessment=submitted, recommendation=code
    )
    again, created_again = services.add_action(
        locality=submitted.locality, user=officer, title="x", source_assessment=submitted, recommendation=code
    )
    assert (created, created_again) == (True, False)
    assert first.pk == again.pk
    assert Action.objects.count() == 1
    assert selectors.suggestions(submitted)[0].in_plan


def test_the_database_refuses_a_duplicate_recommendation(submitted, officer):
    fields = dict(
        locality=submitted.locality, source_assessment=submitted, recommendation="MESO.x", title="a"
    )
    Action.objects.create(**fields)
    with pytest.raises(IntegrityError):
        Action.objects.create(**fields)


def test_an_assessment_of_another_locality_cannot_be_the_source(submitted, officer):
    other = make_locality(officer, name="Ilo", country="Perú")
    with pytest.raises(services.PlanError):
        services.add_action(
            locality=other, user=officer, title="x", source_assessment=submitted, recommendation="A"
        )


def test_open_actions_come_first_by_due_date(officer):
    locality = make_locality(officer)
    late, _ = services.add_action(
        locality=locality, user=officer, title="late", due_date=datetime.date(2027, 6, 1)
    )
    soon, _ = services.add_action(
        locality=locality, user=officer, title="soon", due_date=datetime.date(2027, 1, 1)
    )
    done, _ = services.add_action(
        locality=locality, user=officer, title="done", due_date=datetime.date(2026, 1, 1), status=Status.DONE
    )
    undated, _ = services.add_action(locality=locality, user=officer, title="undated")
    assert [a.title for a in selectors.actions_of(locality)][:2] == ["soon", "late"]
    assert selectors.actions_of(locality)[-1] == done
    assert done not in selectors.open_actions(locality) and undated in selectors.open_actions(locality)


def test_the_next_assessment_records_what_became_of_each_action(submitted, officer):
    locality = submitted.locality
    a, _ = services.add_action(locality=locality, user=officer, title="Forum with the chamber of commerce")
    b, _ = services.add_action(locality=locality, user=officer, title="Training needs survey")
    nxt = services.start_assessment_with_review(
        locality=locality,
        user=officer,
        reviews={a.pk: (Status.DONE, "Met twice"), b.pk: (Status.IN_PROGRESS, "")},
    )
    assert nxt.locality == locality and nxt.is_draft
    a.refresh_from_db()
    assert a.status == Status.DONE
    assert {(r.action.title, r.status, r.note) for r in selectors.reviews_of(nxt)} == {
        ("Forum with the chamber of commerce", "done", "Met twice"),
        ("Training needs survey", "in_progress", ""),
    }


def test_a_review_naming_another_localitys_action_is_refused_and_starts_nothing(submitted, officer):
    other = make_locality(officer, name="Ilo", country="Perú")
    foreign, _ = services.add_action(locality=other, user=officer, title="theirs")
    before = submitted.locality.assessments.count()
    with pytest.raises(services.PlanError):
        services.start_assessment_with_review(
            locality=submitted.locality, user=officer, reviews={foreign.pk: (Status.DONE, "")}
        )
    assert submitted.locality.assessments.count() == before
    assert not ActionReview.objects.exists()


# --- through the web ---------------------------------------------------------------------------------


def test_an_officer_adds_a_recommendation_then_edits_it(client, submitted, officer):
    client.force_login(officer)
    locality = submitted.locality
    plan_url = reverse("plans:plan", args=[locality.pk])
    suggestion = selectors.suggestions(submitted)[0]
    page = client.get(plan_url)
    assert page.status_code == 200 and escape(suggestion.title) in page.content.decode()

    response = client.post(
        reverse("plans:action_add", args=[locality.pk]), {"recommendation": suggestion.code}
    )
    action = Action.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "plans:action_edit", args=[action.pk]
    )
    assert action.title == suggestion.title and action.source_assessment == submitted

    edit = client.post(
        reverse("plans:action_edit", args=[action.pk]),
        {
            "title": "Forum",
            "detail": "",
            "owner": "Oficina DEL",
            "due_date": "2027-03-31",
            "status": "in_progress",
        },
    )
    assert edit.status_code == 302
    action.refresh_from_db()
    assert (action.owner, action.due_date, action.status) == (
        "Oficina DEL",
        datetime.date(2027, 3, 31),
        "in_progress",
    )
    # The locality's page shows the open action.
    assert "Forum" in client.get(locality.get_absolute_url()).content.decode()


def test_a_recommendation_the_assessment_does_not_make_is_404(client, submitted, officer):
    client.force_login(officer)
    response = client.post(
        reverse("plans:action_add", args=[submitted.locality.pk]), {"recommendation": "nope"}
    )
    assert response.status_code == 404 and not Action.objects.exists()


def test_an_action_without_a_title_is_refused_with_the_form(client, officer):
    client.force_login(officer)
    locality = make_locality(officer)
    response = client.post(
        reverse("plans:action_add", args=[locality.pk]), {"title": " ", "status": "planned"}
    )
    assert response.status_code == 400 and not Action.objects.exists()


def test_the_due_date_input_carries_an_iso_value_in_spanish(client, officer):
    client.force_login(officer)
    locality = make_locality(officer)
    action, _ = services.add_action(
        locality=locality, user=officer, title="x", due_date=datetime.date(2027, 3, 1)
    )
    page = client.get(reverse("plans:action_edit", args=[action.pk]), headers={"accept-language": "es"})
    assert 'value="2027-03-01"' in page.content.decode()


def test_starting_an_assessment_with_open_actions_asks_about_them_first(client, submitted, officer):
    client.force_login(officer)
    locality = submitted.locality
    action, _ = services.add_action(locality=locality, user=officer, title="Forum")
    page = client.get(locality.get_absolute_url()).content.decode()
    review_url = reverse("plans:review_and_start", args=[locality.pk])
    assert review_url in page
    response = client.post(
        review_url, {f"action-{action.pk}-status": "done", f"action-{action.pk}-note": "Held"}
    )
    assert response.status_code == 302
    newest = locality.assessments.order_by("-pk").first()
    assert newest.is_draft and ActionReview.objects.get().assessment == newest


def test_a_bad_review_status_keeps_the_page_and_starts_nothing(client, submitted, officer):
    client.force_login(officer)
    locality = submitted.locality
    action, _ = services.add_action(locality=locality, user=officer, title="Forum")
    before = locality.assessments.count()
    response = client.post(
        reverse("plans:review_and_start", args=[locality.pk]), {f"action-{action.pk}-status": "bogus"}
    )
    assert response.status_code == 400 and locality.assessments.count() == before


def test_a_non_member_sees_no_plan_and_no_action(client, officer, django_user_model):
    locality = make_locality(officer)
    action, _ = services.add_action(locality=locality, user=officer, title="secret")
    client.force_login(make_user(django_user_model, "intruder"))
    for url in (
        reverse("plans:plan", args=[locality.pk]),
        reverse("plans:action_edit", args=[action.pk]),
        reverse("plans:action_delete", args=[action.pk]),
        reverse("plans:review_and_start", args=[locality.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("plans:action_delete", args=[action.pk])).status_code == 404
    assert Action.objects.filter(pk=action.pk).exists()


def test_delete_asks_first_then_deletes(client, officer):
    client.force_login(officer)
    locality = make_locality(officer)
    action, _ = services.add_action(locality=locality, user=officer, title="x")
    assert client.get(reverse("plans:action_delete", args=[action.pk])).status_code == 200
    assert Action.objects.filter(pk=action.pk).exists()
    assert client.post(reverse("plans:action_delete", args=[action.pk])).status_code == 302
    assert not Action.objects.filter(pk=action.pk).exists()
