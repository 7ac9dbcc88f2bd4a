"""Every workshop page changed by the room issue, in Chromium at a small phone's size (360×800), in Spanish
and English: each answers 200 and nothing on it scrolls sideways, neither the page nor a table in its scroll
box. ``make screenshots`` walks them at desktop size
(1280×800) too and saves a screenshot of each to look at (artifacts/screenshots/pages-*.png)."""

import re

import pytest

from framework import definition as fw
from framework.services import sync_framework_versions
from tests.assessments.factories import PASSWORD, make_locality, make_user
from tests.browser import SIDEWAYS, screenshot, taking_screenshots
from workshops import services as ws

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 800}


def populated(consultant):
    """A workshop of two camps (so opinion groups appear), three per role for the by-role tables."""
    workshop = ws.create_workshop(
        owner=consultant, locality=make_locality(consultant), title="Foro de desarrollo de Rafaela",
        date="2026-05-04", dimensions=["INIT", "OPEN"], ask_names=True,
    )  # fmt: skip
    framework = workshop.asked_framework()
    for n in range(8):
        camp = n < 4
        p = ws.join(workshop=workshop, name=f"Persona {n}", role="business" if camp else "government")
        answers = {
            i.code: (i.option_codes[0] if camp else i.option_codes[-1]) for i in framework.indicators.values()
        }
        answers["OPEN.outcome_evidence"] = "anecdotal"
        ws.save_answers(
            participant=p, answers=answers, evidence={"INIT.ced": "Programa municipal"} if n == 0 else {}
        )
        ws.submit(participant=p)
    paper = ws.add_paper_participant(workshop=workshop, role="community")
    ws.save_answers(participant=paper, answers={"INIT.ced": "yes"}, evidence={})
    return workshop, paper


def test_workshop_pages_on_phones_in_both_languages(browser, live_server, django_user_model):
    sync_framework_versions()
    consultant = make_user(django_user_model, "facilitator")
    workshop, paper = populated(consultant)
    pk, token = workshop.pk, workshop.token
    ws.save_consensus_answer(workshop=workshop, code="INIT.ced", value="yes", note="")
    facilitator_pages = {
        "list": "/workshops/",
        "dashboard": f"/workshops/{pk}/",
        "close": f"/workshops/{pk}/status/",
        "edit": f"/workshops/{pk}/edit/",
        "participants": f"/workshops/{pk}/participants/",
        "groups": f"/workshops/{pk}/groups/",
        "paper": f"/workshops/{pk}/paper/",
        "paper-step": f"/workshops/{pk}/paper/{paper.pk}/INIT/",
        "consensus-step": f"/workshops/{pk}/consensus/1/",
        "consensus-record": f"/workshops/{pk}/consensus/record/",
        "present": f"/workshops/{pk}/present/1/?reveal=1",
    }
    # At desktop size the same pages only answer 200 again (the server sends the same HTML): walked only to
    # take their screenshots.
    sizes = (("phone", PHONE), ("desktop", DESKTOP)) if taking_screenshots() else (("phone", PHONE),)
    for language in ("es", "en"):
        for size, viewport in sizes:
            context = browser.new_context(viewport=viewport, locale=language)
            page = context.new_page()
            page.goto(live_server.url + "/accounts/login/")
            page.locator('input[name="username"]').fill("facilitator")
            page.locator('input[name="password"]').fill(PASSWORD)
            page.locator("main form button[type=submit]").click()
            page.wait_for_url(re.compile(r"/localities/$"))
            for name, path in facilitator_pages.items():
                response = page.goto(live_server.url + path)
                assert response.status == 200, (name, response.status)
                screenshot(page, f"pages-{name}-{size}-{language}.png", full_page=True)
                if size == "phone" and name != "present":
                    assert page.evaluate(SIDEWAYS) == [], (name, language)
            context.close()
            phone = browser.new_context(viewport=viewport, locale=language)
            tab = phone.new_page()
            tab.goto(live_server.url + f"/w/{token}/")
            screenshot(tab, f"pages-join-{size}-{language}.png", full_page=True)
            tab.locator('input[name="role"][value="ngo"]').check()
            tab.locator("main form button[type=submit]").last.click()
            tab.wait_for_url(re.compile(r"/answers/INIT/$"))
            screenshot(tab, f"pages-step-{size}-{language}.png")
            assert tab.evaluate(SIDEWAYS) == [], language
            tab.goto(live_server.url + f"/w/{token}/results/")
            screenshot(tab, f"pages-participant-results-{size}-{language}.png", full_page=True)
            phone.close()
    assert fw.load().dimension("INIT")
