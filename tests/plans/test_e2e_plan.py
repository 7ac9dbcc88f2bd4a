"""The action plan in Chromium: from the recommendations of a submitted assessment to an edited action, the
next assessment asking what became of it, the report carrying it; and the results page printed without its
controls."""

import re

import pytest

from assessments.services import submit_assessment
from cases.services import load_benchmark
from plans.models import Action, ActionReview
from tests.assessments.factories import PASSWORD, answer_all, make_locality, make_user, started
from tests.browser import screenshot
from tests.reports.conftest import pdf_text

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def shot(page, name):
    screenshot(page, f"plan-{name}.png", full_page=True)


def lowest(framework):
    return {
        code: [] if i.type == "multi" else min(i.options, key=lambda o: o.score or 0.0).code
        for code, i in framework.indicators.items()
    }


@pytest.fixture
def submitted(django_user_model):
    load_benchmark()
    officer = make_user(django_user_model, "ana")
    locality = make_locality(officer, name="Pensilvania", country="Colombia")
    assessment = started(officer, locality)
    answer_all(assessment, officer, lowest(assessment.framework.framework))
    return submit_assessment(assessment=assessment, user=officer)


def log_in(page, base):
    page.goto(base + "/accounts/login/")
    page.locator("input[name=username]").fill("ana")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/localities/$"))


def test_from_recommendation_to_the_next_assessment(browser, live_server, submitted, tmp_path):
    locality = submitted.locality
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    log_in(page, live_server.url)

    page.goto(live_server.url + locality.get_absolute_url())
    page.get_by_role("link", name="Make an action plan").click()
    page.wait_for_url(re.compile(r"/plan/$"))
    shot(page, "suggestions-phone")
    page.locator("form:has(input[name=recommendation]) button").first.click()
    page.wait_for_url(re.compile(r"/actions/\d+/edit/$"))
    page.get_by_label("Who is responsible").fill("Oficina de Desarrollo Económico")
    page.get_by_label("Due date").fill("2027-03-31")
    page.get_by_label("Status").select_option("in_progress")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/plan/#action-\d+$"))
    shot(page, "plan-phone")
    action = Action.objects.get()
    assert (action.owner, str(action.due_date), action.status) == (
        "Oficina de Desarrollo Económico",
        "2027-03-31",
        "in_progress",
    )

    # The locality's page shows the open action, and a new assessment first asks what became of it.
    page.goto(live_server.url + locality.get_absolute_url())
    assert page.get_by_text(action.title[:40]).first.is_visible()
    page.get_by_role("link", name="Start new assessment").click()
    page.wait_for_url(re.compile(r"/next-assessment/$"))
    page.get_by_label("Status now").select_option("done")
    page.get_by_label("What happened").fill("Se creó la mesa público-privada en marzo.")
    shot(page, "review-phone")
    page.get_by_role("button", name="Start the new assessment").click()
    page.wait_for_url(re.compile(r"/assessments/\d+/step/"))
    review = ActionReview.objects.get()
    assert review.status == "done" and review.assessment != submitted
    action.refresh_from_db()
    assert action.status == "done"

    # The report of the new assessment carries what became of the action.
    response = page.request.get(live_server.url + f"/reports/assessments/{review.assessment_id}/report.pdf")
    assert response.status == 200
    text = " ".join(pdf_text(response.body(), tmp_path).split())
    assert "What became of the earlier actions" in text
    assert "Secreólamesapúblico-privadaenmarzo." in "".join(text.split())  # a table cell wraps over lines
    context.close()


def test_the_results_page_prints_without_controls_and_with_whole_tables(browser, live_server, submitted):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    log_in(page, live_server.url)
    page.goto(live_server.url + f"/assessments/{submitted.pk}/results/")
    page.emulate_media(media="print")
    visible_controls = page.evaluate(
        """() => [...document.querySelectorAll('nav.navbar, footer, .btn, button, form')]
                 .filter(el => el.getClientRects().length > 0).map(el => el.outerHTML.slice(0, 120))"""
    )
    assert visible_controls == []
    # No table or wrapper cuts its content: nothing scrolls sideways in print.
    clipped = page.evaluate(
        """() => [...document.querySelectorAll('table, .table-responsive')]
                 .filter(el => el.scrollWidth > el.clientWidth + 1).length"""
    )
    assert clipped == 0
    shot(page, "results-print-desktop")
    context.close()
