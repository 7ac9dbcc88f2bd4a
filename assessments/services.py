"""Writes for the assessments app. Keyword-only arguments, one transaction each."""

import json

from django.db import transaction

from assessments import framework as fw
from assessments.models import FrameworkVersion


@transaction.atomic
def sync_framework_versions(*, current_slug: str = fw.CURRENT_SLUG) -> list[FrameworkVersion]:
    """Mirror every ``assessments/frameworks/*.json`` into ``FrameworkVersion`` rows and mark the current one.

    Idempotent. A version file is meant to be immutable once published; editing one re-syncs its row.
    """
    versions = []
    FrameworkVersion.objects.exclude(slug=current_slug).filter(is_current=True).update(is_current=False)
    for slug in fw.available_slugs():
        with fw.definition_path(slug).open(encoding="utf-8") as fh:
            definition = json.load(fh)
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
