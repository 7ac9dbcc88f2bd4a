import pytest

from tests.browser import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_home_page_in_browser(page, live_server):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/")

    assert "ledcheck" in page.title()
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text().startswith("How is your locality")
    assert page.locator("html").get_attribute("lang") == "en"

    # Vendored Bootstrap actually loaded (navbar gets its background from it + our CSS).
    assert page.evaluate("getComputedStyle(document.querySelector('.navbar')).display") == "flex"
    assert page.get_by_role("link", name="Browse the 0 benchmark cases").is_visible()  # none loaded here
    assert "Helmsing (2001)" in page.locator("footer").inner_text()

    screenshot(page, "home.png", full_page=True)


def test_language_switch_in_browser(page, live_server):
    page.goto(live_server.url + "/")
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "es"


def test_mobile_layout(page, live_server):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    toggler = page.locator(".navbar-toggler")
    assert toggler.is_visible()
    assert toggler.get_attribute("aria-expanded") == "false"
    toggler.click()  # static/js/site.js opens the menu, without inline JS
    page.get_by_role("link", name="Home").wait_for(state="visible")
    assert toggler.get_attribute("aria-expanded") == "true"
    toggler.click()
    page.get_by_role("link", name="Home").wait_for(state="hidden")
    assert toggler.get_attribute("aria-expanded") == "false"
    screenshot(page, "home-mobile.png", full_page=True)
