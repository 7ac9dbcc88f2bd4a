"""Small builders shared by the assessment tests (plain functions, no factory library)."""

from assessments.services import create_locality, save_step, start_assessment
from framework import definition as fw

PASSWORD = "a-Long-enough-pass-42"


def make_user(django_user_model, username, email=None):
    return django_user_model.objects.create_user(
        username=username, email=email or f"{username}@example.org", password=PASSWORD
    )


def make_locality(user, name="Rafaela", **kwargs):
    fields = {"country": "Argentina", "region_type": "intermediate_city", "population_band": "20k_100k"}
    return create_locality(user=user, name=name, **{**fields, **kwargs})


def full_answers(framework=None) -> dict:
    """A complete, valid answer set: the best-scoring option of every question (all ticked for multi)."""
    framework = framework or fw.load()
    answers = {}
    for code, indicator in framework.indicators.items():
        if indicator.type == "multi":
            answers[code] = list(indicator.option_codes)
        else:
            answers[code] = max(indicator.options, key=lambda o: o.score or 0.0).code
    return answers


def answer_all(assessment, user, answers=None):
    answers = answers or full_answers(assessment.framework.framework)
    save_step(assessment=assessment, user=user, answers=answers, evidence={})


def started(user, locality=None):
    return start_assessment(locality=locality or make_locality(user), user=user)
