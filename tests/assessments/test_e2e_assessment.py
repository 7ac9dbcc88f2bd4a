"""The whole self-assessment in Chromium: sign up, locality, a few steps, leave, resume, finish, results."""

import re

import pytest

from framework import definition as fw
from tests.browser import SIDEWAYS, radar_problems, screenshot, settle_autosave

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SMALL_PHONE = {"width": 360, "height": 800}
PASSWORD = "Rafaela-ADEL-1997"


@pytest.fixture
def benchmark(transactional_db):
    from cases.services import load_benchmark

    load_benchmark()


def shot(page, name):
    screenshot(page, f"assess-{name}.png", full_page=True)


def settle(page):
    settle_autosave(page)


def answer_step(page, dimension):
    """Answer every question of the step shown: a mid-to-high option, "Don't know" for the last question."""
    for k, indicator in enumerate(dimension.indicators):
        name = indicator.code
        if k == len(dimension.indicators) - 1 and indicator.type != "multi":
            value = fw.DONT_KNOW
        elif indicator.type == "multi":
            for code in indicator.option_codes[:3]:
                page.locator(f'input[name="{name}"][value="{code}"]').check()
            continue
        else:
            codes = indicator.option_codes
            value = codes[-2] if len(codes) > 2 else codes[0]
        page.locator(f'input[name="{name}"][value="{value}"]').check()


@pytest.mark.slow
def test_self_assessment_end_to_end(browser, live_server, benchmark):
    framework = fw.load()
    dims = framework.dimensions

    # --- On a phone: sign up, add the locality, answer two steps, then close the page.
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/signup/")
    shot(page, "signup-phone")
    page.get_by_label("Username").fill("marta")
    page.get_by_label("Email").fill("marta@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url(re.compile(r"/localities/$"))
    page.get_by_role("link", name="Add a locality").first.click()

    page.get_by_label("Name").fill("Rafaela")
    page.get_by_label("Country").fill("Argentina")
    page.get_by_label("Type of region").select_option("intermediate_city")
    page.get_by_label("Population").select_option("20k_100k")
    page.get_by_role("button", name="Create the locality").click()
    page.get_by_role("heading", name="Rafaela").wait_for()
    # The message can be closed (static/js/site.js, without the Bootstrap bundle).
    message = page.locator(".messages .alert").filter(has_text="Locality created")
    message.get_by_role("button", name="Close").click()
    message.wait_for(state="detached")
    page.get_by_role("button", name="Start new assessment").click()

    page.wait_for_url(re.compile(r"/step/CTX/$"))
    assert page.get_by_text("Step 1 of 6").is_visible()
    # The type of region was taken from the locality.
    assert page.locator('input[name="CTX.region_type"][value="intermediate_city"]').is_checked()
    answer_step(page, dims[0])
    settle(page)
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/step/MESO/$"))
    answer_step(page, dims[1])

    # "None of these" excludes the ticked options (questionnaire.js).
    def institution(value):
        return page.locator(f'input[name="MESO.economic_institutions"][value="{value}"]')

    institution("__none__").check()
    assert not institution("enterprise_agency").is_checked()
    institution("incubator").check()
    assert not institution("__none__").is_checked()
    page.get_by_text("Evidence note (optional)").first.click()
    page.get_by_label("Evidence note (optional)").first.fill("Municipal LED office created in 1998")
    shot(page, "step-phone")
    settle(page)
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/step/INIT/$"))
    total = len(framework.indicators)
    answered_text = page.get_by_text(re.compile(rf"\d+ of {total} questions answered")).inner_text()
    assert answered_text.startswith(f"{len(dims[0].indicators) + len(dims[1].indicators)} of {total}")
    context.close()

    # --- Later, on a desktop: log in again; resuming lands on the first step with an unanswered question.
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill("marta")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Rafaela").click()
    shot(page, "locality-desktop")
    page.locator(".assessment-list a").first.click()
    page.wait_for_url(re.compile(r"/step/INIT/$"))
    page.locator("#step-form").wait_for()

    # The evidence typed on the phone was kept.
    page.get_by_role("button", name=re.compile("Meso-institutions")).click()
    page.wait_for_url(re.compile(r"/step/MESO/$"))
    assert page.get_by_label("Evidence note (optional)").first.input_value() == (
        "Municipal LED office created in 1998"
    )
    settle(page)
    page.get_by_role("button", name="Save and continue").click()

    # Skip a question of INIT, then try to submit: the missing question is listed and linked.
    answer_step(page, dims[2])
    page.locator('input[name="INIT.ced"]').first.evaluate("el => el.form.reset()")
    settle(page)
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/step/NET/$"))
    for dimension in dims[3:]:
        answer_step(page, dimension)
        last = dimension is dims[-1]
        settle(page)
        page.get_by_role("button", name="Save and review" if last else "Save and continue").click()
    page.wait_for_url(re.compile(r"/submit/$"))
    page.get_by_role("button", name="Submit the assessment").click()
    page.get_by_role("heading", name=re.compile("questions? still needs? an answer")).wait_for()
    shot(page, "submit-missing-desktop")
    missing = page.locator(".missing-list a")
    assert missing.count() == len(dims[2].indicators)  # the reset step: every INIT question
    missing.first.click()
    page.wait_for_url(re.compile(r"/step/INIT/\?check=1#q-INIT\.ced$"))
    assert page.locator("#q-INIT\\.ced .invalid-feedback").first.is_visible()
    answer_step(page, dims[2])
    settle(page)
    before = page.url
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(lambda now: now != before)  # saved before the submit page is asked for
    page.goto(live_server.url + page.url.split(live_server.url)[1].split("/step/")[0] + "/submit/")
    page.get_by_text(f"All {len(framework.indicators)} questions are answered.").wait_for()
    page.get_by_role("button", name="Submit the assessment").click()

    # --- Results: scores, radar, explanations and the three most similar cases.
    page.wait_for_url(re.compile(r"/results/$"))
    assert page.get_by_text("Overall score", exact=True).first.is_visible()
    assert page.locator("svg.radar[role=img]").is_visible()
    cards = page.locator(".match-card")
    assert cards.count() == 3
    for k in range(3):
        assert re.search(r"\d+%", cards.nth(k).locator(".similarity").inner_text())
    shot(page, "results-desktop")
    assert radar_problems(page) == []
    page.set_viewport_size(PHONE)
    shot(page, "results-phone")
    assert radar_problems(page) == []  # the larger labels, not the desktop's at 7 px
    # On a small phone (360 px) nothing scrolls sideways: not the page, not the dimension table.
    page.set_viewport_size(SMALL_PHONE)
    assert page.evaluate(SIDEWAYS) == []

    first_case = cards.first.locator("h3 a")
    name = first_case.inner_text()
    first_case.click()
    page.get_by_role("heading", level=1, name=name).wait_for()
    context.close()
