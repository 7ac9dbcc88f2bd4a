"""Views of workshops.

Facilitator views need a login and go through ``get_workshop_for`` (404 for anyone but the workshop's owner).
Participant views need no account: the join token in the URL finds the workshop and a signed, HttpOnly
cookie holding a random device key finds the participant, so someone returning on the same phone continues
where they left off and nobody reaches another participant's answers.
"""

import hashlib
import json
import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments import presenters as assessment_presenters
from assessments import selectors as assessment_selectors
from core import spreadsheet
from core.clientip import client_address
from framework import answers as answer_format
from questionnaire import flow, navigation
from workshops import consensus, exports, presenters, ratelimit, services
from workshops import selectors as ws
from workshops.forms import CodeForm, JoinForm, PaperForm, WorkshopForm, consensus_form
from workshops.models import Workshop
from workshops.qr import qr_svg

COOKIE_SALT = "ledcheck.workshop.participant"
COOKIE_AGE = 60 * 60 * 24 * 30


# --- Facilitator ------------------------------------------------------------------------------------


@login_required
@require_GET
def workshop_list(request):
    workshops = ws.workshops_for(request.user)
    return render(request, "workshops/list.html", {"workshops": workshops})


def _options(form) -> dict:
    data = form.cleaned_data
    return {name: data[name] for name in services.OPTION_FIELDS if data.get(name) is not None}


@login_required
@require_http_methods(["GET", "POST"])
def workshop_create(request):
    initial, locality = {}, request.GET.get("locality", "")
    if locality.isascii() and locality.isdigit():  # "²".isdigit() is true too, but no id
        initial["locality"] = assessment_selectors.localities_for(request.user).filter(pk=locality).first()
    form = WorkshopForm(request.POST or None, user=request.user, initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        try:
            workshop = services.create_workshop(
                owner=request.user,
                locality=data["locality"],
                title=data["title"],
                date=data["date"],
                dimensions=data["dimensions"],
                **_options(form),
            )
        except services.ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Workshop created: show its code or QR code to the participants."))
            return redirect(workshop)
    return render(request, "workshops/form.html", {"form": form}, status=400 if form.is_bound else 200)


@login_required
@require_http_methods(["GET", "POST"])
def workshop_edit(request, pk):
    workshop = ws.get_workshop_for(request.user, pk)
    initial = {name: getattr(workshop, name) for name in ("title", "date", *services.OPTION_FIELDS)}
    initial["dimensions"] = workshop.dimension_codes()
    form = WorkshopForm(request.POST or None, user=request.user, editing=True, initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.update_workshop(
                workshop=workshop, title=data["title"], date=data["date"], dimensions=data["dimensions"],
                **_options(form),
            )  # fmt: skip
        except services.ServiceError as exc:
            form.add_error(None, str(exc))
            for name, message in exc.errors.items():
                if name in form.fields:
                    form.add_error(name, message)
        else:
            messages.success(request, _("Workshop saved."))
            return redirect(workshop)
    context = {"form": form, "workshop": workshop, "editing": True}
    return render(request, "workshops/form.html", context, status=400 if form.is_bound else 200)


@login_required
@require_POST
def workshop_duplicate(request, pk):
    workshop = ws.get_workshop_for(request.user, pk)
    copy = services.duplicate_workshop(workshop=workshop, owner=request.user)
    messages.success(request, _("Workshop copied, with a new code and link. Nobody has joined it yet."))
    return redirect(copy)


@login_required
@require_POST
def workshop_second_round(request, pk):
    workshop = ws.get_workshop_for(request.user, pk)
    new = services.second_round(workshop=workshop, owner=request.user)
    messages.success(
        request, _("Second round created, linked to the first. Show its new code to the participants.")
    )
    return redirect(new)


@login_required
@require_http_methods(["GET", "POST"])
def workshop_delete(request, pk):
    workshop = ws.get_workshop_for(request.user, pk)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        services.delete_workshop(workshop=workshop)
        messages.success(request, _("Workshop deleted with its participants and answers."))
        return redirect("workshops:list")
    status = 400 if request.method == "POST" else 200
    context = {"workshop": workshop, "counts": ws.counts(workshop)}
    return render(request, "workshops/delete.html", context, status=status)


def join_url(request, workshop: Workshop) -> str:
    return request.build_absolute_uri(reverse("workshops:join", args=[workshop.token]))


def _dashboard_context(request, workshop):
    data, questions = presenters.live_payload(workshop)
    return {
        "workshop": workshop,
        "counts": data["counts"],
        "alpha": data["alpha"],
        "questions": questions,
        "join_url": join_url(request, workshop),
        "code_url": request.build_absolute_uri(reverse("workshops:join_code")),
        "revision": workshop.revision,
    }


@login_required
@require_GET
@gzip_page
def dashboard(request, pk):
    workshop = ws.get_workshop_for(request.user, pk)
    context = _dashboard_context(request, workshop) | {"present": bool(request.GET.get("present"))}
    return render(request, "workshops/dashboard.html", context)


def _etag(workshop) -> str:
    options = f"{int(workshop.live_unsubmitted)}-{workshop.min_role_group}"
    return f'"w{workshop.pk}-{workshop.token[:8]}-r{workshop.revision}-{options}-{get_language()}"'


@login_required
@require_GET
@gzip_page
def dashboard_live(request, pk):
    """The dashboard's numbers as compact JSON (the script updates the page in place).

    Its ETag is the workshop's revision: a poll with ``If-None-Match`` answers 304 with no body and no
    work when nothing changed; otherwise the data comes from the cache filled once per change."""
    workshop = ws.get_workshop_for(request.user, pk)
    etag = _etag(workshop)
    sent = [tag.strip().removeprefix("W/") for tag in request.headers.get("If-None-Match", "").split(",")]
    if etag in sent:  # compression makes the tag weak (W/"..."): it still names the same data
        response = HttpResponseNotModified()
    else:
        data, _views = presenters.live_payload(workshop)
        response = JsonResponse(data)
    response["ETag"] = etag
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie", "Accept-Language"])
    return response


@login_required
@require_GET
def join_qr(request, pk):
    workshop = ws.get_workshop_for(request.user, pk)
    svg = qr_svg(join_url(request, workshop), title=_("QR code: link to join the workshop"))
    return HttpResponse(svg, content_type="image/svg+xml")


@login_required
@require_http_methods(["GET", "POST"])
def workshop_status(request, pk):
    """Close (after a confirmation) or reopen a workshop; one whose consensus is recorded stays closed."""
    workshop = ws.get_workshop_for(request.user, pk)
    status = request.POST.get("status", "") if request.method == "POST" else ""
    if request.method == "GET" or (status == Workshop.Status.CLOSED and request.POST.get("confirm") != "yes"):
        context = {"workshop": workshop, "counts": ws.counts(workshop)}
        return render(
            request, "workshops/close.html", context, status=200 if request.method == "GET" else 400
        )
    try:
        services.set_status(workshop=workshop, status=status)
    except services.WorkshopClosed as exc:  # reopening after the consensus
        context = {"workshop": workshop, "counts": ws.counts(workshop), "refused": str(exc)}
        return render(request, "workshops/close.html", context, status=409)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        if workshop.is_open:
            messages.success(request, _("The workshop is open again: participants can answer."))
        else:
            messages.success(request, _("The workshop is closed: it accepts no more answers."))
    return redirect(workshop)


@login_required
@require_POST
def workshop_share(request, pk):
    workshop = ws.get_workshop_for(request.user, pk)
    try:
        services.set_share_results(workshop=workshop, share=request.POST.get("share") == "yes")
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        if workshop.share_results:
            messages.success(request, _("Participants can now see the group's results on their phones."))
        else:
            messages.success(request, _("Participants no longer see the group's results."))
    return redirect("workshops:results", pk=workshop.pk) if workshop.consensus_id else redirect(workshop)


@login_required
@require_GET
def participant_list(request, pk):
    workshop = ws.get_workshop_for(request.user, pk)
    context = {"workshop": workshop, "participants": ws.participant_rows(workshop)}
    return render(request, "workshops/participants.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def participant_remove(request, pk, participant):
    workshop = ws.get_workshop_for(request.user, pk)
    row = next((p for p in ws.participant_rows(workshop) if p["pk"] == participant), None)
    if row is None:
        raise Http404("No such participant.")
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        services.remove_participant(workshop=workshop, participant_pk=participant)
        messages.success(request, _("%(label)s removed with all their answers.") % {"label": row["label"]})
        return redirect("workshops:participants", pk=workshop.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "workshops/participant_remove.html", {"workshop": workshop, "row": row}, status=status
    )


# --- Questionnaires answered on paper, entered by the facilitator (issue 14) ----------------------


@login_required
@require_http_methods(["GET", "POST"])
def paper_list(request, pk):
    """The questionnaires entered from paper, and a new one: its role, then its answers step by step."""
    workshop = ws.get_workshop_for(request.user, pk)
    form = PaperForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                participant = services.add_paper_participant(
                    workshop=workshop, role=form.cleaned_data["role"]
                )
            except services.ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                code = workshop.dimension_codes()[0]
                return redirect("workshops:paper_step", pk=workshop.pk, participant=participant.pk, code=code)
    rows = [p for p in ws.participant_rows(workshop) if p["on_paper"]]
    context = {"workshop": workshop, "form": form, "rows": rows}
    return render(request, "workshops/paper.html", context, status=status)


def _paper_sheet(workshop, participant) -> flow.Sheet:
    def save(answers, evidence):
        services.save_answers(participant=participant, answers=answers, evidence=evidence)

    def submit():
        services.submit(participant=participant)

    args = [workshop.pk, participant.pk]
    return flow.Sheet(
        framework=workshop.asked_framework(),
        rows=participant.answers,
        save=save,
        editable=not workshop.consensus_id and not participant.submitted,
        step_url=flow.step_urls("workshops:paper_step", *args),
        review_url=reverse("workshops:paper_review", args=args),
        template="workshops/paper_step.html",
        review_template="workshops/paper_review.html",
        context={
            "workshop": workshop,
            "participant": participant,
            "label": ws.participant_labels(workshop)[participant.pk],
        },
        submit=submit,
        submitted_message=_("Paper questionnaire saved and counted."),
        after_submit_url=reverse("workshops:paper", args=[workshop.pk]),
        autosave_key=f"w{workshop.pk}paper{participant.pk}",
    )


def _paper_participant(workshop, pk):
    participant = workshop.participants.filter(pk=pk, on_paper=True).first()
    if participant is None:
        raise Http404("No such paper questionnaire.")
    participant.workshop = workshop
    return participant


@login_required
@require_http_methods(["GET", "POST"])
def paper_step(request, pk, participant, code):
    workshop = ws.get_workshop_for(request.user, pk)
    return flow.step(request, _paper_sheet(workshop, _paper_participant(workshop, participant)), code)


@login_required
@require_http_methods(["GET", "POST"])
def paper_review(request, pk, participant):
    workshop = ws.get_workshop_for(request.user, pk)
    return flow.review(request, _paper_sheet(workshop, _paper_participant(workshop, participant)))


# --- Presenting mode (the projector: one question at a time) --------------------------------------


def _present_questions(workshop):
    """The questions in questionnaire order (next/previous must not jump as answers come in)."""
    _data, views = presenters.live_payload(workshop)
    return sorted(views, key=lambda q: q.number)


@login_required
@require_GET
def present_start(request, pk):
    ws.get_workshop_for(request.user, pk)
    return redirect("workshops:present", pk=pk, number=1)


@login_required
@require_GET
@gzip_page
def present(request, pk, number):
    workshop = ws.get_workshop_for(request.user, pk)
    questions = _present_questions(workshop)
    if not 1 <= number <= len(questions):
        raise Http404("No such question.")
    question = questions[number - 1]
    note = ws.discussion_note(workshop, question.code)
    context = {
        "workshop": workshop,
        "question": question,
        "number": number,
        "total": len(questions),
        "revealed": request.GET.get("reveal") == "1",
        "note": note,
        "evidence": ws.evidence_notes(workshop, question.code),
        "counts": ws.counts(workshop),
        "timer": request.GET.get("timer", ""),
    }
    return render(request, "workshops/present.html", context)


@login_required
@require_POST
def save_note(request, pk, code):
    """The facilitator's discussion note on one question, saved as it is typed (the script posts here
    after a pause; without the script, the note's Save button)."""
    workshop = ws.get_workshop_for(request.user, pk)
    try:
        services.save_note(workshop=workshop, code=code, text=request.POST.get("text", ""))
    except services.ServiceError as exc:
        if request.headers.get("X-Requested-With") == "fetch":
            return JsonResponse({"saved": False, "message": str(exc)}, status=400)
        messages.error(request, str(exc))
    else:
        if request.headers.get("X-Requested-With") == "fetch":
            return JsonResponse({"saved": True})
        messages.success(request, _("Note saved."))
    back = request.POST.get("next", "")
    if not back.startswith(f"/workshops/{workshop.pk}/"):
        back = reverse("workshops:present_start", args=[workshop.pk])
    return redirect(back)


@login_required
@require_GET
def opinion_groups(request, pk):
    workshop = ws.get_workshop_for(request.user, pk)
    context = {"workshop": workshop, **presenters.opinion_view(workshop), "counts": ws.counts(workshop)}
    return render(request, "workshops/groups.html", context)


# --- Consensus: a walk through the questions, saved as the facilitator goes -----------------------


def _walk(workshop):
    """The walk's questions, largest disagreement first among the submitted answers; the order is fixed
    on the first visit so the walk can be resumed in the same order."""
    questions = presenters.question_views(workshop, submitted_only=True)
    order = workshop.consensus_draft.get("order")
    known = {q.code: q for q in questions}
    if not order or set(order) != set(known):
        order = [q.code for q in questions]
        draft = dict(workshop.consensus_draft)
        draft["order"] = order
        Workshop.objects.filter(pk=workshop.pk).update(consensus_draft=draft)
        workshop.consensus_draft = draft
    return [known[c] for c in order]


def _decided(workshop) -> dict:
    return workshop.consensus_draft.get("answers", {})


@login_required
@require_GET
def workshop_consensus(request, pk):
    """Resume the walk at the first question without an agreed answer (or the review when all have one)."""
    workshop = ws.get_workshop_for(request.user, pk)
    if workshop.consensus_id:
        return redirect("workshops:results", pk=workshop.pk)
    questions = _walk(workshop)
    decided = _decided(workshop)
    for n, q in enumerate(questions, start=1):
        if q.code not in decided:
            return redirect("workshops:consensus_step", pk=workshop.pk, number=n)
    return redirect("workshops:consensus_record", pk=workshop.pk)


@login_required
@require_http_methods(["GET", "POST"])
def consensus_step(request, pk, number):
    workshop = ws.get_workshop_for(request.user, pk)
    if workshop.consensus_id:
        return redirect("workshops:results", pk=workshop.pk)
    questions = _walk(workshop)
    if not 1 <= number <= len(questions):
        raise Http404("No such question.")
    view = questions[number - 1]
    decided = _decided(workshop)
    prefill = dict(consensus.consensus_prefill([view.summary]))
    values = {view.code: decided[view.code]} if view.code in decided else prefill
    evidence = workshop.consensus_draft.get("evidence", {})
    form = consensus_form(request.POST or None, indicators=[view.indicator], values=values, evidence=evidence)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            value = form.answers()[view.code]
            note = form.evidence()[view.code]
            try:
                services.save_consensus_answer(workshop=workshop, code=view.code, value=value, note=note)
            except services.ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                if request.POST.get("autosave") == "1":
                    return JsonResponse({"saved": True})
                goto = request.POST.get("goto", "next")
                if goto == "prev" and number > 1:
                    return redirect("workshops:consensus_step", pk=workshop.pk, number=number - 1)
                if goto == "next" and number < len(questions):
                    return redirect("workshops:consensus_step", pk=workshop.pk, number=number + 1)
                if goto == "stay":
                    return redirect("workshops:consensus_step", pk=workshop.pk, number=number)
                return redirect("workshops:consensus_record", pk=workshop.pk)
        elif request.POST.get("autosave") == "1":
            return JsonResponse({"saved": False}, status=400)
    context = {
        "workshop": workshop,
        "form": form,
        "question": form.questions()[0],
        "view": view,
        "number": number,
        "total": len(questions),
        "decided": sum(1 for q in questions if q.code in _decided(workshop)),
        "is_decided": view.code in _decided(workshop),
        "paper_answers": ws.paper_answer_count(workshop, view.code),
        "paper_submitted": workshop.participants.filter(on_paper=True, submitted_at__isnull=False).count(),
        "counts": ws.counts(workshop),
        "steps": [(n, q, q.code in _decided(workshop)) for n, q in enumerate(questions, start=1)],
    }
    return render(request, "workshops/consensus_step.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def consensus_record(request, pk):
    """Every agreed answer, what is still undecided, and the confirmed button that records the consensus
    and closes the workshop for good."""
    workshop = ws.get_workshop_for(request.user, pk)
    if workshop.consensus_id:
        return redirect("workshops:results", pk=workshop.pk)
    questions = _walk(workshop)
    decided = _decided(workshop)
    status, error = 200, ""
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            status, error = (
                400,
                _("Tick the box to confirm: recording the consensus closes the workshop for good."),
            )
        else:
            try:
                assessment = services.record_consensus(workshop=workshop, user=request.user)
            except services.ServiceError as exc:
                status, error = 400, str(exc)
            else:
                if not assessment.is_draft:
                    messages.success(request, _("Consensus saved as a submitted assessment of the locality."))
                return redirect("workshops:results", pk=workshop.pk)
    rows = [
        {
            "number": n,
            "view": q,
            "answer": answer_format.text(q.indicator, decided[q.code]) if q.code in decided else "",
        }
        for n, q in enumerate(questions, start=1)
    ]
    context = {
        "workshop": workshop,
        "rows": rows,
        "missing": [r for r in rows if not r["answer"]],
        "error": error,
        "counts": ws.counts(workshop),
    }
    return render(request, "workshops/consensus_record.html", context, status=status)


@login_required
@require_GET
def workshop_results(request, pk):
    workshop = ws.get_workshop_for(request.user, pk)
    if workshop.consensus is None:
        return redirect("workshops:consensus", pk=workshop.pk)
    dimensions, rows = presenters.comparison(workshop)
    results = assessment_presenters.results_of(workshop.consensus)
    context = {
        "workshop": workshop,
        "assessment": workshop.consensus,
        "dimension_names": dimensions,
        "rows": rows,
        "score": results.score,
        "next_rounds": workshop.next_rounds.filter(owner=request.user),
    }
    return render(request, "workshops/results.html", context)


def _attachment(content, content_type, workshop, extension):
    response = HttpResponse(content, content_type=content_type)
    name = slugify(workshop.title) or workshop.pk
    filename = f"ledcheck-workshop-{name}-{workshop.date:%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def export_csv(request, pk):
    workshop = ws.get_workshop_for(request.user, pk)
    # Formula-safe (core.spreadsheet), with a byte-order mark so spreadsheet programs read accents correctly.
    content = spreadsheet.csv_bytes(*exports.export_table(workshop))
    return _attachment(content, "text/csv; charset=utf-8", workshop, "csv")


@login_required
@require_GET
def export_xlsx(request, pk):
    workshop = ws.get_workshop_for(request.user, pk)
    # Text cells as strings, never formulas (core.spreadsheet).
    header, rows = exports.export_table(workshop)
    content = spreadsheet.xlsx_bytes(header, rows, sheet_name=pgettext("spreadsheet sheet", "Answers"))
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _attachment(content, content_type, workshop, "xlsx")


@login_required
@require_GET
def export_consensus(request, pk):
    workshop = ws.get_workshop_for(request.user, pk)
    if workshop.consensus is None:
        raise Http404("No consensus recorded yet.")
    content = assessment_selectors.portable_json(workshop.consensus)
    return _attachment(content, "application/json; charset=utf-8", workshop, "json")


# --- Participants -----------------------------------------------------------------------------------


def _cookie_name(workshop: Workshop) -> str:
    return f"ledcheck_w{workshop.pk}"


def _participant(request, workshop):
    name = _cookie_name(workshop)
    key = request.get_signed_cookie(name, default=None, salt=COOKIE_SALT, max_age=COOKIE_AGE)
    return ws.participant_on_device(workshop, key)


def _set_cookie(request, response, workshop, participant):
    response.set_signed_cookie(
        _cookie_name(workshop),
        participant.device_key,
        salt=COOKIE_SALT,
        max_age=COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


@require_http_methods(["GET", "POST"])
def join_code(request):
    """Join by typing the short code; wrong codes are limited per client address (``workshops.ratelimit``)."""
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        address = client_address(request)
        if ratelimit.is_limited(address):
            _limit, window = ratelimit.limits()
            form = CodeForm()
            message = _(
                "Too many wrong codes from your network. Wait %(minutes)d minutes, or scan the QR code "
                "or open the link shown on the screen instead."
            ) % {"minutes": round(window.total_seconds() / 60)}
            return render(request, "workshops/join_code.html", {"form": form, "limited": message}, status=429)
        if form.is_valid():
            workshop = ws.workshop_by_code(services.normalise_code(form.cleaned_data["code"]))
            if workshop is not None:
                return redirect("workshops:join", token=workshop.token)
            ratelimit.record_failure(address)
            form.add_error("code", _("No workshop has this code. Check it on the screen and try again."))
        status = 400
    return render(request, "workshops/join_code.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def join(request, token):
    workshop = ws.get_workshop_by_token(token)
    participant = _participant(request, workshop)
    if participant is not None:
        return redirect("workshops:resume", token=token)
    context = {"workshop": workshop}
    if not workshop.is_open:
        return render(request, "workshops/join.html", context | {"closed": True}, status=403)
    form = JoinForm(
        request.POST or None, ask_names=workshop.ask_names, initial={"join_key": secrets.token_urlsafe(24)}
    )
    status = 400 if form.is_bound else 200
    if form.is_valid():
        data = form.cleaned_data
        try:
            participant = services.join(
                workshop=workshop,
                name=data.get("name", ""),
                role=data["role"],
                join_key=data.get("join_key", ""),
                address=client_address(request),
            )
        except services.WorkshopClosed:
            return render(request, "workshops/join.html", context | {"closed": True}, status=403)
        except services.WorkshopFull as exc:
            form.add_error(None, str(exc))
            status = 429
        except services.ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            response = redirect("workshops:resume", token=token)
            _set_cookie(request, response, workshop, participant)
            return response
    return render(request, "workshops/join.html", context | {"form": form}, status=status)


@require_POST
def someone_else(request, token):
    """ "I am someone else": a shared phone forgets the participant it knew (their answers stay) and opens
    the join page for the next person."""
    workshop = ws.get_workshop_by_token(token)
    response = redirect("workshops:join", token=token)
    response.delete_cookie(_cookie_name(workshop), samesite="Lax")
    return response


def _participant_or_join(request, token):
    workshop = ws.get_workshop_by_token(token)
    participant = _participant(request, workshop)
    return workshop, participant


@require_GET
def resume(request, token):
    workshop, participant = _participant_or_join(request, token)
    if participant is None:
        return redirect("workshops:join", token=token)
    if participant.submitted:
        return redirect("workshops:review", token=token)
    framework = workshop.asked_framework()
    values, _evidence = ws.participant_answers(participant)
    code = navigation.first_unanswered_dimension(framework, values)
    if code is None:
        return redirect("workshops:review", token=token)
    return redirect("workshops:step", token=token, code=code)


def _sheet(workshop, participant) -> flow.Sheet:
    token = workshop.token

    def save(answers, evidence):
        services.save_answers(participant=participant, answers=answers, evidence=evidence)

    def submit():
        services.submit(participant=participant)

    return flow.Sheet(
        framework=workshop.asked_framework(),
        rows=participant.answers,
        save=save,
        editable=workshop.is_open and not participant.submitted,
        step_url=flow.step_urls("workshops:step", token),
        review_url=reverse("workshops:review", args=[token]),
        template="workshops/step.html",
        review_template="workshops/review.html",
        context={"workshop": workshop, "participant": participant},
        submit=submit,
        autosave_key=f"w{workshop.pk}p{participant.pk}",
    )


@require_http_methods(["GET", "POST"])
def step(request, token, code):
    workshop, participant = _participant_or_join(request, token)
    if participant is None:
        if request.method == "POST" and request.POST.get("autosave") == "1":
            return JsonResponse({"saved": False, "locked": True}, status=403)
        return redirect("workshops:join", token=token)
    return flow.step(request, _sheet(workshop, participant), code)


@require_http_methods(["GET", "POST"])
def review(request, token):
    workshop, participant = _participant_or_join(request, token)
    if participant is None:
        return redirect("workshops:join", token=token)
    return flow.review(request, _sheet(workshop, participant))


@require_GET
def participant_results(request, token):
    """The group's results on a participant's phone, once the facilitator shares them after the consensus:
    the agreed answers and how the group answered (no names, no small role groups)."""
    workshop, participant = _participant_or_join(request, token)
    if participant is None:
        return redirect("workshops:join", token=token)
    if not (workshop.share_results and workshop.consensus_id):
        return render(request, "workshops/participant_results.html", {"workshop": workshop, "shared": False})
    agreed, _evidence = assessment_selectors.answers_of(workshop.consensus)
    questions = sorted(presenters.question_views(workshop, submitted_only=True), key=lambda q: q.number)
    rows = [{"view": q, "agreed": answer_format.text(q.indicator, agreed.get(q.code))} for q in questions]
    context = {"workshop": workshop, "shared": True, "rows": rows, "participant": participant}
    return render(request, "workshops/participant_results.html", context)


@require_GET
def service_worker(request):
    """The participants' service worker (scope ``/w/``): pages of the questionnaire open offline from the
    copy the phone last loaded; answers are kept by ``questionnaire/autosave.js``."""
    assets = [
        static("vendor/bootstrap/bootstrap.min.css"),
        static("css/ledcheck.css"),
        static("questionnaire/questionnaire.css"),
        static("questionnaire/questionnaire.js"),
        static("questionnaire/autosave.js"),
        static("workshops/workshops.css"),
        static("workshops/participant.js"),
        static("vendor/bootstrap/bootstrap.bundle.min.js"),
        static("favicon.svg"),
    ]
    body = render(
        request,
        "workshops/sw.js",
        {
            "assets": mark_safe(json.dumps(assets)),  # noqa: S308 (our own static URLs, JSON-encoded)
            "version": hashlib.sha256("|".join(assets).encode()).hexdigest()[:12],
            "static_prefix": settings.STATIC_URL,
        },
        content_type="application/javascript; charset=utf-8",
    )
    body["Cache-Control"] = "no-cache"
    body["Service-Worker-Allowed"] = "/w/"
    return body
