"""The v2 results page: results frozen at submission, re-match keeping the earlier result, the page's order and
its honest scores (issue 9, items 5 and 6)."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from assessments.models import AssessmentResult
from assessments.services import rematch_assessment, submit_assessment
from cases.models import Case, CaseValue
from cases.services import CASES_FILE
from framework import definition as fw
from tests.assessments.factories import answer_all, make_locality, make_user, started

pytestmark = pytest.mark.django_db

V2 = "helmsing-2001-v2"


def case_answers(slug: str) -> dict:
    data = json.loads(CASES_FILE.read_text(encoding="utf-8"))
    case = next(c for c in data["cases"] if c["slug"] == slug)
    return {k: v["value"] for k, v in case["values"].items() if v["value"] is not None}


def complete(answers: dict) -> dict:
    """Every question answered: the case's values, "don't know" for what the paper does not report."""
    framework = fw.load(V2)
    return {code: answers.get(code, fw.DONT_KNOW) for code in framework.indicators}


@pytest.fixture
def user(benchmark_cases, django_user_model):
    return make_user(django_user_model, "ana")


@pytest.fixture
def submitted(user):
    locality = make_locality(
        user, name="Villa Ranquil", region_type="rural_agricultural", population_band="under_20k"
    )
    assessment = started(user, locality)
    answer_all(assessment, user, complete(case_answers("ranquil")))
    submit_assessment(assessment=assessment, user=user)
    return assessment


def test_submitting_freezes_the_results_with_framework_and_library_state(submitted):
    [result] = submitted.results.all()
    assert result.framework_slug == V2
    assert len(result.library_state) == 16
    assert result.cases == 12
    assert result.data["matches"][0]["slug"] == "ranquil"
    assert result.data["score"]["overall"] <= result.data["score"]["high"]


def test_editing_a_case_leaves_the_stored_results_unchanged_until_rematched(submitted, client, user):
    before = submitted.results.get().data
    ranquil = Case.objects.get(slug="ranquil", framework__slug=V2)
    # A curator edits the case: another name and a changed value and note.
    ranquil.name = "Ranquil (edited)"
    ranquil.save()
    value = CaseValue.objects.get(case=ranquil, indicator="LEARN.organisational")
    value.value, value.note_en = "advanced", "Edited note."
    value.save()

    client.force_login(user)
    page = client.get(reverse("assessments:assessment_results", args=[submitted.pk])).content.decode()
    assert submitted.results.get().data == before  # the stored result is untouched
    assert "Ranquil (edited)" not in page and "Ranquil" in page
    assert 'id="library-changed"' in page  # the page says the library changed and offers to re-match

    response = client.post(reverse("assessments:assessment_rematch", args=[submitted.pk]))
    assert response.status_code == 302
    latest, earlier = submitted.results.all()
    assert earlier.data == before  # kept
    assert latest.reason == AssessmentResult.Reason.REMATCH
    assert latest.data["matches"][0]["name"] == "Ranquil (edited)"
    page = client.get(reverse("assessments:assessment_results", args=[submitted.pk])).content.decode()
    assert 'id="library-changed"' not in page
    assert "Ranquil (edited)" in page
    old = client.get(reverse("assessments:assessment_results", args=[submitted.pk]) + f"?result={earlier.pk}")
    assert "Ranquil (edited)" not in old.content.decode()


def test_rematch_refuses_a_draft(user):
    draft = started(user)
    with pytest.raises(Exception, match="Only a submitted assessment"):
        rematch_assessment(assessment=draft, user=user)


def test_the_page_leads_with_the_summary_then_cases_recommendations_and_sureness(submitted, client, user):
    client.force_login(user)
    page = client.get(reverse("assessments:assessment_results", args=[submitted.pk])).content.decode()
    order = ["summary-heading", "closest-case", "top-actions", "cases-heading", "recommendations-heading",
             "sure-heading", "profile-heading", "dimensions-heading", "reported-heading"]  # fmt: skip
    positions = [page.index(f'id="{anchor}"') for anchor in order]
    assert positions == sorted(positions)
    assert "if the unknown answers were known" in page  # the range of the overall score
    assert "Emerging third generation" in page


def test_the_page_is_in_spanish_with_the_cases_spanish_notes(submitted, client, user):
    client.force_login(user)
    with translation.override("es"):
        url = reverse("assessments:assessment_results", args=[submitted.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Tercera generación emergente" in page
    assert "Resumen" in page


def test_a_draft_shows_provisional_results_without_storing_them(user, client):
    draft = started(user)
    client.force_login(user)
    page = client.get(reverse("assessments:assessment_results", args=[draft.pk])).content.decode()
    assert "Provisional." in page
    assert not draft.results.exists()


def test_v1_assessments_keep_their_v1_results(user, client):
    from framework.models import FrameworkVersion

    assessment = started(user)
    assessment.framework = FrameworkVersion.objects.get(slug="helmsing-2001-v1")
    assessment.save()
    answer_all(assessment, user)
    submit_assessment(assessment=assessment, user=user)
    assert not assessment.results.exists()  # v1 results are computed by the v1 rule, as they always were
    client.force_login(user)
    page = client.get(reverse("assessments:assessment_results", args=[assessment.pk])).content.decode()
    assert "The three most similar benchmark cases" in page  # the v1 page
