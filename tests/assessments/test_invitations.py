"""Findings 2 and 8 of issue 12: a locality grows only by invitations accepted with the invited address,
verified; inviting reveals nothing about accounts; owners remove members, members leave, a locality keeps an
owner, and a removed member's workshops go to an owner."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts import verification
from accounts.models import User
from assessments.models import Invitation, Membership
from assessments.services import add_member, remove_member
from framework.services import sync_framework_versions
from tests.assessments.factories import PASSWORD, make_locality, make_user
from workshops import services as workshop_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(django_user_model):
    sync_framework_versions()
    return make_user(django_user_model, "ana")


@pytest.fixture
def locality(owner):
    return make_locality(owner)


def logged(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def invite(owner, locality, email) -> str:
    mail.outbox.clear()
    response = logged(owner).post(reverse("assessments:member_add", args=[locality.pk]), {"email": email})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [email]
    return re.search(r"https?://\S+/invitations/(\S+)/", message.body).group(1)


def verified(user):
    User.objects.filter(pk=user.pk).update(email_verified=True)
    user.refresh_from_db()
    return user


def accept(user, token):
    return logged(user).post(reverse("assessments:invitation_accept", args=[token]))


def test_a_squatter_with_the_unverified_address_cannot_accept(owner, locality, django_user_model):
    squatter = make_user(django_user_model, "squatter", email="carla@example.org")
    token = invite(owner, locality, "carla@example.org")
    response = accept(squatter, token)
    assert response.status_code == 400
    assert "Confirm your email address" in response.content.decode()
    assert not locality.memberships.filter(user=squatter).exists()


def test_the_real_owner_of_the_address_signs_up_verifies_and_accepts(owner, locality, django_user_model):
    squatter = make_user(django_user_model, "squatter", email="carla@example.org")
    token = invite(owner, locality, "carla@example.org")
    carla_client = Client()
    mail.outbox.clear()
    response = carla_client.post(
        reverse("signup"),
        {"username": "carla", "email": "carla@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302  # the squatter's unverified copy blocks nobody
    link = re.search(r"https?://\S+(/accounts/verify-email/\S+/)", mail.outbox[0].body).group(1)
    assert carla_client.get(link).status_code == 200
    carla = User.objects.get(username="carla")
    assert carla.email_verified
    squatter.refresh_from_db()
    assert squatter.email == ""  # the address is carla's now
    response = carla_client.post(reverse("assessments:invitation_accept", args=[token]))
    assert response.status_code == 302
    assert locality.memberships.filter(user=carla, role="member").exists()
    # A retried accept (lost response) is the same membership, not an error.
    assert carla_client.post(reverse("assessments:invitation_accept", args=[token])).status_code == 302
    assert locality.memberships.filter(user=carla).count() == 1


def test_an_invitation_for_another_address_is_refused(owner, locality, django_user_model):
    other = verified(make_user(django_user_model, "dora"))
    token = invite(owner, locality, "carla@example.org")
    assert accept(other, token).status_code == 400
    assert not locality.memberships.filter(user=other).exists()


def test_inviting_reveals_nothing_about_accounts(owner, locality, django_user_model):
    verified(make_user(django_user_model, "bruno"))
    url = reverse("assessments:member_add", args=[locality.pk])
    client = logged(owner)
    known = client.post(url, {"email": "bruno@example.org"}, follow=True)
    unknown = client.post(url, {"email": "nobody@example.org"}, follow=True)
    admin = client.post(url, {"email": "ana@example.org"}, follow=True)  # already a member (the owner)

    def message(response):
        return [
            str(m).replace("bruno", "X").replace("nobody", "X").replace("ana", "X")
            for m in response.context["messages"]
        ]

    assert message(known) == message(unknown) == message(admin)
    assert len(mail.outbox) == 3
    assert locality.memberships.count() == 1  # nobody was added by being invited


def test_an_expired_invitation_is_refused(owner, locality, django_user_model):
    carla = verified(make_user(django_user_model, "carla"))
    token = invite(owner, locality, "carla@example.org")
    Invitation.objects.update(created_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    assert accept(carla, token).status_code == 404
    assert not locality.memberships.filter(user=carla).exists()


def test_verification_links_stop_working_when_the_address_changes(owner):
    token = verification.make_token(owner)
    owner.email = "ana@elsewhere.example"
    owner.save()
    with pytest.raises(verification.InvalidToken):
        verification.verify(token=token)


# --- removing and leaving ---------------------------------------------------------------------------


def test_owner_removes_a_member_and_their_workshops_go_to_the_owner(owner, locality, django_user_model):
    bruno = make_user(django_user_model, "bruno")
    add_member(locality=locality, by=owner, identifier="bruno")
    workshop = workshop_services.create_workshop(
        owner=bruno, locality=locality, title="Foro", date=datetime.date(2026, 5, 4), dimensions=["OPEN"]
    )
    membership = locality.memberships.get(user=bruno)
    url = reverse("assessments:member_remove", args=[locality.pk, membership.pk])
    assert logged(owner).post(url).status_code == 302
    assert not locality.memberships.filter(user=bruno).exists()
    workshop.refresh_from_db()
    assert workshop.owner == owner
    assert logged(owner).get(reverse("workshops:dashboard", args=[workshop.pk])).status_code == 200


def test_a_member_leaves_but_cannot_remove_others(owner, locality, django_user_model):
    bruno = make_user(django_user_model, "bruno")
    carla = make_user(django_user_model, "carla")
    add_member(locality=locality, by=owner, identifier="bruno")
    add_member(locality=locality, by=owner, identifier="carla")
    carla_row = locality.memberships.get(user=carla)
    refused = logged(bruno).post(reverse("assessments:member_remove", args=[locality.pk, carla_row.pk]))
    assert refused.status_code == 403
    own = locality.memberships.get(user=bruno)
    assert (
        logged(bruno).post(reverse("assessments:member_remove", args=[locality.pk, own.pk])).status_code
        == 302
    )
    assert set(locality.memberships.values_list("user__username", flat=True)) == {"ana", "carla"}


def test_the_last_owner_cannot_leave(owner, locality):
    membership = locality.memberships.get(user=owner)
    response = logged(owner).post(reverse("assessments:member_remove", args=[locality.pk, membership.pk]))
    assert response.status_code == 302
    assert locality.memberships.filter(user=owner, role=Membership.Role.OWNER).exists()
    with pytest.raises(Exception, match="at least one owner"):
        remove_member(membership=membership, by=owner)


def test_an_owner_leaves_once_another_is_owner(owner, locality, django_user_model):
    bruno = make_user(django_user_model, "bruno")
    add_member(locality=locality, by=owner, identifier="bruno")
    bruno_row = locality.memberships.get(user=bruno)
    client = logged(owner)
    assert (
        client.post(reverse("assessments:member_make_owner", args=[locality.pk, bruno_row.pk])).status_code
        == 302
    )
    own = locality.memberships.get(user=owner)
    assert client.post(reverse("assessments:member_remove", args=[locality.pk, own.pk])).status_code == 302
    assert list(locality.memberships.values_list("user__username", "role")) == [("bruno", "owner")]
