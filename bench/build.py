"""Build a benchmark database: ``python -m bench.build base`` or ``python -m bench.build cases N``.

Run with ``SQLITE_PATH`` (and ``DJANGO_SETTINGS_MODULE=bench.settings``) set by ``bench.__main__``; prints
what it made as JSON on stdout.

- ``base``: migrate, load the framework and the twelve cases, one officer (``bench`` / ``PASSWORD``) with a
  locality, a submitted assessment (answers of the twelve's first case, completed) and a draft, and one
  workshop per participant count in ``--workshops`` (every participant answered every question, half of
  them submitted).
- ``cases N``: add published cases until there are ``N``, each one of the twelve with about a third of its
  reported values changed to another valid value (seeded, so every run builds the same library).
"""

from __future__ import annotations

import argparse
import json
import random
import secrets
import sys

PASSWORD = "bench-Long-enough-pass-42"
USERNAME = "bench"


def _setup():
    import django

    django.setup()


def _random_value(rng: random.Random, indicator):
    from framework.answers import DONT_KNOW

    codes = list(indicator.option_codes)
    if rng.random() < 0.05:
        return DONT_KNOW
    if indicator.type == "multi":
        return sorted(rng.sample(codes, rng.randint(0, len(codes))))
    return rng.choice(codes)


def _complete(framework, answers: dict, rng: random.Random) -> dict:
    """``answers`` with every unanswered indicator given a random valid value."""
    full = dict(answers)
    for code, indicator in framework.indicators.items():
        if full.get(code) is None:
            full[code] = _random_value(rng, indicator)
    return full


def base(workshop_sizes: list[int]) -> dict:
    from datetime import date

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.urls import reverse
    from django.utils import timezone

    from assessments import services as assessments
    from cases.models import Case
    from cases.services import load_benchmark
    from framework.models import FrameworkVersion
    from workshops import services as workshops
    from workshops.models import Participant, ParticipantAnswer

    call_command("migrate", "--noinput", verbosity=0)
    load_benchmark()
    rng = random.Random(13)
    user = get_user_model().objects.create_user(USERNAME, f"{USERNAME}@example.org", PASSWORD)
    first = Case.objects.published().order_by("position").first()
    locality = assessments.create_locality(
        user=user,
        name="Rafaela",
        country="Argentina",
        region_type=first.region_type,
        population_band="20k_100k",
    )
    version = FrameworkVersion.current()
    framework = version.framework
    submitted = assessments.start_assessment(locality=locality, user=user, title="Submitted")
    assessments.save_step(
        assessment=submitted, user=user, answers=_complete(framework, first.answers(), rng), evidence={}
    )
    assessments.submit_assessment(assessment=submitted, user=user)
    draft = assessments.start_assessment(locality=locality, user=user, title="Draft")
    step_code = framework.dimensions[1].code

    made = []
    for size in workshop_sizes:
        workshop = workshops.create_workshop(
            owner=user, locality=locality, title=f"Workshop of {size}", date=date(2026, 12, 2)
        )
        participants = Participant.objects.bulk_create(
            Participant(
                workshop=workshop,
                device_key=secrets.token_urlsafe(24),
                name=f"P{n}",
                submitted_at=timezone.now() if n % 2 else None,
            )
            for n in range(size)
        )
        rows = [
            ParticipantAnswer(participant=p, indicator=code, value=_random_value(rng, indicator))
            for p in participants
            for code, indicator in framework.indicators.items()
        ]
        ParticipantAnswer.objects.bulk_create(rows, batch_size=2000)
        made.append(
            {
                "participants": size,
                "pdf": reverse("reports:workshop_pdf", args=[workshop.pk]),
                "live": reverse("workshops:live", args=[workshop.pk]),
                "join": reverse("workshops:join", args=[workshop.token]),
            }
        )
    return {
        "username": USERNAME,
        "password": PASSWORD,
        "results": reverse("assessments:assessment_results", args=[submitted.pk]),
        "step": reverse("assessments:assessment_step", args=[draft.pk, step_code]),
        "case": first.get_absolute_url(),
        "assessment_pdf": reverse("reports:assessment_pdf", args=[submitted.pk]),
        "workshops": made,
    }


def add_cases(total: int) -> dict:
    from django.db import transaction

    from cases.models import Case, CaseValue
    from cases.revision import renew_revision

    rng = random.Random(total)
    twelve = list(Case.objects.published().select_related("framework").prefetch_related("values"))
    have = len(twelve)
    with transaction.atomic():
        for start in range(have, total, 500):
            batch = []
            values = []
            for n in range(start, min(start + 500, total)):
                base_case = twelve[n % have]
                indicators = base_case.framework.framework.indicators
                case = Case(
                    slug=f"{base_case.slug}-{n}",
                    name=f"{base_case.name} ({n})",
                    country=base_case.country,
                    region_type=base_case.region_type,
                    location=base_case.location,
                    region_description=base_case.region_description,
                    summary=base_case.summary,
                    summary_es=base_case.summary_es,
                    reference=base_case.reference,
                    framework=base_case.framework,
                    published=True,
                    position=1000 + n,
                )
                batch.append(case)
                for v in base_case.values.all():
                    value = v.value
                    if value is not None and v.indicator in indicators and v.indicator != "CTX.region_type":
                        if rng.random() < 1 / 3:
                            value = _random_value(rng, indicators[v.indicator])
                    values.append((case, v.indicator, value, v.source, v.note))
            Case.objects.bulk_create(batch)
            CaseValue.objects.bulk_create(
                (CaseValue(case=c, indicator=i, value=val, source=s, note=nt) for c, i, val, s, nt in values),
                batch_size=2000,
            )
        renew_revision()  # bulk writes send no signal (cases.signals): the library is another one now
    return {"published": Case.objects.published().count()}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.build")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("base")
    b.add_argument("--workshops", default="50,200,1000")
    c = sub.add_parser("cases")
    c.add_argument("total", type=int)
    args = parser.parse_args(argv)
    _setup()
    if args.command == "base":
        out = base([int(s) for s in args.workshops.split(",") if s])
    else:
        out = add_cases(args.total)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
