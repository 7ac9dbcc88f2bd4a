"""Writes of the framework app. Keyword-only arguments, one transaction each."""

from django.db import transaction

from framework import definition as fw
from framework.models import FrameworkVersion


@transaction.atomic
def sync_framework_versions(*, current_slug: str = fw.CURRENT_SLUG) -> list[FrameworkVersion]:
    """Mirror every ``framework/definitions/*.json`` into ``FrameworkVersion`` rows and mark the current one.

    Idempotent. A version file is meant to be immutable once published; editing one re-syncs its row.
    """
    versions = []
    FrameworkVersion.objects.exclude(slug=current_slug).filter(is_current=True).update(is_current=False)
    for slug in fw.available_slugs():
        definition = fw.read_definition(slug)
        fw.Framework.from_definition(definition)  # fail loudly on a malformed file
        version, _ = FrameworkVersion.objects.update_or_create(
            slug=slug,
            defaults={
                "version": definition["version"],
                "title": definition["title"],
                "definition": definition,
                "is_current": slug == current_slug,
            },
        )
        versions.append(version)
    return versions
