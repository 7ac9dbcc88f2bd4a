"""200 participants joining, answering and submitting at once against a live server.

The server is gunicorn in another process (4 workers x 8 threads), as in production, on the database the
suite runs on: a file SQLite database in WAL mode for ``make test`` (the test run's own SQLite database lives
in memory and cannot be shared with another process), the PostgreSQL test database for ``make test-pg``.
Each participant is a ``requests.Session`` (own cookies, own CSRF token) in a thread pool.
"""

import json
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.db import connection

from tests.servers import ROOT, free_port, manage, server_env

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PARTICIPANTS = 200
DOUBLE_SUBMITTERS = 20  # of them also send their submit twice at the same moment
ROLES = ("government", "business", "ngo", "academia", "community", "other")

SETUP = """
import datetime, json
from django.contrib.auth import get_user_model
from assessments.services import create_locality
from framework.services import sync_framework_versions
from workshops.services import create_workshop
sync_framework_versions()
user = get_user_model().objects.create_user("facilitator", password="x-Long-enough-42")
locality = create_locality(user=user, name="Rafaela", country="Argentina", region_type="intermediate_city",
                           population_band="20k_100k")
w = create_workshop(owner=user, locality=locality, title="Load", date=datetime.date(2026, 5, 4),
                    dimensions=["OPEN"], max_participants=200)
print(json.dumps({"token": w.token, "code": w.code}))
"""

RESULT = """
import json
from workshops.models import Participant, ParticipantAnswer
print(json.dumps({
    "participants": Participant.objects.count(),
    "submitted": Participant.objects.exclude(submitted_at=None).count(),
    "answers": ParticipantAnswer.objects.count(),
    "keys": Participant.objects.values("device_key").distinct().count(),
}))
"""


@pytest.fixture
def live(tmp_path):
    env = server_env(tmp_path)
    if connection.vendor == "sqlite":
        manage(env, "migrate", "--noinput")
    workshop = json.loads(manage(env, "shell", script=SETUP).strip().splitlines()[-1])
    port = free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "ledcheck.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "4", "--threads", "8", "--timeout", "60"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                requests.get(base + "/w/", timeout=5)
                break
            except requests.RequestException:
                time.sleep(0.2)
        yield base, workshop, env
    finally:
        server.send_signal(signal.SIGQUIT)  # gunicorn's quick shutdown
        server.wait(timeout=20)
        log.close()


def participant(base, workshop, n, taps=None):
    """One phone: join (by link, or by code for every third), answer the two questions, submit.

    Redirects are checked, not followed, to keep the load on the writes; the CSRF token is the one of
    the csrftoken cookie the first page set. Returns every response."""
    seen = []
    with requests.Session() as s:

        def post(url, data, expect):
            token = s.cookies["csrftoken"]
            response = s.post(base + url, data={**data, "csrfmiddlewaretoken": token}, allow_redirects=False)
            seen.append(response)
            assert response.headers.get("Location", "").endswith(expect), (response.status_code, url)
            return response

        join = f"/w/{workshop['token']}/"
        if n % 3 == 0:
            seen.append(s.get(base + "/w/", timeout=60))
            post("/w/", {"code": workshop["code"]}, join)
        else:
            seen.append(s.get(base + join, timeout=60))
        post(join, {"name": f"P{n}", "role": ROLES[n % 6]}, join + "answers/")
        answers = {
            "OPEN.inclusiveness": ("marginal", "some", "broad")[n % 3],
            "OPEN.outcome_evidence": ("none", "anecdotal", "systematic", "dont_know")[n % 4],
            "goto": "review",
        }
        post(join + "answers/OPEN/", answers, join + "review/")
        if taps is not None:
            # The same submission twice at the same moment (a double tap on a slow network).
            list(taps.map(lambda _: post(join + "review/", {}, join + "review/"), range(2)))
        else:
            post(join + "review/", {}, join + "review/")
        if n % 10 == 0:
            post(join + "review/", {}, join + "review/")  # and a form resent later
    return seen


def test_200_participants_submit_at_once(live):
    base, workshop, env = live
    taps = ThreadPoolExecutor(max_workers=2 * DOUBLE_SUBMITTERS)
    with ThreadPoolExecutor(max_workers=50) as pool, taps:
        futures = [
            pool.submit(participant, base, workshop, n, taps if n < DOUBLE_SUBMITTERS else None)
            for n in range(PARTICIPANTS)
        ]
        responses = [r for f in futures for r in f.result()]
    errors = [(r.status_code, r.request.method, r.url) for r in responses if r.status_code >= 400]
    assert errors == []
    counts = json.loads(manage(env, "shell", script=RESULT).strip().splitlines()[-1])
    assert counts == {"participants": 200, "submitted": 200, "answers": 400, "keys": 200}
