import pytest
from django.db import IntegrityError, transaction

from accounts.forms import SignupForm
from accounts.models import User

pytestmark = pytest.mark.django_db


def test_email_is_stored_trimmed_and_lower_case():
    user = User.objects.create_user("ana", email="  Ana.Perez@Example.ORG ", password="x-Long-enough-42")
    user.refresh_from_db()
    assert user.email == "ana.perez@example.org"


def test_the_database_refuses_a_second_account_with_the_same_verified_address_in_any_case():
    User.objects.create_user("ana", email="ana@example.org", email_verified=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("ana2", email="ANA@example.org", email_verified=True)
    # Even a write that skips the model's normalisation cannot store an upper-case or duplicate address.
    other = User.objects.create_user("ben", email="ben@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=other.pk).update(email="Ben@example.org")


def test_an_unverified_copy_of_an_address_blocks_nobody():
    """Finding 2 of issue 12: whoever registers an address first no longer keeps its owner out."""
    User.objects.create_user("squatter", email="ana@example.org")
    User.objects.create_user("ana", email="ana@example.org")
    assert User.objects.filter(email="ana@example.org").count() == 2


def test_changing_the_address_clears_its_verification():
    user = User.objects.create_user("ana", email="ana@example.org", email_verified=True)
    user.email = "ana@elsewhere.example"
    user.save()
    user.refresh_from_db()
    assert user.email_verified is False


def test_users_without_an_address_may_be_many():
    User.objects.create_user("a")
    User.objects.create_user("b")
    assert User.objects.filter(email="").count() == 2


def test_signup_refuses_a_verified_address_taken_in_another_case():
    User.objects.create_user("ana", email="ana@example.org", email_verified=True)
    data = {
        "username": "ana2",
        "email": "ANA@Example.org",
        "password1": "x-Long-enough-42",
        "password2": "x-Long-enough-42",
    }
    form = SignupForm(data)
    assert not form.is_valid() and "email" in form.errors
