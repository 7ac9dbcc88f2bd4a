"""In Spanish a workshop is created with the default date as it is offered (the date input once received
"01/12/2026", which the browser drops, and the form failed with "Fecha: Este campo es obligatorio")."""

import re

import pytest
from django.utils import timezone

from framework.services import sync_framework_versions
from tests.assessments.factories import PASSWORD, make_locality, make_user
from workshops.models import Workshop

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_workshop_is_created_in_spanish_with_the_default_date(browser, live_server, django_user_model):
    sync_framework_versions()  # what `make setup` does after migrate
    consultant = make_user(django_user_model, "facilitadora")
    locality = make_locality(consultant, name="Rafaela")
    context = browser.new_context(locale="es-AR", extra_http_headers={"Accept-Language": "es"})
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.locator("input[name=username]").fill("facilitadora")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Iniciar sesión").click()
    page.wait_for_url(re.compile(r"/localities/$"))

    page.goto(live_server.url + f"/workshops/new/?locality={locality.pk}")
    assert page.locator("html").get_attribute("lang") == "es"
    date_input = page.get_by_label("Fecha")
    assert date_input.input_value() == timezone.localdate().isoformat()  # the browser kept the default
    page.get_by_label("Título").fill("Foro de desarrollo económico")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/workshops/\d+/$"))
    assert Workshop.objects.get().date == timezone.localdate()
    context.close()
