"""A real room in Chromium: answers given offline survive a closed tab and are sent when the phone is back
online (the network cut with CDP ``Network.emulateNetworkConditions``), a participant page reloaded offline
opens from the service worker, a tab closed without pressing any button loses nothing; the presenting mode
(reveal, next, timer) at 1280×720 and 1920×1080 with the code on one line; the dashboard keeps focus on a
"By role" summary through three live updates."""

import re
import time

import pytest
from django.db import OperationalError
from playwright.sync_api import expect

from framework import definition as fw
from framework.services import sync_framework_versions
from tests.assessments.factories import PASSWORD, make_locality, make_user
from tests.browser import screenshot, settle_autosave
from workshops import services as ws
from workshops.models import Participant, ParticipantAnswer, Workshop

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
HD = {"width": 1280, "height": 720}
FULL_HD = {"width": 1920, "height": 1080}
INIT = [i.code for i in fw.load().dimension("INIT").indicators]


def shoot(page, name, full_page=False):
    screenshot(page, f"room-{name}.png", full_page=full_page)


def offline(cdp, on: bool):
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": on, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )


def yes(page, code):
    return page.locator(f'[id="q-{code}"]').get_by_role("radio", name="Yes")


def wait_for(predicate, timeout=15):
    """Poll ``predicate`` (a database read) until it holds; the live server shares the in-memory SQLite
    database, so a read that meets the server's write lock is simply tried again."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OperationalError:
            pass
        time.sleep(0.25)
    return predicate()


@pytest.fixture
def room(live_server, django_user_model):
    sync_framework_versions()
    consultant = make_user(django_user_model, "facilitator")
    locality = make_locality(consultant)
    workshop = ws.create_workshop(
        owner=consultant,
        locality=locality,
        title="Foro de Rafaela",
        date="2026-05-04",
        dimensions=["INIT", "OPEN"],
    )
    return consultant, workshop


def logged_in(browser, live_server, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill("facilitator")
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/localities/$"))
    return context, page


def test_an_answer_given_while_a_save_is_on_its_way_is_sent_right_after_it(browser, live_server, room):
    """The second answer used to wait for the 15-second retry ("Saving…" all along, and the facilitator's
    screen without it): the first save is held back here until the second answer has been given."""
    _consultant, workshop = room
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(live_server.url + f"/w/{workshop.token}/")
    page.get_by_role("radio", name="Business").check()
    page.get_by_role("button", name="Start answering").click()
    page.wait_for_url(re.compile(r"/answers/INIT/$"))
    held = []

    def hold_the_first_save(route):
        if route.request.method == "POST" and not held:
            held.append(route)  # answered below, once the second answer has been given
        else:
            route.continue_()

    page.route(re.compile(r"/answers/INIT/$"), hold_the_first_save)
    yes(page, INIT[0]).check()
    while not held:
        page.wait_for_timeout(50)
    yes(page, INIT[1]).check()
    page.wait_for_timeout(300)
    held[0].continue_()
    # Well within the 15-second retry: both answers are on the server and the page says so.
    expect(page.locator("#autosave-status")).to_contain_text("All answers saved", timeout=8000)
    participant = Participant.objects.get()
    assert dict(participant.answers.values_list("indicator", "value")) == {INIT[0]: "yes", INIT[1]: "yes"}
    phone.close()


def test_offline_answers_survive_a_closed_tab_and_are_sent_when_back_online(browser, live_server, room):
    _consultant, workshop = room
    link = live_server.url + f"/w/{workshop.token}/"
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(link)
    page.get_by_role("radio", name="Business").check()
    page.get_by_role("button", name="Start answering").click()
    page.wait_for_url(re.compile(r"/answers/INIT/$"))
    # The service worker takes control of the page (so a reload offline still opens it).
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    assert page.evaluate("!!navigator.serviceWorker.controller")

    cdp = phone.new_cdp_session(page)
    cdp.send("Network.enable")
    offline(cdp, True)
    for code in INIT[:3]:
        yes(page, code).check()
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("Not sent yet")
    shoot(page, "phone-offline-not-sent")
    assert not ParticipantAnswer.objects.exists()

    # Reloading while offline shows the questionnaire (from the service worker), with the kept answers.
    response = page.reload()
    assert response is None or response.from_service_worker
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    for code in INIT[:3]:
        expect(yes(page, code)).to_be_checked()
    expect(status).to_contain_text("Not sent yet")
    shoot(page, "phone-offline-reloaded")
    page.close()  # the tab is closed while still offline

    # Back online, the participant opens the link again: everything answered so far is there, and saved.
    again = phone.new_page()
    again.goto(link)
    again.wait_for_url(re.compile(r"/answers/INIT/$"))
    for code in INIT[:3]:
        expect(yes(again, code)).to_be_checked()
    expect(again.locator("#autosave-status")).to_contain_text("All answers saved", timeout=10000)
    participant = Participant.objects.get()
    expected = {code: "yes" for code in INIT[:3]}
    assert wait_for(lambda: dict(participant.answers.values_list("indicator", "value")) == expected)
    shoot(again, "phone-back-online")

    # Another participant answers and closes the tab without pressing any button: nothing is lost.
    other = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    tab = other.new_page()
    tab.goto(link)
    tab.get_by_role("radio", name="Prefer not to say").check()
    tab.get_by_role("button", name="Start answering").click()
    tab.wait_for_url(re.compile(r"/answers/INIT/$"))
    yes(tab, INIT[0]).check()
    yes(tab, INIT[1]).check()
    # The two answers' saves finish first: the suite's in-memory SQLite refuses the pagehide save if it
    # meets one of them (production's database waits for the other write).
    settle_autosave(tab)
    tab.locator(f'[id="q-{INIT[1]}"] summary').click()
    tab.locator(f'[id="q-{INIT[1]}"] textarea').fill("Programa municipal 2024")
    tab.close()
    second = Participant.objects.exclude(pk=participant.pk).get()
    assert wait_for(lambda: second.answers.count() == 2)
    note = wait_for(lambda: second.answers.filter(evidence="Programa municipal 2024").exists())
    assert note, "the note typed just before closing the tab was sent on pagehide"
    phone.close()
    other.close()


def test_presenting_mode_reveal_next_and_timer(browser, live_server, room):
    _consultant, workshop = room
    Workshop.objects.filter(pk=workshop.pk).update(ask_names=True)
    for n, value in enumerate(("yes", "yes", "no")):
        p = ws.join(workshop=Workshop.objects.get(), name=f"Persona{n}", role="business")
        ws.save_answers(
            participant=p, answers={INIT[0]: value}, evidence={INIT[0]: f"Nota {n}"} if n == 0 else {}
        )
        ws.submit(participant=p)
    for viewport, name in ((HD, "1280x720"), (FULL_HD, "1920x1080")):
        context, page = logged_in(browser, live_server, viewport)
        page.goto(live_server.url + f"/workshops/{workshop.pk}/")
        code = page.locator(".join-code")
        height = code.evaluate("el => el.getBoundingClientRect().height")
        line = code.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)")
        assert height < 1.5 * line, f"the code wraps at {name}"
        page.goto(live_server.url + f"/workshops/{workshop.pk}/?present=1")
        code = page.locator(".join-code")
        assert code.evaluate("el => el.getBoundingClientRect().height") < 1.5 * code.evaluate(
            "el => parseFloat(getComputedStyle(el).lineHeight)"
        ), f"the projector code wraps at {name}"
        shoot(page, f"projector-{name}")

        page.goto(live_server.url + f"/workshops/{workshop.pk}/present/")
        page.wait_for_url(re.compile(r"/present/1/$"))
        result = page.locator("#present-result")
        expect(result).to_be_hidden()
        shoot(page, f"present-hidden-{name}")
        page.get_by_role("button", name="Reveal the answers").click()
        expect(result).to_be_visible()
        expect(page.locator("#present-announce")).to_contain_text("3 answers")
        expect(result).to_contain_text("Most common:")
        for n in range(3):
            expect(page.locator("body")).not_to_contain_text(f"Persona{n}")  # no names on the projector
        page.get_by_text("Participants' evidence note").click()
        expect(page.locator(".evidence-notes")).to_contain_text("Nota 0")
        # The timer counts down once started.
        page.get_by_label("Timer length").select_option("1")
        expect(page.locator("#timer-display")).to_have_text("1:00")
        page.get_by_role("button", name="Start").click()
        expect(page.locator("#timer-display")).to_have_text(re.compile(r"0:5\d"), timeout=5000)
        page.get_by_role("button", name="Pause").click()
        page.get_by_label("Discussion notes (saved as you type)").fill(f"Acuerdo sobre el CED ({name})")
        expect(page.locator("#note-status")).to_have_text("Note saved.", timeout=5000)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        shoot(page, f"present-revealed-{name}")
        page.get_by_role("link", name="Next").click()
        page.wait_for_url(re.compile(r"/present/2/$"))
        expect(page.locator("#present-result")).to_be_hidden()
        page.get_by_role("link", name="Previous").click()
        page.wait_for_url(re.compile(r"/present/1/$"))
        expect(page.get_by_label("Discussion notes (saved as you type)")).to_have_value(
            f"Acuerdo sobre el CED ({name})"
        )
        context.close()
    assert workshop.notes.get(indicator=INIT[0]).text == "Acuerdo sobre el CED (1920x1080)"


def test_focus_on_a_by_role_summary_survives_three_live_updates(browser, live_server, room):
    _consultant, workshop = room
    people = []
    for _n in range(3):
        p = ws.join(workshop=workshop, role="government")
        ws.save_answers(participant=p, answers={INIT[0]: "yes"}, evidence={})
        ws.submit(participant=p)
        people.append(p)
    context, page = logged_in(browser, live_server, HD)
    page.goto(live_server.url + f"/workshops/{workshop.pk}/")
    article = page.locator(f'[id="summary-{INIT[0]}"]')
    summary = article.locator("summary", has_text="By role")
    expect(summary).to_be_visible()
    summary.focus()
    summary.press("Enter")  # opened with the keyboard
    start = int(page.locator("#dashboard").get_attribute("data-revision"))
    for n in range(3):
        p = ws.join(workshop=workshop, role="government")
        ws.save_answers(participant=p, answers={INIT[0]: "no" if n % 2 else "yes"}, evidence={})
        ws.submit(participant=p)
        revision = Workshop.objects.get(pk=workshop.pk).revision
        expect(page.locator("#dashboard")).to_have_attribute("data-revision", str(revision), timeout=15000)
        assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
        assert page.evaluate("document.activeElement.closest('article').id") == f"summary-{INIT[0]}"
        assert article.locator("details.by-role").evaluate("d => d.open")
    assert int(page.locator("#dashboard").get_attribute("data-revision")) > start
    expect(page.locator('[data-count="submitted"]')).to_have_text("6")
    expect(article.locator(".role-table")).to_contain_text("(6)")
    assert page.locator("#workshop-counts").get_attribute("aria-live") == "polite"
    shoot(page, "dashboard-focus-kept", full_page=True)
    # Once the workshop is closed the dashboard stops polling.
    ws.set_status(workshop=workshop, status="closed")
    expect(page.locator("#dashboard")).to_have_attribute("data-live", "stopped", timeout=15000)
    context.close()
