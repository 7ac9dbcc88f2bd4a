"""Saving one value of a case touches the case (its ``updated_at``), so ``cases.selectors.library_version``
sees the change and matching re-encodes the library. Saves through the services and the admin save the case
too; this covers a value saved on its own. Bulk writes (``bulk_create``, ``QuerySet.update``) send no signal:
new rows are seen by their ids, and the services save the case around any other bulk change."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from cases.models import Case, CaseValue


@receiver(post_save, sender=CaseValue, dispatch_uid="cases.touch_case_on_value_save")
def touch_case(sender, instance, raw=False, **kwargs):
    if not raw:
        Case.objects.filter(pk=instance.case_id).update(updated_at=timezone.now())
