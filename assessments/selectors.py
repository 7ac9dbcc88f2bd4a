"""Reads for the assessments app: every lookup of a locality or assessment goes through membership here."""

from django.db.models import Prefetch
from django.http import Http404

from assessments import portable
from assessments.models import Answer, Assessment, Invitation, Locality, Membership
from framework.models import DEFER
from questionnaire import answers


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
    # A slice, not .first(): one row at most, and ordering it cost 0.1 ms of every step and results page.
    found = (
        Assessment.objects.filter(pk=pk, locality__memberships__user=user)
        .select_related("locality", "framework")
        .defer(DEFER)[:1]  # the framework's JSON definition: parsed once per process, not read per request
    )
    assessment = next(iter(found), None)
    if assessment is None:
        raise Http404("No such assessment.")
    return assessment


def is_owner(user, locality: Locality) -> bool:
    return locality.memberships.filter(user=user, role=Membership.Role.OWNER).exists()


def answers_of(assessment: Assessment) -> tuple[dict, dict[str, str]]:
    """(``{code: value}`` of the answered questions, ``{code: evidence note}``), in one query."""
    return answers.read(assessment.answers)


def locality_page(locality: Locality) -> tuple[list[Assessment], list[Membership]]:
    """The locality's assessments (newest first, each with its answers prefetched) and its memberships, in
    three queries."""
    assessments = list(
        locality.assessments.select_related("framework").prefetch_related(
            Prefetch("answers", queryset=Answer.objects.only("assessment_id", "indicator", "value"))
        )
    )
    memberships = list(locality.memberships.select_related("user").order_by("-role", "user__username"))
    return assessments, memberships


def portable_json(assessment: Assessment) -> str:
    """The assessment as a portable JSON document (``docs/answers-format.md``)."""
    values, evidence = answers_of(assessment)
    locality = assessment.locality
    about = {"name": locality.name, "country": locality.country, "region_type": locality.region_type}
    # The portable format knows its own population bands; others are left out rather than mis-mapped.
    if locality.population_band in portable.POPULATION_BANDS:
        about["population_band"] = locality.population_band
    return portable.dumps(
        framework_slug=assessment.framework.slug,
        answers=values,
        evidence=evidence,
        title=assessment.title,
        locality=about,
    )


def open_invitation(token: str):
    """The invitation of ``token`` if it is still open and not expired, else ``None``."""
    invitation = (
        Invitation.objects.select_related("locality").filter(token=token, accepted_at__isnull=True).first()
    )
    if invitation is None or invitation.expired:
        return None
    return invitation
