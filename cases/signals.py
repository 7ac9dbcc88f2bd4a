"""Every change to a case or one of its values renews the library's revision
(``cases.models.LibraryRevision``) in the same transaction, so whatever was computed from the published
cases is recomputed.

Saves and deletes of cases and saves of values send signals. Bulk writes (``bulk_create``,
``QuerySet.update``, ``QuerySet.delete`` of values) send none: the services and the admin always save the case
with its values, and ``cases.services.save_case`` renews the revision after its bulk writes itself. A deleted
value has no receiver on purpose: one would make Django read and signal every value row that
``save_case`` replaces (47 a case), where a single renewal after them does.

A framework version saved (synced from its file, or made current) renews it too: the case pages are
rendered with a version's labels, and which version is current decides which case a slug shows."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from cases.models import Case, CaseValue
from cases.revision import renew_revision
from framework.models import FrameworkVersion


@receiver(post_save, sender=Case, dispatch_uid="cases.revision_on_case_save")
@receiver(post_delete, sender=Case, dispatch_uid="cases.revision_on_case_delete")
@receiver(post_save, sender=FrameworkVersion, dispatch_uid="cases.revision_on_framework_save")
def library_changed(sender, raw=False, **kwargs):
    if not raw:
        renew_revision()


@receiver(post_save, sender=CaseValue, dispatch_uid="cases.revision_on_value_save")
def value_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        # The case shows when it last changed (the admin's "updated at"), a value saved on its own included.
        Case.objects.filter(pk=instance.case_id).update(updated_at=timezone.now())
        renew_revision()
