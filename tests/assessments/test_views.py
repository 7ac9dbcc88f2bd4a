import json
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse

from assessments import portable
from assessments.models import Assessment, Membership
from assessments.services import add_member, save_step, submit_assessment
from framework import definition as fw
from tests.assessments.factories import PASSWORD, answer_all, full_answers, make_locality, make_user, started

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(benchmark_cases, django_user_model):
    return make_user(django_user_model, "ana")


@pytest.fixture
def logged_in(client, user):
    client.force_login(user)
    return client


def step_url(assessment, code, query=""):
    return reverse("assessments:assessment_step", args=[assessment.pk, code]) + query


def rows(assessment):
    return dict(assessment.answers.values_list("indicator", "value"))


def inputs(html, name, state):
    """Option values of the inputs called ``name`` that carry the attribute ``state`` (checked, disabled)."""
    tags = re.findall(r"<input[^>]*>", html)
    return [
        re.search(r'value="([^"]*)"', tag).group(1)
        for tag in tags
        if f'name="{name}"' in tag and re.search(rf"\s{state}[\s>]", tag)
    ]


# --- Accounts ---------------------------------------------------------------


def test_signup_logs_in_and_leads_to_my_localities(client, benchmark_cases, django_user_model):
    response = client.post(
        reverse("signup"),
        {"username": "bea", "email": "bea@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:locality_list")
    assert django_user_model.objects.get(username="bea").email == "bea@example.org"
    assert "Add a locality" in client.get(response["Location"]).content.decode()


def test_signup_applies_django_password_validators_and_unique_email(client, user, django_user_model):
    django_user_model.objects.filter(pk=user.pk).update(email_verified=True)  # only a verified one is taken
    response = client.post(
        reverse("signup"),
        {"username": "bea", "email": "ANA@example.org", "password1": "12345678", "password2": "12345678"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This password is too common." in html
    assert "entirely numeric" in html
    assert "An account with this email already exists." in html
    assert not django_user_model.objects.filter(username="bea").exists()


def test_login_logout_and_nav(client, user):
    html = client.get(reverse("home")).content.decode()
    assert reverse("login") in html and reverse("signup") in html
    response = client.post(reverse("login"), {"username": "ana", "password": PASSWORD})
    assert response["Location"] == reverse("assessments:locality_list")
    html = client.get(reverse("home")).content.decode()
    assert "My localities" in html
    assert f'action="{reverse("logout")}" method="post"' in html
    assert client.get(reverse("logout")).status_code == 405  # logging out needs a POST (CSRF-protected)
    assert client.post(reverse("logout"))["Location"] == reverse("home")
    assert "My localities" not in client.get(reverse("home")).content.decode()


def test_password_reset_sends_a_working_link(client, user):
    response = client.post(reverse("password_reset"), {"email": "ana@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "ana" in body
    link = next(line for line in body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert "Choose a new password" in response.content.decode()
    new = "another-Long-pass-77"
    response = client.post(response.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert response["Location"] == reverse("password_reset_complete")
    response = client.post(reverse("login"), {"username": "ana", "password": new})
    assert response.status_code == 302 and client.session.get("_auth_user_id") == str(user.pk)


# --- Localities -------------------------------------------------------------


def test_create_locality_makes_owner(logged_in, user):
    response = logged_in.post(
        reverse("assessments:locality_create"),
        {"name": "Ilo", "country": "Peru", "region_type": "mining", "population_band": "20k_100k"},
    )
    locality = user.localities.get()
    assert response["Location"] == locality.get_absolute_url()
    assert locality.memberships.get().role == Membership.Role.OWNER
    html = logged_in.get(locality.get_absolute_url()).content.decode()
    assert "Mining region or enclave" in html and "20,000 to 99,999" in html


def test_create_locality_rejects_unknown_region_type(logged_in, user):
    response = logged_in.post(
        reverse("assessments:locality_create"),
        {"name": "Ilo", "country": "Peru", "region_type": "moon", "population_band": "20k_100k"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not user.localities.exists()


def test_owner_invites_and_a_member_cannot(logged_in, client, user, django_user_model):
    locality = make_locality(user)
    bruno = make_user(django_user_model, "bruno")
    url = reverse("assessments:member_add", args=[locality.pk])
    assert logged_in.post(url, {"email": "bruno@example.org"}).status_code == 302
    response = logged_in.post(url, {"email": "nobody"})
    assert response.status_code == 400
    add_member(locality=locality, by=user, identifier="bruno")
    client.force_login(bruno)
    assert client.post(url, {"email": "carla@example.org"}).status_code == 403
    assert sorted(locality.members.values_list("username", flat=True)) == ["ana", "bruno"]


def test_locality_page_lists_assessments_with_status_and_score(logged_in, user):
    first = started(user)
    answer_all(first, user)
    submit_assessment(assessment=first, user=user)
    started(user, first.locality)
    html = logged_in.get(first.locality.get_absolute_url()).content.decode()
    assert html.count("Draft") >= 1 and "Submitted" in html
    scores = re.findall(r'<span class="fs-4 fw-semibold">([^<]+)</span>', html)
    assert scores == ["—", "100"]  # newest first: the empty draft has no score, the best answers score 100
    assert "started from a copy" not in html
    assert "Start new assessment" in html and "Start from a copy of the last" in html


def test_start_new_and_copy_last(logged_in, user):
    locality = make_locality(user)
    response = logged_in.post(reverse("assessments:assessment_start", args=[locality.pk]))
    first = locality.assessments.get()
    assert response["Location"] == first.get_absolute_url()
    save_step(
        assessment=first,
        user=user,
        answers={"NET.brokerage": "dedicated"},
        evidence={"NET.brokerage": "ADEL"},
    )
    logged_in.post(reverse("assessments:assessment_copy_last", args=[locality.pk]))
    copy = locality.assessments.exclude(pk=first.pk).get()
    assert copy.copied_from == first
    assert copy.answers.get(indicator="NET.brokerage").evidence == "ADEL"


# --- Questionnaire ----------------------------------------------------------


def test_resume_lands_on_first_step_with_an_unanswered_question(logged_in, user):
    assessment = started(user)
    answers = {code: v for code, v in full_answers().items() if code.split(".")[0] in ("CTX", "MESO")}
    save_step(assessment=assessment, user=user, answers=answers, evidence={})
    response = logged_in.get(assessment.get_absolute_url())
    assert response["Location"] == step_url(assessment, "INIT")


def test_resume_of_a_complete_draft_goes_to_submit_and_of_a_submitted_one_to_results(logged_in, user):
    assessment = started(user)
    answer_all(assessment, user)
    assert logged_in.get(assessment.get_absolute_url())["Location"].endswith("/submit/")
    submit_assessment(assessment=assessment, user=user)
    assert logged_in.get(assessment.get_absolute_url())["Location"].endswith("/results/")


def test_step_page_shows_progress_help_citation_and_dont_know(logged_in, user):
    assessment = started(user)
    html = logged_in.get(step_url(assessment, "MESO")).content.decode()
    assert "Step 2 of 6" in html
    assert f"1 of {len(fw.load().indicators)} questions answered" in html
    assert "Creation of meso institutions; Figure 2 (Meso-institutions)" in html
    # One consistent multi-select help: "None of these" is a box of its own (issue 9, item 7).
    assert "Tick &#x27;None of these&#x27; if no such body exists" in html
    assert "unticked" not in html
    assert html.count('value="dont_know"') == len(fw.load().dimension("MESO").indicators)  # one per question
    assert 'value="__none__"' in html  # the explicit "None of these" of the multi question
    assert "14. Which specialised bodies deliver services" in html  # numbering runs through the steps
    assert "Evidence note (optional)" in html


def test_step_post_saves_and_moves_on_and_double_submit_is_harmless(logged_in, user):
    assessment = started(user)
    data = {
        "MESO.policy_institution": "mixed",
        "MESO.economic_institutions": ["incubator", "labour_market"],
        "MESO.economic_institutions__evidence": "Incubator opened 1998",
        "MESO.led_unit": "",
        "goto": "next",
    }
    for _ in range(2):
        response = logged_in.post(step_url(assessment, "MESO"), data)
        assert response["Location"] == step_url(assessment, "INIT")
    assert assessment.answers.count() == 3  # region type + two answers; the blank one stays unanswered
    assert rows(assessment)["MESO.economic_institutions"] == ["incubator", "labour_market"]
    assert assessment.answers.get(indicator="MESO.economic_institutions").evidence == "Incubator opened 1998"


@pytest.mark.parametrize(
    "goto, target", [("prev", "CTX"), ("next", "INIT"), ("NET", "NET"), ("MESO", "MESO"), ("bogus", "MESO")]
)
def test_every_step_button_saves_and_previous_never_validates(logged_in, user, goto, target):
    assessment = started(user)
    response = logged_in.post(step_url(assessment, "MESO"), {"MESO.led_unit": "team", "goto": goto})
    assert response["Location"] == step_url(assessment, target)
    assert rows(assessment)["MESO.led_unit"] == "team"


def test_last_step_leads_to_review(logged_in, user):
    assessment = started(user)
    response = logged_in.post(step_url(assessment, "OPEN"), {"goto": "review"})
    assert response["Location"] == reverse("assessments:assessment_submit", args=[assessment.pk])


@pytest.mark.parametrize(
    "picked, stored",
    [(["__none__"], []), (["dont_know"], "dont_know"), ([], None)],
)
def test_multi_none_of_these_dont_know_and_unanswered_are_distinct(logged_in, user, picked, stored):
    assessment = started(user)
    save_step(assessment=assessment, user=user, answers={"NET.horizontal_partners": ["ngos"]}, evidence={})
    logged_in.post(step_url(assessment, "NET"), {"NET.horizontal_partners": picked, "goto": "NET"})
    assert rows(assessment).get("NET.horizontal_partners") == stored
    html = logged_in.get(step_url(assessment, "NET")).content.decode()
    assert inputs(html, "NET.horizontal_partners", "checked") == picked


def test_invalid_step_saves_nothing_and_keeps_what_was_typed(logged_in, user):
    assessment = started(user)
    response = logged_in.post(
        step_url(assessment, "NET"),
        {
            "NET.public_private": "yes",
            "NET.horizontal_partners": ["ngos", "__none__"],
            "NET.brokerage__evidence": "x" * 2001,
            "goto": "prev",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "cannot be combined with other choices" in html
    assert "at most 2000 characters" in html
    assert "Nothing was saved" in html
    assert inputs(html, "NET.public_private", "checked") == ["yes"]
    assert inputs(html, "NET.horizontal_partners", "checked") == ["ngos", "__none__"]
    assert set(rows(assessment)) == {"CTX.region_type"}


def test_unknown_step_is_404(logged_in, user):
    assessment = started(user)
    assert logged_in.get(step_url(assessment, "NOPE")).status_code == 404


# --- Submit -----------------------------------------------------------------


def test_submit_incomplete_lists_missing_questions_linked_to_them(logged_in, user):
    assessment = started(user)
    answers = full_answers()
    del answers["LEARN.lris"], answers["MESO.led_unit"]
    save_step(assessment=assessment, user=user, answers=answers, evidence={})
    response = logged_in.post(reverse("assessments:assessment_submit", args=[assessment.pk]))
    html = response.content.decode()
    assert response.status_code == 400
    assert "2 questions still need an answer" in html
    assert "Question 15 · Meso-institutions" in html and "Question 43 · Learning processes" in html
    assert step_url(assessment, "MESO", "?check=1#q-MESO.led_unit") in html
    assert step_url(assessment, "LEARN", "?check=1#q-LEARN.lris") in html
    assert html.index("MESO.led_unit") < html.index("LEARN.lris")  # framework order
    assessment.refresh_from_db()
    assert assessment.is_draft

    step = logged_in.get(step_url(assessment, "MESO", "?check=1")).content.decode()
    assert "This question is not answered yet." in step
    assert step.count("This question is not answered yet.") == 1


def test_submit_complete_then_read_only(logged_in, user):
    assessment = started(user)
    answer_all(assessment, user)
    assert (
        f"All {len(fw.load().indicators)} questions are answered."
        in logged_in.get(reverse("assessments:assessment_submit", args=[assessment.pk])).content.decode()
    )
    response = logged_in.post(reverse("assessments:assessment_submit", args=[assessment.pk]))
    assert response["Location"] == reverse("assessments:assessment_results", args=[assessment.pk])
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED

    html = logged_in.get(step_url(assessment, "NET")).content.decode()
    assert "read-only" in html and "New assessment from a copy" in html
    assert inputs(html, "NET.public_private", "disabled") == ["no", "limited", "yes", "dont_know"]
    assert inputs(html, "NET.public_private", "checked") == ["yes"]
    assert "Save and continue" not in html
    response = logged_in.post(step_url(assessment, "NET"), {"NET.public_private": "no", "goto": "NET"})
    assert response.status_code == 403 and "read-only" in response.content.decode()
    assert rows(assessment)["NET.public_private"] == "yes"


def test_copy_of_a_submitted_assessment_is_a_new_draft(logged_in, user):
    assessment = started(user)
    answer_all(assessment, user)
    submit_assessment(assessment=assessment, user=user)
    response = logged_in.post(reverse("assessments:assessment_copy", args=[assessment.pk]))
    copy = Assessment.objects.get(copied_from=assessment)
    assert response["Location"] == copy.get_absolute_url()
    assert copy.is_draft and copy.answers.count() == assessment.answers.count()


# --- Results ----------------------------------------------------------------


def test_results_of_a_complete_assessment(logged_in, user):
    assessment = started(user)
    answer_all(assessment, user)
    submit_assessment(assessment=assessment, user=user)
    html = logged_in.get(reverse("assessments:assessment_results", args=[assessment.pk])).content.decode()
    assert "Provisional" not in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="radar"' in html and 'role="img"' in html
    for name in ("Meso-institutions", "Learning processes"):
        assert name in html
    # Context is not a practice: it is not scored, so it has no row among the scores.
    assert (
        "Context: conditions and triggers"
        not in html.split('id="dimensions-heading"')[1].split("</table>")[0]
    )
    assert "Overall score" in html and "Coverage: 100%" in html
    assert "Between 100 and 100 if the unknown answers were known." in html
    assert "Generation profile" in html
    assert "What raised the score" in html
    assert "Helmsing (2001): Creation of meso institutions" in html
    links = re.findall(r'<h3 class="h5 card-title mb-1"><a href="([^"]+)">', html)
    assert len(links) == 3
    assert all(resolve(link).view_name == "cases:case_detail" for link in links)
    assert len(re.findall(r'<span class="similarity">\d+%</span>', html)) == 3


def test_results_of_a_draft_are_provisional_with_recommendations(logged_in, user):
    assessment = started(user)
    save_step(assessment=assessment, user=user, answers={"NET.public_private": "no"}, evidence={})
    html = logged_in.get(reverse("assessments:assessment_results", args=[assessment.pk])).content.decode()
    assert "Provisional." in html
    assert "What lowered the score" in html
    assert "Recommendations" in html and "Find out first" in html
    assert "Not enough answers in common to compare yet." in html


# --- Portable JSON ----------------------------------------------------------


def test_download_json_round_trips(logged_in, user):
    assessment = started(user)
    save_step(
        assessment=assessment,
        user=user,
        answers={"NET.public_private": "yes", "NET.horizontal_partners": []},
        evidence={"NET.public_private": "Pacto local 1997", "LEARN.lris": "ask the university"},
    )
    response = logged_in.get(reverse("assessments:assessment_download", args=[assessment.pk]))
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == f'attachment; filename="ledcheck-rafaela-{assessment.pk}.json"'
    parsed = portable.parse(response.content)
    assert parsed.answers == {
        "CTX.region_type": "intermediate_city",
        "NET.public_private": "yes",
        "NET.horizontal_partners": [],
    }
    assert parsed.evidence == {"NET.public_private": "Pacto local 1997", "LEARN.lris": "ask the university"}
    assert parsed.locality["name"] == "Rafaela"


def upload(content, name="answers.json"):
    return SimpleUploadedFile(name, content, content_type="application/json")


def test_import_json_creates_a_new_draft(logged_in, user):
    locality = make_locality(user)
    doc = portable.dumps(
        framework_slug=fw.CURRENT_SLUG,
        answers={"MESO.led_unit": "unit", "LEARN.social": "dont_know"},
        evidence={"MESO.led_unit": "Oficina DEL"},
        title="From the workshop",
    )
    response = logged_in.post(
        reverse("assessments:assessment_import", args=[locality.pk]), {"file": upload(doc.encode())}
    )
    assessment = locality.assessments.get()
    assert response["Location"] == assessment.get_absolute_url()
    assert assessment.title == "From the workshop" and assessment.is_draft
    assert rows(assessment) == {"MESO.led_unit": "unit", "LEARN.social": "dont_know"}
    assert assessment.answers.get(indicator="MESO.led_unit").evidence == "Oficina DEL"


def test_import_errors_name_the_field_and_save_nothing(logged_in, user):
    locality = make_locality(user)
    doc = json.loads(portable.dumps(framework_slug=fw.CURRENT_SLUG, answers={"MESO.led_unit": "unit"}))
    doc["answers"]["MESO.led_unit"]["value"] = "huge"
    doc["answers"]["NET.public_private"] = {"value": "yes"}
    response = logged_in.post(
        reverse("assessments:assessment_import", args=[locality.pk]),
        {"file": upload(json.dumps(doc).encode())},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "<code>answers.MESO.led_unit.value</code>" in html and "huge" in html
    assert "nothing was saved" in html
    assert not locality.assessments.exists()


def test_import_refuses_files_over_1_mb(logged_in, user):
    locality = make_locality(user)
    response = logged_in.post(
        reverse("assessments:assessment_import", args=[locality.pk]), {"file": upload(b" " * 1_000_001)}
    )
    assert response.status_code == 400
    assert "the limit is 1 MB" in response.content.decode()
    assert not locality.assessments.exists()


def test_no_inline_scripts_on_assessment_pages(logged_in, user):
    assessment = started(user)
    for url in (step_url(assessment, "NET"), reverse("assessments:assessment_results", args=[assessment.pk])):
        html = logged_in.get(url).content.decode()
        assert html.count("<script") == html.count("<script src=")
        assert " onclick=" not in html and " onchange=" not in html and 'style="' not in html
