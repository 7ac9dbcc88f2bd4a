"""Case curation in the Django admin, through the test client as a superuser."""

import pytest
from django.urls import reverse

from cases.csv_io import export_cases_csv
from cases.models import Case, CaseValue
from framework import definition as fw
from framework.answers import NONE_OF_THESE
from framework.models import FrameworkVersion

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:cases_case_changelist")

N_INDICATORS = len(fw.load().indicators)  # of the current framework version


def change_url(slug):
    return reverse("admin:cases_case_change", args=[Case.objects.get(slug=slug).pk])


def form_data(response) -> dict:
    """The POST data a browser would send for the admin change/add form as rendered."""
    data = {}

    def add(form):
        for bound in form:
            value = bound.value()
            if isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, (list, tuple)):
                data[bound.html_name] = list(value)
            elif value is not None:
                data[bound.html_name] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data


def with_curator_source(data: dict, source="Municipal report 2003, p. 12") -> dict:
    """A curator who changes values names their source on each row (cases/forms.py requires it)."""
    for key in [k for k in data if k.endswith("-value")]:
        name = key.removesuffix("-value") + "-curator_source"
        data[name] = data.get(name) or source
    return data


def row_prefix(response, code) -> str:
    """The form prefix (e.g. ``values-7``) of the inline row of indicator ``code``."""
    formset = response.context["inline_admin_formsets"][0].formset
    for form in formset.forms:
        if form.indicator is not None and form.indicator.code == code:
            return form.prefix
    raise AssertionError(f"no row for {code}")


def value_of(slug, code):
    return CaseValue.objects.get(case__slug=slug, indicator=code)


# --- changelist -----------------------------------------------------------------------------------


def test_changelist_lists_the_twelve_with_region_label_and_reported_count(admin_client, benchmark_cases):
    response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    assert response.context["cl"].result_count == 12
    html = response.content.decode()
    medellin = Case.objects.get(slug="medellin")
    reported = medellin.values.exclude(value=None).count()
    assert 0 < reported < N_INDICATORS
    row = next(r for r in response.context["cl"].result_list if r.slug == "medellin")
    assert row.reported == reported
    label = fw.load().indicators["CTX.region_type"].option("metropolitan").label
    assert label in html
    assert "Import CSV" in html and "Export all as CSV" in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ("region_type=metropolitan", {"cordoba", "medellin", "jalisco"}),
        ("region_type=border", {"chihuahua", "ilo"}),
        ("country=Colombia", {"medellin", "bucaramanga", "pensilvania"}),
        ("published__exact=0", set()),
        ("q=Medell", {"medellin"}),
        ("q=MercoSur", {"cordoba"}),  # search reaches the summary
        ("q=Chile&region_type=mining", {"provincia-de-loa"}),
    ],
)
def test_changelist_filters_and_search(admin_client, benchmark_cases, query, expected):
    response = admin_client.get(f"{CHANGELIST}?{query}")
    assert response.status_code == 200
    assert {c.slug for c in response.context["cl"].result_list} == expected


def test_the_country_filter_shows_the_list_s_countries_in_the_admin_s_language(admin_client, benchmark_cases):
    """A curator's case with an English country only is in the Spanish filter under that name."""
    ilo = Case.objects.get(slug="ilo")
    Case.objects.filter(pk=ilo.pk).update(country_en="Peru", country_es="")

    def choices(**headers):
        response = admin_client.get(CHANGELIST, headers=headers)
        spec = next(
            f for f in response.context["cl"].filter_specs if getattr(f, "parameter_name", "") == "country"
        )
        return [name for name, _label in spec.lookup_choices]

    def filtered(country, **headers):
        response = admin_client.get(CHANGELIST, {"country": country}, headers=headers)
        return {c.slug for c in response.context["cl"].result_list}

    spanish = choices(accept_language="es")
    assert "Peru" in spanish and "México" in spanish and "Mexico" not in spanish
    assert filtered("Peru", accept_language="es") == {"ilo"}
    assert filtered("México", accept_language="es") == {"chihuahua", "jalisco"}
    assert "Mexico" in choices() and filtered("Mexico") == {"chihuahua", "jalisco"}


def test_region_type_filter_offers_the_framework_options(admin_client, benchmark_cases):
    response = admin_client.get(CHANGELIST)
    specs = response.context["cl"].filter_specs
    region_filter = next(f for f in specs if getattr(f, "parameter_name", "") == "region_type")
    codes = [code for code, _label in region_filter.lookup_choices]
    assert codes == list(fw.load().indicators["CTX.region_type"].option_codes)


def test_publish_and_unpublish_actions(admin_client, benchmark_cases):
    ids = list(Case.objects.filter(slug__in=["ilo", "jalisco"]).values_list("pk", flat=True))
    response = admin_client.post(CHANGELIST, {"action": "unpublish", "_selected_action": ids}, follow=True)
    assert "2 cases unpublished" in response.content.decode()
    assert set(Case.objects.filter(published=False).values_list("slug", flat=True)) == {"ilo", "jalisco"}
    assert Case.objects.published().count() == 10

    admin_client.post(CHANGELIST, {"action": "publish", "_selected_action": ids[:1]})
    assert Case.objects.published().count() == 11


# --- change page: value widgets -------------------------------------------------------------------


def test_change_page_renders_a_widget_per_indicator_type(admin_client, benchmark_cases):
    response = admin_client.get(change_url("medellin"))
    assert response.status_code == 200
    html = response.content.decode()
    formset = response.context["inline_admin_formsets"][0].formset
    assert len(formset.forms) == N_INDICATORS
    assert not formset.errors

    led_unit = row_prefix(response, "MESO.led_unit")
    assert f'<select name="{led_unit}-value"' in html
    # The value is never a raw JSON text box.
    assert f'<textarea name="{led_unit}-value"' not in html
    assert "— not reported —" in html and "don&#x27;t know" in html

    vertical = row_prefix(response, "NET.vertical_partners")
    assert f'type="checkbox" name="{vertical}-value" value="{NONE_OF_THESE}"' in html
    options = fw.load().indicators["NET.vertical_partners"].options
    assert html.count(f'name="{vertical}-value"') == len(options) + 2  # + "none of these", "don't know"

    # Indicator code, localized label and the paper's citation are shown on the row.
    indicator = fw.load().indicators["LEARN.lris"]
    assert indicator.label in html and indicator.citation in html


def test_change_page_shows_stored_values_as_selected(admin_client, benchmark_cases):
    response = admin_client.get(change_url("medellin"))
    data = form_data(response)
    for code in ("MESO.led_unit", "MESO.economic_institutions", "CTX.local_trigger"):
        stored = value_of("medellin", code).value
        posted = data.get(f"{row_prefix(response, code)}-value")
        if isinstance(stored, list):
            assert posted == (stored or [NONE_OF_THESE])
        else:
            assert posted == ("" if stored is None else stored)


def test_posting_a_changed_value_saves_it_with_provenance(admin_client, benchmark_cases):
    url = change_url("medellin")
    response = admin_client.get(url)
    data = form_data(response)
    unit, partners, brokerage = (
        row_prefix(response, c) for c in ("MESO.led_unit", "NET.vertical_partners", "NET.brokerage")
    )
    data[f"{unit}-value"] = "team"
    data[f"{unit}-source_en"] = "Figure 4"
    data[f"{unit}-note_en"] = "Curated: a team, not a unit."
    data[f"{unit}-note_es"] = "Curado: un equipo, no una unidad."
    data[f"{partners}-value"] = ["international", "national_agency"]
    data[f"{brokerage}-value"] = "dont_know"

    response = admin_client.post(url, with_curator_source(data))
    assert response.status_code == 302, response.context and response.context["errors"]

    saved = value_of("medellin", "MESO.led_unit")
    assert (saved.value, saved.source, saved.note) == ("team", "Figure 4", "Curated: a team, not a unit.")
    assert saved.note_es == "Curado: un equipo, no una unidad."  # edited next to the English
    # Multi values are stored as a list in the framework's canonical order.
    assert value_of("medellin", "NET.vertical_partners").value == ["national_agency", "international"]
    assert value_of("medellin", "NET.brokerage").value == "dont_know"
    assert Case.objects.get(slug="medellin").values.count() == N_INDICATORS


def test_multi_none_of_these_and_not_reported_are_distinct(admin_client, benchmark_cases):
    url = change_url("cordoba")
    response = admin_client.get(url)
    data = form_data(response)
    horizontal = row_prefix(response, "NET.horizontal_partners")
    vertical = row_prefix(response, "NET.vertical_partners")
    data[horizontal + "-value"] = [NONE_OF_THESE]
    data.pop(vertical + "-value", None)  # nothing ticked
    with_curator_source(data)

    assert admin_client.post(url, data).status_code == 302
    assert value_of("cordoba", "NET.horizontal_partners").value == []
    assert value_of("cordoba", "NET.vertical_partners").value is None


@pytest.mark.parametrize(
    "code, bad, message",
    [
        ("MESO.led_unit", "bogus", "Not a valid answer to MESO.led_unit: unknown option &#x27;bogus&#x27;"),
        ("NET.vertical_partners", [NONE_OF_THESE, "international"], "ticked together with other options"),
        ("NET.vertical_partners", ["nope"], "unknown option(s) &#x27;nope&#x27;"),
    ],
)
def test_an_invalid_value_shows_an_error_and_saves_nothing(admin_client, benchmark_cases, code, bad, message):
    url = change_url("medellin")
    before = list(CaseValue.objects.filter(case__slug="medellin").values_list("indicator", "value", "note"))
    response = admin_client.get(url)
    data = form_data(response)
    data[f"{row_prefix(response, code)}-value"] = bad
    data[f"{row_prefix(response, 'LEARN.lris')}-note"] = "should not be saved"

    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    after = list(CaseValue.objects.filter(case__slug="medellin").values_list("indicator", "value", "note"))
    assert after == before


def test_existing_rows_keep_their_indicator(admin_client, benchmark_cases):
    url = change_url("medellin")
    response = admin_client.get(url)
    data = form_data(response)
    unit = row_prefix(response, "MESO.led_unit")
    data[f"{unit}-indicator"] = "LEARN.lris"  # a tampered post cannot move a value to another indicator
    assert admin_client.post(url, data).status_code == 302
    assert value_of("medellin", "MESO.led_unit").value == "unit"


# --- add ------------------------------------------------------------------------------------------


def test_add_a_new_case_with_values(admin_client, benchmark_cases):
    url = reverse("admin:cases_case_add")
    response = admin_client.get(url)
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert [f.indicator.code for f in formset.forms] == list(fw.load().indicators)

    data = form_data(response)
    data.update(
        name="Rosario",
        slug="rosario",
        country="Argentina",
        region_type="metropolitan",
        summary_en="A test case added by a curator.",
        published="on",
        position="200",
    )
    data[f"{row_prefix(response, 'CTX.region_type')}-value"] = "metropolitan"
    data[f"{row_prefix(response, 'CTX.region_type')}-source_en"] = "Curator"
    data[f"{row_prefix(response, 'NET.horizontal_partners')}-value"] = ["municipality", "universities"]

    response = admin_client.post(url, with_curator_source(data))
    assert response.status_code == 302
    case = Case.objects.get(slug="rosario")
    assert case.framework == FrameworkVersion.current()
    assert case.answers() == {
        "CTX.region_type": "metropolitan",
        "NET.horizontal_partners": ["municipality", "universities"],
    }
    assert value_of("rosario", "CTX.region_type").source == "Curator"

    # The indicators left blank are offered again on the change page.
    response = admin_client.get(change_url("rosario"))
    assert len(response.context["inline_admin_formsets"][0].formset.forms) == N_INDICATORS


def test_add_rejects_an_unknown_region_type(admin_client, benchmark_cases):
    url = reverse("admin:cases_case_add")
    data = form_data(admin_client.get(url))
    data.update(name="X", slug="x", country="Peru", region_type="space_station", position="1")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "region_type" in response.context["adminform"].form.errors
    assert not Case.objects.filter(slug="x").exists()


# --- CSV through the admin ------------------------------------------------------------------------


def test_export_action_returns_csv_of_the_selected_cases(admin_client, benchmark_cases):
    ids = list(Case.objects.filter(slug__in=["ilo", "rafaela"]).values_list("pk", flat=True))
    response = admin_client.post(CHANGELIST, {"action": "export_selected", "_selected_action": ids})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Case code,Name,Country (en),Country (es),Type of region (code)")
    assert {line.split(",")[0] for line in lines[1:]} == {"ilo", "rafaela"}
    assert len(lines) == 1 + 2 * N_INDICATORS


def test_export_all_button(admin_client, benchmark_cases):
    response = admin_client.get(reverse("admin:cases_case_export"))
    assert response.status_code == 200
    assert response.content == export_cases_csv()
    assert response.content.decode("utf-8-sig").count("\nmedellin,") == N_INDICATORS


def new_case_csv(slug="rosario", value="unit") -> bytes:
    header = (
        "slug,name,country,region_type,location,region_description,published,summary,summary_es,reference,"
        "indicator,value,source,note\n"
    )
    row = f"{slug},Rosario,Argentina,metropolitan,,,true,,,,MESO.led_unit,{value},Figure 4,curated\n"
    return (header + row).encode()


def upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_import_page_with_a_good_file(admin_client, benchmark_cases):
    url = reverse("admin:cases_case_import")
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "dont_know" in page.content.decode()  # the format is documented on the page
    assert "Curator&#x27;s source" in page.content.decode()  # the provenance columns too

    response = admin_client.post(url, {"file": upload("cases.csv", new_case_csv())}, follow=True)
    assert response.redirect_chain[-1][0] == CHANGELIST
    assert "1 case(s) created, 0 replaced" in response.content.decode()
    assert value_of("rosario", "MESO.led_unit").value == "unit"


def test_import_page_with_a_bad_file_lists_problems_and_changes_nothing(admin_client, benchmark_cases):
    url = reverse("admin:cases_case_import")
    response = admin_client.post(url, {"file": upload("cases.csv", new_case_csv(value="huge"))})
    assert response.status_code == 400
    html = response.content.decode()
    assert "line 2: indicator MESO.led_unit: bad value &#x27;huge&#x27;" in html
    assert "nothing was changed" in html
    assert not Case.objects.filter(slug="rosario").exists()


def test_import_page_refuses_existing_cases_unless_overwrite(admin_client, benchmark_cases):
    url = reverse("admin:cases_case_import")
    content = export_cases_csv(Case.objects.filter(slug="ilo")).replace(b",Ilo,", b",Ilo (curated),")

    response = admin_client.post(url, {"file": upload("ilo.csv", content)})
    assert response.status_code == 400
    assert "These cases already exist: ilo" in response.content.decode()
    assert Case.objects.get(slug="ilo").name == "Ilo"

    response = admin_client.post(url, {"file": upload("ilo.csv", content), "overwrite": "on"})
    assert response.status_code == 302
    assert Case.objects.get(slug="ilo").name == "Ilo (curated)"


# --- access ---------------------------------------------------------------------------------------


def test_non_staff_users_are_sent_to_the_login_page(client, django_user_model, benchmark_cases):
    user = django_user_model.objects.create_user("officer", password="pw-officer-123")
    client.force_login(user)
    for url in (CHANGELIST, change_url("medellin"), reverse("admin:cases_case_import"),
                reverse("admin:cases_case_export")):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


# --- framework versions ---------------------------------------------------------------------------


def test_framework_versions_are_read_only(admin_client, benchmark_cases):
    version = FrameworkVersion.current()
    listing = admin_client.get(reverse("admin:framework_frameworkversion_changelist"))
    assert listing.status_code == 200
    assert version.title in listing.content.decode()

    page = admin_client.get(reverse("admin:framework_frameworkversion_change", args=[version.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<pre class="framework-definition">' in html
    assert "&quot;code&quot;: &quot;MESO.led_unit&quot;" in html  # pretty-printed, one key per line
    assert 'name="_save"' not in html

    assert admin_client.get(reverse("admin:framework_frameworkversion_add")).status_code == 403
    delete = reverse("admin:framework_frameworkversion_delete", args=[version.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert admin_client.post(page.request["PATH_INFO"], {"title": "changed"}).status_code == 403
    assert FrameworkVersion.objects.get(pk=version.pk).title == version.title


def test_changing_the_type_of_region_also_sets_the_indicator(admin_client, benchmark_cases):
    url = change_url("ilo")
    data = form_data(admin_client.get(url))
    data["region_type"] = "intermediate_city"

    assert admin_client.post(url, data).status_code == 302
    assert Case.objects.get(slug="ilo").region_type == "intermediate_city"
    assert value_of("ilo", "CTX.region_type").value == "intermediate_city"


def test_spanish_content_is_edited_next_to_the_english_and_the_list_says_what_lacks_it(
    admin_client, benchmark_cases
):
    from django.utils import translation

    page = admin_client.get(change_url("ilo")).content.decode()
    for name in ("summary_en", "summary_es", "location_en", "location_es", "region_description_es"):
        assert f'name="{name}"' in page
    assert '-note_es"' in page and '-source_es"' in page  # each value's note and source label
    # The twelve carry their Spanish: nothing is listed as missing.
    listing = admin_client.get(reverse("admin:cases_case_changelist") + "?spanish=missing")
    assert listing.context["cl"].result_count == 0
    # A curator blanks Ilo's Spanish summary and one value's Spanish note.
    ilo = Case.objects.get(slug="ilo")
    Case.objects.filter(pk=ilo.pk).update(summary_es="")
    CaseValue.objects.filter(case=ilo, indicator="MESO.led_unit").update(note_es="")
    listing = admin_client.get(reverse("admin:cases_case_changelist") + "?spanish=missing")
    assert [c.slug for c in listing.context["cl"].result_list] == ["ilo"]
    assert "summary; 1 value" in listing.content.decode()
    # Where Spanish is missing, the English is shown.
    ilo.refresh_from_db()
    with translation.override("es"):
        assert ilo.summary == ilo.summary_en
        assert CaseValue.objects.get(case=ilo, indicator="MESO.led_unit").note == (
            CaseValue.objects.get(case=ilo, indicator="MESO.led_unit").note_en
        )
