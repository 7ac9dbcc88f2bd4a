"""Workshop pages through the Django test client: the facilitator's and the participants' flows, access
rules, the join rate limit and the exports read back with pandas."""

import json

import pandas as pd
import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Assessment
from assessments.services import add_member
from framework import definition as fw
from framework.services import sync_framework_versions
from tests.assessments.factories import make_locality, make_user
from tests.workshops.exported import read_export
from workshops import services as ws
from workshops.models import Participant, ParticipantAnswer, Workshop

pytestmark = pytest.mark.django_db

FACILITATOR_URLS = (
    "dashboard",
    "live",
    "qr",
    "consensus",
    "results",
    "export_csv",
    "export_xlsx",
    "export_consensus",
)


@pytest.fixture
def consultant(django_user_model):
    sync_framework_versions()
    return make_user(django_user_model, "facilitator")


@pytest.fixture
def facilitator(client, consultant):
    client.force_login(consultant)
    return client


@pytest.fixture
def workshop(facilitator, consultant):
    locality = make_locality(consultant)
    response = facilitator.post(
        reverse("workshops:create"),
        {"locality": locality.pk, "title": "Foro Rafaela", "date": "2026-05-04", "dimensions": ["OPEN"],
         "ask_names": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    return Workshop.objects.get()


def close(facilitator, workshop):
    return facilitator.post(url("status", workshop), {"status": "closed", "confirm": "yes"})


def url(name, workshop, *args):
    if name.startswith(("join", "resume", "step", "review")) and name != "join_code":
        return reverse(f"workshops:{name}", args=[workshop.token, *args])
    return reverse(f"workshops:{name}", args=[workshop.pk, *args])


def joined(workshop, name="", role="other", by_code=False):
    """A phone (test client) that joined the workshop; returns it after following to the first step."""
    phone = Client()
    if by_code:
        response = phone.post(reverse("workshops:join_code"), {"code": workshop.display_code.lower()})
        assert response.status_code == 302 and response.url == url("join", workshop)
    response = phone.post(url("join", workshop), {"name": name, "role": role})
    assert response.status_code == 302 and response.url == url("resume", workshop)
    return phone


def answer(phone, workshop, answers, goto="review", code="OPEN"):
    return phone.post(url("step", workshop, code), {**answers, "goto": goto})


# --- Facilitator -----------------------------------------------------------------------------------


def test_create_form_lists_only_own_localities_and_prefills_one(facilitator, consultant, django_user_model):
    mine = make_locality(consultant, name="Rafaela")
    other = make_locality(make_user(django_user_model, "other"), name="Medellín")
    page = facilitator.get(reverse("workshops:create") + f"?locality={mine.pk}")
    form = page.context["form"]
    assert list(form.fields["locality"].queryset) == [mine]
    assert form.initial["locality"] == mine
    data = {"locality": other.pk, "title": "X", "date": "2026-05-04", "dimensions": []}
    response = facilitator.post(reverse("workshops:create"), data)
    assert response.status_code == 400 and not Workshop.objects.exists()


def test_dashboard_shows_join_code_link_and_qr(facilitator, workshop):
    page = facilitator.get(url("dashboard", workshop)).content.decode()
    assert workshop.display_code in page
    assert reverse("workshops:join", args=[workshop.token]) in page
    assert 'src="' + url("qr", workshop) + '"' in page
    assert "<script>" not in page and "onclick" not in page
    qr = facilitator.get(url("qr", workshop))
    assert qr["Content-Type"] == "image/svg+xml"
    assert qr.content.startswith(b"<svg") and b"<path" in qr.content


def test_live_counts_and_distribution_only_submitted_by_default(facilitator, workshop):
    ana = joined(workshop, "Ana", "business")
    answer(ana, workshop, {"OPEN.inclusiveness": "broad", "OPEN.outcome_evidence": "none"})
    ana.post(url("review", workshop))
    ben = joined(workshop, "", "government", by_code=True)
    answer(ben, workshop, {"OPEN.inclusiveness": "marginal", "OPEN.outcome_evidence": "none"}, goto="OPEN")
    joined(workshop)
    data = facilitator.get(url("live", workshop)).json()
    assert data["counts"] == {"joined": 3, "in_progress": 2, "submitted": 1, "on_paper": 0}
    counts = {q["code"]: {d["key"]: d["count"] for d in q["distribution"]} for q in data["questions"]}
    assert counts["OPEN.inclusiveness"] == {
        "marginal": 0,
        "some": 0,
        "broad": 1,
        "dont_know": 0,
    }  # Ben unsent
    # The facilitator may choose to show answers before they are submitted.
    Workshop.objects.filter(pk=workshop.pk).update(live_unsubmitted=True)
    data = facilitator.get(url("live", workshop)).json()
    first, second = data["questions"]
    assert first["code"] == "OPEN.inclusiveness"  # split answers come before the unanimous one
    assert first["disagreement"] > second["disagreement"] == 0
    counts = {d["key"]: d["count"] for d in first["distribution"]}
    assert counts == {"marginal": 1, "some": 0, "broad": 1, "dont_know": 0}
    assert first["by_role"] == [] and first["hidden_roles"] == 2  # roles of one person are never shown
    assert len(first["tied"]) == 2  # one each: a tie, not "most common"
    assert second["most_common"] == "none"


def test_role_breakdown_only_for_groups_of_at_least_three_anywhere(facilitator, workshop):
    """Three business people and one or two of other roles: only the business row is ever shown."""
    people = [("business", "broad")] * 3 + [("government", "marginal")] * 2 + [("ngo", "some")]
    for role, value in people:
        phone = joined(workshop, role=role)
        answer(phone, workshop, {"OPEN.inclusiveness": value, "OPEN.outcome_evidence": "none"})
        assert phone.post(url("review", workshop)).status_code == 302
    data = facilitator.get(url("live", workshop)).json()
    for q in data["questions"]:
        assert [r["role"] for r in q["by_role"]] == ["business"]
        assert q["hidden_roles"] == 3
    pages = [
        facilitator.get(url("dashboard", workshop)).content.decode(),
        facilitator.get(url("dashboard", workshop) + "?present=1").content.decode(),
        facilitator.get(reverse("workshops:present", args=[workshop.pk, 1]) + "?reveal=1").content.decode(),
    ]
    for page in pages:
        assert "Business <span" in page or "Business (" in page
        assert "Government (" not in page and "Government <span" not in page
        assert "NGO (" not in page and "NGO <span" not in page
    frame = read_export(facilitator.get(url("export_csv", workshop)).content)
    assert set(frame["role"]) == {"business", ""}
    # A threshold below three is refused, in the form and in the database.
    response = facilitator.post(
        url("edit", workshop),
        {"title": "X", "date": "2026-05-04", "dimensions": ["OPEN"], "min_role_group": 2},
    )
    assert response.status_code == 400
    workshop.refresh_from_db()
    assert workshop.min_role_group == 3


def walk_step(facilitator, workshop, number, value, goto="next"):
    return facilitator.post(
        reverse("workshops:consensus_step", args=[workshop.pk, number]), {**value, "goto": goto}
    )


def test_full_flow_to_consensus_results_and_json(facilitator, workshop, consultant):
    for role, value in (("business", "broad"), ("ngo", "broad"), ("government", "marginal")):
        phone = joined(workshop, role=role)
        answer(phone, workshop, {"OPEN.inclusiveness": value, "OPEN.outcome_evidence": "anecdotal"})
        assert phone.post(url("review", workshop)).status_code == 302
    start = facilitator.get(url("consensus", workshop))
    assert start.url == reverse("workshops:consensus_step", args=[workshop.pk, 1])
    page = facilitator.get(start.url)
    assert page.context["form"].initial["OPEN.inclusiveness"] == "broad"  # the most common answer
    assert page.context["view"].code == "OPEN.inclusiveness"  # largest disagreement first
    assert walk_step(facilitator, workshop, 1, {"OPEN.inclusiveness": "some"}).status_code == 302
    # Saved as we go: the walk resumes at the next question without an agreed answer.
    assert facilitator.get(url("consensus", workshop)).url.endswith("/consensus/2/")
    second = facilitator.get(reverse("workshops:consensus_step", args=[workshop.pk, 2]))
    assert second.context["form"].initial["OPEN.outcome_evidence"] == "anecdotal"
    response = walk_step(facilitator, workshop, 2, {"OPEN.outcome_evidence": "anecdotal"}, goto="record")
    record = reverse("workshops:consensus_record", args=[workshop.pk])
    assert response.url == record
    # Recording needs a confirmation.
    refused = facilitator.post(record, {})
    assert refused.status_code == 400 and not Assessment.objects.exists()
    response = facilitator.post(record, {"confirm": "yes"})
    assert response.status_code == 302 and response.url == url("results", workshop)
    workshop.refresh_from_db()
    consensus = workshop.consensus
    assert not workshop.is_open and consensus.locality == workshop.locality
    results = facilitator.get(response.url)
    rows = results.context["rows"]
    assert rows[0].is_consensus and len(rows) == 4
    # Framework v2: inclusiveness and outcomes are asked and reported, never scored (the paper's cases "do not
    # permit us to answer"), so a workshop on them alone compares no scores.
    assert all(r.overall is None and r.difference is None for r in rows)
    assert "Ana" not in results.content.decode()
    # The consensus is an assessment like any other: its results page works for the facilitator.
    assert facilitator.get(reverse("assessments:assessment_results", args=[consensus.pk])).status_code == 200
    document = json.loads(facilitator.get(url("export_consensus", workshop)).content)
    assert document["format"] == "ledcheck-assessment"
    assert document["answers"]["OPEN.inclusiveness"]["value"] == "some"
    # The consensus page now leads to the results; recording again is not possible.
    assert facilitator.get(url("consensus", workshop)).url == url("results", workshop)
    assert facilitator.post(record, {"confirm": "yes"}).url == url("results", workshop)
    assert Assessment.objects.count() == 1


def test_recording_refuses_questions_without_an_agreed_answer(facilitator, workshop):
    assert walk_step(facilitator, workshop, 1, {"OPEN.inclusiveness": "some"}).status_code == 302
    record = reverse("workshops:consensus_record", args=[workshop.pk])
    page = facilitator.get(record)
    assert len(page.context["missing"]) == 1
    response = facilitator.post(record, {"confirm": "yes"})
    assert response.status_code == 400
    assert "Some questions have no agreed answer yet." in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_tie_is_shown_as_a_tie_and_not_prefilled(facilitator, workshop):
    for value in ("broad", "marginal"):
        phone = joined(workshop)
        answer(phone, workshop, {"OPEN.inclusiveness": value})
        phone.post(url("review", workshop))
    page = facilitator.get(reverse("workshops:consensus_step", args=[workshop.pk, 1]))
    assert page.context["view"].code == "OPEN.inclusiveness"
    assert page.context["form"].initial["OPEN.inclusiveness"] is None
    assert "Tie between" in page.content.decode()
    dashboard = facilitator.get(url("dashboard", workshop)).content.decode()
    assert "Tie:" in dashboard and "No answers yet" in dashboard  # the unanswered question says so


def test_close_needs_a_confirmation_and_reopen(facilitator, workshop):
    assert facilitator.get(url("status", workshop)).status_code == 200
    assert facilitator.post(url("status", workshop), {"status": "closed"}).status_code == 400
    workshop.refresh_from_db()
    assert workshop.is_open
    close(facilitator, workshop)
    workshop.refresh_from_db()
    assert not workshop.is_open
    facilitator.post(url("status", workshop), {"status": "open"})
    workshop.refresh_from_db()
    assert workshop.is_open


def test_a_post_cannot_reopen_a_workshop_after_its_consensus(facilitator, workshop):
    phone = joined(workshop)
    answer(phone, workshop, {"OPEN.inclusiveness": "broad", "OPEN.outcome_evidence": "none"})
    phone.post(url("review", workshop))
    walk_step(facilitator, workshop, 1, {"OPEN.inclusiveness": "broad"})
    walk_step(facilitator, workshop, 2, {"OPEN.outcome_evidence": "none"})
    facilitator.post(reverse("workshops:consensus_record", args=[workshop.pk]), {"confirm": "yes"})
    response = facilitator.post(url("status", workshop), {"status": "open"})
    assert response.status_code == 409
    workshop.refresh_from_db()
    assert not workshop.is_open
    late = Client().post(url("join", workshop), {"role": "other"})
    assert late.status_code == 403 and Participant.objects.count() == 1
    # A second round is a new workshop linked to this one.
    response = facilitator.post(url("second_round", workshop))
    new = Workshop.objects.exclude(pk=workshop.pk).get()
    assert response.url == new.get_absolute_url() and new.previous_round == workshop and new.is_open
    assert new.code != workshop.code and new.dimensions == workshop.dimensions


# --- Participants ----------------------------------------------------------------------------------


def test_participant_continues_on_the_same_device(workshop):
    phone = joined(workshop, "Ana", "academia")
    assert phone.get(url("resume", workshop)).url == url("step", workshop, "OPEN")
    answer(phone, workshop, {"OPEN.inclusiveness": "some"}, goto="OPEN")
    # Coming back to the join link later on the same phone: no second participant, answers still there.
    response = phone.get(url("join", workshop), follow=True)
    assert response.redirect_chain[-1][0] == url("step", workshop, "OPEN")
    assert response.context["form"].initial["OPEN.inclusiveness"] == "some"
    assert Participant.objects.count() == 1
    participant = Participant.objects.get()
    assert (participant.name, participant.role) == ("Ana", "academia")


def test_participant_cookie_is_signed_httponly_and_holds_only_a_random_key(workshop):
    phone = Client()
    response = phone.post(url("join", workshop), {"name": "", "role": "other"})
    cookie = response.cookies[f"ledcheck_w{workshop.pk}"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    participant = Participant.objects.get()
    assert participant.device_key in cookie.value and cookie.value != participant.device_key
    # A cookie forged with the bare key (not signed) is not accepted.
    forged = Client()
    forged.cookies[f"ledcheck_w{workshop.pk}"] = participant.device_key
    assert forged.get(url("step", workshop, "OPEN")).url == url("join", workshop)


def test_participant_sees_only_their_own_answers(workshop):
    ana = joined(workshop, "Ana")
    answer(ana, workshop, {"OPEN.inclusiveness": "broad"}, goto="OPEN")
    ben = joined(workshop, "Ben")
    page = ben.get(url("step", workshop, "OPEN"))
    assert page.context["form"].initial["OPEN.inclusiveness"] is None
    broad = fw.load().indicators["OPEN.inclusiveness"].option("broad").text()
    review = ben.get(url("review", workshop)).content.decode()
    assert "Ana" not in review and broad not in review
    assert ana.get(url("review", workshop)).context["questions"][0]["label"] == broad
    assert broad in ana.get(url("review", workshop)).content.decode()


def test_participants_and_visitors_cannot_reach_facilitator_pages(workshop):
    phone = joined(workshop, "Ana")
    for name in FACILITATOR_URLS:
        response = phone.get(url(name, workshop))
        assert response.status_code == 302 and response.url.startswith("/accounts/login/"), name
    assert phone.post(url("status", workshop), {"status": "closed"}).status_code == 302
    workshop.refresh_from_db()
    assert workshop.is_open


def test_another_consultant_gets_404_on_every_facilitator_url(workshop, django_user_model):
    other = make_user(django_user_model, "other-consultant")
    make_locality(other, name="Medellín")
    client = Client()
    client.force_login(other)
    for name in (*FACILITATOR_URLS, "status"):
        method = client.post if name == "status" else client.get
        assert method(url(name, workshop)).status_code == 404, name
    assert workshop.title not in client.get(reverse("workshops:list")).content.decode()


def test_a_member_of_the_locality_who_is_not_the_owner_gets_404(workshop, django_user_model, consultant):
    colleague = make_user(django_user_model, "colleague")
    add_member(locality=workshop.locality, by=consultant, identifier="colleague")
    client = Client()
    client.force_login(colleague)
    assert client.get(url("dashboard", workshop)).status_code == 404


def test_closed_workshop_rejects_answers_and_says_so(facilitator, workshop):
    phone = joined(workshop)
    answer(phone, workshop, {"OPEN.inclusiveness": "broad"}, goto="OPEN")
    close(facilitator, workshop)
    response = answer(phone, workshop, {"OPEN.inclusiveness": "marginal"})
    assert response.status_code == 403
    assert "This workshop is closed and accepts no more answers." in response.content.decode()
    assert ParticipantAnswer.objects.get().value == "broad"
    assert phone.post(url("review", workshop)).status_code == 403
    assert not Participant.objects.get().submitted
    newcomer = Client().post(url("join", workshop), {"role": "other"})
    assert newcomer.status_code == 403 and Participant.objects.count() == 1


def test_submitted_answers_cannot_be_changed_and_a_second_submit_adds_nothing(workshop):
    phone = joined(workshop)
    answer(phone, workshop, {"OPEN.inclusiveness": "broad"})
    assert phone.post(url("review", workshop)).status_code == 302
    first = Participant.objects.get().submitted_at
    assert phone.post(url("review", workshop)).status_code == 302
    assert Participant.objects.get().submitted_at == first
    assert answer(phone, workshop, {"OPEN.inclusiveness": "marginal"}).status_code == 403
    assert ParticipantAnswer.objects.get().value == "broad"


def test_submitting_nothing_is_refused_with_a_message(workshop):
    phone = joined(workshop)
    response = phone.post(url("review", workshop))
    assert response.status_code == 400
    assert "Answer at least one question" in response.content.decode()


def test_unknown_token_is_404():
    assert Client().get(reverse("workshops:join", args=["not-a-token"])).status_code == 404


# --- Join by code: rate limit ----------------------------------------------------------------------


def test_guessing_codes_beyond_the_limit_is_refused(workshop, settings):
    settings.LEDCHECK_JOIN_FAILURE_LIMIT = 5
    guesser = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(5):
        response = guesser.post(reverse("workshops:join_code"), {"code": "ZZZZZZ"})
        assert response.status_code == 400
        assert "No workshop has this code" in response.content.decode()
    refused = guesser.post(reverse("workshops:join_code"), {"code": workshop.code})
    assert refused.status_code == 429  # even the right code: the guesser learns nothing more
    assert "Too many wrong codes" in refused.content.decode()
    # Someone else in another network is not affected.
    other = Client(REMOTE_ADDR="203.0.113.9").post(reverse("workshops:join_code"), {"code": workshop.code})
    assert other.status_code == 302


def test_right_codes_do_not_count_towards_the_limit(workshop, settings):
    settings.LEDCHECK_JOIN_FAILURE_LIMIT = 2
    room = Client(REMOTE_ADDR="192.0.2.1")
    for _ in range(10):
        assert room.post(reverse("workshops:join_code"), {"code": workshop.display_code}).status_code == 302


# --- Exports ---------------------------------------------------------------------------------------


def test_exports_hold_exactly_the_answers_given(facilitator, workshop):
    given = [
        ("Ana", "business", {"OPEN.inclusiveness": "broad", "OPEN.outcome_evidence": "none"}, "Acta"),
        ("", "government", {"OPEN.inclusiveness": "dont_know"}, ""),
    ]
    for name, role, answers, note in given:
        phone = joined(workshop, name, role)
        evidence = {"OPEN.inclusiveness__evidence": note} if note else {}
        answer(phone, workshop, {**answers, **evidence})
    ws.submit(participant=Participant.objects.get(name="Ana"))

    csv_response = facilitator.get(url("export_csv", workshop))
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "attachment" in csv_response["Content-Disposition"]
    frames = {
        "csv": read_export(csv_response.content),
        "xlsx": read_export(facilitator.get(url("export_xlsx", workshop)).content, "xlsx"),
    }
    # One person per role: the role is left out (it would single them out), as on every screen.
    expected = {
        ("P1", "Ana", "", "OPEN.inclusiveness", "broad", "Acta"),
        ("P1", "Ana", "", "OPEN.outcome_evidence", "none", ""),
        ("P2", "", "", "OPEN.inclusiveness", "dont_know", ""),
    }
    for kind, frame in frames.items():
        got = {(r.participant, r.name, r.role, r.indicator, r.value, r.evidence) for r in frame.itertuples()}
        assert got == expected, kind
        assert len(frame) == 3, kind
        assert set(frame["workshop"]) == {"Foro Rafaela"}
        submitted = dict(zip(frame["participant"], frame["submitted_at"] != "", strict=False))
        assert submitted == {"P1": True, "P2": False}
        assert pd.to_datetime(frame["answered_at"]).notna().all()
        labels = dict(zip(frame["indicator"] + frame["participant"], frame["value_label"], strict=True))
        assert labels["OPEN.inclusivenessP2"] == "Don't know"


def test_the_spanish_dashboard_counts_people_who_submitted_in_the_plural(facilitator, workshop):
    # "Submitted" is also an assessment's status ("Enviada"); the count of people reads "Enviaron".
    html = facilitator.get(url("dashboard", workshop), headers={"accept-language": "es"}).content.decode()
    assert "<dt>Enviaron</dt>" in html and "<dt>Enviada</dt>" not in html
