"""Accessibility of the three journeys in Chromium: officer, workshop and case library.

Each journey is walked for real (forms filled, buttons pressed) and axe-core plus a DOM label check run on
every page visited. The keyboard test uses only ``page.keyboard``; the radar test reads the chart's text
alternative and the table next to it.
"""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Answer
from framework import definition as fw
from tests.a11y import assert_accessible, axe_violations, unlabelled_fields
from tests.assessments.factories import PASSWORD, answer_all, make_locality, make_user, started
from tests.browser import settle_autosave
from workshops.models import Workshop

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def benchmark(transactional_db):
    from cases.services import load_benchmark

    load_benchmark()


def new_page(browser, viewport, **kwargs):
    # Reduced motion switches off Bootstrap's transitions, so a focus ring is complete when it is read.
    context = browser.new_context(viewport=viewport, reduced_motion="reduce", **kwargs)
    return context.new_page()


def log_in(page, url, username):
    # The login page itself is checked by the matrix (test_e2e_a11y_matrix.py), blank and refused.
    page.goto(url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/localities/$"))


def pick(page, indicator, position):
    """Tick an answer of ``indicator`` by position among its options (all of them for multi)."""
    codes = indicator.option_codes
    chosen = codes[:2] if indicator.type == "multi" else [codes[min(position, len(codes) - 1)]]
    for code in chosen:
        page.locator(f'[id="q-{indicator.code}"] input[value="{code}"]').check()


# The journeys run on a phone: the matrix (test_e2e_a11y_matrix.py) checks every page in English on a
# desktop, and its Spanish sample on a phone, but English on a phone only here.
@pytest.mark.slow
def test_officer_journey_is_accessible(browser, live_server, benchmark):
    url = live_server.url
    dims = fw.load().dimensions
    page = new_page(browser, PHONE)

    page.goto(url + "/")
    assert_accessible(page, "home")
    page.goto(url + "/accounts/signup/")
    assert_accessible(page, "signup")
    page.get_by_label("Username").fill("marta")
    page.get_by_label("Email").fill("marta@example.org")
    page.locator("#id_password1").fill("Rafaela-ADEL-1997")
    page.get_by_label("Password confirmation").fill("Rafaela-ADEL-1997")
    page.locator("main").get_by_role("button", name="Sign up").click()
    page.wait_for_url(re.compile(r"/localities/$"))
    assert_accessible(page, "locality list (empty)")

    page.locator("main").get_by_role("link", name="Add a locality").first.click()
    page.wait_for_url(re.compile(r"/localities/new/$"))
    assert_accessible(page, "locality form")
    page.locator("main").get_by_role("button", name="Create the locality").click()  # empty: errors shown
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    assert_accessible(page, "locality form with errors")
    page.get_by_label("Name").fill("Rafaela")
    page.get_by_label("Country").fill("Argentina")
    page.get_by_label("Type of region").select_option("intermediate_city")
    page.get_by_label("Population").select_option("20k_100k")
    page.get_by_role("button", name="Create the locality").click()
    page.get_by_role("heading", level=1, name="Rafaela").wait_for()
    assert_accessible(page, "locality detail")
    page.get_by_role("button", name="Start new assessment").click()

    for k, dimension in enumerate(dims):
        page.wait_for_url(re.compile(rf"/step/{re.escape(dimension.code)}/$"))
        assert_accessible(page, f"step {dimension.code}")
        # The first question of the second step stays unanswered, for the submit page.
        for indicator in dimension.indicators[1:] if k == 1 else dimension.indicators:
            pick(page, indicator, 1)
        last = k == len(dims) - 1
        settle_autosave(page)
        page.get_by_role("button", name="Save and review" if last else "Save and continue").click()

    page.wait_for_url(re.compile(r"/submit/$"))
    assert_accessible(page, "submit")
    page.get_by_role("button", name="Submit the assessment").click()
    page.get_by_role("heading", name=re.compile("still needs an answer")).wait_for()
    assert_accessible(page, "submit, a question missing")
    page.locator(".missing-list a").first.click()
    page.wait_for_url(re.compile(r"\?check=1#q-"))
    assert_accessible(page, "step with the missing question marked")
    pick(page, dims[1].indicators[0], 0)
    settle_autosave(page)
    before = page.url
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(lambda now: now != before)  # saved before the submit page is asked for
    page.goto(page.url.split("/step/")[0] + "/submit/")
    page.get_by_role("button", name="Submit the assessment").click()
    page.wait_for_url(re.compile(r"/results/$"))
    page.locator("details.explanation").first.locator("summary").click()  # open content is checked too
    assert_accessible(page, "results")
    page.get_by_role("link", name="View the answers").click()
    # A click only starts the navigation: axe run in the results page while it is torn down finds no document.
    page.wait_for_url(re.compile(rf"/step/{re.escape(dims[0].code)}/$"))
    assert_accessible(page, "submitted answers (read only)")

    page.context.clear_cookies()
    page.goto(url + "/accounts/password_reset/")
    assert_accessible(page, "password reset form")
    page.get_by_label("Email").fill("marta@example.org")
    page.locator("main").get_by_role("button").click()
    page.wait_for_url(re.compile(r"/password_reset/done/$"))
    assert_accessible(page, "password reset sent")
    page.context.close()


@pytest.mark.slow
def test_workshop_journey_is_accessible(browser, live_server, benchmark, django_user_model):
    url = live_server.url
    consultant = make_user(django_user_model, "facilitator")
    make_locality(consultant, name="Rafaela")
    page = new_page(browser, DESKTOP)
    log_in(page, url, "facilitator")

    page.goto(url + "/workshops/")
    assert_accessible(page, "workshop list")
    page.goto(url + "/workshops/new/")
    assert_accessible(page, "workshop form")
    page.get_by_label("Title").fill("Foro de desarrollo económico")
    page.get_by_label("Date").fill("2026-05-04")
    for dimension in fw.load().dimensions:
        if dimension.code not in ("CTX", "OPEN"):
            page.get_by_role("checkbox", name=dimension.text("name")).uncheck()
    page.get_by_role("button", name="Create the workshop").click()
    page.wait_for_url(re.compile(r"/workshops/\d+/$"))
    workshop = Workshop.objects.get()
    assert_accessible(page, "dashboard (empty)")
    page.goto(url + f"/workshops/{workshop.pk}/?present=1")
    assert_accessible(page, "projector view")

    phone = new_page(browser, PHONE, is_mobile=True, has_touch=True)
    phone.goto(url + "/w/")
    assert_accessible(phone, "join by code")
    phone.get_by_label("Workshop code").fill("nonsense")
    phone.get_by_role("button", name="Join").click()
    expect(phone.get_by_text("No workshop has this code.")).to_be_visible()
    assert_accessible(phone, "join by code, wrong code")
    phone.get_by_label("Workshop code").fill(workshop.display_code)
    phone.get_by_role("button", name="Join").click()
    expect(phone.get_by_role("button", name="Start answering")).to_be_visible()
    assert_accessible(phone, "join")
    phone.get_by_role("radio", name="Business").check()
    phone.get_by_role("button", name="Start answering").click()
    for code in ("CTX", "OPEN"):
        phone.wait_for_url(re.compile(rf"/answers/{code}/$"))
        assert_accessible(phone, f"participant step {code}")
        for indicator in fw.load().dimension(code).indicators:
            pick(phone, indicator, 2)
        settle_autosave(phone)
        phone.get_by_role("button", name=re.compile("^Save and (continue|review)$")).click()
    phone.wait_for_url(re.compile(r"/review/$"))
    assert_accessible(phone, "participant review")
    phone.get_by_role("button", name="Submit my answers").click()
    expect(phone.get_by_role("heading", name="Thank you!")).to_be_visible()
    assert_accessible(phone, "participant submitted")

    page.goto(url + f"/workshops/{workshop.pk}/")
    expect(page.locator('[data-count="submitted"]')).to_have_text("1")
    assert_accessible(page, "dashboard with answers")
    page.get_by_role("link", name="Record the consensus").click()
    # The consensus walk, one question a page (prefilled with the one participant's answer), then the record.
    page.wait_for_url(re.compile(r"/consensus/1/$"))
    assert_accessible(page, "consensus walk")
    while re.search(r"/consensus/\d+/$", page.url):
        before = page.url
        page.get_by_role("button", name=re.compile("^Agree and (continue|review)$")).click()
        page.wait_for_url(lambda now, before=before: now != before)
    page.wait_for_url(re.compile(r"/consensus/record/$"))
    assert_accessible(page, "consensus record")
    page.get_by_label("The group agrees on these answers; close the workshop.").check()
    page.get_by_role("button", name="Record the consensus").click()
    page.wait_for_url(re.compile(r"/results/$"))
    assert_accessible(page, "workshop results")
    phone.context.close()
    page.context.close()


def test_case_library_is_accessible(browser, live_server, benchmark):
    page = new_page(browser, PHONE)
    page.goto(live_server.url + "/cases/")
    assert_accessible(page, "case list")
    page.get_by_label("Country").select_option("Colombia")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/cases/?country=Colombia*")
    assert_accessible(page, "filtered case list")
    page.get_by_role("link", name="Bucaramanga").click()
    page.wait_for_url("**/cases/bucaramanga/")
    assert_accessible(page, "case detail")
    page.goto(live_server.url + "/cases/compare/")
    page.locator("#figure-3a summary").click()
    assert_accessible(page, "compare")
    page.context.close()


FOCUSED_STYLE_JS = """() => {
  const el = document.activeElement, s = getComputedStyle(el);
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
  return {tag: el.tagName, type: el.type || "", name: el.name || "", id: el.id,
          text: el.textContent.trim().slice(0, 40), visible: outline || s.boxShadow !== "none"};
}"""


def tab_until(page, wanted, limit=80):
    """Press Tab until ``wanted(focused)`` holds; every element focused on the way must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_STYLE_JS)
        assert focused["visible"], f"focus is not visible on {focused}"
        if wanted(focused):
            return focused
    raise AssertionError(f"Tab never reached the element after {limit} presses")


def test_skip_link_and_a_step_by_keyboard_alone(browser, live_server, benchmark, django_user_model):
    user = make_user(django_user_model, "ana")
    assessment = started(user)
    page = new_page(browser, DESKTOP)
    log_in(page, live_server.url, "ana")
    first = fw.load().dimensions[0]
    page.goto(live_server.url + f"/assessments/{assessment.pk}/step/{first.code}/")

    page.keyboard.press("Tab")
    skip = page.evaluate(FOCUSED_STYLE_JS)
    assert skip["text"].startswith("Skip to"), skip
    assert page.locator(".skip-link").is_visible()  # shown while focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # From main, Tab walks into the questions: Space ticks the focused option, arrows move the choice.
    chosen = {}
    for indicator in first.indicators:
        focused = tab_until(page, lambda f, code=indicator.code: f["name"] == code)
        checked = page.locator(f'input[name="{indicator.code}"]:checked')
        before = checked.first.get_attribute("value") if checked.count() else None
        page.keyboard.press("Space")
        if indicator.type == "multi":
            assert focused["type"] == "checkbox"
            chosen[indicator.code] = [checked.first.get_attribute("value")]
        else:
            assert focused["type"] == "radio"
            page.keyboard.press("ArrowDown")
            chosen[indicator.code] = checked.get_attribute("value")
            # Tab lands on the checked option (or the first); ArrowDown chose the one after it.
            codes = indicator.option_codes
            assert chosen[indicator.code] == codes[codes.index(before) + 1 if before else 1]
        expect(checked).to_have_count(1)
    tab_until(page, lambda f: f["text"] == "Save and continue")
    page.keyboard.press("Enter")
    # The form posts to the page's own address, so the #main of the skip link survives the redirect.
    page.wait_for_url(re.compile(rf"/step/{fw.load().dimensions[1].code}/(#main)?$"))

    saved = dict(Answer.objects.filter(assessment=assessment).values_list("indicator", "value"))
    assert saved == chosen
    page.context.close()


def test_label_check_finds_a_field_without_a_name(page):
    page.set_content(
        '<label for="a">Name</label><input id="a"><input id="b" aria-label="Country"><input type="hidden">'
        '<input id="c" name="orphan"><label><input type="checkbox" name="wrapped"> Yes</label>'
        '<select name="pick"></select><button type="submit">Go</button>'
    )
    assert [html.split()[1] for html in unlabelled_fields(page)] == ['id="c"', 'name="pick"></select>']


def test_contrast_is_checked_unless_left_out_and_the_other_rules_still_run(page):
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main><h1>Title</h1>'
        '<p style="color:#bbb;background:#fff">Faint text</p><img src="x.png"></main></body></html>'
    )
    rules = lambda **kw: {v.split(" ")[0] for v in axe_violations(page, **kw)}  # noqa: E731
    assert rules() == {"color-contrast", "image-alt"}
    assert rules(contrast=False) == {"image-alt"}
    assert rules(contrast=False, wcag_only=True) == {"image-alt"}


def test_radar_chart_has_a_text_alternative(browser, live_server, benchmark, django_user_model):
    user = make_user(django_user_model, "ana")
    assessment = started(user)
    answer_all(assessment, user)
    page = new_page(browser, DESKTOP)
    log_in(page, live_server.url, "ana")
    page.goto(live_server.url + f"/assessments/{assessment.pk}/results/")

    svg = page.locator("svg.radar")
    expect(svg).to_have_attribute("role", "img")
    assert svg.locator("title").count() == 1 and svg.locator("desc").count() == 1
    name = svg.evaluate(
        "el => el.getAttribute('aria-labelledby').split(' ')"
        ".map(id => document.getElementById(id).textContent).join(' ')"
    )
    assert svg.locator("title").text_content() in name and svg.locator("desc").text_content() in name
    # Chromium's accessibility tree gives the chart that name: it is found by role and name.
    expect(page.get_by_role("img", name=svg.locator("title").text_content())).to_have_count(1)

    description = svg.locator("desc").text_content()
    rows = page.locator("table.dimension-table tbody tr")
    assert rows.count() == len([d for d in fw.load().dimensions if d.weight])  # the scored dimensions
    for k in range(rows.count()):
        dimension = rows.nth(k).locator("th").inner_text().split(" (")[0].strip()
        number = rows.nth(k).locator("td").first.inner_text().strip()
        assert re.search(rf"{re.escape(dimension)}\W+{number}\b", description), (dimension, number)
    page.context.close()
