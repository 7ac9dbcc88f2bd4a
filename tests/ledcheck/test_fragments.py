"""Pages kept as rendered HTML (core/fragments.py, issue 13) show every change at once and never what another
reader should see: the case page and the library after a curator's edit, a result's body per result and
language; no fragment holds a form's CSRF token; a rendered fragment is served without its queries."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from assessments.services import rematch_assessment, submit_assessment
from cases.models import Case, CaseValue
from cases.services import save_case
from core import fragments
from framework.models import FrameworkVersion
from tests.assessments.factories import answer_all, make_locality, make_user, started

pytestmark = pytest.mark.django_db

CASE = reverse("cases:case_detail", args=["ilo"])
LIBRARY = reverse("cases:case_list")


def html(client, url, **kwargs) -> str:
    response = client.get(url, **kwargs)
    assert response.status_code == 200
    return response.content.decode()


def queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return [q["sql"] for q in ctx.captured_queries]


def test_a_case_page_shows_an_edited_note_at_once(client, benchmark_cases):
    before = html(client, CASE)
    value = CaseValue.objects.filter(case__slug="ilo").exclude(note_en="").first()
    assert escape(value.note_en) in before
    value.note_en = "A note the curator rewrote."
    value.save()
    assert "A note the curator rewrote." in html(client, CASE)


def test_a_case_page_is_served_from_memory_once_rendered(client, benchmark_cases):
    caches["fragments"].clear()
    first = queries(client, CASE)  # rendered: the case and its values are read
    again = queries(client, CASE)
    assert any("cases_casevalue" in sql for sql in first)
    # Served from memory: neither the values nor the whole case row (its summary, its translations) read.
    assert not any("cases_casevalue" in sql or "summary" in sql for sql in again) and len(again) < len(first)


def test_a_case_page_served_again_reads_the_library_revision_and_no_case_row(client, benchmark_cases):
    queries(client, CASE)
    again = [sql for sql in queries(client, CASE) if "cases_" in sql or "framework_" in sql]
    assert len(again) == 1 and "cases_libraryrevision" in again[0]  # the head is kept per revision too


def test_a_kept_case_page_shows_a_rename_and_an_unpublishing_at_once(client, benchmark_cases):
    assert "<title>Ilo" in html(client, CASE)
    ilo = Case.objects.get(slug="ilo", framework=FrameworkVersion.current())
    ilo.name = "Ilo (renamed)"
    ilo.save()
    assert "<title>Ilo (renamed)" in html(client, CASE)
    ilo.published = False
    ilo.save()
    assert client.get(CASE).status_code == 404


def test_a_framework_version_synced_again_renews_the_library_revision(benchmark_cases):
    from cases.revision import current_revision
    from framework.services import sync_framework_versions

    before = current_revision()
    sync_framework_versions()  # its rows saved again: the case pages are rendered with their labels
    assert current_revision() not in ("", before)


def test_the_kept_case_heads_are_bounded(client, benchmark_cases, monkeypatch):
    from cases import selectors

    monkeypatch.setattr(selectors, "HEADS_KEPT", 2)
    for slug in ("ilo", "rafaela", "cordoba", "medellin"):
        html(client, reverse("cases:case_detail", args=[slug]))
        assert 1 <= len(selectors._heads) <= 2


def test_the_library_shows_a_case_published_through_the_services(client, benchmark_cases):
    assert "Ilo (copy)" not in html(client, LIBRARY)
    version = FrameworkVersion.current()
    ilo = Case.objects.get(slug="ilo", framework=version)
    data = {"slug": "ilo-copy", "name": "Ilo (copy)", "country": "Peru", "values": {}}
    save_case(framework_version=version, data=data, overwrite=False)
    page = html(client, LIBRARY)
    assert "Ilo (copy)" in page and ilo.name in page
    assert "The 13 benchmark cases" in page


def test_the_library_page_differs_by_filter_and_language(client, benchmark_cases):
    every = html(client, LIBRARY)
    mexican = html(client, LIBRARY, data={"country": "Mexico"})
    assert every != mexican and "Jalisco" in mexican and "Rafaela" not in mexican
    spanish = html(client, LIBRARY, headers={"accept-language": "es"})
    assert "casos" in spanish and "The 12 benchmark cases" not in spanish


@pytest.fixture
def two_assessments(benchmark_cases, django_user_model):
    ana = make_user(django_user_model, "ana")
    ben = make_user(django_user_model, "ben")
    made = {}
    for user, place in ((ana, "Villa Uno"), (ben, "Villa Dos")):
        assessment = started(user, make_locality(user, name=place))
        answer_all(assessment, user)
        submit_assessment(assessment=assessment, user=user)
        made[user.username] = (user, assessment)
    return made


def results_url(assessment, result=None) -> str:
    url = reverse("assessments:assessment_results", args=[assessment.pk])
    return f"{url}?result={result.pk}" if result else url


def test_each_result_has_its_own_body_and_no_csrf_token_is_kept(client, two_assessments):
    (ana, first), (ben, second) = two_assessments["ana"], two_assessments["ben"]
    client.force_login(ana)
    page_ana = html(client, results_url(first))
    assert "Villa Uno" in page_ana and "Villa Dos" not in page_ana
    client.force_login(ben)
    page_ben = html(client, results_url(second))
    assert "Villa Dos" in page_ben and "Villa Uno" not in page_ben
    assert client.get(results_url(first)).status_code == 404  # another locality's result: not found
    kept = caches["fragments"]._cache  # LocMemCache's store: every fragment rendered so far
    assert kept and not any(b"csrfmiddlewaretoken" in value for value in map(bytes, kept.values()))


def test_a_rematch_and_an_earlier_result_show_their_own_bodies(client, two_assessments):
    ana, assessment = two_assessments["ana"]
    client.force_login(ana)
    html(client, results_url(assessment))
    closest = assessment.results.get().data["matches"][0]
    case = Case.objects.get(slug=closest["slug"], framework=assessment.framework)
    case.name = "Renamed case"
    case.save()
    rematch_assessment(assessment=assessment, user=ana)
    _latest, earlier = assessment.results.all()
    assert "Renamed case" in html(client, results_url(assessment))
    old = html(client, results_url(assessment, earlier))
    assert "Renamed case" not in old and escape(closest["name"]) in old


def test_a_result_body_is_rendered_once_per_language(client, two_assessments):
    ana, assessment = two_assessments["ana"]
    client.force_login(ana)
    english = html(client, results_url(assessment))
    spanish = html(client, results_url(assessment), headers={"accept-language": "es"})
    assert ">Summary</h2>" in english and ">Resumen</h2>" in spanish
    assert ">Summary</h2>" in html(client, results_url(assessment))  # the English body kept apart


def test_the_key_names_the_language():
    from django.utils import translation

    with translation.override("en"):
        english = fragments.key_of("case", ("state", 1))
    with translation.override("es"):
        spanish = fragments.key_of("case", ("state", 1))
    assert english != spanish and english == fragments.key_of("case", ("state", 1))
