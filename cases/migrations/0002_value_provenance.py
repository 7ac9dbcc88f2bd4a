"""Provenance of cases and values: from the paper (Helmsing 2001) or from a curator (issue 12).

The twelve benchmark cases of cases/data/cases.json and their values as they are now count as the paper's;
every other case and value as a curator's. (Named 00xx_value_provenance in the brief: renumber on merge.)
"""

from django.db import migrations, models

PAPER_SLUGS = [
    "cordoba", "rafaela", "araucania", "medellin", "bucaramanga", "provincia-de-loa", "rancagua", "ranquil",
    "pensilvania", "chihuahua", "jalisco", "ilo",
]


def mark_paper(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    CaseValue = apps.get_model("cases", "CaseValue")
    Case.objects.filter(slug__in=PAPER_SLUGS).update(origin="paper")
    CaseValue.objects.filter(case__slug__in=PAPER_SLUGS).update(origin="paper")


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="case",
            name="origin",
            field=models.CharField(
                choices=[("paper", "the paper"), ("curator", "a curator")],
                default="curator",
                max_length=10,
                verbose_name="origin",
            ),
        ),
        migrations.AddField(
            model_name="casevalue",
            name="origin",
            field=models.CharField(
                choices=[("paper", "the paper"), ("curator", "a curator")],
                default="curator",
                max_length=10,
                verbose_name="origin",
            ),
        ),
        migrations.AddField(
            model_name="casevalue",
            name="curator_source",
            field=models.CharField(
                blank=True,
                help_text="For a value set by a curator: the document, page or link it comes from.",
                max_length=300,
                verbose_name="curator's source",
            ),
        ),
        migrations.RunPython(mark_paper, migrations.RunPython.noop),
    ]
