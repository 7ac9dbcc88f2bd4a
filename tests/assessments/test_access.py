"""Only members of a locality see or change it and its assessments: others get 404, visitors log in."""

import pytest
from django.urls import reverse

from assessments.models import Answer, Assessment, Locality
from tests.assessments.factories import make_locality, make_user, started

pytestmark = pytest.mark.django_db

LOCALITY_URLS = [
    ("get", "assessments:locality_detail"),
    ("post", "assessments:member_add"),
    ("post", "assessments:assessment_start"),
    ("post", "assessments:assessment_copy_last"),
    ("post", "assessments:assessment_import"),
]
ASSESSMENT_URLS = [
    ("get", "assessments:assessment_resume"),
    ("get", "assessments:assessment_step"),
    ("post", "assessments:assessment_step"),
    ("get", "assessments:assessment_submit"),
    ("post", "assessments:assessment_submit"),
    ("get", "assessments:assessment_results"),
    ("post", "assessments:assessment_copy"),
    ("get", "assessments:assessment_download"),
]
ALL = [(m, n, "locality") for m, n in LOCALITY_URLS] + [(m, n, "assessment") for m, n in ASSESSMENT_URLS]


@pytest.fixture
def target(benchmark_cases, django_user_model):
    """An assessment of Ana's locality, with one answer."""
    ana = make_user(django_user_model, "ana")
    assessment = started(ana)
    Answer.objects.create(assessment=assessment, indicator="NET.public_private", value="yes")
    return assessment


def url_for(name, kind, assessment):
    if kind == "locality":
        return reverse(name, args=[assessment.locality.pk])
    args = [assessment.pk, "NET"] if name.endswith("_step") else [assessment.pk]
    return reverse(name, args=args)


DATA = {"identifier": "ana", "NET.public_private": "no", "goto": "NET"}


def snapshot():
    return (
        Locality.objects.count(),
        list(Assessment.objects.values_list("pk", "status")),
        list(Answer.objects.values_list("indicator", "value")),
    )


@pytest.mark.parametrize("method, name, kind", ALL)
def test_a_user_of_another_locality_gets_404(client, target, django_user_model, method, name, kind):
    bruno = make_user(django_user_model, "bruno")
    make_locality(bruno, name="Ilo")
    client.force_login(bruno)
    before = snapshot()
    response = getattr(client, method)(url_for(name, kind, target), DATA if method == "post" else None)
    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("method, name, kind", ALL)
def test_anonymous_visitors_are_sent_to_login(client, target, method, name, kind):
    url = url_for(name, kind, target)
    before = snapshot()
    response = getattr(client, method)(url, DATA if method == "post" else None)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"
    assert snapshot() == before


@pytest.mark.parametrize("name", ["assessments:locality_list", "assessments:locality_create"])
def test_my_localities_pages_need_login(client, benchmark_cases, name):
    response = client.get(reverse(name))
    assert response["Location"].startswith(reverse("login"))


def test_a_member_who_is_not_owner_sees_the_assessment(client, target, django_user_model):
    bruno = make_user(django_user_model, "bruno")
    target.locality.memberships.create(user=bruno)
    client.force_login(bruno)
    assert client.get(url_for("assessments:assessment_results", "assessment", target)).status_code == 200
    assert client.get(url_for("assessments:locality_detail", "locality", target)).status_code == 200


def test_locality_list_shows_only_my_localities(client, target, django_user_model):
    bruno = make_user(django_user_model, "bruno")
    make_locality(bruno, name="Ilo")
    client.force_login(bruno)
    html = client.get(reverse("assessments:locality_list")).content.decode()
    assert "Ilo" in html and "Rafaela" not in html
