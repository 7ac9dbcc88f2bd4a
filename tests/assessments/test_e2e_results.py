"""The v2 results page in Chromium for three very different localities, at phone and desktop size: the
summary comes first on a phone (scores with ranges, the closest case, the three actions) and the page has no
horizontal scroll. Screenshots go to artifacts/screenshots/ (looked at by hand)."""

import json
from pathlib import Path

import pytest

from framework import definition as fw
from tests.browser import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
PASSWORD = "a-Long-enough-pass-42"
CASES = json.loads((Path(__file__).resolve().parents[2] / "cases" / "data" / "cases-v2.json").read_text())


def coded(slug):
    case = next(c for c in CASES["cases"] if c["slug"] == slug)
    return {k: v["value"] for k, v in case["values"].items() if v["value"] is not None}


LOCALITIES = {
    # A 9,000-person forest town without a university, answering what it knows.
    "forest-town": (
        {"name": "San Isidro del Bosque", "country": "Colombia", "region_type": "rural_agricultural",
         "population_band": "under_20k"},
        {**coded("pensilvania"), "CTX.university": "no", "CTX.large_firms": "no",
         "LEARN.training": "limited"},
    ),
    "metropolis": (
        {"name": "Ciudad Metropolitana", "country": "México", "region_type": "metropolitan",
         "population_band": "over_2m"},
        coded("jalisco"),
    ),
    # A mining locality that answered half of the questions "don't know".
    "mining": (
        {"name": "Valle del Cobre", "country": "Chile", "region_type": "mining",
         "population_band": "dont_know"},
        {c: (v if k % 2 else fw.DONT_KNOW) for k, (c, v) in enumerate(coded("provincia-de-loa").items())},
    ),
}  # fmt: skip


@pytest.fixture
def submitted(transactional_db, django_user_model):
    from assessments.services import create_locality, save_step, start_assessment, submit_assessment
    from cases.services import load_benchmark

    load_benchmark()
    user = django_user_model.objects.create_user(username="ana", password=PASSWORD)
    framework = fw.load()
    result = {}
    for key, (fields, answers) in LOCALITIES.items():
        locality = create_locality(user=user, **fields)
        assessment = start_assessment(locality=locality, user=user)
        complete = {code: answers.get(code, fw.DONT_KNOW) for code in framework.indicators}
        save_step(assessment=assessment, user=user, answers=complete, evidence={})
        submit_assessment(assessment=assessment, user=user)
        result[key] = assessment.pk
    return result


def test_results_of_three_localities_on_phone_and_desktop(browser, live_server, submitted):
    for size_name, size in (("phone", PHONE), ("desktop", DESKTOP)):
        context = browser.new_context(viewport=size, locale="es-ES")
        page = context.new_page()
        page.goto(live_server.url + "/accounts/login/")
        page.fill('input[name="username"]', "ana")
        page.fill('input[name="password"]', PASSWORD)
        page.locator('main button[type="submit"]').click()
        page.wait_for_load_state()
        for key, pk in submitted.items():
            page.goto(f"{live_server.url}/assessments/{pk}/results/")
            screenshot(page, f"results-{key}-{size_name}.png", full_page=True)
            screenshot(page, f"results-{key}-{size_name}-first-screen.png")
            # On a phone the summary (score, closest case, actions) is within the first screen.
            summary = page.locator("#summary-heading").bounding_box()
            assert summary["y"] < size["height"] / 2, key
            assert page.locator("#closest-case").is_visible()
            assert page.evaluate("document.documentElement.scrollWidth") <= size["width"], key
            assert "Resumen" in page.locator("#summary-heading").inner_text()
        context.close()
