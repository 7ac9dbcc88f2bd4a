"""The case library's revision: read on every page that shows what is computed from the cases, renewed on
every change to them (``cases.signals``, ``cases.services.save_case``)."""

import uuid

from cases.models import LibraryRevision

ROW = 1


def current_revision() -> str:
    """One read of one row; "" before any case was ever saved (or after a test flushed the table)."""
    return LibraryRevision.objects.filter(pk=ROW).values_list("token", flat=True).first() or ""


def renew_revision() -> None:
    """A new token, in the caller's transaction: what is computed from the cases after this change is kept
    under a token nobody used before, even if the change is rolled back."""
    token = uuid.uuid4().hex
    if not LibraryRevision.objects.filter(pk=ROW).update(token=token):
        LibraryRevision.objects.update_or_create(pk=ROW, defaults={"token": token})
