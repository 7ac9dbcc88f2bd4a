"""Reading one questionnaire's answers (questionnaire.answers.read): an owner's rows are read with a plain
query, and come back exactly as the ORM reads them, on SQLite and on PostgreSQL (make test-pg)."""

import pytest

from assessments.models import Answer
from framework.services import sync_framework_versions
from questionnaire import answers
from tests.assessments.factories import make_locality, make_user, started
from workshops import services as ws

pytestmark = pytest.mark.django_db

VALUES = {
    "MESO.led_unit": "unit",  # one option code
    "NET.vertical_partners": ["regional_government", "international"],  # a multi answer
    "NET.horizontal": [],  # "none of these"
    "INIT.ced": "dont_know",
}


def test_an_assessments_answers_read_back_as_the_orm_reads_them(django_user_model):
    sync_framework_versions()
    user = make_user(django_user_model, "ana")
    assessment = started(user, make_locality(user))
    assessment.answers.filter(indicator__in=[*VALUES, "LEARN.lris"]).delete()  # started() may prefill some
    for code, value in VALUES.items():
        Answer.objects.create(assessment=assessment, indicator=code, value=value, evidence=f"nota «{code}»")
    Answer.objects.create(assessment=assessment, indicator="LEARN.lris", value=None, evidence="sin respuesta")
    other = started(user, make_locality(user, name="Otra"))
    Answer.objects.create(assessment=other, indicator="MESO.led_unit", value="team")  # another's: not read

    values, evidence = answers.read(assessment.answers)
    assert {code: values[code] for code in VALUES} == VALUES and "LEARN.lris" not in values
    assert {code: evidence[code] for code in [*VALUES, "LEARN.lris"]} == {
        **{code: f"nota «{code}»" for code in VALUES},
        "LEARN.lris": "sin respuesta",
    }
    # The same as through the ORM (a queryset, which takes that path).
    assert answers.read(Answer.objects.filter(assessment=assessment)) == (values, evidence)


def test_a_participants_answers_are_read_the_same_way(django_user_model):
    sync_framework_versions()
    user = make_user(django_user_model, "facilitator")
    workshop = ws.create_workshop(owner=user, locality=make_locality(user), title="Foro", date="2026-05-04")
    participant = ws.join(workshop=workshop, name="", role="business")
    ws.save_answers(participant=participant, answers={"INIT.ced": "yes"}, evidence={"INIT.ced": "Programa"})
    assert answers.read(participant.answers) == ({"INIT.ced": "yes"}, {"INIT.ced": "Programa"})
    assert answers.read(participant.answers.all()) == answers.read(participant.answers)
