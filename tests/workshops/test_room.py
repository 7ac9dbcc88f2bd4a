"""What a real room needs, through the Django test client: joins that survive retries and caps, removing a
participant, the live endpoint's ETag/304 and compression, the presenting mode, shared results, the
consensus title's length and a room of 60 behind one address."""

import gzip
import json

import pytest
from django.test import Client
from django.urls import reverse

from framework.services import sync_framework_versions
from tests.assessments.factories import make_locality, make_user
from tests.workshops.exported import read_export
from workshops import ratelimit
from workshops import services as ws
from workshops.models import Participant, Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultant(django_user_model):
    sync_framework_versions()
    return make_user(django_user_model, "facilitator")


@pytest.fixture
def facilitator(client, consultant):
    client.force_login(consultant)
    return client


@pytest.fixture
def workshop(consultant):
    locality = make_locality(consultant)
    return ws.create_workshop(
        owner=consultant, locality=locality, title="Foro", date="2026-05-04", dimensions=["OPEN"]
    )


def join(workshop, role="other", client=None, **extra):
    phone = client or Client()
    data = {"role": role, **extra}
    return phone, phone.post(reverse("workshops:join", args=[workshop.token]), data)


def answer_and_submit(phone, workshop, answers):
    step = reverse("workshops:step", args=[workshop.token, "OPEN"])
    assert phone.post(step, {**answers, "goto": "review"}).status_code == 302
    assert phone.post(reverse("workshops:review", args=[workshop.token])).status_code == 302


def test_a_join_retried_after_a_lost_response_makes_no_duplicate(workshop):
    page = Client().get(reverse("workshops:join", args=[workshop.token]))
    key = page.context["form"].initial["join_key"]
    assert len(key) >= 24
    first, response = join(workshop, join_key=key)
    assert response.status_code == 302
    # The response was lost: the phone has no cookie and sends the same form again.
    retry, again = join(workshop, join_key=key)
    assert again.status_code == 302 and Participant.objects.count() == 1
    assert again.cookies[f"ledcheck_w{workshop.pk}"].value  # the same participant, on this phone now
    # Another person's form has another key.
    join(
        workshop,
        join_key=Client()
        .get(reverse("workshops:join", args=[workshop.token]))
        .context["form"]
        .initial["join_key"],
    )
    assert Participant.objects.count() == 2


def test_the_role_is_required_with_prefer_not_to_say(workshop):
    phone = Client()
    response = phone.post(reverse("workshops:join", args=[workshop.token]), {"join_key": "k" * 24})
    assert response.status_code == 400 and "Prefer not to say" in response.content.decode()
    assert not Participant.objects.exists()
    join(workshop, role="undisclosed", client=phone)
    assert Participant.objects.get().role == "undisclosed"


def test_names_are_asked_only_when_the_facilitator_chose_to(workshop):
    page = Client().get(reverse("workshops:join", args=[workshop.token])).content.decode()
    assert 'name="name"' not in page and "Who sees what" in page
    join(workshop, name="Ana")
    assert Participant.objects.get().name == ""  # not asked: not stored even if sent
    Workshop.objects.filter(pk=workshop.pk).update(ask_names=True)
    workshop.refresh_from_db()
    assert 'name="name"' in Client().get(reverse("workshops:join", args=[workshop.token])).content.decode()
    join(workshop, name="Ben")
    assert Participant.objects.filter(name="Ben").exists()


def test_the_participant_cap_and_its_message(workshop):
    Workshop.objects.filter(pk=workshop.pk).update(max_participants=2)
    join(workshop)
    join(workshop)
    _phone, response = join(workshop)
    assert response.status_code == 429 and "This workshop is full" in response.content.decode()
    assert Participant.objects.count() == 2


def test_joins_per_address_are_capped_per_hour(workshop, monkeypatch):
    monkeypatch.setattr(ws, "JOIN_HOURLY", 3)
    Workshop.objects.filter(pk=workshop.pk).update(max_participants=100)
    for _n in range(3):
        assert join(workshop, client=Client(REMOTE_ADDR="198.51.100.20"))[1].status_code == 302
    refused = join(workshop, client=Client(REMOTE_ADDR="198.51.100.20"))[1]
    assert (
        refused.status_code == 429 and "Too many people joined from your network" in refused.content.decode()
    )
    assert join(workshop, client=Client(REMOTE_ADDR="203.0.113.5"))[1].status_code == 302
    assert not Participant.objects.filter(join_address__contains="198.51").exists()  # hashed, never stored


def test_a_room_of_60_behind_one_address_joins_by_code_even_when_many_mistype(workshop):
    Workshop.objects.filter(pk=workshop.pk).update(max_participants=80)
    limit, _window = ratelimit.limits()
    mistakes = 0
    for person in range(60):
        phone = Client(REMOTE_ADDR="192.0.2.50")
        if person % 2 == 0:  # every second person mistypes once first
            assert phone.post(reverse("workshops:join_code"), {"code": "ABCXYZ"}).status_code == 400
            mistakes += 1
        response = phone.post(reverse("workshops:join_code"), {"code": workshop.display_code.lower()})
        assert response.status_code == 302, person
        join(workshop, client=phone)
    assert Participant.objects.count() == 60 and mistakes == 30 < limit


def test_i_am_someone_else_on_a_shared_phone(workshop):
    phone, _response = join(workshop)
    answer_and_submit(phone, workshop, {"OPEN.inclusiveness": "broad"})
    thanks = phone.get(reverse("workshops:review", args=[workshop.token])).content.decode()
    assert "I am someone else" in thanks
    response = phone.post(reverse("workshops:someone_else", args=[workshop.token]))
    assert response.url == reverse("workshops:join", args=[workshop.token])
    assert phone.get(reverse("workshops:join", args=[workshop.token])).status_code == 200  # a fresh join page
    join(workshop, client=phone)
    assert Participant.objects.count() == 2
    assert Participant.objects.filter(submitted_at__isnull=False).count() == 1  # the first one's answers stay


def test_removing_a_participant_removes_their_answers_everywhere(facilitator, workshop):
    for value in ("broad", "broad", "marginal"):
        phone, _r = join(workshop)
        answer_and_submit(phone, workshop, {"OPEN.inclusiveness": value})
    troll = Participant.objects.order_by("pk").first()
    remove = reverse("workshops:participant_remove", args=[workshop.pk, troll.pk])
    assert facilitator.get(remove).status_code == 200  # the confirmation
    assert facilitator.post(remove, {}).status_code == 400 and Participant.objects.count() == 3
    assert facilitator.post(remove, {"confirm": "yes"}).status_code == 302
    assert Participant.objects.count() == 2
    live = facilitator.get(reverse("workshops:live", args=[workshop.pk])).json()
    counts = {q["code"]: {d["key"]: d["count"] for d in q["distribution"]} for q in live["questions"]}
    assert counts["OPEN.inclusiveness"]["broad"] == 1 and counts["OPEN.inclusiveness"]["marginal"] == 1
    walk = facilitator.get(reverse("workshops:consensus_step", args=[workshop.pk, 1]))
    assert walk.context["view"].summary.answered == 2
    assert walk.context["form"].initial["OPEN.inclusiveness"] is None  # now a tie: not prefilled
    frame = read_export(facilitator.get(reverse("workshops:export_csv", args=[workshop.pk])).content)
    assert sorted(frame["participant"]) == ["P1", "P2"] and "broad" in set(frame["value"])
    assert len(frame) == 2


def test_live_endpoint_answers_304_when_nothing_changed_and_is_compressed(facilitator, workshop):
    live = reverse("workshops:live", args=[workshop.pk])
    first = facilitator.get(live, HTTP_ACCEPT_ENCODING="gzip")
    assert first.status_code == 200 and first["Content-Encoding"] == "gzip"
    data = json.loads(gzip.decompress(first.content))
    assert "html" not in data and data["revision"] == 0
    etag = first["ETag"]
    unchanged = facilitator.get(live, HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304 and unchanged.content == b""
    phone, _r = join(workshop)
    changed = facilitator.get(live, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert changed.json()["counts"]["joined"] == 1


def test_presenting_mode_hides_results_until_revealed_and_shows_no_names(facilitator, workshop):
    Workshop.objects.filter(pk=workshop.pk).update(ask_names=True)
    for name in ("Ana", "Ben", "Carla"):
        phone, _r = join(workshop, name=name)
        step = reverse("workshops:step", args=[workshop.token, "OPEN"])
        note = {"OPEN.inclusiveness__evidence": f"Acta de {name[0]}."}
        phone.post(step, {"OPEN.inclusiveness": "broad", **note, "goto": "review"})
        phone.post(reverse("workshops:review", args=[workshop.token]))
    present = reverse("workshops:present", args=[workshop.pk, 1])
    hidden = facilitator.get(present).content.decode()
    assert 'id="present-result" aria-labelledby="result-heading" hidden' in " ".join(hidden.split())
    shown = facilitator.get(present + "?reveal=1").content.decode()
    assert 'id="present-result" aria-labelledby="result-heading" hidden' not in " ".join(shown.split())
    assert "Acta de A." in shown  # participants' evidence notes, for the facilitator
    for page in (
        hidden,
        shown,
        facilitator.get(reverse("workshops:dashboard", args=[workshop.pk]) + "?present=1").content.decode(),
    ):
        assert "Ana" not in page and "Ben" not in page and "Carla" not in page
    assert facilitator.get(reverse("workshops:present", args=[workshop.pk, 99])).status_code == 404


def test_discussion_notes_are_saved_by_the_script_and_by_the_button(facilitator, workshop):
    code = "OPEN.inclusiveness"
    note = reverse("workshops:note", args=[workshop.pk, code])
    saved = facilitator.post(note, {"text": "Se habló del consejo."}, HTTP_X_REQUESTED_WITH="fetch")
    assert saved.json() == {"saved": True}
    page = facilitator.get(reverse("workshops:present", args=[workshop.pk, 1]))
    if page.context["question"].code == code:
        assert "Se habló del consejo." in page.content.decode()
    assert workshop.notes.get().text == "Se habló del consejo."
    facilitator.post(note, {"text": "", "next": "/elsewhere/"})
    assert not workshop.notes.exists()
    assert (
        facilitator.post(reverse("workshops:note", args=[workshop.pk, "NOPE.x"]), {"text": "x"}).status_code
        == 302
    )


def test_results_reach_participants_only_once_shared(facilitator, workshop, consultant):
    phone, _r = join(workshop)
    answer_and_submit(phone, workshop, {"OPEN.inclusiveness": "broad", "OPEN.outcome_evidence": "none"})
    mine = reverse("workshops:participant_results", args=[workshop.token])
    assert "has not shared the results yet" in phone.get(mine).content.decode()
    assert (
        facilitator.post(reverse("workshops:share", args=[workshop.pk]), {"share": "yes"}).status_code == 302
    )
    workshop.refresh_from_db()
    assert not workshop.share_results  # nothing to share before the consensus
    agreed = {"OPEN.inclusiveness": "some", "OPEN.outcome_evidence": "none"}
    ws.record_consensus(workshop=workshop, user=consultant, answers=agreed)
    facilitator.post(reverse("workshops:share", args=[workshop.pk]), {"share": "yes"})
    page = phone.get(mine).content.decode()
    assert "Agreed:" in page and "To some extent" in page
    assert "See the group" in phone.get(reverse("workshops:review", args=[workshop.token])).content.decode()


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_long_workshop_title_still_gives_a_consensus_title_of_at_most_200(consultant, language):
    from django.utils import translation

    locality = make_locality(consultant)
    workshop = ws.create_workshop(
        owner=consultant, locality=locality, title="T" * 200, date="2026-05-04", dimensions=["OPEN"]
    )
    with translation.override(language):
        assessment = ws.record_consensus(
            workshop=workshop, user=consultant,
            answers={"OPEN.inclusiveness": "some", "OPEN.outcome_evidence": "none"},
        )  # fmt: skip
    assert len(assessment.title) <= 200 and assessment.title.endswith("…”")
    assessment.full_clean(exclude=["locality", "framework", "created_by"])


def test_duplicate_edit_and_delete(facilitator, workshop):
    facilitator.post(reverse("workshops:duplicate", args=[workshop.pk]))
    copy = Workshop.objects.exclude(pk=workshop.pk).get()
    assert copy.dimensions == workshop.dimensions and copy.code != workshop.code and copy.is_open
    edit = reverse("workshops:edit", args=[workshop.pk])
    data = {"title": "Foro 2", "date": "2026-05-05", "dimensions": ["OPEN"], "min_role_group": 4,
            "max_participants": 30, "live_unsubmitted": "on"}  # fmt: skip
    assert facilitator.post(edit, data).status_code == 302
    workshop.refresh_from_db()
    got = (workshop.title, workshop.min_role_group, workshop.max_participants, workshop.live_unsubmitted)
    assert got == ("Foro 2", 4, 30, True)
    delete = reverse("workshops:delete", args=[copy.pk])
    assert facilitator.post(delete, {}).status_code == 400 and Workshop.objects.count() == 2
    assert facilitator.post(delete, {"confirm": "yes"}).status_code == 302 and Workshop.objects.count() == 1


def test_the_service_worker_is_served_for_the_participant_scope():
    response = Client().get(reverse("workshops:service_worker"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/w/"
    body = response.content.decode()
    assert "/static/questionnaire/autosave.js" in body and 'request.method !== "GET"' in body


def test_three_paper_questionnaires_count_and_are_marked_as_paper(facilitator, workshop):
    ws.set_status(workshop=workshop, status="closed")  # paper answers may be entered after closing
    paper = reverse("workshops:paper", args=[workshop.pk])
    page = facilitator.get(paper).content.decode()
    assert "/reports/workshop-kit/es/questionnaire.pdf" in page
    for value in ("broad", "broad", "marginal"):
        response = facilitator.post(paper, {"role": "community"})
        participant = Participant.objects.order_by("-pk").first()
        assert participant.on_paper
        step = reverse("workshops:paper_step", args=[workshop.pk, participant.pk, "OPEN"])
        assert response.url == step
        data = {"OPEN.inclusiveness": value, "OPEN.outcome_evidence": "none", "goto": "review"}
        assert facilitator.post(step, data).url == reverse(
            "workshops:paper_review", args=[workshop.pk, participant.pk]
        )
        assert (
            facilitator.post(reverse("workshops:paper_review", args=[workshop.pk, participant.pk])).url
            == paper
        )
    assert Participant.objects.filter(on_paper=True, submitted_at__isnull=False).count() == 3
    live = facilitator.get(reverse("workshops:live", args=[workshop.pk])).json()
    assert live["counts"]["on_paper"] == 3 and live["counts"]["submitted"] == 3
    first = {q["code"]: q for q in live["questions"]}["OPEN.inclusiveness"]
    assert {d["key"]: d["count"] for d in first["distribution"]}["broad"] == 2
    assert [r["role"] for r in first["by_role"]] == ["community"]  # three of them: shown
    dashboard = facilitator.get(reverse("workshops:dashboard", args=[workshop.pk])).content.decode()
    assert "On paper" in dashboard
    walk = facilitator.get(reverse("workshops:consensus_step", args=[workshop.pk, 1]))
    assert walk.context["form"].initial["OPEN.inclusiveness"] == "broad"
    assert "(3 on paper)" in walk.content.decode() or "(2 on paper)" in walk.content.decode()
    assert "3 participants answered on paper" in walk.content.decode()
    listing = facilitator.get(reverse("workshops:participants", args=[workshop.pk])).content.decode()
    assert "P1 (paper)" in listing
    frame = read_export(facilitator.get(reverse("workshops:export_csv", args=[workshop.pk])).content)
    assert set(frame["source"]) == {"paper"} and len(frame) == 6
    assert set(frame["participant"]) == {"P1", "P2", "P3"}
    # A phone participant cannot open a paper questionnaire's pages.
    phone, _r = join(Workshop.objects.get(pk=workshop.pk))
    assert (
        phone.get(reverse("workshops:paper_step", args=[workshop.pk, participant.pk, "OPEN"])).status_code
        == 302
    )


def test_the_consensus_walk_autosaves_each_choice(facilitator, workshop):
    step = reverse("workshops:consensus_step", args=[workshop.pk, 1])
    code = facilitator.get(step).context["view"].code
    option = {"OPEN.inclusiveness": "some", "OPEN.outcome_evidence": "anecdotal"}[code]
    response = facilitator.post(step, {code: option, "autosave": "1"})
    assert response.json() == {"saved": True}
    workshop.refresh_from_db()
    assert workshop.consensus_draft["answers"] == {code: option}
    # Reloaded: the walk shows the saved choice and resumes at the next question.
    assert facilitator.get(step).context["form"].initial[code] == option
    assert facilitator.get(reverse("workshops:consensus", args=[workshop.pk])).url.endswith("/consensus/2/")
