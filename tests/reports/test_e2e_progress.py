"""The progress page in Chromium, on a phone and in Spanish: a key names the two assessments once, the tables
and the chart say "Antes" and "Después", the plan's actions sit under their dimension, and nothing scrolls
sideways, however long the assessments' titles and answers."""

import pytest
from django.urls import reverse
from django.utils import translation

from cases.services import load_benchmark
from plans import services as plan_services
from tests.assessments.factories import make_locality, make_user
from tests.browser import radar_problems, screenshot
from tests.plans.test_e2e_plan import log_in
from tests.reports.test_assessment_report import submitted

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}
BEFORE = "Primera autoevaluación con el concejo municipal, marzo de 2025"
AFTER = "Evaluación de seguimiento con las cámaras de comercio, noviembre de 2026"


def highest(framework):
    return {
        code: sorted(i.option_codes)[:1]
        if i.type == "multi"
        else max(i.options, key=lambda o: o.score or 0.0).code
        for code, i in framework.indicators.items()
    }


@pytest.fixture
def two_assessments(django_user_model):
    load_benchmark()
    officer = make_user(django_user_model, "ana")
    locality = make_locality(officer, name="Pensilvania", country="Colombia")
    first = submitted(officer, locality, title=BEFORE)
    framework = first.framework.framework
    submitted(officer, locality, answers=highest(framework), title=AFTER)
    dimension = next(d for d in framework.dimensions if d.weight)
    plan_services.add_action(
        locality=locality,
        user=officer,
        title="Crear una mesa público-privada de desarrollo económico",
        recommendation=dimension.indicators[0].code,
    )
    return locality, dimension


def test_the_progress_page_fits_a_phone_in_spanish(browser, live_server, two_assessments):
    locality, dimension = two_assessments
    # The action is meant to move the first scored dimension: the table's first row.
    with translation.override("es"):
        spanish_name = dimension.text()
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        context = browser.new_context(
            viewport=viewport, locale="es-419", extra_http_headers={"Accept-Language": "es"}
        )
        page = context.new_page()
        log_in(page, live_server.url)
        page.goto(live_server.url + reverse("reports:progress", args=[locality.pk]))
        key = page.locator("#progress-key").inner_text()
        assert key == f"Antes: {BEFORE}. Después: {AFTER}."
        headers = page.locator("#scores-heading ~ div table thead th:visible").all_inner_texts()
        assert headers[:4] == ["Dimensión", "Antes", "Después", "Diferencia"]
        row = page.locator("#scores-heading ~ div table tbody tr").first
        assert row.locator("th").inner_text().startswith(spanish_name)
        # The action is shown once: under the dimension on a phone, in its own column on a desktop.
        action = row.get_by_text("Crear una mesa público-privada", exact=False)
        assert action.count() == 2 and sum(action.nth(k).is_visible() for k in range(2)) == 1
        assert row.locator("th").get_by_text("Crear una mesa", exact=False).is_visible() == (name == "phone")
        screenshot(page, f"progress-{name}.png", full_page=True)
        # Nothing scrolls sideways: not the page, not a table in its scroll box.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
        clipped = page.evaluate(
            """() => [...document.querySelectorAll('.table-responsive')]
                     .filter(el => el.scrollWidth > el.clientWidth + 1)
                     .map(el => el.innerText.slice(0, 80))"""
        )
        assert clipped == [], name
        # The chart's labels and legend stay inside it and are large enough to read.
        assert radar_problems(page) == [], name
        legend = page.locator("svg .radar-legend text:visible").all_text_contents()
        assert legend == ["Antes", "Después"], name
        context.close()
