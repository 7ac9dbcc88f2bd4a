"""Views of workshops.

Facilitator views need a login and go through ``get_workshop_for`` (404 for anyone but the workshop's owner).
Participant views need no account: the join token in the URL finds the workshop and a signed, HttpOnly
cookie holding a random device key finds the participant, so someone returning on the same phone continues
where they left off and nobody reaches another participant's answers.
"""

import hashlib
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments import presenters as assessment_presenters
from assessments import selectors as assessment_selectors
from core import spreadsheet
from core.clientip import client_address
from questionnaire import flow, navigation
from workshops import consensus, exports, presenters, ratelimit, services
from workshops import selectors as ws
from workshops.forms import CodeForm, JoinForm, WorkshopForm, consensus_form
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


@login_required
@require_http_methods(["GET", "POST"])
def workshop_create(request):
    initial, locality = {}, request.GET.get("locality", "")
    if locality.isascii() and locality.isdigit():  # "²".isdigit() is true too, but no id
        initial["locality"] = assessment_selectors.localities_for(request.user).filter(pk=locality).first()
    form = WorkshopForm(request.POST or None, user=request.user, initial=initial)
    if form.is_valid():
        try:
            workshop = services.create_workshop(owner=request.user, **form.cleaned_data)
        except services.ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Workshop created: show its code or QR code to the participants."))
            return redirect(workshop)
    return render(request, "workshops/form.html", {"form": form}, status=400 if form.is_bound else 200)


def join_url(request, workshop: Workshop) -> str:
    return request.build_absolute_uri(reverse("workshops:join", args=[workshop.token]))


def _dashboard_context(request, workshop):
    return {
        "workshop": workshop,
        "counts": ws.counts(workshop),
        "questions": presenters.question_views(workshop),
        "join_url": join_url(request, workshop),
        "code_url": request.build_absolute_uri(reverse("workshops:join_code")),
    }


@login_required
@require_GET
def dashboard(request, pk):
    workshop = ws.get_workshop_for(request.user, pk)
    context = _dashboard_context(request, workshop) | {"present": bool(request.GET.get("present"))}
    return render(request, "workshops/dashboard.html", context)


@login_required
@require_GET
def dashboard_live(request, pk):
    """The dashboard's numbers as JSON, with the question list rendered as on the page (for the script)."""
    workshop = ws.get_workshop_for(request.user, pk)
    views = presenters.question_views(workshop)
    data = presenters.dashboard_data(workshop, views)
    version = hashlib.sha256(json.dumps(data["questions"], sort_keys=True).encode()).hexdigest()[:16]
    html = render_to_string("workshops/includes/questions.html", {"questions": views})
    return JsonResponse(data | {"version": version, "html": html})


@login_required
@require_GET
def join_qr(request, pk):
    workshop = ws.get_workshop_for(request.user, pk)
    svg = qr_svg(join_url(request, workshop), title=_("QR code: link to join the workshop"))
    return HttpResponse(svg, content_type="image/svg+xml")


@login_required
@require_POST
def workshop_status(request, pk):
    workshop = ws.get_workshop_for(request.user, pk)
    status = request.POST.get("status", "")
    try:
        services.set_status(workshop=workshop, status=status)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        if workshop.is_open:
            messages.success(request, _("The workshop is open again: participants can answer."))
        else:
            messages.success(request, _("The workshop is closed: it accepts no more answers."))
    return redirect(workshop)


@login_required
@require_http_methods(["GET", "POST"])
def workshop_consensus(request, pk):
    workshop = ws.get_workshop_for(request.user, pk)
    if workshop.consensus_id:
        return redirect("workshops:results", pk=workshop.pk)
    questions = presenters.question_views(workshop, submitted_only=True)
    prefill = consensus.consensus_prefill([q.summary for q in questions])
    form = consensus_form(request.POST or None, indicators=[q.indicator for q in questions], values=prefill)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.record_consensus(
                workshop=workshop, user=request.user, answers=form.answers(), evidence=form.evidence()
            )
        except services.ServiceError as exc:
            form.add_error(None, str(exc))
            for code, message in exc.errors.items():
                if code in form.fields:
                    form.add_error(code, message)
        else:
            if not assessment.is_draft:  # a draft is explained on the results page itself
                messages.success(request, _("Consensus saved as a submitted assessment of the locality."))
            return redirect("workshops:results", pk=workshop.pk)
    views = {q.code: q for q in questions}
    rows = [(question, views[question.indicator.code]) for question in form.questions()]
    context = {"workshop": workshop, "form": form, "rows": rows, "counts": ws.counts(workshop)}
    return render(request, "workshops/consensus.html", context, status=400 if form.is_bound else 200)


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
    content = spreadsheet.csv_bytes(*spreadsheet.frame_rows(exports.export_frame(workshop)))
    return _attachment(content, "text/csv; charset=utf-8", workshop, "csv")


@login_required
@require_GET
def export_xlsx(request, pk):
    workshop = ws.get_workshop_for(request.user, pk)
    # Text cells as strings, never formulas (core.spreadsheet).
    header, rows = spreadsheet.frame_rows(exports.export_frame(workshop))
    content = spreadsheet.xlsx_bytes(header, rows, sheet_name="answers")
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


@require_http_methods(["GET", "POST"])
def join_code(request):
    """Join by typing the short code; wrong codes are limited per client address."""
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
    form = JoinForm(request.POST or None)
    if not workshop.is_open:
        return render(request, "workshops/join.html", {"workshop": workshop, "closed": True}, status=403)
    if form.is_valid():
        try:
            participant = services.join(workshop=workshop, **form.cleaned_data)
        except services.WorkshopClosed:
            return render(request, "workshops/join.html", {"workshop": workshop, "closed": True}, status=403)
        response = redirect("workshops:resume", token=token)
        response.set_signed_cookie(
            _cookie_name(workshop),
            participant.device_key,
            salt=COOKIE_SALT,
            max_age=COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
        return response
    status = 400 if form.is_bound else 200
    return render(request, "workshops/join.html", {"workshop": workshop, "form": form}, status=status)


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
        step_url=lambda code: reverse("workshops:step", args=[token, code]),
        review_url=reverse("workshops:review", args=[token]),
        template="workshops/step.html",
        review_template="workshops/review.html",
        context={"workshop": workshop, "participant": participant},
        submit=submit,
    )


@require_http_methods(["GET", "POST"])
def step(request, token, code):
    workshop, participant = _participant_or_join(request, token)
    if participant is None:
        return redirect("workshops:join", token=token)
    return flow.step(request, _sheet(workshop, participant), code)


@require_http_methods(["GET", "POST"])
def review(request, token):
    workshop, participant = _participant_or_join(request, token)
    if participant is None:
        return redirect("workshops:join", token=token)
    return flow.review(request, _sheet(workshop, participant))
