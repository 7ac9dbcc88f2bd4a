"""Access-control matrix: every URL pattern of the project, for every role, answers the expected status.

Objects of another locality or another workshop owner answer 404 (never 403, which would reveal that they
exist); visitors who are not logged in are sent to the login page; participants are known only by their own
device cookie. A new URL pattern without a row in ``MATRIX`` fails ``test_every_url_pattern_has_a_row``.
Denied requests change nothing in the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.core.signing import get_cookie_signer
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from cases import tables
from tests.ledcheck.matrix import ROLES, SECRET, attempt, first_dimension, snapshot, url_keys
from workshops.views import COOKIE_SALT

pytestmark = pytest.mark.django_db

LOGIN = "login"  # 302 to the login page
JOIN = "join"  # 302 to the workshop's join page (no participant cookie)
ADMIN_LOGIN = "admin-login"  # 302 to the admin's login page
DENIED = {404, 403, 405, LOGIN, JOIN, ADMIN_LOGIN}
OUT = ("anon", "x", "y")  # not logged in (participants have no account, only a device cookie)


def everyone(status, **exceptions) -> dict:
    return {role: exceptions.get(role, status) for role in ROLES}


def logged_in(status, **exceptions) -> dict:
    return everyone(status, **{**dict.fromkeys(OUT, LOGIN), **exceptions})


def members_of_a(status, **exceptions) -> dict:
    """Locality A's pages: its members pass; a member of B and staff (member of nothing) get 404."""
    return logged_in(status, **{"member_b": 404, "staff": 404, **exceptions})


def workshop_owner(status) -> dict:
    """A facilitator page: only c1, who runs the workshop; members of its locality get 404 like anyone."""
    return logged_in(404, c1=status)


def participants(status, others=JOIN) -> dict:
    return everyone(others, x=status, y=status)


def staff_only(status, **exceptions) -> dict:
    return everyone(ADMIN_LOGIN, **{"staff": status, **exceptions})


@dataclass(frozen=True)
class Row:
    method: str
    expected: dict
    args: object = None  # world -> list of URL arguments
    data: dict = field(default_factory=lambda: {"unexpected-field": "1"})  # an empty POST binds no form


def _dim(_world):
    return first_dimension().code


def _first_code():
    return first_dimension().indicators[0].code


A_LOCALITY = lambda w: [w.loc_a.pk]  # noqa: E731
A_ASSESSMENT = lambda w: [w.a_a.pk]  # noqa: E731
WORKSHOP = lambda w: [w.w.pk]  # noqa: E731
DONE = lambda w: [w.w_done.pk]  # noqa: E731
TOKEN = lambda w: [w.w.token]  # noqa: E731
ACTION = lambda w: [w.action.pk]  # noqa: E731
C2_MEMBERSHIP = lambda w: [w.loc_a.pk, w.loc_a.memberships.get(user=w.users["c2"]).pk]  # noqa: E731

MATRIX: dict[str, list[Row]] = {
    "home": [Row("get", everyone(200))],
    "set_language": [Row("post", everyone(302), data={"language": "es"})],
    # --- accounts (Django's auth views + sign-up) ---
    "signup": [
        Row("get", logged_in(302, anon=200, x=200, y=200)),
        Row("post", logged_in(302, anon=200, x=200, y=200)),
    ],
    "login": [Row("get", everyone(200)), Row("post", everyone(200))],
    "logout": [Row("get", everyone(405)), Row("post", everyone(302))],
    "password_change": [Row("get", logged_in(200)), Row("post", logged_in(200))],
    "password_change_done": [Row("get", logged_in(200))],
    "password_reset": [Row("get", everyone(200)), Row("post", everyone(200))],
    "password_reset_done": [Row("get", everyone(200))],
    "password_reset_confirm": [Row("get", everyone(200), args=lambda w: ["MQ", "not-a-token"])],
    "password_reset_complete": [Row("get", everyone(200))],
    "verify_email_send": [Row("get", logged_in(200)), Row("post", logged_in(302))],
    "verify_email": [Row("get", everyone(400), args=lambda w: ["not-a-token"])],
    # --- public case library ---
    "cases:case_list": [Row("get", everyone(200))],
    "cases:compare": [Row("get", everyone(200))],
    "cases:compare_csv": [Row("get", everyone(200), args=lambda w: [tables.FIGURES[0].key])],
    "cases:case_detail": [Row("get", everyone(200), args=lambda w: [w.case.slug])],
    # --- localities and assessments (locality A's objects) ---
    "assessments:locality_list": [Row("get", logged_in(200))],
    "assessments:locality_create": [Row("get", logged_in(200)), Row("post", logged_in(200))],
    "assessments:locality_detail": [Row("get", members_of_a(200), args=A_LOCALITY)],
    # Members who are not owners see the locality anyway, so 403 reveals nothing to them.
    "assessments:member_add": [Row("post", members_of_a(400, c1=403, c2=403), args=A_LOCALITY)],
    # An owner removes anyone; c2 removing their own membership is leaving; c1 may not remove c2.
    "assessments:member_remove": [Row("post", members_of_a(302, c1=403), args=C2_MEMBERSHIP)],
    "assessments:member_make_owner": [Row("post", members_of_a(302, c1=403, c2=403), args=C2_MEMBERSHIP)],
    "assessments:invitation_accept": [
        Row("get", logged_in(404), args=lambda w: ["not-a-token"]),
        Row("post", logged_in(404), args=lambda w: ["not-a-token"]),
    ],
    "assessments:assessment_start": [Row("post", members_of_a(302), args=A_LOCALITY)],
    "assessments:assessment_copy_last": [Row("post", members_of_a(302), args=A_LOCALITY)],
    "assessments:assessment_import": [Row("post", members_of_a(400), args=A_LOCALITY)],
    "assessments:assessment_resume": [Row("get", members_of_a(302), args=A_ASSESSMENT)],
    "assessments:assessment_step": [
        Row("get", members_of_a(200), args=lambda w: [w.a_a.pk, _dim(w)]),
        Row("post", members_of_a(302), args=lambda w: [w.a_a.pk, _dim(w)]),
    ],
    "assessments:assessment_submit": [
        Row("get", members_of_a(200), args=A_ASSESSMENT),
        Row("post", members_of_a(400), args=A_ASSESSMENT),
    ],
    "assessments:assessment_results": [Row("get", members_of_a(200), args=A_ASSESSMENT)],
    "assessments:assessment_rematch": [Row("post", members_of_a(302), args=A_ASSESSMENT)],
    "assessments:assessment_copy": [Row("post", members_of_a(302), args=A_ASSESSMENT)],
    "assessments:assessment_download": [Row("get", members_of_a(200), args=A_ASSESSMENT)],
    # --- action plans (locality A's plan) ---
    "plans:plan": [Row("get", members_of_a(200), args=A_LOCALITY)],
    "plans:action_add": [Row("post", members_of_a(400), args=A_LOCALITY)],
    "plans:review_and_start": [
        Row("get", members_of_a(200), args=A_LOCALITY),
        Row("post", members_of_a(400), args=A_LOCALITY),
    ],
    "plans:action_edit": [
        Row("get", members_of_a(200), args=ACTION),
        Row("post", members_of_a(400), args=ACTION),
    ],
    "plans:action_delete": [
        Row("get", members_of_a(200), args=ACTION),
        Row("post", members_of_a(302), args=ACTION),
    ],
    # --- reports: the workshop kit is public (it holds no locality's data) ---
    "reports:kit": [Row("get", everyone(200))],
    "reports:kit_guide": [Row("get", everyone(200), args=lambda w: ["es"])],
    "reports:kit_questionnaire": [Row("get", everyone(200), args=lambda w: ["en"])],
    "reports:workshop_pdf": [Row("get", workshop_owner(200), args=WORKSHOP)],
    "reports:assessment_pdf": [Row("get", members_of_a(200), args=A_ASSESSMENT)],
    "reports:progress": [Row("get", members_of_a(200), args=A_LOCALITY)],
    # --- workshops: facilitator (c1 runs w and w_done in locality A) ---
    "workshops:list": [Row("get", logged_in(200))],
    "workshops:create": [Row("get", logged_in(200)), Row("post", logged_in(400))],
    "workshops:dashboard": [Row("get", workshop_owner(200), args=WORKSHOP)],
    "workshops:live": [Row("get", workshop_owner(200), args=WORKSHOP)],
    "workshops:qr": [Row("get", workshop_owner(200), args=WORKSHOP)],
    "workshops:status": [
        Row("get", workshop_owner(200), args=WORKSHOP),  # the confirmation
        Row("post", workshop_owner(400), args=WORKSHOP, data={"status": "closed"}),  # not confirmed
        Row("post", workshop_owner(302), args=WORKSHOP, data={"status": "closed", "confirm": "yes"}),
        Row("post", workshop_owner(409), args=DONE, data={"status": "open"}),  # never after the consensus
    ],
    "workshops:edit": [
        Row("get", workshop_owner(200), args=WORKSHOP),
        Row("post", workshop_owner(400), args=WORKSHOP),
    ],
    "workshops:duplicate": [Row("post", workshop_owner(302), args=WORKSHOP)],
    "workshops:second_round": [Row("post", workshop_owner(302), args=DONE)],
    "workshops:delete": [
        Row("get", workshop_owner(200), args=WORKSHOP),
        Row("post", workshop_owner(400), args=WORKSHOP),  # not confirmed
    ],
    "workshops:share": [Row("post", workshop_owner(302), args=DONE, data={"share": "yes"})],
    "workshops:participants": [Row("get", workshop_owner(200), args=WORKSHOP)],
    "workshops:participant_remove": [
        Row("get", workshop_owner(200), args=lambda w: [w.w.pk, w.participants["x"].pk]),
        Row("post", workshop_owner(400), args=lambda w: [w.w.pk, w.participants["x"].pk]),  # not confirmed
    ],
    "workshops:present_start": [Row("get", workshop_owner(302), args=WORKSHOP)],
    "workshops:present": [Row("get", workshop_owner(200), args=lambda w: [w.w.pk, 1])],
    "workshops:note": [
        Row("post", workshop_owner(302), args=lambda w: [w.w.pk, _first_code()], data={"text": "Dicho"})
    ],
    "workshops:groups": [Row("get", workshop_owner(200), args=WORKSHOP)],
    "workshops:consensus": [Row("get", workshop_owner(302), args=WORKSHOP)],  # to the walk's next question
    "workshops:consensus_step": [
        Row("get", workshop_owner(200), args=lambda w: [w.w.pk, 1]),
        Row("post", workshop_owner(302), args=lambda w: [w.w.pk, 1]),
    ],
    "workshops:consensus_record": [
        Row("get", workshop_owner(200), args=WORKSHOP),
        Row("post", workshop_owner(400), args=WORKSHOP),  # not confirmed
    ],
    "workshops:results": [Row("get", workshop_owner(200), args=DONE)],
    "workshops:export_csv": [Row("get", workshop_owner(200), args=WORKSHOP)],
    "workshops:export_xlsx": [Row("get", workshop_owner(200), args=WORKSHOP)],
    "workshops:export_consensus": [Row("get", workshop_owner(200), args=DONE)],
    # --- workshops: participants (anyone holding the link may join; the cookie says who they are) ---
    "workshops:join_code": [Row("get", everyone(200)), Row("post", everyone(400))],
    "workshops:join": [
        Row("get", participants(302, others=200), args=TOKEN),
        Row("post", participants(302, others=400), args=TOKEN),
    ],
    "workshops:resume": [Row("get", participants(302), args=TOKEN)],
    "workshops:service_worker": [Row("get", everyone(200))],
    "workshops:someone_else": [Row("post", everyone(JOIN), args=TOKEN)],  # forgets the device's participant
    "workshops:participant_results": [Row("get", participants(200), args=TOKEN)],
    "workshops:step": [
        Row("get", participants(200), args=lambda w: [w.w.token, _dim(w)]),
        Row("post", participants(302), args=lambda w: [w.w.token, _dim(w)]),
    ],
    "workshops:review": [
        Row("get", participants(200), args=TOKEN),
        Row("post", participants(302), args=TOKEN),
    ],
    # --- admin (listed by hand; staff means superuser here) ---
    "admin:index": [Row("get", staff_only(200))],
    # A logged-in non-staff user gets the admin login form with "not authorised"; staff go to the index.
    "admin:login": [Row("get", logged_in(200, anon=200, x=200, y=200, staff=302))],
    "admin:cases_case_changelist": [Row("get", staff_only(200))],
    "admin:cases_case_change": [Row("get", staff_only(200), args=lambda w: [w.case.pk])],
    "admin:cases_case_import": [Row("get", staff_only(200)), Row("post", staff_only(200))],
    "admin:cases_case_export": [Row("get", staff_only(200))],
    "admin:accounts_user_changelist": [Row("get", staff_only(200))],
}
ADMIN_KEYS = {key for key in MATRIX if key.startswith("admin:")}
CASES = [(key, k) for key, rows in MATRIX.items() for k in range(len(rows))]


def test_every_url_pattern_has_a_row():
    enumerated, listed = url_keys(), set(MATRIX) - ADMIN_KEYS
    assert not enumerated - listed, f"URL patterns without a row in MATRIX: {sorted(enumerated - listed)}"
    assert not listed - enumerated, f"MATRIX rows of no URL pattern: {sorted(listed - enumerated)}"


def test_every_row_covers_every_role():
    for key, rows in MATRIX.items():
        for row in rows:
            assert set(row.expected) == set(ROLES), key


def outcome(response, world) -> int | str:
    """The response's status, or a marker for a redirect to a login or join page."""
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(resolve_url(settings.LOGIN_URL) + "?"):
            return LOGIN
        if location.startswith(reverse("admin:login") + "?"):
            return ADMIN_LOGIN
        if location == reverse("workshops:join", args=[world.w.token]):
            return JOIN
    return response.status_code


@pytest.mark.parametrize("key, index", CASES, ids=[f"{k}-{MATRIX[k][i].method}" for k, i in CASES])
def test_access(world, key, index):
    row = MATRIX[key][index]
    url = reverse(key, args=row.args(world) if row.args else None)
    failures = []
    for role in ROLES:
        expected = row.expected[role]
        data = row.data if row.method == "post" else {}
        response, changed = attempt(world.client(role), row.method, url, data)
        got = outcome(response, world)
        if got != expected:
            failures.append(f"{role}: expected {expected}, got {got} ({response.get('Location', '')})")
        elif expected in DENIED and changed:
            failures.append(f"{role}: denied ({got}) but the database changed")
    assert not failures, f"{row.method.upper()} {url}:\n" + "\n".join(failures)


# --- Explicit cases the matrix implies, spelled out --------------------------------------------------


FACILITATOR = ["dashboard", "live", "qr", "consensus", "export_csv", "export_xlsx"]


def test_another_consultant_of_the_same_locality_gets_404_on_the_workshop(world):
    c2 = world.client("c2")
    assert c2.get(reverse("assessments:locality_detail", args=[world.loc_a.pk])).status_code == 200
    for name in FACILITATOR:
        assert c2.get(reverse(f"workshops:{name}", args=[world.w.pk])).status_code == 404, name
    for name in ("results", "export_consensus"):
        assert c2.get(reverse(f"workshops:{name}", args=[world.w_done.pk])).status_code == 404, name
    before = snapshot()
    assert c2.post(reverse("workshops:status", args=[world.w.pk]), {"status": "closed"}).status_code == 404
    assert snapshot() == before
    assert world.w.title not in c2.get(reverse("workshops:list")).content.decode()


def test_a_member_of_another_locality_gets_404_on_its_assessment(world):
    member_a, pk = world.client("member_a"), world.a_b.pk
    for name in ("assessment_resume", "assessment_submit", "assessment_results", "assessment_download"):
        assert member_a.get(reverse(f"assessments:{name}", args=[pk])).status_code == 404, name
    before = snapshot()
    assert member_a.post(reverse("assessments:assessment_copy", args=[pk])).status_code == 404
    assert member_a.post(reverse("assessments:assessment_start", args=[world.loc_b.pk])).status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("me, other", [("x", "y"), ("y", "x")])
def test_participants_see_only_their_own_answers(world, me, other):
    phone, token = world.client(me), world.w.token
    for url in (
        reverse("workshops:step", args=[token, first_dimension().code]),
        reverse("workshops:review", args=[token]),
    ):
        page = phone.get(url).content.decode()
        assert SECRET.format(other) not in page
    step = phone.get(reverse("workshops:step", args=[token, first_dimension().code])).content.decode()
    assert SECRET.format(me) in step


def test_a_participant_cookie_opens_no_other_workshop(world):
    """X's signed device key, replayed under the cookie name of another workshop, finds nobody there."""
    phone = world.client("x")
    key = world.participants["x"].device_key
    other = world.w_done
    phone.cookies[f"ledcheck_w{other.pk}"] = _signed(f"ledcheck_w{other.pk}", key)
    response = phone.get(reverse("workshops:resume", args=[other.token]))
    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:join", args=[other.token])


def test_a_forged_or_unsigned_cookie_is_nobody(world):
    name = f"ledcheck_w{world.w.pk}"
    for value in (world.participants["y"].device_key, _signed(name, "guessed-key"), "x" * 300):
        phone = Client()
        phone.cookies[name] = value
        response = phone.get(reverse("workshops:review", args=[world.w.token]))
        assert response.status_code == 302 and response["Location"] == reverse(
            "workshops:join", args=[world.w.token]
        ), value


def _signed(cookie_name, value):
    return get_cookie_signer(salt=cookie_name + COOKIE_SALT).sign(value)


def test_a_submitted_participant_does_not_submit_another(world):
    world.client("x").post(reverse("workshops:review", args=[world.w.token]))
    world.participants["x"].refresh_from_db()
    world.participants["y"].refresh_from_db()
    assert world.participants["x"].submitted and not world.participants["y"].submitted


@pytest.mark.parametrize("role", ["x", "y"])
def test_participants_cannot_open_facilitator_pages(world, role):
    phone = world.client(role)
    for name in FACILITATOR:
        response = phone.get(reverse(f"workshops:{name}", args=[world.w.pk]))
        assert response.status_code == 302 and response["Location"].startswith(settings.LOGIN_URL), name
