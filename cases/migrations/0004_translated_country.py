"""The case's country becomes translated content (cases/translation.py): "México" and "Perú" on Spanish pages.

The stored country becomes the English version; the Spanish one is filled in from the benchmark file's
``country_es`` for every country it names (curators' own cases get theirs in the admin)."""

import json
from pathlib import Path

from django.db import migrations, models

BENCHMARK = Path(__file__).resolve().parent.parent / "data" / "cases-v2.json"


def spanish_names() -> dict[str, str]:
    cases = json.loads(BENCHMARK.read_text(encoding="utf-8"))["cases"]
    return {c["country"]: c["country_es"] for c in cases if c.get("country_es")}


def copy_country(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    spanish = spanish_names()
    for case in Case.objects.all():
        case.country_en = case.country
        case.country_es = case.country_es or spanish.get(case.country)
        case.save(update_fields=["country_en", "country_es"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_translated_content_and_a_case_per_framework"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="country_en",
            field=models.CharField(max_length=80, null=True, verbose_name="country"),
        ),
        migrations.AddField(
            model_name="case",
            name="country_es",
            field=models.CharField(max_length=80, null=True, verbose_name="country"),
        ),
        migrations.RunPython(copy_country, migrations.RunPython.noop),
    ]
