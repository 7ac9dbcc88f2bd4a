"""A workshop in Chromium: the facilitator creates it, three participants on phones (separate browser
contexts) join by link and by code and answer differently, the dashboard updates by itself and shows the
largest disagreement first, and the facilitator records the consensus and sees the scores."""

import re

import pytest
from playwright.sync_api import expect

from cases.services import load_benchmark
from framework import definition as fw
from tests.assessments.factories import PASSWORD, make_locality, make_user
from tests.browser import screenshot, settle_autosave
from workshops.models import Workshop

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PROJECTOR = {"width": 1920, "height": 1080}


def shoot(page, name):
    screenshot(page, f"workshop-{name}.png", full_page=True)


def no_horizontal_page_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def label(code, option):
    return fw.load().indicators[code].option(option).text()


def radio(page, code, option):
    """The radio button of ``option`` in question ``code`` (option labels repeat across questions)."""
    return page.locator(f'[id="q-{code}"]').get_by_role("radio", name=label(code, option))


def participant_answers(context, url, *, name, role, inclusiveness, evidence, by_code=None, shots=False):
    page = context.new_page()
    if by_code:
        page.goto(url + "/w/")
        page.get_by_label("Workshop code").fill(by_code)
        if shots:
            shoot(page, "phone-code")
        page.get_by_role("button", name="Join").click()
    else:
        page.goto(url)
    expect(page.get_by_role("button", name="Start answering")).to_be_visible()
    if name:
        page.get_by_label("Your name (optional)").fill(name)
    page.get_by_role("radio", name=role).check()
    if shots:
        shoot(page, "phone-join")
    page.get_by_role("button", name="Start answering").click()
    page.wait_for_url(re.compile(r"/answers/OPEN/$"))
    radio(page, "OPEN.inclusiveness", inclusiveness).check()
    radio(page, "OPEN.outcome_evidence", evidence).check()
    assert no_horizontal_page_scroll(page)
    if shots:
        shoot(page, "phone-step")
    settle_autosave(page)
    page.get_by_role("button", name="Save and review").click()
    page.wait_for_url(re.compile(r"/review/$"))
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()
    assert label("OPEN.inclusiveness", inclusiveness) in page.locator(".my-answers").inner_text()
    if shots:
        shoot(page, "phone-thanks")
    return page


@pytest.mark.slow
def test_workshop_from_creation_to_consensus(browser, live_server, transactional_db, django_user_model):
    load_benchmark()  # the framework and the twelve cases the consensus is matched to
    consultant = make_user(django_user_model, "facilitator")
    locality = make_locality(consultant, name="Rafaela")

    desk = browser.new_context(viewport=DESKTOP)
    page = desk.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill("facilitator")
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/localities/$"))

    page.goto(live_server.url + f"/workshops/new/?locality={locality.pk}")
    page.get_by_label("Title").fill("Foro de desarrollo económico")
    page.get_by_label("Date").fill("2026-05-04")
    page.get_by_label("Ask participants for their name").check()
    for dimension in fw.load().dimensions:
        if dimension.code != "OPEN":
            page.get_by_role("checkbox", name=dimension.text("name")).uncheck()
    shoot(page, "create")
    page.get_by_role("button", name="Create the workshop").click()
    page.wait_for_url(re.compile(r"/workshops/\d+/$"))
    workshop = Workshop.objects.get()
    join_url = live_server.url + f"/w/{workshop.token}/"
    expect(page.locator(".join-code")).to_have_text(workshop.display_code)
    assert page.locator("img.join-qr").evaluate("img => img.complete && img.naturalWidth > 0")
    expect(page.locator('[data-count="joined"]')).to_have_text("0")

    # Three phones, each its own browser context (own cookies): two by link, one by the typed code.
    phones = [browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True) for _ in range(3)]
    same = {"evidence": "anecdotal"}
    ana = participant_answers(
        phones[0], join_url, name="Ana", role="Business", inclusiveness="broad", shots=True, **same
    )
    code = workshop.display_code.lower()
    participant_answers(
        phones[1], live_server.url, name="", role="Government", inclusiveness="marginal", by_code=code, **same
    )
    participant_answers(phones[2], join_url, name="Carla", role="NGO", inclusiveness="broad", **same)

    # The dashboard was not reloaded: the script refreshed the counts and the distributions.
    expect(page.locator('[data-count="submitted"]')).to_have_text("3", timeout=15000)
    expect(page.locator('[data-count="joined"]')).to_have_text("3")
    first = page.locator(".question-summary").first
    expect(first).to_have_id("summary-OPEN.inclusiveness")  # the split question comes first
    expect(first.locator(".disagreement")).not_to_have_text(re.compile(r"Disagreement 0%"))
    expect(page.locator(".question-summary").nth(1).locator(".disagreement")).to_have_text("Disagreement 0%")
    broad_header = page.get_by_role("rowheader", name=label("OPEN.inclusiveness", "broad"))
    broad_row = first.locator("tr", has=broad_header)
    expect(broad_row.locator(".bar-count")).to_have_text("2")
    # One person per role: no breakdown by role at all (it would show their answers).
    expect(first.locator("details.by-role")).to_be_hidden()
    shoot(page, "dashboard")

    # A participant cannot open the dashboard.
    ana.goto(live_server.url + f"/workshops/{workshop.pk}/")
    ana.wait_for_url(re.compile(r"/accounts/login/"))

    projector = browser.new_context(viewport=PROJECTOR, storage_state=desk.storage_state())
    screen = projector.new_page()
    screen.goto(live_server.url + f"/workshops/{workshop.pk}/?present=1")
    expect(screen.locator("header nav.navbar")).to_be_hidden()
    expect(screen.locator(".join-code")).to_be_visible()
    shoot(screen, "projector")
    projector.close()

    # Consensus: a walk, disagreements first, prefilled with the most common answer; the group settles on
    # "some"; a reload resumes where the walk was.
    page.get_by_role("link", name="Record the consensus").click()
    page.wait_for_url(re.compile(r"/consensus/1/$"))
    expect(radio(page, "OPEN.inclusiveness", "broad")).to_be_checked()
    radio(page, "OPEN.inclusiveness", "some").check()
    shoot(page, "consensus")
    page.get_by_role("button", name="Agree and continue").click()
    page.wait_for_url(re.compile(r"/consensus/2/$"))
    page.goto(live_server.url + f"/workshops/{workshop.pk}/consensus/")
    page.wait_for_url(re.compile(r"/consensus/2/$"))  # resumed at the first question not agreed yet
    expect(radio(page, "OPEN.outcome_evidence", "anecdotal")).to_be_checked()
    page.get_by_role("button", name="Agree and review").click()
    page.wait_for_url(re.compile(r"/consensus/record/$"))
    shoot(page, "consensus-record")
    page.get_by_label("The group agrees on these answers; close the workshop.").check()
    page.get_by_role("button", name="Record the consensus").click()
    page.wait_for_url(re.compile(r"/results/$"))
    table = page.locator("table.comparison-table tbody tr")
    expect(table).to_have_count(4)
    expect(table.first).to_contain_text("Consensus")
    expect(page.locator("table.comparison-table")).to_contain_text("P1")
    expect(page.locator("table.comparison-table")).not_to_contain_text("Ana")  # never names: it is projected
    shoot(page, "results")

    # The consensus is a scored assessment of the locality with matched cases, like any other.
    page.get_by_role("link", name="Full results of the consensus").click()
    page.wait_for_url(re.compile(r"/assessments/\d+/results/$"))
    expect(page.locator(".match-card")).to_have_count(3)
    shoot(page, "consensus-assessment")

    # The workshop is closed now: a phone that comes back is told so and cannot change its answers.
    ana.goto(join_url)
    ana.goto(live_server.url + f"/w/{workshop.token}/answers/OPEN/")
    expect(ana.get_by_text("This workshop is closed and accepts no more answers.")).to_be_visible()
    expect(ana.get_by_role("button", name="Save and review")).to_have_count(0)
    shoot(ana, "phone-closed")
    for context in (*phones, desk):
        context.close()
