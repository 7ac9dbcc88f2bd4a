import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.models import Answer, Assessment, Locality, Membership
from tests.assessments.factories import make_locality, make_user, started

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(benchmark_cases, django_user_model):
    return make_user(django_user_model, "ana")


def test_one_membership_per_user_and_locality(user):
    locality = make_locality(user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(locality=locality, user=user, role=Membership.Role.MEMBER)


def test_membership_role_must_be_known(user):
    locality = make_locality(user)
    locality.memberships.all().delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(locality=locality, user=user, role="admin")


def test_population_band_must_be_known(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        Locality.objects.create(name="X", country="Chile", region_type="mining", population_band="huge")


def test_one_answer_per_indicator(user):
    assessment = started(user)
    Answer.objects.create(assessment=assessment, indicator="NET.public_private", value="yes")
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(assessment=assessment, indicator="NET.public_private", value="no")


def test_evidence_longer_than_2000_characters_is_refused_by_the_database(user):
    assessment = started(user)
    Answer.objects.create(assessment=assessment, indicator="NET.brokerage", evidence="x" * 2000)
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(assessment=assessment, indicator="NET.public_private", evidence="x" * 2001)


@pytest.mark.parametrize(
    "status, submitted",
    [(Assessment.Status.DRAFT, True), (Assessment.Status.SUBMITTED, False)],
)
def test_status_and_submitted_at_agree(user, status, submitted):
    assessment = started(user)
    assessment.status = status
    assessment.submitted_at = timezone.now() if submitted else None
    with pytest.raises(IntegrityError), transaction.atomic():
        assessment.save()


def test_region_type_label_comes_from_the_framework(user):
    locality = make_locality(user, region_type="mining")
    assert locality.region_type_label == "Mining region or enclave"
    assert str(locality) == "Rafaela (Argentina)"


def test_deleting_a_locality_deletes_its_assessments_and_answers(user):
    assessment = started(user)
    Answer.objects.create(assessment=assessment, indicator="NET.public_private", value="yes")
    assessment.locality.delete()
    assert not Assessment.objects.exists()
    assert not Answer.objects.exists()
