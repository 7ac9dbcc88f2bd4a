"""Item 8 of issue 12: every change to a case is kept with who, when and the old value, and can be
reverted from the admin; values are marked as the paper's or a curator's; the paper's tables never show a
curator's value; bulk actions and imports are in the history too."""

import pytest
from django.urls import reverse
from reversion.models import Version

from cases import tables
from cases.csv_io import export_cases_csv, import_cases_csv
from cases.models import Case, CaseValue
from cases.selectors import comparison_records
from tests.cases.test_admin import change_url, form_data, row_prefix, value_of

pytestmark = pytest.mark.django_db

CODE = "MESO.led_unit"


def curator_edit(admin_client, slug="medellin", value="team"):
    response = admin_client.get(change_url(slug))
    data = form_data(response)
    data[f"{row_prefix(response, CODE)}-value"] = value
    data[f"{row_prefix(response, CODE)}-curator_source"] = "Informe municipal 2004, p. 7"
    response = admin_client.post(change_url(slug), data)
    assert response.status_code == 302, response.context and response.context["errors"]


def test_a_curator_edit_is_marked_and_kept_with_who_and_the_old_value(
    admin_client, admin_user, benchmark_cases
):
    before = value_of("medellin", CODE)
    assert before.origin == "paper" and before.value != "team"
    curator_edit(admin_client)
    after = value_of("medellin", CODE)
    assert (after.value, after.origin, after.curator_source) == (
        "team",
        "curator",
        "Informe municipal 2004, p. 7",
    )
    versions = Version.objects.get_for_object(Case.objects.get(slug="medellin"))
    assert len(versions) == 2
    assert versions[0].revision.user == admin_user  # newest first
    old_values = [v for v in versions[1].revision.version_set.all() if v.content_type.model == "casevalue"]
    old = next(v.field_dict for v in old_values if v.field_dict["indicator"] == CODE)
    assert (old["value"], old["origin"]) == (before.value, "paper")


def test_revert_from_the_admin_restores_the_old_value_and_its_provenance(admin_client, benchmark_cases):
    before = value_of("medellin", CODE)
    count = before.case.values.count()
    curator_edit(admin_client)
    case = before.case
    first = Version.objects.get_for_object(case).order_by("pk").first()
    url = reverse("admin:cases_case_revision", args=[case.pk, first.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    response = admin_client.post(url, form_data(response))
    assert response.status_code == 302, response.context and response.context.get("errors")
    restored = value_of("medellin", CODE)
    assert (restored.value, restored.origin, restored.source, restored.note, restored.curator_source) == (
        before.value, "paper", before.source, before.note, ""
    )  # fmt: skip
    assert case.values.count() == count


def test_the_paper_tables_never_show_a_curator_value(admin_client, client, benchmark_cases):
    curator_edit(admin_client, slug="medellin", value="team")
    curated = Case.objects.create(
        slug="rosario", name="Rosario", country="Argentina", region_type="metropolitan",
        framework=Case.objects.get(slug="medellin").framework, origin="curator",
    )  # fmt: skip
    CaseValue.objects.create(
        case=curated, indicator="MESO.policy_institution", value="mixed", origin="curator"
    )
    framework, records = comparison_records()
    paper, apart = tables.paper_records(records)
    assert [r["slug"] for r in apart] == ["rosario"]
    medellin = next(r for r in paper if r["slug"] == "medellin")
    assert CODE not in medellin["values"]  # the curator's value is not the paper's
    assert all(e.get("origin", "paper") == "paper" for r in paper for e in r["values"].values())
    page = client.get(reverse("cases:compare")).content.decode()
    assert "Cases added by curators" in page and "Rosario" in page.split("Cases added by curators")[1]
    assert "Rosario" not in page.split("Cases added by curators")[0]
    csv_text = client.get(reverse("cases:compare_csv", args=["figure-2"])).content.decode("utf-8-sig")
    assert "Rosario" not in csv_text


def test_bulk_unpublish_is_in_the_history(admin_client, admin_user, benchmark_cases):
    ids = list(Case.objects.filter(slug__in=["ilo", "jalisco"]).values_list("pk", flat=True))
    response = admin_client.post(
        reverse("admin:cases_case_changelist"), {"action": "unpublish", "_selected_action": ids}
    )
    assert response.status_code == 302
    for case in Case.objects.filter(pk__in=ids):
        latest = Version.objects.get_for_object(case).first()
        assert latest.field_dict["published"] is False
        assert latest.revision.user == admin_user


def test_an_import_is_in_the_history_and_revertible(admin_user, benchmark_cases):
    content = export_cases_csv(Case.objects.filter(slug="ilo")).replace(b",Ilo,", b",Ilo (curated),")
    import_cases_csv(content=content, overwrite=True, user=admin_user)
    case = Case.objects.get(slug="ilo")
    versions = Version.objects.get_for_object(case)
    assert versions[0].revision.comment == "CSV import" and versions[0].revision.user == admin_user
    versions[1].revision.revert(delete=True)
    assert Case.objects.get(slug="ilo").name == "Ilo"
