"""Matching reads the published cases encoded once per library state (cases.selectors.published_library):
the same encoded library until a case changes, shared by the workers through the ``matching`` cache, the
same ranking as the cases read one by one, and only the cases shown read in full."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import selectors
from cases.models import Case, CaseValue
from cases.revision import current_revision, renew_revision
from framework import similarity
from framework.models import FrameworkVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(benchmark_cases):
    selectors._LIBRARIES.clear()
    return FrameworkVersion.current()


def queries(call):
    with CaptureQueriesContext(connection) as ctx:
        result = call()
    return result, len(ctx.captured_queries)


def answers_like(slug, version):
    return Case.objects.get(slug=slug, framework=version).answers()


def test_the_library_is_encoded_once_and_read_with_one_query_after(version):
    first, _n = queries(lambda: selectors.published_library(version))
    assert len(first) == Case.objects.published().filter(framework=version).count() == 12
    again, n = queries(lambda: selectors.published_library(version))
    assert again is first and n == 1  # the library version only


def test_another_worker_reads_the_shared_encoding_without_encoding_again(version):
    first = selectors.published_library(version)
    selectors._LIBRARIES.clear()  # what a second process starts with
    shared, n = queries(lambda: selectors.published_library(version))
    assert n == 1 and shared.state == first.state and shared.slugs == first.slugs


@pytest.mark.parametrize("change", ["value", "unpublish", "bulk"])
def test_every_change_of_the_library_gives_a_new_encoding(version, change):
    before = selectors.published_library(version)
    case = Case.objects.filter(framework=version).order_by("position").first()
    if change == "value":
        value = case.values.exclude(value=None).exclude(indicator="CTX.region_type").first()
        indicator = version.framework.indicators[value.indicator]
        other = (
            next(c for c in indicator.option_codes if c != value.value) if indicator.type != "multi" else []
        )
        value.value = other
        value.save()
    elif change == "unpublish":
        case.published = False
        case.save()
    else:
        extra = Case.objects.bulk_create(
            [Case(slug="extra", name="Extra", country="Chile", framework=version)]
        )
        CaseValue.objects.bulk_create(
            CaseValue(case=extra[0], indicator=v.indicator, value=v.value) for v in case.values.all()
        )
        renew_revision()  # what a bulk writer does (cases.signals): bulk writes send no signal
    after = selectors.published_library(version)
    assert after is not before and after.state != before.state
    expected = {"value": 12, "unpublish": 11, "bulk": 13}[change]
    assert len(after) == expected


def test_a_bulk_write_without_renewal_is_not_seen(version):
    """The contract of cases.signals, shown: why every bulk writer renews the revision."""
    before = selectors.published_library(version)
    Case.objects.filter(framework=version).update(published=False)
    assert selectors.published_library(version) is before
    renew_revision()
    assert len(selectors.published_library(version)) == 0


def test_a_change_rolled_back_leaves_no_revision_a_later_change_reuses(version):
    """What is encoded inside a transaction that rolls back is kept under a token no later state has."""
    from django.db import transaction

    start = current_revision()
    case = Case.objects.filter(framework=version).order_by("position").first()
    try:
        with transaction.atomic():
            case.published = False
            case.save()
            inside = selectors.published_library(version)  # 11 cases, cached under the new token
            assert len(inside) == 11
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    assert current_revision() == start
    case.refresh_from_db()
    case.name = "Córdoba (renamed)"  # another change: 12 cases again
    case.save()
    assert current_revision() not in (start, inside.version.rsplit("-", 1)[-1])
    assert len(selectors.published_library(version)) == 12


def test_ranking_the_encoded_library_is_ranking_the_cases(version):
    framework = version.framework
    every = selectors.published_case_data(version)
    library = selectors.published_library(version)
    for slug in ("medellin", "rafaela", "ilo"):
        answers = answers_like(slug, version)
        expected = similarity.rank(framework, answers, every, top=5)
        got = similarity.rank_library(
            framework,
            answers,
            library,
            lambda keys: selectors.case_data_for(keys, named_only=framework.is_v2),
            top=5,
        )
        assert [(m.slug, m.similarity, m.compared) for m in got] == [
            (m.slug, m.similarity, m.compared) for m in expected
        ]
        assert got == expected  # the points of comparison and their notes too
        assert similarity.sureness_library(framework, answers, library) == similarity.sureness(
            framework, answers, every
        )


def test_only_the_cases_shown_are_read_in_full(version):
    library = selectors.published_library(version)
    read = []

    def load(keys):
        read.extend(keys)
        return selectors.case_data_for(keys, named_only=version.framework.is_v2)

    answers = answers_like("medellin", version)
    (matches, n) = queries(lambda: similarity.rank_library(version.framework, answers, library, load, top=3))
    assert len(matches) == 3 and len(read) == 3 and n == 1


@pytest.mark.django_db
def test_the_library_fingerprint_is_the_same_whatever_the_language_that_encoded_it(benchmark_cases):
    from django.utils import translation

    version = FrameworkVersion.current()
    states = []
    for lang in ("en", "es"):
        with translation.override(lang):
            states.append(selectors._encode_library(version).state)
    assert states[0] == states[1]
