"""Views of localities and assessments; each lookup goes through ``selectors.get_*_for`` (404 otherwise)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments import selectors, services
from assessments.forms import ImportForm, LocalityForm, MemberForm, StepForm
from assessments.portable import PortableError


def _step_url(assessment, code, check=False):
    url = reverse("assessments:assessment_step", args=[assessment.pk, code])
    return f"{url}?check=1" if check else url


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
    context = {
        "locality": locality,
        "assessments": assessments,
        "memberships": memberships,
        "is_owner": any(m.user_id == request.user.pk and m.role == "owner" for m in memberships),
        "member_form": member_form or MemberForm(),
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
    locality = selectors.get_locality_for(request.user, pk)
    if not selectors.is_owner(request.user, locality):
        raise PermissionDenied(_("Only an owner of this locality can add members."))
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            membership = services.add_member(locality=locality, by=request.user, **form.cleaned_data)
        except services.ServiceError as exc:
            form.add_error("identifier", exc.errors.get("identifier", str(exc)))
        else:
            username = membership.user.get_username()
            messages.success(request, _("%(user)s is now a member.") % {"user": username})
            return redirect(locality)
    return _locality_page(request, locality, member_form=form, status=400)


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
        try:
            assessment = services.import_assessment(
                locality=locality, user=request.user, data=form.cleaned_data["file"].read()
            )
        except PortableError as exc:
            return _locality_page(request, locality, import_form=form, import_errors=exc.errors, status=400)
        messages.success(request, _("Assessment imported as a new draft."))
        return redirect(assessment)
    return _locality_page(request, locality, import_form=form, status=400)


@login_required
@require_GET
def assessment_resume(request, pk):
    assessment = selectors.get_assessment_for(request.user, pk)
    if not assessment.is_draft:
        return redirect("assessments:assessment_results", pk=assessment.pk)
    values, _evidence = selectors.answers_of(assessment)
    code = selectors.first_unanswered_dimension(assessment.framework.framework, values)
    if code is None:
        return redirect("assessments:assessment_submit", pk=assessment.pk)
    return redirect(_step_url(assessment, code))


def _next_url(request, assessment, framework, code):
    """Where a step's buttons lead: another step (tabs, previous, next) or the submit page."""
    target = request.POST.get("goto", "")
    codes = [d.code for d in framework.dimensions]
    here = codes.index(code)
    moves = {"prev": codes[max(here - 1, 0)], "next": codes[min(here + 1, len(codes) - 1)]}
    target = moves.get(target, target)
    if target == "review":
        return reverse("assessments:assessment_submit", args=[assessment.pk])
    return _step_url(assessment, target if target in codes else code, check=bool(request.GET.get("check")))


@login_required
@require_http_methods(["GET", "POST"])
def assessment_step(request, pk, code):
    assessment = selectors.get_assessment_for(request.user, pk)
    framework = assessment.framework.framework
    try:
        dimension = framework.dimension(code)
    except KeyError:
        raise Http404("No such step.") from None
    check = bool(request.GET.get("check"))
    if request.method == "POST" and not assessment.is_draft:
        messages.error(request, _("This assessment was submitted and can no longer be changed."))
        return redirect(_step_url(assessment, code))
    values, evidence = selectors.answers_of(assessment)
    form = StepForm(
        request.POST or None,
        dimension=dimension,
        first_number=selectors.first_question_number(framework, code),
        values=values,
        evidence=evidence,
        read_only=not assessment.is_draft,
    )
    if request.method == "POST" and form.is_valid():
        services.save_step(
            assessment=assessment, user=request.user, answers=form.answers(), evidence=form.evidence()
        )
        return redirect(_next_url(request, assessment, framework, code))
    if check and assessment.is_draft:
        form.mark_problems(services.answer_problems(framework, values))
    context = {
        "assessment": assessment,
        "dimension": dimension,
        "description": dimension.text("description"),
        "form": form,
        "check": check,
        **selectors.progress(framework, values, current=code),
    }
    status = 400 if form.is_bound else 200  # a bound form is only rendered when it has errors
    return render(request, "assessments/step.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_submit(request, pk):
    assessment = selectors.get_assessment_for(request.user, pk)
    if not assessment.is_draft:
        return redirect("assessments:assessment_results", pk=assessment.pk)
    framework = assessment.framework.framework
    if request.method == "POST":
        try:
            services.submit_assessment(assessment=assessment, user=request.user)
        except services.IncompleteAssessment:
            messages.error(request, _("The assessment is not complete yet: see the questions listed below."))
        else:
            messages.success(request, _("Assessment submitted. It is now read-only."))
            return redirect("assessments:assessment_results", pk=assessment.pk)
    values, _evidence = selectors.answers_of(assessment)
    problems = services.answer_problems(framework, values)
    indicators, numbers = framework.indicators, selectors.question_numbers(framework)
    missing = [
        {
            "indicator": indicators[code],
            "number": numbers[code],
            "dimension": framework.dimension(indicators[code].dimension).text("name"),
            "message": message,
            "url": _step_url(assessment, indicators[code].dimension, check=True) + f"#q-{code}",
        }
        for code, message in problems.items()
    ]
    context = {"assessment": assessment, "missing": missing, **selectors.progress(framework, values)}
    status = 400 if request.method == "POST" else 200
    return render(request, "assessments/submit.html", context, status=status)


@login_required
@require_GET
def assessment_results(request, pk):
    assessment = selectors.get_assessment_for(request.user, pk)
    results = selectors.results_of(assessment)
    context = {"assessment": assessment, "results": results, "score": results.score}
    return render(request, "assessments/results.html", context)


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
