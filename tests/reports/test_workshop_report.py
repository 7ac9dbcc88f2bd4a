"""The workshop report (PDF): participation by role with the dashboard's anonymity threshold, agreement, the
consensus, and never a participant's name."""

import datetime

import pytest
from django.urls import reverse

from framework.services import sync_framework_versions
from tests.assessments.factories import make_locality, make_user
from tests.reports.conftest import keep, pdf_text
from workshops import services
from workshops.models import Role

pytestmark = pytest.mark.django_db

NAMES = ["Ana Quispe", "Beto Mamani", "Carla Rojas", "Diego Huanca"]


@pytest.fixture
def consultant(django_user_model):
    sync_framework_versions()
    return make_user(django_user_model, "facilitator")


@pytest.fixture
def workshop(consultant):
    locality = make_locality(consultant, name="Ilo", country="Perú")
    workshop = services.create_workshop(
        owner=consultant,
        locality=locality,
        title="Foro Ilo",
        date=datetime.date(2026, 5, 4),
        dimensions=["OPEN"],
    )
    framework = workshop.asked_framework()
    codes = list(framework.indicators)
    roles = [Role.GOVERNMENT, Role.GOVERNMENT, Role.GOVERNMENT, Role.BUSINESS]  # one lone business person
    for n, (name, role) in enumerate(zip(NAMES, roles, strict=True)):
        participant = services.join(workshop=workshop, name=name, role=role)
        answers = {c: framework.indicators[c].option_codes[min(n, 1)] for c in codes}
        services.save_answers(participant=participant, answers=answers, evidence={})
        services.submit(participant=participant)
    return workshop


def report(client, consultant, workshop, tmp_path, lang="en", name=""):
    client.force_login(consultant)
    response = client.get(
        reverse("reports:workshop_pdf", args=[workshop.pk]), headers={"accept-language": lang}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    if name:
        keep(response.content, name)
    return " ".join(pdf_text(response.content, tmp_path).split())


def test_the_report_counts_roles_only_at_the_threshold_and_names_nobody(
    client, consultant, workshop, tmp_path
):
    text = report(client, consultant, workshop, tmp_path)
    assert "Workshop report: Foro Ilo" in text
    assert "4 submitted their answers (4 joined)" in text
    assert "Government 3" in text  # the role and the number of people who submitted
    assert "Business" not in text  # one person: counted with the others, not shown by role
    assert "Roles with fewer than 3 people, together 1" in text
    for name in NAMES:
        assert name not in text
    assert "The consensus is not recorded yet" in text


def test_the_report_carries_the_consensus_once_recorded(client, consultant, workshop, tmp_path):
    framework = workshop.asked_framework()
    agreed = {c: i.option_codes[0] for c, i in framework.indicators.items()}
    services.record_consensus(workshop=workshop, user=consultant, answers=agreed)
    text = report(client, consultant, workshop, tmp_path, name="workshop-consensus-en.pdf")
    assert "The consensus" in text and "Agreed answer" in text
    first = next(iter(framework.indicators.values()))
    assert " ".join(first.option(first.option_codes[0]).text().split()) in text


def test_the_report_is_in_spanish_for_a_spanish_request(client, consultant, workshop, tmp_path):
    text = report(client, consultant, workshop, tmp_path, lang="es", name="workshop-es.pdf")
    assert "Informe del taller: Foro Ilo" in text and "Participación" in text


def test_only_the_facilitator_gets_the_report(client, workshop, django_user_model):
    client.force_login(make_user(django_user_model, "someone-else"))
    assert client.get(reverse("reports:workshop_pdf", args=[workshop.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("reports:workshop_pdf", args=[workshop.pk])).status_code == 302
