"""Writes for action plans. Keyword-only arguments, one transaction each."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from assessments import services as assessment_services
from assessments.models import Assessment, Locality
from core.errors import ServiceError
from plans.models import Action, ActionReview, Status


class PlanError(ServiceError):
    """An action that cannot be written as asked."""


def _check_source(locality: Locality, source_assessment: Assessment | None) -> None:
    if source_assessment is not None and source_assessment.locality_id != locality.pk:
        raise PlanError(_("That assessment belongs to another locality."))


@transaction.atomic
def add_action(
    *,
    locality: Locality,
    user,
    title: str,
    detail: str = "",
    owner: str = "",
    due_date=None,
    status: str = Status.PLANNED,
    source_assessment: Assessment | None = None,
    recommendation: str = "",
) -> tuple[Action, bool]:
    """(the action, whether it was created). Adding the same recommendation of the same assessment twice (a
    double submit, two colleagues at once) returns the existing action instead of a second row."""
    _check_source(locality, source_assessment)
    title = title.strip()
    if not title:
        raise PlanError(_("Give the action a title."), {"title": _("Give the action a title.")})
    if recommendation:
        existing = Action.objects.filter(
            locality=locality, source_assessment=source_assessment, recommendation=recommendation
        ).first()
        if existing is not None:
            return existing, False
    fields = dict(
        title=title[:200],
        detail=detail.strip()[:2000],
        owner=owner.strip()[:120],
        due_date=due_date,
        status=status,
        created_by=user,
    )
    try:
        with transaction.atomic():  # a savepoint: the race below must not break the outer transaction
            action = Action.objects.create(
                locality=locality,
                source_assessment=source_assessment,
                recommendation=recommendation,
                **fields,
            )
    except IntegrityError:
        # Another request added the same recommendation between our check and our insert.
        action = Action.objects.get(
            locality=locality, source_assessment=source_assessment, recommendation=recommendation
        )
        return action, False
    return action, True


@transaction.atomic
def update_action(*, action: Action, title: str, detail: str, owner: str, due_date, status: str) -> Action:
    title = title.strip()
    if not title:
        raise PlanError(_("Give the action a title."), {"title": _("Give the action a title.")})
    if status not in Status.values:
        raise PlanError(
            _("Choose one of the listed statuses."), {"status": _("Choose one of the listed statuses.")}
        )
    action.title, action.detail, action.owner = title[:200], detail.strip()[:2000], owner.strip()[:120]
    action.due_date, action.status = due_date, status
    action.save()
    return action


@transaction.atomic
def delete_action(*, action: Action) -> None:
    action.delete()


@transaction.atomic
def start_assessment_with_review(
    *, locality: Locality, user, reviews: dict[int, tuple[str, str]]
) -> Assessment:
    """Start the locality's next assessment, recording first what became of each open action.

    ``reviews`` maps an open action's pk to (its status now, a note). Each action takes the status given; the
    review is kept with the new assessment, so the progress view and the report can show it next to the change
    in score. Actions of other localities and unknown statuses are refused, not skipped.
    """
    actions = {a.pk: a for a in Action.objects.select_for_update().filter(locality=locality)}
    for pk, (status, _note) in reviews.items():
        if pk not in actions:
            raise PlanError(_("That action belongs to another locality."))
        if status not in Status.values:
            raise PlanError(_("Choose one of the listed statuses."))
    assessment = assessment_services.start_assessment(locality=locality, user=user)
    for pk, (status, note) in reviews.items():
        action = actions[pk]
        ActionReview.objects.create(
            action=action, assessment=assessment, status=status, note=note.strip()[:1000], reviewed_by=user
        )
        if action.status != status:
            action.status = status
            action.save(update_fields=["status", "updated_at"])
    return assessment
