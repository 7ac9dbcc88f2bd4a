"""``manage.py bench_dashboard``: the live dashboard's cost on the wire and on the server (issue 11).

Inside a transaction that is rolled back (the database is left as it was): a workshop with every question
and N participants who all answered everything, polled through the real view (gzip, ETag) with a
test client request through every middleware. Prints, with 200 participants, the bytes of an unchanged
poll (304: status line
and headers) and of a changed one (compressed JSON and headers); and the median server time of a poll with
50 and with 1,000 participants: unchanged (304), between changes (cached) and the first after a change.
Targets: unchanged ≤ 1 KB, changed ≤ 20 KB, a poll with 1,000 within 3× the time with 50.
"""

from __future__ import annotations

import random
import secrets
import statistics
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import Client
from django.urls import reverse

from assessments.services import create_locality
from framework.models import FrameworkVersion
from framework.services import sync_framework_versions
from workshops import services
from workshops.models import Participant, ParticipantAnswer


class _Rollback(Exception):
    pass


def _wire(response) -> int:
    status = f"HTTP/1.1 {response.status_code} {response.reason_phrase}\r\n".encode()
    return len(status) + len(response.serialize_headers()) + 4 + len(response.content)


def _populate(workshop, n, rng):
    framework = workshop.framework.framework
    people = Participant.objects.bulk_create(
        [
            Participant(workshop=workshop, device_key=secrets.token_urlsafe(24), role=rng.choice(
                ["government", "business", "ngo", "academia", "community", "other"]))
            for _ in range(n)
        ]
    )  # fmt: skip
    rows = []
    for p in people:
        for indicator in framework.indicators.values():
            option = rng.choice(indicator.option_codes)
            value = [option] if indicator.type == "multi" else option
            rows.append(ParticipantAnswer(participant=p, indicator=indicator.code, value=value))
    ParticipantAnswer.objects.bulk_create(rows, batch_size=2000)
    Participant.objects.filter(workshop=workshop).update(submitted_at=workshop.created_at)
    services.bump(workshop)


class Command(BaseCommand):
    help = "Measure the live dashboard's poll: bytes on the wire and server time (rolled back)."

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                self._run()
                raise _Rollback
        except _Rollback:
            pass

    def _poll(self, user, workshop, etag=None):
        """One poll through the whole middleware stack (so every header a real response carries is
        counted), timed around the request."""
        headers = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
        if etag:
            headers["HTTP_IF_NONE_MATCH"] = etag
        start = time.perf_counter()
        response = self.client.get(reverse("workshops:live", args=[workshop.pk]), **headers)
        return response, time.perf_counter() - start

    def _timed(self, user, workshop, etag=None, repeat=7, change=False):
        times = []
        for _ in range(repeat):
            if change:
                services.bump(workshop)
            _response, seconds = self._poll(user, workshop, etag)
            times.append(seconds)
        return statistics.median(times)

    def _run(self):
        sync_framework_versions()
        rng = random.Random(11)
        user = get_user_model().objects.create_user(username=f"bench-{secrets.token_hex(4)}")
        host = (settings.ALLOWED_HOSTS or ["localhost"])[0].lstrip(".").replace("*", "localhost")
        self.client = Client(HTTP_HOST=host)
        self.client.force_login(user)
        locality = create_locality(
            user=user,
            name="Bench",
            country="Argentina",
            region_type="intermediate_city",
            population_band="20k_100k",
        )
        assert FrameworkVersion.current()
        results = {}
        for n in (50, 200, 1000):
            workshop = services.create_workshop(
                owner=user, locality=locality, title=f"Bench {n}", date="2026-05-04", max_participants=500
            )
            _populate(workshop, n, rng)
            cache.clear()
            first, _seconds = self._poll(user, workshop)
            etag = first["ETag"]
            unchanged, _seconds = self._poll(user, workshop, etag)
            results[n] = {
                "changed_bytes": _wire(first),
                "unchanged_bytes": _wire(unchanged),
                "unchanged_status": unchanged.status_code,
                "t_304": self._timed(user, workshop, etag),
                "t_cached": self._timed(user, workshop),
                "t_changed": self._timed(user, workshop, change=True, repeat=3),
            }
        r = results[200]
        self.stdout.write(
            f"200 participants x {len(FrameworkVersion.current().framework.indicators)} questions:"
        )
        self.stdout.write(
            f"  unchanged poll: {r['unchanged_bytes']} bytes on the wire "
            f"(HTTP {r['unchanged_status']}; target <= 1024)"
        )
        self.stdout.write(
            f"  changed poll:   {r['changed_bytes']} bytes on the wire (gzip JSON; target <= 20480)"
        )
        for kind, label in (("t_304", "unchanged (304)"), ("t_cached", "between changes (cached)"),
                            ("t_changed", "first after a change")):  # fmt: skip
            small, big = results[50][kind], results[1000][kind]
            self.stdout.write(
                f"  poll {label}: {small * 1000:.1f} ms with 50, {big * 1000:.1f} ms with 1000 participants "
                f"({big / small:.1f}x)"
            )
