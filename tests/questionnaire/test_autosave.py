"""Autosave: the questionnaire engine's step URL saves a posted step with ``autosave=1`` and answers JSON,
the same for an officer's self-assessment and a workshop participant (``questionnaire.flow.autosave``)."""

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Answer
from assessments.services import start_assessment, submit_assessment
from framework import definition as fw
from framework.services import sync_framework_versions
from tests.assessments.factories import full_answers, make_locality, make_user
from workshops import services as ws
from workshops.models import ParticipantAnswer

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client, django_user_model):
    sync_framework_versions()
    user = make_user(django_user_model, "officer")
    client.force_login(user)
    return client, user


def first_dimension():
    return fw.load().dimensions[0]


def test_an_officer_step_autosaves_and_answers_json(officer):
    client, user = officer
    assessment = start_assessment(locality=make_locality(user), user=user)
    dimension = first_dimension()
    indicator = dimension.indicators[0]
    value = indicator.option_codes[0]
    url = reverse("assessments:assessment_step", args=[assessment.pk, dimension.code])
    response = client.post(url, {indicator.code: value, "autosave": "1"})
    assert response.status_code == 200
    data = response.json()
    assert data["saved"] and data["answered"] == 1 and data["total"] == len(fw.load().indicators)
    stored = Answer.objects.get(assessment=assessment, indicator=indicator.code).value
    assert stored == ([value] if indicator.type == "multi" else value)
    # Sending the step again with the answer cleared clears it: the step is saved as a whole.
    assert client.post(url, {"autosave": "1"}).json()["answered"] == 0
    assert not Answer.objects.filter(assessment=assessment, indicator=indicator.code).exists()
    # A bad value is refused with the question named, nothing saved.
    bad = client.post(url, {indicator.code: "no-such-option", "autosave": "1"})
    assert bad.status_code == 400 and indicator.code in bad.json()["errors"]
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200 and "autosave.js" in page
    # Apart, so that a failure says which is missing.
    assert "data-autosave" in page, page[page.find("<main") : page.find("<main") + 3000]
    assert "Not sent yet" in page


def test_a_submitted_assessment_refuses_autosave(officer):
    client, user = officer
    assessment = start_assessment(locality=make_locality(user), user=user)
    from assessments.services import save_step

    save_step(assessment=assessment, user=user, answers=full_answers(), evidence={})
    submit_assessment(assessment=assessment, user=user)
    dimension = first_dimension()
    url = reverse("assessments:assessment_step", args=[assessment.pk, dimension.code])
    response = client.post(url, {"autosave": "1"})
    assert response.status_code == 403 and response.json()["locked"]


def test_a_participant_step_autosaves_and_a_closed_workshop_refuses(officer):
    _client, user = officer
    workshop = ws.create_workshop(
        owner=user, locality=make_locality(user), title="Foro", date="2026-05-04", dimensions=["OPEN"]
    )
    phone = Client()
    phone.post(reverse("workshops:join", args=[workshop.token]), {"role": "business"})
    url = reverse("workshops:step", args=[workshop.token, "OPEN"])
    response = phone.post(
        url, {"OPEN.inclusiveness": "broad", "OPEN.inclusiveness__evidence": "Acta", "autosave": "1"}
    )
    assert response.json()["saved"]
    row = ParticipantAnswer.objects.get()
    assert (row.value, row.evidence) == ("broad", "Acta")
    ws.set_status(workshop=workshop, status="closed")
    refused = phone.post(url, {"OPEN.inclusiveness": "marginal", "autosave": "1"})
    assert refused.status_code == 403 and ParticipantAnswer.objects.get().value == "broad"
    # Without a participant cookie: refused as JSON too (the script drops it), never a redirect to follow.
    assert Client().post(url, {"autosave": "1"}).status_code == 403


def test_without_javascript_the_step_buttons_still_save(officer):
    _client, user = officer
    workshop = ws.create_workshop(
        owner=user, locality=make_locality(user), title="Foro", date="2026-05-04", dimensions=["OPEN"]
    )
    phone = Client()
    phone.post(reverse("workshops:join", args=[workshop.token]), {"role": "business"})
    url = reverse("workshops:step", args=[workshop.token, "OPEN"])
    response = phone.post(url, {"OPEN.inclusiveness": "some", "goto": "review"})
    assert response.status_code == 302 and ParticipantAnswer.objects.get().value == "some"
