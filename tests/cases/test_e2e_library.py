"""The case library in Chromium: list, a case page and the comparison tables, on desktop and phone."""

import pytest

from tests.browser import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"": {"width": 1280, "height": 900}, "-mobile": {"width": 390, "height": 844}}


@pytest.fixture
def loaded(transactional_db):
    from cases.services import load_benchmark

    load_benchmark()


def shoot(page, name):
    screenshot(page, f"{name}.png", full_page=True)


def no_horizontal_page_scroll(page):
    # Wide tables scroll inside .table-responsive; the page itself must not scroll sideways.
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("suffix", VIEWPORTS)
def test_library_filter_and_case_page(page, live_server, loaded, suffix):
    page.set_viewport_size(VIEWPORTS[suffix])
    page.goto(live_server.url + "/cases/")
    assert page.get_by_role("heading", level=1).inner_text() == "The 12 benchmark cases"
    assert page.locator(".case-card").count() == 12
    assert no_horizontal_page_scroll(page)
    shoot(page, f"library{suffix}")

    # The filter is a plain GET form: works without JavaScript.
    page.get_by_label("Country").select_option("Colombia")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/cases/?country=Colombia*")
    assert page.locator(".case-card").count() == 3

    page.get_by_role("link", name="Bucaramanga").click()
    page.wait_for_url("**/cases/bucaramanga/")
    assert page.get_by_role("heading", level=1).inner_text() == "Bucaramanga"
    assert page.get_by_role("heading", name="Learning processes").is_visible()
    assert "In advanced stage of development" in page.locator("main").inner_text()
    assert no_horizontal_page_scroll(page)
    shoot(page, f"case-bucaramanga{suffix}")


@pytest.mark.parametrize("suffix", VIEWPORTS)
def test_compare_tables(page, live_server, loaded, suffix):
    page.set_viewport_size(VIEWPORTS[suffix])
    page.goto(live_server.url + "/cases/compare/")
    assert page.locator("table.compare-table").count() == 4
    figure4 = page.locator("#figure-4 table")
    bucaramanga = figure4.locator("tr", has=page.get_by_role("rowheader", name="Bucaramanga"))
    assert bucaramanga.locator("td").last.inner_text().startswith("Advanced")
    assert "ADEC" in page.locator("#figure-2").inner_text()
    assert no_horizontal_page_scroll(page)

    # Provenance lists open without JavaScript of ours (<details>).
    page.locator("#figure-3a summary").click()
    assert page.locator("#figure-3a details dl").is_visible()
    shoot(page, f"compare{suffix}")


def test_csv_download_link(page, live_server, loaded):
    page.goto(live_server.url + "/cases/compare/")
    with page.expect_download() as info:
        page.locator("#figure-4").get_by_role("link", name="Download CSV").click()
    assert info.value.suggested_filename == "helmsing-2001-figure-4.csv"
