"""The questionnaire's view flow, the same for an officer's self-assessment and a workshop participant: show
one step, save it, move to another step, review everything and submit.

A view builds a ``Sheet`` (whose answers, how they are saved and submitted, where the steps live, which page
templates frame them) and hands it to ``step`` or ``review``; everything else — the form, validation,
saving, the buttons, the list of answers and what still blocks submitting, the status codes — happens here,
once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from core.errors import ServiceError
from framework import answers as answer_format
from framework.definition import Framework
from questionnaire import answers, navigation
from questionnaire.forms import StepForm


def step_urls(viewname: str, *args) -> Callable[[str], str]:
    """``code -> URL`` of the steps of view ``viewname`` (its last argument the step's code) from one
    ``reverse``: a step page links every step, and reversing each took a tenth of the page's time. Step codes
    are letters (framework definitions), which a URL carries as they are."""
    marker = "STEP-CODE"
    pattern = reverse(viewname, args=[*args, marker])
    head, tail = pattern.rsplit(marker, 1)
    return lambda code: f"{head}{code}{tail}"


class Locked(ServiceError):
    """The questionnaire takes no more answers: submitted, or its workshop closed."""


@dataclass
class Sheet:
    """One questionnaire being answered."""

    framework: Framework  # the steps asked (a workshop may ask only some dimensions)
    rows: object  # the owner's answer rows (a related manager of an ``AnswerBase`` model)
    save: Callable[[dict, dict], None]  # save(answers, evidence); raises Locked or ServiceError
    editable: bool
    step_url: Callable[[str], str]
    review_url: str
    template: str  # the app's step page, which extends "questionnaire/step.html"
    review_template: str = ""  # the app's review page, which extends "questionnaire/review.html"
    context: dict = field(default_factory=dict)
    problems: Callable[[dict], dict] | None = None  # values -> {code: why submit is blocked}, for ?check=1
    submit: Callable[[], None] | None = None  # raises Locked or ServiceError
    submitted_message: str = ""
    after_submit_url: str = ""
    # Whose answers these are, for the answers kept on the device (autosave.js): a shared phone keeps each
    # participant's unsent answers apart and sends them only from that participant's own pages.
    autosave_key: str = ""


def autosave(request, sheet: Sheet, form: StepForm, editable: bool) -> JsonResponse:
    """The step's answers saved as they are given: the page's script posts the whole step (the same fields
    as its buttons, plus ``autosave=1``) after every change, and again from the device's queue when it was
    offline. Answers JSON instead of a redirect: ``saved``, how many questions are answered, or why not."""
    if not editable:
        return JsonResponse({"saved": False, "locked": True}, status=403)
    if not form.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return JsonResponse({"saved": False, "errors": errors}, status=400)
    try:
        sheet.save(form.answers(), form.evidence())
    except Locked as exc:
        return JsonResponse({"saved": False, "locked": True, "message": str(exc)}, status=403)
    except ServiceError as exc:
        return JsonResponse({"saved": False, "message": str(exc), "errors": exc.errors}, status=400)
    values, _evidence = answers.read(sheet.rows)
    done = navigation.progress(sheet.framework, values)
    return JsonResponse({"saved": True, "answered": done["answered"], "total": done["total"]})


def step(request, sheet: Sheet, code: str):
    try:
        dimension = sheet.framework.dimension(code)
    except KeyError:
        raise Http404("No such step.") from None
    values, evidence = answers.read(sheet.rows)
    check = bool(request.GET.get("check")) and sheet.problems is not None
    editable, locked_message, status = sheet.editable, "", 200
    form = StepForm(
        request.POST or None,
        dimension=dimension,
        first_number=navigation.first_question_number(sheet.framework, code),
        values=values,
        evidence=evidence,
        read_only=not editable,
    )
    if request.method == "POST" and request.POST.get("autosave") == "1":
        return autosave(request, sheet, form, editable)
    if request.method == "POST" and not editable:
        status = 403  # the page says why: submitted, or the workshop is closed
    elif request.method == "POST" and form.is_valid():
        try:
            sheet.save(form.answers(), form.evidence())
        except Locked as exc:  # submitted or closed between showing the page and saving it
            editable, locked_message, status = False, str(exc), 403
        except ServiceError as exc:
            for question, message in exc.errors.items():
                form.add_error(question if question in form.fields else None, message)
            status = 400
        else:
            return redirect(next_url(request, sheet, code))
    elif request.method == "POST":
        status = 400
    if check and editable and not form.is_bound:
        form.mark_problems(sheet.problems(values))
    context = {
        **sheet.context,
        "dimension": dimension,
        "description": dimension.text("description"),
        "citation": dimension.text("citation"),
        "autosave_key": sheet.autosave_key,
        "form": form,
        "check": check,
        "editable": editable,
        "locked_message": locked_message,
        **navigation.progress(sheet.framework, values, current=code, step_url=sheet.step_url),
    }
    return render(request, sheet.template, context, status=status)


def next_url(request, sheet: Sheet, code: str) -> str:
    """Where a step's buttons lead: another step (tabs, previous, next) or the review page; a step reached
    from the submit page's list of missing answers keeps showing what is missing."""
    target = navigation.target_step(sheet.framework, code, request.POST.get("goto", ""))
    if target == "review":
        return sheet.review_url
    url = sheet.step_url(target)
    return f"{url}?check=1" if request.GET.get("check") and sheet.problems is not None else url


def review(request, sheet: Sheet):
    """Every question with its answer (and a link to change it), what still blocks submitting, and the
    submit button. A refused submit re-renders the page with the reason (400, or 403 when locked)."""
    status = 200
    if request.method == "POST":
        try:
            sheet.submit()
        except Locked as exc:
            messages.error(request, str(exc))
            status = 403
        except ServiceError as exc:
            messages.error(request, str(exc))
            status = 400
        else:
            if sheet.submitted_message:
                messages.success(request, sheet.submitted_message)
            return redirect(sheet.after_submit_url or request.path)
    values, _evidence = answers.read(sheet.rows)
    problems = sheet.problems(values) if sheet.problems else {}
    framework, numbers = sheet.framework, navigation.question_numbers(sheet.framework)
    questions = []
    for dimension in framework.dimensions:
        for indicator in dimension.indicators:
            code = indicator.code
            check = "?check=1" if code in problems else ""
            questions.append(
                {
                    "indicator": indicator,
                    "number": numbers[code],
                    "dimension": dimension.text("name"),
                    "label": answer_format.text(indicator, values.get(code)),
                    "problem": problems.get(code, ""),
                    "url": f"{sheet.step_url(dimension.code)}{check}#q-{code}",
                }
            )
    context = {
        **sheet.context,
        "questions": questions,
        "missing": [q for q in questions if q["problem"]],
        "unanswered": sum(1 for q in questions if not q["label"]),
        "editable": sheet.editable,
        **navigation.progress(framework, values, step_url=sheet.step_url),
    }
    return render(request, sheet.review_template, context, status=status)
