"""Views of a locality's action plan. Each lookup goes through membership (404 otherwise)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessments import selectors as assessment_selectors
from plans import selectors, services
from plans.forms import ActionForm, ReviewForm


def _plan_url(locality, action=None):
    url = reverse("plans:plan", args=[locality.pk])
    return f"{url}#action-{action.pk}" if action else url


def _plan_page(request, locality, *, form=None, status=200):
    source = selectors.latest_submitted(locality)
    context = {
        "locality": locality,
        "actions": selectors.actions_of(locality),
        "source": source,
        "suggestions": selectors.suggestions(source) if source else [],
        "form": form or ActionForm(),
    }
    return render(request, "plans/plan.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def plan(request, pk):
    return _plan_page(request, assessment_selectors.get_locality_for(request.user, pk))


@login_required
@require_POST
def action_add(request, pk):
    """Add a recommendation of the latest submitted assessment, or an action the officer wrote."""
    locality = assessment_selectors.get_locality_for(request.user, pk)
    code = request.POST.get("recommendation", "")
    if code:
        source = selectors.latest_submitted(locality)
        suggestion = (
            next((s for s in selectors.suggestions(source) if s.code == code), None) if source else None
        )
        if suggestion is None:
            raise Http404("No such recommendation.")
        action, created = services.add_action(
            locality=locality,
            user=request.user,
            title=suggestion.title,
            detail=suggestion.detail,
            source_assessment=source,
            recommendation=code,
        )
        messages.success(
            request,
            _("Added to the plan. Now say who is responsible and by when.")
            if created
            else _("This recommendation is already in the plan."),
        )
        return redirect(
            reverse("plans:action_edit", args=[action.pk]) if created else _plan_url(locality, action)
        )
    form = ActionForm(request.POST)
    if not form.is_valid():
        return _plan_page(request, locality, form=form, status=400)
    action, _created = services.add_action(locality=locality, user=request.user, **form.cleaned_data)
    messages.success(request, _("Action added to the plan."))
    return redirect(_plan_url(locality, action))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def action_edit(request, pk):
    action = selectors.get_action_for(request.user, pk)
    form = ActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.update_action(
            action=action, **{k: data[k] for k in ("title", "detail", "owner", "due_date", "status")}
        )
        messages.success(request, _("Action saved."))
        return redirect(_plan_url(action.locality, action))
    status = 400 if request.method == "POST" else 200
    return render(request, "plans/action_form.html", {"action": action, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def action_delete(request, pk):
    action = selectors.get_action_for(request.user, pk)
    if request.method == "POST":
        locality = action.locality
        services.delete_action(action=action)
        messages.success(request, _("Action deleted."))
        return redirect(_plan_url(locality))
    return render(request, "plans/action_delete.html", {"action": action})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def review_and_start(request, pk):
    """Before the next assessment: what became of each open action? Then the assessment starts."""
    locality = assessment_selectors.get_locality_for(request.user, pk)
    actions = selectors.open_actions(locality)
    forms = [
        (a, ReviewForm(request.POST or None, prefix=f"action-{a.pk}", initial={"status": a.status}))
        for a in actions
    ]
    if request.method == "POST" and all(f.is_valid() for _a, f in forms):
        reviews = {a.pk: (f.cleaned_data["status"], f.cleaned_data["note"]) for a, f in forms}
        assessment = services.start_assessment_with_review(
            locality=locality, user=request.user, reviews=reviews
        )
        if reviews:
            messages.success(
                request, _("What became of the actions is recorded. The new assessment has started.")
            )
        return redirect(assessment)
    status = 400 if request.method == "POST" else 200
    return render(request, "plans/review.html", {"locality": locality, "forms": forms}, status=status)
