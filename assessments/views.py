"""Views of localities and assessments; each lookup goes through ``selectors.get_*_for`` (404 otherwise)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments import presenters, selectors, services
from assessments.forms import ImportForm, InviteForm, LocalityForm
from assessments.models import Membership
from assessments.portable import PortableError
from core import fragments
from questionnaire import flow, navigation


def _step_url(assessment, code):
    return reverse("assessments:assessment_step", args=[assessment.pk, code])


@login_required
@require_GET
def locality_list(request):
    localities = selectors.localities_for(request.user).prefetch_related("assessments")
    return render(request, "assessments/locality_list.html", {"localities": localities})


@login_required
@require_http_methods(["GET", "POST"])
def locality_create(request):
    form = LocalityForm(request.POST or None)
    if form.is_valid():
        locality = services.create_locality(user=request.user, **form.cleaned_data)
        messages.success(request, _("Locality created. You can now start its first assessment."))
        return redirect(locality)
    return render(request, "assessments/locality_form.html", {"form": form})


def _locality_page(request, locality, *, member_form=None, import_form=None, import_errors=(), status=200):
    assessments, memberships = selectors.locality_page(locality)
    for assessment in assessments:
        assessment.overall = presenters.overall_score(assessment)
    context = {
        "locality": locality,
        "assessments": assessments,
        "memberships": memberships,
        "is_owner": any(m.user_id == request.user.pk and m.role == "owner" for m in memberships),
        "member_form": member_form or InviteForm(),
        "import_form": import_form or ImportForm(),
        "import_errors": import_errors,
    }
    return render(request, "assessments/locality_detail.html", context, status=status)


@login_required
@require_GET
def locality_detail(request, pk):
    return _locality_page(request, selectors.get_locality_for(request.user, pk))


@login_required
@require_POST
def member_add(request, pk):
    """Invite an e-mail address (owners only). The answer is the same whether or not an account with that
    address exists."""
    locality = selectors.get_locality_for(request.user, pk)
    if not selectors.is_owner(request.user, locality):
        raise PermissionDenied(_("Only an owner of this locality can invite members."))
    form = InviteForm(request.POST)
    if form.is_valid():
        invitation = services.invite(locality=locality, by=request.user, email=form.cleaned_data["email"])
        _send_invitation(request, invitation)
        messages.success(
            request,
            _("Invitation sent to %(email)s. It works for %(days)d days.")
            % {"email": invitation.email, "days": settings.LEDCHECK_EMAIL_TOKEN_DAYS},
        )
        return redirect(locality)
    return _locality_page(request, locality, member_form=form, status=400)


def _send_invitation(request, invitation) -> None:
    link = request.build_absolute_uri(reverse("assessments:invitation_accept", args=[invitation.token]))
    context = {
        "invitation": invitation,
        "link": link,
        "by": request.user,
        "days": settings.LEDCHECK_EMAIL_TOKEN_DAYS,
    }
    subject = render_to_string("assessments/invitation_subject.txt", context).strip()
    send_mail(
        subject, render_to_string("assessments/invitation_email.txt", context), None, [invitation.email]
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def invitation_accept(request, token):
    """The invitation and a button to accept it; accepting needs the invited address, confirmed."""
    invitation = selectors.open_invitation(token)
    error, status = "", 200
    if request.method == "POST":
        try:
            membership = services.accept_invitation(token=token, user=request.user)
        except services.InvitationError as exc:
            error, status = str(exc), 400
        else:
            messages.success(
                request, _("You are now a member of %(locality)s.") % {"locality": membership.locality.name}
            )
            return redirect(membership.locality)
    context = {"invitation": invitation, "error": error}
    return render(
        request, "assessments/invitation.html", context, status=404 if invitation is None else status
    )


@login_required
@require_POST
def member_remove(request, pk, membership_pk):
    """An owner removes a member, or a member leaves (their own row)."""
    locality = selectors.get_locality_for(request.user, pk)
    membership = get_object_or_404(Membership, pk=membership_pk, locality=locality)
    leaving = membership.user_id == request.user.pk
    if not leaving and not selectors.is_owner(request.user, locality):
        raise PermissionDenied(_("Only an owner of this locality can remove members."))
    try:
        services.remove_member(membership=membership, by=request.user)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
        return redirect(locality)
    if leaving:
        messages.success(request, _("You left %(locality)s.") % {"locality": locality.name})
        return redirect("assessments:locality_list")
    messages.success(request, _("%(user)s is no longer a member.") % {"user": membership.user.get_username()})
    return redirect(locality)


@login_required
@require_POST
def member_make_owner(request, pk, membership_pk):
    locality = selectors.get_locality_for(request.user, pk)
    membership = get_object_or_404(Membership, pk=membership_pk, locality=locality)
    if not selectors.is_owner(request.user, locality):
        raise PermissionDenied(_("Only an owner of this locality can make someone an owner."))
    services.make_owner(membership=membership, by=request.user)
    messages.success(request, _("%(user)s is now an owner.") % {"user": membership.user.get_username()})
    return redirect(locality)


@login_required
@require_POST
def assessment_start(request, pk):
    locality = selectors.get_locality_for(request.user, pk)
    assessment = services.start_assessment(locality=locality, user=request.user)
    return redirect(assessment)


@login_required
@require_POST
def assessment_copy_last(request, pk):
    locality = selectors.get_locality_for(request.user, pk)
    last = locality.assessments.first()
    if last is None:
        raise Http404("This locality has no assessment to copy.")
    return redirect(services.copy_assessment(source=last, user=request.user))


@login_required
@require_POST
def assessment_import(request, pk):
    locality = selectors.get_locality_for(request.user, pk)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data["file"].read()
        try:
            assessment = services.import_assessment(locality=locality, user=request.user, data=data)
        except PortableError as exc:
            return _locality_page(request, locality, import_form=form, import_errors=exc.errors, status=400)
        messages.success(request, _("Assessment imported as a new draft."))
        for warning in services.import_warnings(locality=locality, data=data):
            messages.warning(request, warning)
        return redirect(assessment)
    return _locality_page(request, locality, import_form=form, status=400)


@login_required
@require_GET
def assessment_resume(request, pk):
    assessment = selectors.get_assessment_for(request.user, pk)
    if not assessment.is_draft:
        return redirect("assessments:assessment_results", pk=assessment.pk)
    values, _evidence = selectors.answers_of(assessment)
    code = navigation.first_unanswered_dimension(assessment.framework.framework, values)
    if code is None:
        return redirect("assessments:assessment_submit", pk=assessment.pk)
    return redirect(_step_url(assessment, code))


def _sheet(request, assessment) -> flow.Sheet:
    framework = assessment.framework.framework

    def save(answers, evidence):
        services.save_step(assessment=assessment, user=request.user, answers=answers, evidence=evidence)

    def submit():
        services.submit_assessment(assessment=assessment, user=request.user)

    return flow.Sheet(
        framework=framework,
        rows=assessment.answers,
        save=save,
        editable=assessment.is_draft,
        step_url=flow.step_urls("assessments:assessment_step", assessment.pk),
        review_url=reverse("assessments:assessment_submit", args=[assessment.pk]),
        template="assessments/step.html",
        review_template="assessments/submit.html",
        context={"assessment": assessment},
        problems=lambda values: services.answer_problems(framework, values),
        submit=submit,
        submitted_message=_("Assessment submitted. It is now read-only."),
        after_submit_url=reverse("assessments:assessment_results", args=[assessment.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_step(request, pk, code):
    assessment = selectors.get_assessment_for(request.user, pk)
    return flow.step(request, _sheet(request, assessment), code)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_submit(request, pk):
    assessment = selectors.get_assessment_for(request.user, pk)
    if not assessment.is_draft:
        return redirect("assessments:assessment_results", pk=assessment.pk)
    return flow.review(request, _sheet(request, assessment))


@login_required
@require_GET
def assessment_results(request, pk):
    assessment = selectors.get_assessment_for(request.user, pk)
    if not assessment.framework.framework.is_v2:
        # Assessments of framework v1 keep their v1 results, computed and shown as they always were.
        results = presenters.results_of(assessment)
        context = {"assessment": assessment, "results": results, "score": results.score}
        return render(request, "assessments/results_v1.html", context)
    stored = None
    if request.GET.get("result") and not assessment.is_draft:
        stored = (
            assessment.results.filter(pk=request.GET["result"]).first()
            if request.GET["result"].isdigit()
            else None
        )
        if stored is None:
            raise Http404("No such result.")
    if assessment.is_draft:  # provisional: computed afresh on every request
        diagnosis = presenters.diagnosis_of(assessment)
        body = render_to_string(
            "assessments/includes/results_body.html", _body_context(assessment, diagnosis)
        )
        return _results_page(request, assessment, diagnosis, body)
    frozen = presenters.frozen_results(assessment, stored)
    # A stored result never changes: its body is rendered once per process and language, and served from
    # memory after that (issue 13). Its id, when it was computed and what the body names make the key.
    parts = (frozen.stored.pk, frozen.stored.computed_at.isoformat(), assessment.pk, assessment.title,
             assessment.locality.name)  # fmt: skip
    body = fragments.cached_fragment(
        "results",
        parts,
        "assessments/includes/results_body.html",
        lambda: _body_context(assessment, presenters.diagnosis_of(assessment, frozen=frozen)),
    )
    return _results_page(request, assessment, frozen, body)


def _body_context(assessment, diagnosis) -> dict:
    return {"assessment": assessment, "d": diagnosis, "score": diagnosis.score}


def _results_page(request, assessment, d, body):
    """The page around the body: ``d`` has the stored result, the earlier ones and whether the library
    changed (a ``Diagnosis`` or a ``presenters.Frozen``)."""
    first_step = assessment.framework.framework.dimensions[0].code
    context = {"assessment": assessment, "d": d, "body": body, "first_step": first_step}
    return render(request, "assessments/results.html", context)


@login_required
@require_POST
def assessment_rematch(request, pk):
    assessment = selectors.get_assessment_for(request.user, pk)
    try:
        services.rematch_assessment(assessment=assessment, user=request.user)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Matched again with the case library as it is now; the earlier result is kept.")
        )
    return redirect("assessments:assessment_results", pk=assessment.pk)


@login_required
@require_POST
def assessment_copy(request, pk):
    source = selectors.get_assessment_for(request.user, pk)
    messages.success(request, _("New draft created from a copy of “%(title)s”.") % {"title": source.title})
    return redirect(services.copy_assessment(source=source, user=request.user))


@login_required
@require_GET
def assessment_download(request, pk):
    assessment = selectors.get_assessment_for(request.user, pk)
    content = selectors.portable_json(assessment)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    filename = f"ledcheck-{slugify(assessment.locality.name) or 'locality'}-{assessment.pk}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
