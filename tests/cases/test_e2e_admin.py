"""Case curation in the admin, in Chromium: log in, browse the cases, edit Medellín's values."""

import pytest

from cases.models import Case, CaseValue
from tests.browser import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "curator-pw-2001"


@pytest.fixture
def logged_in(page, live_server, benchmark_cases, django_user_model):
    django_user_model.objects.create_superuser("curator", "curator@example.org", PASSWORD)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Username").fill("curator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/admin/")
    return page


def test_case_changelist_in_browser(logged_in, live_server):
    page = logged_in
    page.goto(live_server.url + "/admin/cases/case/")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 12
    assert page.get_by_role("link", name="Import CSV").is_visible()
    assert page.get_by_role("link", name="Export all as CSV").is_visible()
    page.get_by_role("link", name="Mining region").click()  # the region-type filter, by its label
    page.wait_for_load_state()
    assert page.locator("#result_list tbody tr").count() == 1

    page.goto(live_server.url + "/admin/cases/case/")
    screenshot(page, "admin-cases.png", full_page=True)


def test_edit_medellin_in_browser(logged_in, live_server):
    page = logged_in
    medellin = Case.objects.get(slug="medellin")
    page.goto(f"{live_server.url}/admin/cases/case/{medellin.pk}/change/")
    assert "Medellín" in page.title()

    row = page.locator("tr.form-row", has_text="MESO.led_unit")
    select = row.locator("select")
    assert select.input_value() == CaseValue.objects.get(case=medellin, indicator="MESO.led_unit").value
    select.select_option("team")
    row.locator("td.field-note_en textarea").fill("Curated in the browser.")
    # A value a curator changes names its source (cases/forms.py).
    row.locator("td.field-curator_source textarea").fill("Informe municipal 2004, p. 7")

    partners = page.locator("tr.form-row", has_text="NET.vertical_partners")
    assert partners.locator("input[type=checkbox]").count() >= 3
    assert partners.get_by_label("none of these").is_visible()

    screenshot(page, "admin-case-medellin.png", full_page=True)

    page.locator('input[name="_continue"]').first.click()
    page.wait_for_load_state()
    assert page.locator(".messagelist .success").is_visible()
    saved = CaseValue.objects.get(case=medellin, indicator="MESO.led_unit")
    assert (saved.value, saved.note_en) == ("team", "Curated in the browser.")


def test_import_page_reports_bad_lines_in_browser(logged_in, live_server, tmp_path):
    page = logged_in
    bad = tmp_path / "cases.csv"
    bad.write_text(
        "slug,name,country,region_type,location,region_description,published,summary,summary_es,reference,"
        "indicator,value,source,note\n"
        "rosario,Rosario,Argentina,metropolitan,,,true,,,,MESO.led_unit,huge,Figure 4,\n",
        encoding="utf-8",
    )
    page.goto(live_server.url + "/admin/cases/case/")
    page.get_by_role("link", name="Import CSV").click()
    page.get_by_label("CSV file").set_input_files(str(bad))
    page.get_by_role("button", name="Import").click()
    page.wait_for_load_state()
    assert "line 2: indicator MESO.led_unit: bad value 'huge'" in page.locator(".errornote").inner_text()
    assert not Case.objects.filter(slug="rosario").exists()
    screenshot(page, "admin-case-import.png", full_page=True)
