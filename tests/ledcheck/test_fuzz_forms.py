"""Property-based tests: random and hostile data posted to every form never causes a server error; refused
input is explained and leaves the database as it was; valid input is saved.

Each example runs in a savepoint rolled back afterwards (``matrix.attempt``), so all examples see the same
world (see ``matrix.py``).
"""

from __future__ import annotations

from urllib.parse import quote_from_bytes

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import example, given, settings
from hypothesis import strategies as st

from assessments.models import Answer
from framework import definition as fw
from framework.answers import NONE_OF_THESE
from questionnaire.forms import EVIDENCE_SUFFIX
from tests.ledcheck.fuzz import (
    FUZZ,
    HOSTILE,
    assert_refused_cleanly,
    field_pairs,
    get_query,
    hostile_text,
    post_form,
    shows_error,
)
from tests.ledcheck.matrix import attempt, first_dimension
from workshops.models import Participant, Role, Workshop

pytestmark = pytest.mark.django_db

DIMENSION = first_dimension()
INDICATORS = DIMENSION.indicators
STEP_FIELDS = [i.code for i in INDICATORS] + [i.code + EVIDENCE_SUFFIX for i in INDICATORS] + ["goto"]
CODES = sorted({c for i in fw.load().indicators.values() for c in i.option_codes})
# Values of a questionnaire field: real option codes (of any question: often the wrong one) or junk.
answer_value = st.one_of(st.sampled_from([*CODES, fw.DONT_KNOW, NONE_OF_THESE]), hostile_text)
NUL = [("name", "Rafa\x00ela"), ("country", "Argentina"), ("region_type", "metropolitan")]


def _step_url(world):
    return reverse("assessments:assessment_step", args=[world.a_a.pk, DIMENSION.code])


# --- accounts ----------------------------------------------------------------------------------------


@FUZZ
@given(pairs=field_pairs(["username", "email", "password1", "password2"]))
def test_signup(world, pairs):
    response, changed = post_form(Client(), reverse("signup"), pairs)
    assert_refused_cleanly(response, changed, pairs)


@FUZZ
@given(pairs=field_pairs(["username", "password"]))
def test_login(world, pairs):
    response, _changed = post_form(Client(), reverse("login"), pairs)
    assert response.status_code < 500


@FUZZ
@given(pairs=field_pairs(["old_password", "new_password1", "new_password2"]))
def test_password_change(world, pairs):
    response, changed = post_form(world.client("member_b"), reverse("password_change"), pairs)
    assert response.status_code < 500
    if response.status_code != 302:
        assert not changed


# --- localities --------------------------------------------------------------------------------------


LOCALITY_FIELDS = ["name", "country", "region_type", "population_band"]
locality_value = st.one_of(
    st.sampled_from(["metropolitan", "intermediate_city", "20k_100k", "over_2m", "Rafaela"]), hostile_text
)


@FUZZ
@given(pairs=field_pairs(LOCALITY_FIELDS, locality_value))
@example(pairs=NUL + [("population_band", "20k_100k")])
def test_locality_create(world, pairs):
    response, changed = post_form(world.client("member_b"), reverse("assessments:locality_create"), pairs)
    assert_refused_cleanly(response, changed, pairs)
    assert response.status_code != 302 or changed


plain_name = st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=60).filter(str.strip)


@FUZZ
@given(name=plain_name, country=plain_name, region=st.sampled_from(["metropolitan", "intermediate_city"]))
def test_a_valid_locality_is_saved(world, name, country, region):
    data = {"name": name, "country": country, "region_type": region, "population_band": "under_20k"}
    client = world.client("member_b")
    response, changed = attempt(client, "post", reverse("assessments:locality_create"), data)
    assert response.status_code == 302 and changed


@FUZZ
@given(
    pairs=field_pairs(
        ["email"],
        st.one_of(
            st.sampled_from(["c1@example.org", "member_b@example.org", "staff@example.org"]), hostile_text
        ),
    )
)
def test_member_add(world, pairs):
    """Inviting: never a server error, and nobody becomes a member by being invited."""
    url = reverse("assessments:member_add", args=[world.loc_a.pk])
    response, changed = post_form(world.client("member_a"), url, pairs)
    assert_refused_cleanly(response, changed, pairs)


# --- the questionnaire -------------------------------------------------------------------------------


@FUZZ
@given(pairs=field_pairs(STEP_FIELDS, answer_value, max_size=16))
@example(pairs=[(INDICATORS[0].code + EVIDENCE_SUFFIX, "evidence\x00with NUL")])
@example(pairs=[(INDICATORS[0].code + EVIDENCE_SUFFIX, "x" * 100_000)])
@example(pairs=[(INDICATORS[0].code, "not-an-option"), (INDICATORS[0].code, INDICATORS[0].option_codes[0])])
def test_questionnaire_step(world, pairs):
    response, changed = post_form(world.client("member_a"), _step_url(world), pairs)
    assert_refused_cleanly(response, changed, pairs)
    if response.status_code == 302:
        framework = world.a_a.framework.framework
        for code, value, note in Answer.objects.values_list("indicator", "value", "evidence"):
            assert framework.indicators[code].validate(value) == value
            assert "\x00" not in note and len(note) <= 2000


def _valid_answer(indicator):
    if indicator.type == "multi":
        return st.one_of(
            st.lists(st.sampled_from(indicator.option_codes), min_size=1, unique=True),
            st.just([NONE_OF_THESE]),
            st.just([fw.DONT_KNOW]),
        )
    return st.sampled_from([*indicator.option_codes, fw.DONT_KNOW])


valid_step = st.fixed_dictionaries({}, optional={i.code: _valid_answer(i) for i in INDICATORS})


@FUZZ
@given(answers=valid_step, note=plain_name)
def test_a_valid_step_is_saved_as_posted(world, answers, note):
    data = {**answers, INDICATORS[0].code + EVIDENCE_SUFFIX: note}
    with transaction.atomic():
        response = world.client("member_a").post(_step_url(world), data)
        assert response.status_code == 302
        stored = dict(world.a_a.answers.values_list("indicator", "value"))
        for indicator in INDICATORS:
            assert stored.get(indicator.code) == _stored_form(indicator, answers.get(indicator.code))
        assert world.a_a.answers.get(indicator=INDICATORS[0].code).evidence == note.strip()
        transaction.set_rollback(True)


def _stored_form(indicator, posted):
    """What a posted field becomes in the answer format (``None``: not posted, so left blank)."""
    if indicator.type != "multi" or posted is None:
        return posted
    if posted == [NONE_OF_THESE]:
        return []
    if posted == [fw.DONT_KNOW]:
        return fw.DONT_KNOW
    return indicator.validate(posted)


@FUZZ
@given(pairs=field_pairs(["goto", "confirm"]))
def test_submit_and_copy(world, pairs):
    for name in ("assessment_submit", "assessment_copy"):
        url = reverse(f"assessments:{name}", args=[world.a_a.pk])
        response, _changed = post_form(world.client("member_a"), url, pairs)
        assert response.status_code < 500


# --- workshops: facilitator --------------------------------------------------------------------------


DATES = ["2026-05-04", "2026-02-30", "0000-00-00", "9999-12-31", "10000-01-01", "04/05/2026", "-1"]
workshop_value = st.one_of(
    st.sampled_from([*DATES, DIMENSION.code, "OPEN", "1", "99999999999999999999"]), hostile_text
)


@FUZZ
@given(pairs=field_pairs(["locality", "title", "date", "dimensions"], workshop_value))
@example(pairs=[("locality", "LOC"), ("title", "T\x00"), ("date", "2026-05-04"), ("dimensions", "CTX")])
def test_workshop_create(world, pairs):
    pairs = [(k, str(world.loc_a.pk) if v == "LOC" else v) for k, v in pairs]
    response, changed = post_form(world.client("c1"), reverse("workshops:create"), pairs)
    assert_refused_cleanly(response, changed, pairs)


@FUZZ
@given(locality=st.one_of(st.sampled_from(["²", "٣", "99999999999999999999", "-1", "1.5"]), hostile_text))
def test_workshop_create_with_a_hostile_locality_in_the_query(world, locality):
    response, _changed = get_query(world.client("c1"), reverse("workshops:create"), [("locality", locality)])
    assert response.status_code == 200


@FUZZ
@given(pairs=field_pairs(["status"], st.one_of(st.sampled_from(["open", "closed"]), hostile_text)))
def test_workshop_status(world, pairs):
    url = reverse("workshops:status", args=[world.w.pk])
    response, changed = post_form(world.client("c1"), url, [*pairs, ("confirm", "yes")])
    assert response.status_code == 302
    statuses = [v for k, v in pairs if k == "status"]
    assert changed == (statuses[-1:] == ["closed"])  # the workshop is open; the last value counts


@FUZZ
@given(
    title=plain_name,
    date=st.dates(),
    dimensions=st.sets(st.sampled_from([d.code for d in fw.load().dimensions]), min_size=1),
)
def test_a_valid_workshop_is_created(world, title, date, dimensions):
    data = {
        "locality": world.loc_a.pk,
        "title": title,
        "date": date.isoformat(),
        "dimensions": sorted(dimensions),
    }
    response, changed = attempt(world.client("c2"), "post", reverse("workshops:create"), data)
    assert response.status_code == 302 and changed


@FUZZ
@given(
    name=st.text(st.characters(categories=["L", "N", "Zs"]), max_size=80), role=st.sampled_from(Role.values)
)
def test_a_valid_participant_joins(world, name, role):
    response, changed = attempt(
        Client(), "post", reverse("workshops:join", args=[world.w.token]), {"name": name, "role": role}
    )
    assert response.status_code == 302 and changed


CONSENSUS_FIELDS = [i.code for i in INDICATORS] + [i.code + EVIDENCE_SUFFIX for i in INDICATORS]


@FUZZ
@given(pairs=field_pairs(CONSENSUS_FIELDS, answer_value, max_size=16))
def test_consensus(world, pairs):
    url = reverse("workshops:consensus_step", args=[world.w.pk, 1])
    response, changed = post_form(world.client("c1"), url, pairs)
    assert_refused_cleanly(response, changed, pairs)


# --- workshops: participants -------------------------------------------------------------------------


@FUZZ
@given(code=st.one_of(st.sampled_from(["", "ABC-D23", "abcdef", "0O1IL", "\x00" * 6]), hostile_text))
def test_join_by_code(world, code):
    workshops, people = Workshop.objects.count(), Participant.objects.count()
    response, _changed = post_form(Client(), reverse("workshops:join_code"), [("code", code)])
    assert response.status_code in (302, 400, 429)
    if response.status_code != 302:
        assert shows_error(response) or "Too many" in response.content.decode()
    assert (Workshop.objects.count(), Participant.objects.count()) == (workshops, people)


def test_join_by_the_right_code_in_any_spelling(world):
    code = world.w.code
    for typed in (code, code.lower(), f"{code[:3]}-{code[3:]}", f" {code[:3]} {code[3:]} "):
        response, _changed = attempt(Client(), "post", reverse("workshops:join_code"), {"code": typed})
        assert response.status_code == 302 and response["Location"] == reverse(
            "workshops:join", args=[world.w.token]
        )


@FUZZ
@given(
    pairs=field_pairs(["name", "role"], st.one_of(st.sampled_from(["other", "ngo", "admin"]), hostile_text))
)
def test_join(world, pairs):
    response, changed = post_form(Client(), reverse("workshops:join", args=[world.w.token]), pairs)
    assert_refused_cleanly(response, changed, pairs)


@FUZZ
@given(pairs=field_pairs(STEP_FIELDS, answer_value, max_size=16))
def test_participant_step(world, pairs):
    url = reverse("workshops:step", args=[world.w.token, DIMENSION.code])
    response, changed = post_form(world.client("x"), url, pairs)
    assert_refused_cleanly(response, changed, pairs)


@FUZZ
@given(pairs=field_pairs(["confirm"]))
def test_participant_review(world, pairs):
    response, _changed = post_form(
        world.client("y"), reverse("workshops:review", args=[world.w.token]), pairs
    )
    assert response.status_code in (302, 400)


# --- hostile URL parts and query strings -------------------------------------------------------------


@settings(parent=FUZZ, max_examples=15)
@given(part=st.one_of(st.sampled_from(["\x00", "a\x00b", "ü", "%00", "99999999999999999999"]), hostile_text))
@example(part="\x00")  # PostgreSQL refuses NUL in a query: the token lookup must never see it
@example(part="a\x00b")
def test_hostile_url_parts_answer_404(world, part):
    part = part.replace("/", "_").replace("?", "_").replace("#", "_")[:2000] or "_"
    urls = [
        f"/w/{part}/",
        f"/w/{part}/answers/",
        f"/w/{world.w.token}/answers/{part}/",
        f"/assessments/{world.a_a.pk}/step/{part}/",
        f"/cases/{part}/",
    ]
    for url in urls:
        response, _changed = attempt(
            world.client("x"), "get", quote_from_bytes(url.encode("utf-8", "surrogatepass"))
        )
        assert response.status_code in (302, 404), url


@pytest.mark.parametrize("pk", ["99999999999999999999", "9223372036854775808", "0"])
def test_huge_ids_answer_404(world, pk):
    for url in (f"/localities/{pk}/", f"/assessments/{pk}/results/", f"/workshops/{pk}/"):
        assert world.client("c1").get(url).status_code == 404, url


@FUZZ
@given(country=hostile_text, region=hostile_text)
def test_case_filters(world, country, region):
    pairs = [("country", country), ("region", region)]
    response, _changed = get_query(world.client("anon"), reverse("cases:case_list"), pairs)
    assert response.status_code == 200


@pytest.mark.parametrize("text", [t for t in HOSTILE if len(t) < 1000])
def test_hostile_query_strings_on_pages(world, text):
    pages = [
        ("member_a", reverse("assessments:assessment_step", args=[world.a_a.pk, DIMENSION.code])),
        ("c1", reverse("workshops:dashboard", args=[world.w.pk])),
        ("anon", reverse("home")),
    ]
    for role, url in pages:
        pairs = [("check", text), ("present", text), ("next", text)]
        response, _changed = get_query(world.client(role), url, pairs)
        assert response.status_code == 200, url


@pytest.mark.parametrize("address", ["", "unknown", "999.1.1.1", "\x00"])
def test_logins_from_a_client_without_a_valid_address(world, address):
    """django-axes stores the client address in an IP column, which PostgreSQL checks: a missing or garbled
    address (``force_login`` has none) must not turn a login into a server error."""
    for password in ("wrong", "also wrong"):
        response, _changed = attempt(
            Client(REMOTE_ADDR=address), "post", reverse("login"), {"username": "c1", "password": password}
        )
        assert response.status_code == 200 and shows_error(response)
    client = Client()
    client.force_login(world.users["c1"])
    assert client.get(reverse("assessments:locality_list")).status_code == 200
