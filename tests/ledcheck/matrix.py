"""A small world of users, localities, assessments and workshops for the access-control matrix and the
fuzz tests, plus the enumeration of the project's URL patterns.

Roles (each a test client): ``anon``; ``member_a`` (owner of locality A); ``member_b`` (owner of locality B);
``c1`` (member of A who runs workshop ``w`` and the finished workshop ``w_done``); ``c2`` (another consultant:
a member of A who runs no workshop); ``x`` and ``y`` (participants of ``w`` who joined on their phones, known
only by their signed device cookie); ``staff`` (superuser, member of no locality).
"""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from assessments.models import Answer, Assessment, Locality, Membership
from assessments.services import add_member, create_locality, start_assessment
from cases.models import Case, CaseValue
from framework import definition as fw
from framework.models import FrameworkVersion
from framework.services import sync_framework_versions
from plans import services as plan_services
from plans.models import Action, ActionReview
from workshops import services as workshop_services
from workshops.models import JoinAttempt, Participant, ParticipantAnswer, Workshop

ROLES = ("anon", "member_a", "member_b", "c1", "c2", "x", "y", "staff")
SECRET = "secret-evidence-of-{}"
# URL namespaces whose patterns are listed by hand (the admin has hundreds of generated ones).
EXPLICIT_NAMESPACES = ("admin",)


def url_keys() -> set[str]:
    """``namespace:name`` (or the route, for an unnamed pattern) of every URL pattern outside the admin."""
    keys = set()

    def walk(patterns, namespace, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if pattern.namespace in EXPLICIT_NAMESPACES or route.startswith("static/"):
                    continue
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                walk(pattern.url_patterns, inner, route)
            elif isinstance(pattern, URLPattern):
                if route.startswith("static/"):
                    continue
                keys.add(f"{namespace}:{pattern.name}" if namespace else (pattern.name or route))

    walk(get_resolver().url_patterns, "", "")
    return keys


def make_user(username, **extra):
    user = get_user_model().objects.create_user(username=username, email=f"{username}@example.org", **extra)
    return user


def make_locality(user, name, region_type="intermediate_city"):
    return create_locality(
        user=user, name=name, country="Argentina", region_type=region_type, population_band="20k_100k"
    )


def first_dimension() -> fw.Dimension:
    return fw.load().dimensions[0]


def sample_answers(dimension: fw.Dimension, pick: int = 0) -> dict:
    """A valid answer (option ``pick``, wrapped) to every question of ``dimension``."""
    answers = {}
    for indicator in dimension.indicators:
        code = indicator.option_codes[pick % len(indicator.option_codes)]
        answers[indicator.code] = [code] if indicator.type == "multi" else code
    return answers


def form_data(answers: dict, evidence: dict | None = None) -> dict:
    """``answers`` (and evidence notes) as the questionnaire form posts them."""
    data = dict(answers)
    for code, note in (evidence or {}).items():
        data[f"{code}__evidence"] = note
    return data


@dataclass
class World:
    users: dict
    clients: dict
    loc_a: Locality
    loc_b: Locality
    a_a: Assessment
    a_b: Assessment
    case: Case
    w: Workshop
    w_done: Workshop
    participants: dict = field(default_factory=dict)
    action: Action | None = None

    def client(self, role) -> Client:
        return self.clients[role]


def join(workshop, name, answers, evidence) -> tuple[Client, Participant]:
    """A phone that joined ``workshop`` through the join page and answered its first step."""
    phone = Client()
    response = phone.post(reverse("workshops:join", args=[workshop.token]), {"name": name, "role": "other"})
    assert response.status_code == 302, response.status_code
    code = workshop.dimension_codes()[0]
    response = phone.post(
        reverse("workshops:step", args=[workshop.token, code]), form_data(answers, evidence)
    )
    assert response.status_code == 302, response.status_code
    return phone, Participant.objects.get(workshop=workshop, name=name)


def build_world() -> World:
    sync_framework_versions()
    version = FrameworkVersion.current()
    dimension = first_dimension()
    users = {
        "member_a": make_user("member_a"),
        "member_b": make_user("member_b"),
        "c1": make_user("c1"),
        "c2": make_user("c2"),
        "staff": make_user("staff", is_staff=True, is_superuser=True),
    }
    loc_a = make_locality(users["member_a"], "Rafaela")
    loc_b = make_locality(users["member_b"], "Ilo", region_type="metropolitan")
    for role in ("c1", "c2"):
        add_member(locality=loc_a, by=users["member_a"], identifier=role)
    a_a = start_assessment(locality=loc_a, user=users["member_a"])
    a_b = start_assessment(locality=loc_b, user=users["member_b"])
    case = Case.objects.create(
        slug="matrix-case", name="Matrix case", country="Chile", region_type="metropolitan",
        framework=version, published=True,
    )  # fmt: skip
    when = datetime.date(2026, 5, 4)
    w = workshop_services.create_workshop(
        owner=users["c1"],
        locality=loc_a,
        title="Foro",
        date=when,
        dimensions=[dimension.code],
        ask_names=True,
    )
    w_done = workshop_services.create_workshop(
        owner=users["c1"], locality=loc_a, title="Foro cerrado", date=when, dimensions=[dimension.code]
    )
    workshop_services.record_consensus(workshop=w_done, user=users["c1"], answers=sample_answers(dimension))
    clients = {"anon": Client()}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    participants = {}
    for role, pick in (("x", 0), ("y", 1)):
        evidence = {i.code: SECRET.format(role) for i in dimension.indicators[:1]}
        clients[role], participants[role] = join(w, role, sample_answers(dimension, pick), evidence)
    action, _created = plan_services.add_action(
        locality=loc_a, user=users["member_a"], title="Foro con la cámara de comercio", owner="Oficina DEL"
    )
    return World(
        users=users, clients=clients, loc_a=loc_a, loc_b=loc_b, a_a=a_a, a_b=a_b, case=case, w=w,
        w_done=w_done, participants=participants, action=action,
    )  # fmt: skip


MODELS = (
    Locality, Membership, Assessment, Answer, Workshop, Participant, ParticipantAnswer, Case, CaseValue,
    JoinAttempt, Action, ActionReview,
)  # fmt: skip


def snapshot() -> dict:
    """Everything a request could change, in a comparable form."""
    state = {model.__name__: model.objects.count() for model in MODELS}
    state["assessments"] = sorted(Assessment.objects.values_list("pk", "status", "title"))
    state["answers"] = sorted(
        (a, i, repr(v), e)
        for a, i, v, e in Answer.objects.values_list("assessment", "indicator", "value", "evidence")
    )
    state["workshops"] = sorted(Workshop.objects.values_list("pk", "status", "consensus"))
    state["participant_answers"] = sorted(
        (p, i, repr(v), e)
        for p, i, v, e in ParticipantAnswer.objects.values_list(
            "participant", "indicator", "value", "evidence"
        )
    )
    state["submitted"] = sorted(Participant.objects.values_list("pk", "submitted_at"))
    state["users"] = sorted(get_user_model().objects.values_list("pk", "username", "password", "is_active"))
    return state


class _Rollback(Exception):
    pass


def attempt(client: Client, method: str, url: str, data=None, **extra):
    """``(response, changed)`` of one request made in a savepoint that is rolled back afterwards, so the
    next request sees the same database; the client's cookies are restored too."""
    cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic():
            before = snapshot()
            response = getattr(client, method)(url, data, **extra)
            changed = snapshot() != before
            raise _Rollback
    except _Rollback:
        client.cookies = cookies
    return response, changed
