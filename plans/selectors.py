"""Reads for action plans; every lookup of an action goes through the membership of its locality."""

from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Value, When
from django.http import Http404

from assessments import selectors as assessment_selectors
from assessments.models import Assessment, Locality
from assessments.presenters import diagnosis_of, results_of
from plans.models import OPEN_STATUSES, Action, ActionReview


def actions_of(locality: Locality) -> list[Action]:
    """The locality's actions: open ones first (by due date, undated last), then done and dropped."""
    closed_last = Case(
        When(status__in=OPEN_STATUSES, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return list(
        locality.actions.select_related("source_assessment")
        .annotate(closed=closed_last)
        .order_by("closed", F("due_date").asc(nulls_last=True), "pk")
    )


def open_actions(locality: Locality) -> list[Action]:
    return [a for a in actions_of(locality) if a.is_open]


def get_action_for(user, pk) -> Action:
    """The action ``pk`` if ``user`` is a member of its locality; ``Http404`` otherwise."""
    localities = assessment_selectors.localities_for(user)
    action = Action.objects.filter(pk=pk, locality__in=localities).select_related("locality").first()
    if action is None:
        raise Http404("No such action.")
    return action


def reviews_of(assessment: Assessment) -> list[ActionReview]:
    """What became of each action, as asked when ``assessment`` started."""
    return list(
        assessment.action_reviews.select_related("action").order_by(
            F("action__due_date").asc(nulls_last=True), "action__pk"
        )
    )


@dataclass(frozen=True)
class Suggestion:
    """A recommendation of an assessment offered as an action."""

    code: str
    title: str  # the advice: what to do
    detail: str  # why, in the paper's words
    question: str  # the question it answers to
    citation: str
    in_plan: bool


def suggestions(assessment: Assessment, *, limit: int = 5) -> list[Suggestion]:
    """The assessment's top recommendations, each marked when the plan already holds it."""
    taken = set(
        Action.objects.filter(source_assessment=assessment)
        .exclude(recommendation="")
        .values_list("recommendation", flat=True)
    )
    return [
        Suggestion(
            code=r.code,
            title=r.title,
            detail=r.detail,
            question=r.question,
            citation=r.citation,
            in_plan=r.code in taken,
        )
        for r in _recommendations(assessment)[:limit]
    ]


@dataclass(frozen=True)
class _Recommendation:
    code: str
    title: str
    detail: str
    question: str
    citation: str


def _recommendations(assessment: Assessment) -> list[_Recommendation]:
    """The recommendations as the results page shows them: under framework v2 those of the frozen results
    (improvements first, then what to find out), under v1 the v1 ones."""
    if assessment.framework.framework.is_v2:
        diagnosis = diagnosis_of(assessment)
        recommendations = [*diagnosis.recommendations, *diagnosis.find_out]
    else:
        recommendations = results_of(assessment).score.top_recommendations()
    return [_as_action(r) for r in recommendations]


def _as_action(r) -> _Recommendation:
    """The advice's first sentence becomes the action's title, the rest (and the paper's reasoning) its
    details: a title is what one reads in a list, not a paragraph cut at 200 characters."""
    advice = str(r.advice or "")
    title, _sep, rest = advice.partition(". ")
    if not advice:
        title, rest = str(r.label), ""
    elif len(title) > 200:
        title, rest = advice[:197].rsplit(" ", 1)[0] + "…", advice
    detail = " ".join(part for part in (rest.strip(), str(r.rationale or "")) if part)
    return _Recommendation(
        code=r.code,
        title=title + "." if rest and not title.endswith((".", "?", "!", "…")) else title,
        detail=detail[:2000],
        question=str(r.label),
        citation=str(r.citation),
    )


def latest_submitted(locality: Locality) -> Assessment | None:
    return locality.assessments.filter(status=Assessment.Status.SUBMITTED).order_by("-submitted_at").first()
