"""Error pages (production mode, DEBUG off as in every test): the site's own, in the visitor's language, with
``lang`` set and a way back — never Django's bare English pages."""

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

ES = {"HTTP_ACCEPT_LANGUAGE": "es"}


def html_of(response) -> str:
    return response.content.decode()


PAGES_404 = [
    ("es", "Esta página no existe", "Ir a la página de inicio"),
    ("en", "This page does not exist", "Go to the home page"),
]


@pytest.mark.parametrize("language, heading, back", PAGES_404)
def test_404_in_the_visitors_language(client, settings, language, heading, back):
    assert not settings.DEBUG
    response = client.get("/no/such/page/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    html = html_of(response)
    assert f'<html lang="{language}">' in html and heading in html and back in html
    assert 'href="/"' in html


def test_a_mistyped_join_link_offers_the_code_page(client):
    html = html_of(client.get("/w/not-a-token/", **ES))
    assert "Escriba el código de un taller" in html and 'href="/w/"' in html


@override_settings(ROOT_URLCONF="tests.ledcheck.error_urls")
def test_500_in_spanish_without_the_traceback():
    client = Client(raise_request_exception=False)
    response = client.get("/broken/", **ES)
    assert response.status_code == 500
    html = html_of(response)
    assert '<html lang="es">' in html and "Algo salió mal de nuestro lado" in html
    assert "RuntimeError" not in html and "a bug" not in html and "Traceback" not in html


def test_csrf_failure_page_in_spanish():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "a", "password": "b"}, **ES)
    assert response.status_code == 403
    html = html_of(response)
    assert '<html lang="es">' in html and "No se pudo enviar el formulario" in html
    assert "CSRF" not in html  # the developer's reason is not shown


def test_403_page(client, django_user_model):
    member = django_user_model.objects.create_user("ana", password="x-Long-enough-42")
    owner = django_user_model.objects.create_user("owner", password="x-Long-enough-42")
    from assessments.services import create_locality

    locality = create_locality(
        user=owner, name="Ilo", country="Perú", region_type="mining", population_band="20k_100k"
    )
    from assessments.models import Membership

    Membership.objects.create(locality=locality, user=member, role=Membership.Role.MEMBER)
    client.force_login(member)
    response = client.post(f"/localities/{locality.pk}/members/", {"identifier": "owner"}, **ES)
    assert response.status_code == 403
    html = html_of(response)
    assert '<html lang="es">' in html and "No puede hacer esto aquí" in html


def test_favicon_is_served_at_the_root_and_linked(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] in {
        "image/x-icon",
        "image/vnd.microsoft.icon",
    }
    assert 'rel="icon"' in html_of(client.get("/"))
