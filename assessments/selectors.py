"""Reads for the assessments app: every lookup of a locality or assessment goes through membership here."""

from django.db.models import Prefetch
from django.http import Http404

from assessments.models import Answer, Assessment, Locality, Membership


def localities_for(user):
    """The localities ``user`` is a member of."""
    if not user.is_authenticated:
        return Locality.objects.none()
    return Locality.objects.filter(memberships__user=user)


def get_locality_for(user, pk) -> Locality:
    """The locality ``pk`` if ``user`` is a member of it; ``Http404`` otherwise (hiding that it exists)."""
    locality = localities_for(user).filter(pk=pk).first()
    if locality is None:
        raise Http404("No such locality.")
    return locality


def get_assessment_for(user, pk) -> Assessment:
    """The assessment ``pk`` if ``user`` is a member of its locality; ``Http404`` otherwise."""
    if not user.is_authenticated:
        raise Http404("No such assessment.")
    assessment = (
        Assessment.objects.filter(pk=pk, locality__memberships__user=user)
        .select_related("locality", "framework")
        .first()
    )
    if assessment is None:
        raise Http404("No such assessment.")
    return assessment


def is_owner(user, locality: Locality) -> bool:
    return locality.memberships.filter(user=user, role=Membership.Role.OWNER).exists()


def answers_of(assessment: Assessment) -> tuple[dict, dict[str, str]]:
    """(``{code: value}`` of the answered questions, ``{code: evidence note}``), in one query."""
    values, evidence = {}, {}
    for code, value, note in assessment.answers.values_list("indicator", "value", "evidence"):
        if value is not None:
            values[code] = value
        if note:
            evidence[code] = note
    return values, evidence


def locality_page(locality: Locality) -> tuple[list[Assessment], list[Membership]]:
    """The locality's assessments (newest first, answers prefetched) and its memberships, in three queries."""
    assessments = list(
        locality.assessments.select_related("framework", "created_by").prefetch_related(
            Prefetch("answers", queryset=Answer.objects.only("assessment_id", "indicator", "value"))
        )
    )
    memberships = list(locality.memberships.select_related("user").order_by("-role", "user__username"))
    return assessments, memberships
