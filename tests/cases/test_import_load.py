"""Finding 4 of issue 12: a large case import no longer blocks the site. A 15,000-row file is refused at
once with the documented limit (cases.csv_io.MAX_IMPORT_ROWS); a file at the limit is imported in short
transactions while 20 workshop participants keep saving answers, with 0 errors.

The site runs under gunicorn with the production configuration, on a file SQLite database in WAL mode
(``make test``) or the PostgreSQL test database (``make test-pg``); the import is ``manage.py import_cases``
in its own process, as an admin would run it (the admin page calls the same function).
"""

import csv
import io
import json
import signal
import subprocess
import sys
import threading
import time

import pytest
import requests
from django.db import connection

from cases.csv_io import MAX_IMPORT_ROWS
from tests.servers import ROOT, free_port, manage, server_env

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PARTICIPANTS = 20
SETUP = """
import datetime, json
from django.contrib.auth import get_user_model
from assessments.services import create_locality
from cases.services import load_benchmark
from workshops.services import create_workshop
load_benchmark()
user = get_user_model().objects.create_user("facilitator", password="x-Long-enough-42")
locality = create_locality(user=user, name="Rafaela", country="Argentina", region_type="intermediate_city",
                           population_band="20k_100k")
w = create_workshop(owner=user, locality=locality, title="Load", date=datetime.date(2026, 5, 4),
                    dimensions=["OPEN"])
print(json.dumps({"token": w.token}))
"""
COUNT = "from cases.models import Case; print(Case.objects.count())"


def big_csv(env, tmp_path, rows: int):
    """A valid file of about ``rows`` rows: the benchmark's export, repeated under new slugs."""
    exported = tmp_path / "export.csv"
    manage(env, "export_cases", "--output", str(exported))
    table = list(csv.reader(io.StringIO(exported.read_text(encoding="utf-8-sig"), newline="")))
    header, body = table[0], table[1:]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    written, copy = 0, 0
    while written + len(body) <= rows:
        copy += 1
        for row in body:
            writer.writerow([f"{row[0]}-copy-{copy}", *row[1:]])
        written += len(body)
    path = tmp_path / f"cases-{rows}.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path, written


@pytest.fixture
def live(tmp_path):
    env = server_env(tmp_path)
    if connection.vendor == "sqlite":
        manage(env, "migrate", "--noinput")
    workshop = json.loads(manage(env, "shell", script=SETUP).strip().splitlines()[-1])
    port = free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:ledcheck.gunicorn_conf", "ledcheck.wsgi"],
        cwd=ROOT, env={**env, "LEDCHECK_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2"},
        stdout=log, stderr=subprocess.STDOUT,
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
        server.send_signal(signal.SIGQUIT)
        server.wait(timeout=20)
        log.close()


def keep_saving(base, workshop, n, stop: threading.Event, statuses: list):
    """One phone: join, then save its answers once a second until ``stop`` (at most 10 minutes): far more
    often than anyone answers (20 phones: 20 saves a second), without the phones taking the machine's two
    cores from the import."""
    with requests.Session() as s:
        join = f"/w/{workshop['token']}/"
        s.get(base + join, timeout=60)
        token = s.cookies["csrftoken"]
        s.post(base + join, data={"name": f"P{n}", "role": "other", "csrfmiddlewaretoken": token}, timeout=60)
        deadline = time.monotonic() + 600
        k = 0
        while not stop.is_set() and time.monotonic() < deadline:
            answers = {"OPEN.inclusiveness": ("marginal", "some", "broad")[k % 3], "goto": "review"}
            response = s.post(
                base + join + "answers/OPEN/",
                data={**answers, "csrfmiddlewaretoken": token},
                allow_redirects=False,
                timeout=60,
            )
            statuses.append(response.status_code)
            k += 1
            stop.wait(1.0)


def test_a_15000_row_import_is_refused_with_the_limit_and_one_at_the_limit_runs_while_20_save(live, tmp_path):
    base, workshop, env = live
    before = int(manage(env, "shell", "--no-imports", "-c", COUNT).strip())

    too_big, rows = big_csv(env, tmp_path, 15_000)
    assert rows > MAX_IMPORT_ROWS
    refused = subprocess.run(
        [sys.executable, "manage.py", "import_cases", str(too_big)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert refused.returncode != 0
    assert f"at most {MAX_IMPORT_ROWS} rows" in refused.stderr
    assert int(manage(env, "shell", "--no-imports", "-c", COUNT).strip()) == before

    at_limit, rows = big_csv(env, tmp_path, MAX_IMPORT_ROWS)
    stop, statuses = threading.Event(), []
    phones = [
        threading.Thread(target=keep_saving, args=(base, workshop, n, stop, statuses))
        for n in range(PARTICIPANTS)
    ]
    for phone in phones:
        phone.start()
    time.sleep(2)  # everyone is saving
    started = time.monotonic()
    imported = subprocess.run(
        [sys.executable, "manage.py", "import_cases", str(at_limit)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    took = time.monotonic() - started
    saves_during = len(statuses)
    stop.set()
    for phone in phones:
        phone.join(timeout=120)
    assert imported.returncode == 0, imported.stderr[-2000:]
    errors = [s for s in statuses if s != 302]
    print(f"import of {rows} rows: {took:.1f} s; {len(statuses)} saves, {len(errors)} errors")
    assert errors == []
    assert saves_during > PARTICIPANTS  # the phones really were saving during the import
    assert int(manage(env, "shell", "--no-imports", "-c", COUNT).strip()) > before
