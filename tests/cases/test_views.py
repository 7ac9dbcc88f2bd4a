"""The public case library: list, detail and the cross-case tables, in English and Spanish."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cases.models import Case
from cases.revision import renew_revision
from framework import definition as fw

pytestmark = pytest.mark.django_db

LIST = reverse("cases:case_list")
COMPARE = reverse("cases:compare")


def detail(slug):
    return reverse("cases:case_detail", args=[slug])


def listed_slugs(response):
    """The slugs of the case cards, read from the HTML (the page's body may come from the fragment cache,
    with no template context to read)."""
    return re.findall(r'<a class="stretched-link" href="/cases/([^/"]+)/">', response.content.decode())


def test_list_shows_the_twelve_published_cases(client, benchmark_cases):
    response = client.get(LIST)
    assert response.status_code == 200
    assert len(listed_slugs(response)) == 12
    body = response.content.decode()
    assert "Bucaramanga" in body
    assert "Intermediate city or urban economy" in body  # the localized label of the region type
    assert "Intermediate city in a mining region" in body  # the paper's own region description
    assert detail("bucaramanga") in body
    assert COMPARE in body


def test_unpublished_case_is_hidden_and_its_page_is_404(client, benchmark_cases):
    client.get(LIST)  # the library's page rendered (and kept) while Ilo is published
    ilo = Case.objects.get(slug="ilo")
    ilo.published = False
    ilo.save()  # as the admin's "unpublish" action saves it
    response = client.get(LIST)
    assert "ilo" not in listed_slugs(response)
    assert len(listed_slugs(response)) == 11
    assert client.get(detail("ilo")).status_code == 404
    compare = client.get(COMPARE).content.decode()
    assert detail("ilo") not in compare
    assert detail("rafaela") in compare


def test_unknown_case_is_404(client, benchmark_cases):
    assert client.get(detail("atlantis")).status_code == 404


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "Colombia"}, {"medellin", "bucaramanga", "pensilvania"}),
        ({"region": "border"}, {"chihuahua", "ilo"}),
        ({"country": "Chile", "region": "rural_agricultural"}, {"araucania", "ranquil"}),
        ({"country": "Peru", "region": "metropolitan"}, set()),
    ],
)
def test_list_filters_by_country_and_region_type(client, benchmark_cases, params, expected):
    response = client.get(LIST, params)
    assert set(listed_slugs(response)) == expected
    if not expected:
        assert "No case matches this filter." in response.content.decode()


def test_list_reports_an_unknown_filter_value(client, benchmark_cases):
    response = client.get(LIST, {"country": "Atlantis"})
    assert response.status_code == 200
    assert "The filter could not be applied" in response.content.decode()
    assert "Atlantis" in response.content.decode()
    assert len(listed_slugs(response)) == 12


def test_detail_shows_values_with_provenance(client, benchmark_cases):
    response = client.get(detail("bucaramanga"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bucaramanga" in body
    assert "Vargas" in body  # the CEPAL case study it is drawn from
    assert "Learning processes" in body
    # LEARN.lris with its label and the paper's words as provenance
    assert "Is there a local or regional innovation system" in body
    assert "Advanced" in body
    assert "In advanced stage of development" in body
    assert "Figure 4" in body
    # a multi value as a list of labels
    assert "<li>Universities or research institutes</li>" in body


def test_detail_says_when_the_paper_does_not_report_a_value(client, benchmark_cases):
    body = client.get(detail("cordoba")).content.decode()
    assert "Not reported in the paper" in body
    assert "The paper describes a brokerage role only for Pensilvania" in body


def test_detail_of_an_indicator_without_any_stored_value_says_not_reported(client, benchmark_cases):
    case = Case.objects.get(slug="ilo")
    case.values.all().delete()
    body = client.get(detail("ilo")).content.decode()
    assert body.count("Not reported in the paper") == len(fw.load().indicators)


def test_compare_page_regenerates_the_papers_figures(client, benchmark_cases):
    response = client.get(COMPARE)
    assert response.status_code == 200
    body = response.content.decode()
    for anchor in ("figure-2", "figure-3a", "figure-3b", "figure-4"):
        assert f'id="{anchor}"' in body
    assert "Figure 3a — Types of LED initiatives" in body
    assert "Figure 3b — Actors" in body
    assert "mixed LED agency (ADEC)" in body  # Figure 2's wording for Córdoba, as provenance
    assert "In advanced stage of development" in body  # Figure 4, Bucaramanga's innovation system
    figure4 = next(t for t in response.context["figures"] if t.get("figure").key == "figure-4")
    bucaramanga = next(r for r in figure4["rows"] if r["case"]["slug"] == "bucaramanga")
    assert bucaramanga["cells"][-1]["labels"] == ["Advanced"]


def test_compare_tables_are_accessible(client, benchmark_cases):
    body = client.get(COMPARE).content.decode()
    assert body.count("<caption") == 4
    assert body.count('<th scope="row"') == 4 * 12
    assert body.count('class="table-responsive"') == 4
    # Figure 3a shows ✓/– to the eye but says yes/no and the paper's note to screen readers.
    assert (
        '<span class="visually-hidden">Yes. &#x27;Enterprise development (incubator and training subsidies)'
        in body
    )


def test_csv_download_of_a_table(client, benchmark_cases):
    response = client.get(reverse("cases:compare_csv", args=["figure-4"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "helmsing-2001-figure-4.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 12
    bucaramanga = next(r for r in rows if r["Case"] == "Bucaramanga")
    assert bucaramanga["Local innovation system"] == "Advanced"
    assert client.get(reverse("cases:compare_csv", args=["figure-9"])).status_code == 404


def test_pages_in_spanish(client, benchmark_cases):
    client.cookies["django_language"] = "es"
    with translation.override("es"):
        listing = client.get(LIST).content.decode()
        page = client.get(detail("bucaramanga")).content.decode()
        compare = client.get(COMPARE).content.decode()
        csv_text = client.get(reverse("cases:compare_csv", args=["figure-4"])).content.decode()
    assert '<html lang="es">' in listing
    assert "Ciudad intermedia o economía urbana" in listing
    assert "Procesos de aprendizaje" in page
    assert "Avanzado" in page
    assert "Avanzado" in compare
    assert "Avanzado" in csv_text


@pytest.mark.parametrize("url", [LIST, detail("bucaramanga"), COMPARE])
def test_query_count_does_not_grow_with_cases(client, benchmark_cases, django_assert_max_num_queries, url):
    with django_assert_max_num_queries(4):
        assert client.get(url).status_code == 200


def add_cases(n: int, country="Chile") -> None:
    """``n`` more published cases with no values (the library list shows no values)."""
    template = Case.objects.first()
    Case.objects.bulk_create(
        Case(
            slug=f"extra-{k:03d}",
            name=f"Extra case {k:03d}",
            country=country,
            region_type=template.region_type,
            framework=template.framework,
            position=1000 + k,
        )
        for k in range(n)
    )
    renew_revision()  # bulk writes send no signal (cases.signals)


def test_the_list_is_paginated_with_the_filter_kept_in_the_page_links(client, benchmark_cases):
    add_cases(40)  # 12 + 40 = 52 published: three pages of 24
    chilean = Case.objects.filter(country="Chile").count()
    assert chilean > 24
    first = client.get(LIST)
    assert len(listed_slugs(first)) == 24
    body = first.content.decode()
    assert "Showing cases 1–24 of 52 (52 in the library)." in body
    assert "The 52 benchmark cases" in body  # the heading counts what is published
    assert 'href="?page=2"' in body and 'href="?page=3"' in body
    last = client.get(LIST, {"page": 3})
    assert len(listed_slugs(last)) == 52 - 48
    # Beyond the last page: the last page, not an error.
    assert listed_slugs(client.get(LIST, {"page": 99})) == listed_slugs(last)
    assert len(listed_slugs(client.get(LIST, {"page": "x"}))) == 24

    chile = client.get(LIST, {"country": "Chile"})
    assert f"Showing cases 1–24 of {chilean} (52 in the library)." in chile.content.decode()
    assert 'href="?country=Chile&amp;page=2"' in chile.content.decode()
    second = client.get(LIST, {"country": "Chile", "page": 2})
    assert len(listed_slugs(second)) == chilean - 24
    assert set(Case.objects.filter(slug__in=listed_slugs(second)).values_list("country", flat=True)) == {
        "Chile"
    }
    every = set()
    for n in (1, 2, 3):
        every |= set(listed_slugs(client.get(LIST, {"page": n})))
    assert len(every) == 52


def test_list_pages_run_the_same_queries_with_many_cases(client, benchmark_cases):
    with CaptureQueriesContext(connection) as twelve:
        client.get(LIST, {"country": "Chile"})
    add_cases(300)
    with CaptureQueriesContext(connection) as more:
        response = client.get(LIST, {"country": "Chile", "page": 5})
    assert len(listed_slugs(response)) == 24
    assert len(more.captured_queries) == len(twelve.captured_queries)


def test_the_pagination_is_in_spanish(client, benchmark_cases):
    add_cases(20)
    with translation.override("es"):
        client.cookies["django_language"] = "es"
        body = client.get(LIST).content.decode()
    assert "Páginas de casos" in body
    assert "Siguiente" in body


def test_the_country_is_shown_in_spanish_and_filtered_by_its_english_name(client, benchmark_cases):
    """A case's country is translated content: "México" on Spanish pages; the filter's value is the English
    name, so a filtered link works in both languages."""
    with translation.override("es"):
        listing = client.get(LIST, {"country": "Mexico"}, headers={"accept-language": "es"})
        page = client.get(detail("jalisco"), headers={"accept-language": "es"}).content.decode()
    html = listing.content.decode()
    assert '<option value="Mexico" selected>México</option>' in html
    assert '<option value="Peru">Perú</option>' in html
    assert set(listed_slugs(listing)) == {"chihuahua", "jalisco"}
    assert '<dd class="col-sm-8 col-lg-9">México</dd>' in page  # (its reference keeps "Jalisco, Mexico")
    english = client.get(LIST, {"country": "Mexico"}, headers={"accept-language": "en"})
    assert set(listed_slugs(english)) == {"chihuahua", "jalisco"}
    assert '<option value="Mexico" selected>Mexico</option>' in english.content.decode()
