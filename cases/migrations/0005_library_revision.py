"""The case library's revision number (cases.revision): one row, given a new token on every change to a case or
a value, so checking whether what was computed from the cases is still valid reads one row instead of
scanning every case (issue 13)."""

import uuid

from django.db import migrations, models


def first_row(apps, schema_editor):
    apps.get_model("cases", "LibraryRevision").objects.get_or_create(pk=1, defaults={"token": uuid.uuid4().hex})


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_translated_country"),
    ]

    operations = [
        migrations.CreateModel(
            name="LibraryRevision",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(default="", max_length=32)),
            ],
            options={
                "verbose_name": "case library revision",
                "verbose_name_plural": "case library revisions",
            },
        ),
        migrations.RunPython(first_row, migrations.RunPython.noop),
    ]
