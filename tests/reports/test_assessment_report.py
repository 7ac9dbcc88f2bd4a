"""The assessment report (PDF) and the progress page, from the same stored results as the results page."""

import pytest
from django.urls import reverse

from assessments.models import Assessment
from assessments.services import save_step, submit_assessment
from framework.models import FrameworkVersion
from plans import services as plan_services
from tests.assessments.factories import answer_all, make_locality, make_user, started
from tests.reports.conftest import keep, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db


def lowest(framework):
    """Every question answered with its lowest-scoring option (plenty to recommend)."""
    return {
        code: [] if i.type == "multi" else min(i.options, key=lambda o: o.score or 0.0).code
        for code, i in framework.indicators.items()
    }


@pytest.fixture
def officer(django_user_model):
    return make_user(django_user_model, "ana")


@pytest.fixture
def locality(officer):
    return make_locality(officer, name="Pensilvania", country="Colombia")


def submitted(officer, locality, answers=None, title=""):
    assessment = started(officer, locality)
    if title:
        Assessment.objects.filter(pk=assessment.pk).update(title=title)
        assessment.refresh_from_db()
    answer_all(assessment, officer, answers or lowest(assessment.framework.framework))
    return submit_assessment(assessment=assessment, user=officer)


def text_of(client, url, tmp_path, lang="en", name=""):
    response = client.get(url, headers={"accept-language": lang})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    if name:
        keep(response.content, name)
    return " ".join(pdf_text(response.content, tmp_path).split()), response.content


def test_the_report_holds_cover_summary_scores_cases_and_plan(
    client, officer, locality, benchmark_cases, tmp_path
):
    assessment = submitted(officer, locality)
    plan_services.add_action(locality=locality, user=officer, title="Mesa con la Federación de Cafeteros")
    client.force_login(officer)
    url = reverse("reports:assessment_pdf", args=[assessment.pk])
    text, content = text_of(client, url, tmp_path, name="assessment-en.pdf")
    assert "Local economic development diagnosis: Pensilvania" in text
    assert "Answered by ana" in text and assessment.framework.framework.text() in text
    for heading in (
        "Summary",
        "Scores",
        "Generation profile",
        "The closest benchmark cases",
        "Recommendations",
    ):
        assert heading in text
    assert "Mesa con la Federación de Cafeteros" in text
    page_html = client.get(reverse("assessments:assessment_results", args=[assessment.pk])).content.decode()
    assert "Helmsing" in text and pdf_pages(content, tmp_path) >= 3
    # The closest case of the page is the closest case of the report.
    closest = assessment.results.first().data["matches"][0]["name"]
    assert closest in page_html and f"Closest benchmark case: {closest}" in text


def test_the_report_is_in_spanish_for_a_spanish_request(client, officer, locality, benchmark_cases, tmp_path):
    assessment = submitted(officer, locality)
    client.force_login(officer)
    url = reverse("reports:assessment_pdf", args=[assessment.pk])
    text, _content = text_of(client, url, tmp_path, lang="es", name="assessment-es.pdf")
    assert "Diagnóstico del desarrollo económico local: Pensilvania" in text
    assert "Resumen" in text and "Puntajes" in text and "Recomendaciones" in text


def test_a_draft_report_says_it_is_provisional(client, officer, locality, benchmark_cases, tmp_path):
    assessment = started(officer, locality)
    client.force_login(officer)
    text, _content = text_of(client, reverse("reports:assessment_pdf", args=[assessment.pk]), tmp_path)
    assert "Draft: the assessment is not submitted yet" in text


def test_a_non_member_gets_no_report(client, officer, locality, django_user_model, benchmark_cases):
    assessment = submitted(officer, locality)
    client.force_login(make_user(django_user_model, "intruder"))
    assert client.get(reverse("reports:assessment_pdf", args=[assessment.pk])).status_code == 404
    assert client.get(reverse("reports:progress", args=[locality.pk])).status_code == 404


def test_progress_shows_the_changes_between_two_assessments(client, officer, locality, benchmark_cases):
    first = submitted(officer, locality, title="2025")
    framework = first.framework.framework
    better = lowest(framework)
    scored = {d.code for d in framework.dimensions if d.weight}
    changed = next(
        c for c, i in framework.indicators.items()
        if i.type in ("choice", "level") and i.dimension in scored and len({o.score for o in i.options}) > 1
    )  # fmt: skip
    indicator = framework.indicators[changed]
    better[changed] = max(indicator.options, key=lambda o: o.score or 0.0).code
    second = submitted(officer, locality, answers=better, title="2026")
    client.force_login(officer)
    page = client.get(reverse("reports:progress", args=[locality.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert page.context["before"] == first and page.context["after"] == second  # the two latest, older first
    p = page.context["p"]
    assert [q.code for q in p.of_kind("changed")] == [changed]
    dimension = next(d for d in p.dimensions if d.code == indicator.dimension)
    assert dimension.delta is not None and dimension.delta > 0
    assert "<svg" in html
    # The tables say Before and After; the key above them names the two assessments.
    assert "<strong>Before</strong>: 2025. <strong>After</strong>: 2026." in html
    assert '<th scope="col" class="text-end">Before</th>' in html


def test_progress_across_framework_versions_says_what_is_not_comparable(
    client, officer, locality, benchmark_cases
):
    old = Assessment.objects.create(
        locality=locality,
        framework=FrameworkVersion.objects.get(slug="helmsing-2001-v1"),
        title="v1",
        created_by=officer,
    )
    save_step(assessment=old, user=officer, answers=lowest(old.framework.framework), evidence={})
    submit_assessment(assessment=old, user=officer)
    new = submitted(officer, locality, title="v2")
    client.force_login(officer)
    page = client.get(reverse("reports:progress", args=[locality.pk]), {"before": old.pk, "after": new.pk})
    assert page.status_code == 200
    assert not page.context["p"].same_version and page.context["p"].not_comparable
    assert "are not compared" in page.content.decode()


def test_progress_refuses_the_same_assessment_twice(client, officer, locality, benchmark_cases):
    one = submitted(officer, locality)
    client.force_login(officer)
    page = client.get(reverse("reports:progress", args=[locality.pk]), {"before": one.pk, "after": one.pk})
    assert page.status_code == 400 and "Choose two different assessments." in page.content.decode()


def test_the_next_report_says_what_became_of_the_actions(
    client, officer, locality, benchmark_cases, tmp_path
):
    submitted(officer, locality)
    action, _created = plan_services.add_action(locality=locality, user=officer, title="Mesa público-privada")
    nxt = plan_services.start_assessment_with_review(
        locality=locality, user=officer, reviews={action.pk: ("done", "Se creó en marzo.")}
    )
    client.force_login(officer)
    text, _content = text_of(client, reverse("reports:assessment_pdf", args=[nxt.pk]), tmp_path)
    assert "What became of the earlier actions" in text and "Secreóenmarzo." in "".join(text.split())
