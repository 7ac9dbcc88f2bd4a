"""The results page and every questionnaire step run a fixed number of SQL queries, however many cases."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case, CaseValue
from cases.revision import renew_revision
from framework import definition as fw
from tests.assessments.factories import answer_all, make_user, started

pytestmark = pytest.mark.django_db

# session, user, assessment, answers, cases, case values
MAX_RESULTS_QUERIES = 6
# session, user, assessment, answers
MAX_STEP_QUERIES = 4


def add_published_cases(n: int) -> None:
    """``n`` more published cases, each with the values of one of the twelve (bulk, as ``bench/build.py``)."""
    templates = list(Case.objects.prefetch_related("values"))
    cases = Case.objects.bulk_create(
        Case(
            slug=f"extra-{k}",
            name=f"Extra case {k}",
            country="Chile",
            region_type=templates[k % len(templates)].region_type,
            framework=templates[0].framework,
            published=True,
            position=1000 + k,
        )
        for k in range(n)
    )
    CaseValue.objects.bulk_create(
        (
            CaseValue(case=case, indicator=v.indicator, value=v.value, source=v.source, note=v.note)
            for k, case in enumerate(cases)
            for v in templates[k % len(templates)].values.all()
        ),
        batch_size=2000,
    )
    renew_revision()  # bulk writes send no signal (cases.signals)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def setup(client, benchmark_cases, django_user_model):
    user = make_user(django_user_model, "ana")
    assessment = started(user)
    answer_all(assessment, user)
    client.force_login(user)
    urls = [reverse("assessments:assessment_results", args=[assessment.pk])] + [
        reverse("assessments:assessment_step", args=[assessment.pk, d.code]) for d in fw.load().dimensions
    ]
    return client, urls


def test_query_counts_do_not_grow_with_the_number_of_cases(setup, django_assert_max_num_queries):
    client, urls = setup
    assert Case.objects.published().count() == 12
    with_12 = {url: count_queries(client, url) for url in urls}

    add_published_cases(488)
    assert Case.objects.published().count() == 500
    with_500 = {url: count_queries(client, url) for url in urls}
    assert with_500 == with_12

    results, *steps = urls
    with django_assert_max_num_queries(MAX_RESULTS_QUERIES):
        html = client.get(results).content.decode()
    assert html.count('class="card h-100 match-card"') == 3
    for url in steps:
        with django_assert_max_num_queries(MAX_STEP_QUERIES):
            client.get(url)


def test_cases_for_similarity_load_in_two_queries(benchmark_cases, django_assert_num_queries):
    from cases.selectors import published_case_data
    from framework.models import FrameworkVersion

    add_published_cases(50)
    version = FrameworkVersion.current()
    with django_assert_num_queries(2):
        data = published_case_data(version)
    assert len(data) == 62
    assert all(d.answers for d in data)
