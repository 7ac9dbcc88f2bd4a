"""``python -m bench [--small]``: build, serve, measure, print, write ``artifacts/bench.json``.

Three throwaway SQLite databases (12, 500 and 10,000 published cases; the first also holds workshops of 50,
200 and 1,000 participants), each served by its own gunicorn (production settings, ``--workers 2``) in its
own process. Every figure is a ratio of two measurements taken in the same run, in interleaved rounds (each
round measures every page once, in turn), and the median over the rounds is reported. ``--small`` is the
suite's smoke run (tiny sizes, one short round): it checks that the bench works, not how fast anything is.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
BASELINE = Path(__file__).with_name("baseline.json")


# --- processes ----------------------------------------------------------------------------------------


def base_env(tmp: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "LEDCHECK", "DATABASE"))}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LEDCHECK_HTTPS="0",  # plain HTTP on the loopback; everything else as in production
        STATIC_ROOT=str(tmp / "static"),
        LEDCHECK_CACHE_DIR=str(tmp / "cache"),  # the encoded case library, shared by a server's workers
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


def run_json(env: dict, *args) -> dict:
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1]) if result.stdout.strip() else {}


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One gunicorn serving one database."""

    def __init__(self, name: str, env: dict, workers: int):
        self.name = name
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(Path(env["SQLITE_PATH"]).with_suffix(".log"), "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            # Production's configuration (threaded workers, keep-alive), with the bench's address and workers.
            [sys.executable, "-m", "gunicorn", "-c", "python:ledcheck.gunicorn_conf",
             "ledcheck.wsgi:application", "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
             # Production's 30 s limit would kill the workers the slow pages of the code before issue 13 need.
             "--timeout", "600"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def wait(self):
        deadline = time.monotonic() + 180
        while True:
            try:
                requests.get(self.base + "/", timeout=60)
                return
            except requests.RequestException:  # not listening yet, or too slow to answer on a busy machine
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise SystemExit(f"gunicorn {self.name} did not start; see {self.log.name}") from None
                time.sleep(0.2)

    def worker_rss_mb(self) -> list[float]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        sizes = []
        for pid in children:
            status = Path(f"/proc/{pid}/status").read_text()
            kb = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
            sizes.append(round(kb / 1024, 1))
        return sorted(sizes)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def login(server: Server, world: dict) -> requests.Session:
    session = requests.Session()
    page = session.get(server.base + "/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        server.base + "/accounts/login/",
        data={"username": world["username"], "password": world["password"], "csrfmiddlewaretoken": token},
        headers={"Referer": server.base + "/accounts/login/"},
        timeout=30,
    )
    assert "sessionid" in session.cookies, f"login failed on {server.name}: {response.status_code}"
    return session


# --- measurements -------------------------------------------------------------------------------------


def throughput(session: requests.Session, url: str, seconds: float, minimum: int = 2) -> float:
    """Requests per second of one client requesting ``url`` back to back for about ``seconds``."""
    n, start = 0, time.perf_counter()
    while True:
        response = session.get(url, timeout=120)
        if response.status_code != 200:
            raise SystemExit(f"{url}: status {response.status_code}")
        n += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds and n >= minimum:
            return n / elapsed


def seconds_of(session: requests.Session, url: str) -> float:
    """Seconds of one request (a PDF), checked to be a PDF."""
    start = time.perf_counter()
    response = session.get(url, timeout=300)
    elapsed = time.perf_counter() - start
    if response.status_code != 200 or not response.content.startswith(b"%PDF"):
        raise SystemExit(f"{url}: status {response.status_code}, not a PDF")
    return elapsed


def concurrent(session: requests.Session, url: str, clients: int, seconds: float) -> dict:
    """Throughput and median latency of ``clients`` clients requesting ``url`` back to back."""
    latencies, errors = [], []
    stop = time.perf_counter() + seconds

    def client():
        own = requests.Session()
        own.cookies.update(session.cookies)
        while time.perf_counter() < stop:
            t = time.perf_counter()
            response = own.get(url, timeout=120)
            if response.status_code != 200:
                errors.append(response.status_code)
            latencies.append(time.perf_counter() - t)

    start = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise SystemExit(f"{url}: statuses {sorted(set(errors))}")
    return {"rps": len(latencies) / elapsed, "p50": statistics.median(latencies)}


def wire_size(base: str, path: str) -> dict:
    """Bytes on the wire (gzip accepted, headers included) of a page and of every stylesheet, script and
    image it references, as a phone opening it with an empty cache fetches them."""
    session = requests.Session()
    session.headers["Accept-Encoding"] = "gzip"

    def fetch(url):
        response = session.get(base + url, stream=True, timeout=30)
        body = response.raw.read(decode_content=False)
        head = sum(len(k) + len(v) + 4 for k, v in response.headers.items()) + 20
        return response, len(body) + head

    page, page_bytes = fetch(path)
    text = session.get(base + path, timeout=30).text
    assets = sorted(set(re.findall(r'(?:src|href)="(/static/[^"]+)"', text)))
    sizes = {path: page_bytes}
    for asset in assets:
        sizes[asset] = fetch(asset)[1]
    return {
        "total": sum(sizes.values()),
        "files": sizes,
        "encoding": page.headers.get("Content-Encoding", ""),
    }


# --- the run ------------------------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--small", action="store_true", help="smoke run: tiny sizes, one short round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=1.0, help="per page and round")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--out", default=str(ROOT / "artifacts" / "bench.json"))
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    if args.small:
        case_sizes, workshop_sizes = [12, 30, 60], [5, 10, 20]
        args.rounds, args.seconds, dashboards = 1, 0.2, 4
        args.workers = 1  # each gunicorn worker costs a second of CPU to start
    else:
        case_sizes, workshop_sizes = [12, 500, 10_000], [50, 200, 1000]
        dashboards = 30
    small_ws, mid_ws, big_ws = workshop_sizes

    # A SIGTERM (a CI timeout) still stops the servers and removes the folder.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    tmp = Path(tempfile.mkdtemp(prefix="ledcheck-bench-"))
    env = base_env(tmp)
    servers: dict[int, Server] = {}
    started = time.monotonic()
    try:

        def log(text):
            print(f"bench: {text} ({time.monotonic() - started:.0f} s)", flush=True)

        envs = {n: {**env, "SQLITE_PATH": str(tmp / f"cases{n}.sqlite3")} for n in case_sizes}
        log(f"building databases in {tmp}")
        world = run_json(envs[case_sizes[0]], "-m", "bench.build", "base", "--workshops",
                         ",".join(map(str, workshop_sizes)))  # fmt: skip
        for n in case_sizes[1:]:
            shutil.copy(envs[case_sizes[0]]["SQLITE_PATH"], envs[n]["SQLITE_PATH"])
            run_json(envs[n], "-m", "bench.build", "cases", str(n))
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT,
                       env=envs[case_sizes[0]], check=True, timeout=600)  # fmt: skip
        build_seconds = time.monotonic() - started
        log("databases built")

        for n in case_sizes:
            servers[n] = Server(f"{n} cases", envs[n], args.workers)
        for server in servers.values():
            server.wait()
        small, mid, big = (servers[n] for n in case_sizes)
        sessions = {n: login(s, world) for n, s in servers.items()}
        live = {w["participants"]: w["live"] for w in world["workshops"]}

        # (figure key, server, path): every page of every round, in this order.
        pages = [
            ("trivial", small, "/_bench/trivial/"),
            ("home", small, "/"),
            ("case", small, world["case"]),
            ("library", small, "/cases/"),
            ("step", small, world["step"]),
            ("results", small, world["results"]),
            ("results_mid", mid, world["results"]),
            ("results_big", big, world["results"]),
            ("library_big", big, "/cases/"),
            ("live_small", small, live[small_ws]),
            ("live_mid", small, live[mid_ws]),
            ("live_big", small, live[big_ws]),
        ]
        session_of = {id(s): sessions[n] for n, s in servers.items()}

        # Warm-up: every page once on every worker (more requests than workers), then the memory after it.
        for _key, server, path in pages:
            for _ in range(args.workers + 1):
                session_of[id(server)].get(server.base + path, timeout=300)
        rss_warm = {n: s.worker_rss_mb() for n, s in servers.items()}
        log("servers up and warm")

        rps = {key: [] for key, _s, _p in pages}
        # Issue 14's PDFs, timed once a round (seconds, not a ratio: the goal is absolute).
        pdfs = {
            "workshop": next(w["pdf"] for w in world["workshops"] if w["participants"] == mid_ws),
            "assessment": world["assessment_pdf"],
        }
        pdf_seconds = {key: [] for key in pdfs}
        crowd = {"live": [], "trivial": []}
        for r in range(args.rounds):
            log(f"round {r + 1}/{args.rounds}")
            for key, server, path in pages:
                rps[key].append(throughput(session_of[id(server)], server.base + path, args.seconds))
            for key, path in (("live", live[mid_ws]), ("trivial", "/_bench/trivial/")):
                crowd[key].append(concurrent(sessions[case_sizes[0]], small.base + path, dashboards,
                                             args.seconds * 2))  # fmt: skip
            for key, path in pdfs.items():
                pdf_seconds[key].append(seconds_of(sessions[case_sizes[0]], small.base + path))
        rss_end = {n: s.worker_rss_mb() for n, s in servers.items()}

        log("rounds done; ranking and probes")
        join_path = next(w["join"] for w in world["workshops"] if w["participants"] == small_ws)
        wire = wire_size(small.base, join_path)
        ranking = run_json(envs[case_sizes[-1]], "-m", "bench.ranking", str(max(args.rounds, 1)))
        probe_small = run_json(envs[case_sizes[0]], "-m", "bench.probe", world["results"], "/cases/", "/")
        probe_big = run_json(envs[case_sizes[-1]], "-m", "bench.probe", world["results"], "/cases/")
        library_big_bytes = len(sessions[case_sizes[-1]].get(big.base + "/cases/", timeout=300).content)
    finally:
        for server in servers.values():
            server.stop()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)

    med = {k: statistics.median(v) for k, v in rps.items()}
    crowd_rps = {k: statistics.median(x["rps"] for x in v) for k, v in crowd.items()}
    crowd_p50 = {k: statistics.median(x["p50"] for x in v) for k, v in crowd.items()}
    baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    base_rss = baseline.get("worker_rss_warm_mb")

    def ratio(a, b):
        return round(a / b, 3)

    n_small, n_mid, n_big = case_sizes

    def queries(probe):
        return probe["pages"][world["results"]]["queries"]

    figures = [
        ("home / trivial page (req/s ratio)", ratio(med["home"], med["trivial"]), ">= 0.5", None),
        ("case page / trivial", ratio(med["case"], med["trivial"]), ">= 0.7", 0.7),
        ("case library / trivial", ratio(med["library"], med["trivial"]), ">= 0.7", 0.7),
        ("questionnaire step / trivial", ratio(med["step"], med["trivial"]), ">= 0.5", 0.5),
        ("results page / trivial", ratio(med["results"], med["trivial"]), ">= 0.5", 0.5),
        (
            f"ranking time, {ranking['cases']['all']} cases / {ranking['cases']['12']} cases",
            ratio(ranking["seconds"]["all"], ranking["seconds"]["12"]),
            "<= 10",
            -10,
        ),
        (
            f"results page time, {n_big} published cases / {n_small}",
            ratio(med["results"], med["results_big"]),
            "<= 1.5",
            -1.5,
        ),
        (
            f"results page time, {n_mid} published cases / {n_small}",
            ratio(med["results"], med["results_mid"]),
            "(info)",
            None,
        ),
        (
            f"results page SQL queries, {n_big} cases vs {n_small}",
            f"{queries(probe_big)} vs {queries(probe_small)}",
            "equal",
            "equal",
        ),
        (
            f"case library time, {n_big} published cases / {n_small}",
            ratio(med["library"], med["library_big"]),
            "(info)",
            None,
        ),
        (f"case library HTML with {n_big} cases (KB)", round(library_big_bytes / 1024, 1), "(info)", None),
        (
            f"live poll time, {big_ws} participants / {small_ws}",
            ratio(med["live_small"], med["live_big"]),
            "<= 3",
            -3,
        ),
        (
            f"live poll time, {mid_ws} participants / {small_ws}",
            ratio(med["live_small"], med["live_mid"]),
            "(info)",
            None,
        ),
        (
            f"{dashboards} dashboards polling ({mid_ws} participants) / {dashboards} clients on the "
            "trivial page (req/s ratio)",
            ratio(crowd_rps["live"], crowd_rps["trivial"]),
            ">= 0.25",
            0.25,
        ),
        (f"{dashboards} dashboards polling: median latency (s)", round(crowd_p50["live"], 3), "(info)", None),
        ("first participant page on the wire (KB, gzip)", round(wire["total"] / 1024, 1), "<= 70", -70),
        (
            "worker RSS after warm-up, 12 cases (MB, largest worker)",
            max(rss_warm[n_small]),
            f"< {base_rss} (before issue 13)" if base_rss else "(info)",
            -base_rss if base_rss else None,
        ),
        (
            f"worker RSS at the end, {n_big} cases / {n_small} cases",
            ratio(max(rss_end[n_big]), max(rss_end[n_small])),
            "<= 1.5",
            -1.5,
        ),
        ("pandas imported at worker start", probe_small["pandas_at_start"], "False", False),
        (
            f"workshop report PDF, {mid_ws} participants (s)",
            round(statistics.median(pdf_seconds["workshop"]), 2),
            "<= 3",
            -3,
        ),
        ("assessment report PDF (s)", round(statistics.median(pdf_seconds["assessment"]), 2), "<= 3", -3),
    ]

    def met(value, want):
        if want is None:
            return ""
        if want == "equal":
            a, b = value.split(" vs ")
            return "ok" if a == b else "MISSED"
        if isinstance(want, bool):
            return "ok" if value is want else "MISSED"
        return "ok" if (value >= want if want > 0 else value <= -want) else "MISSED"

    rows = [(name, value, goal, met(value, want)) for name, value, goal, want in figures]
    width = max(len(r[0]) for r in rows)
    print(f"\n{'figure':<{width}}  {'value':>14}  {'goal':<24} ")
    for name, value, goal, verdict in rows:
        print(f"{name:<{width}}  {value!s:>14}  {goal:<24} {verdict}")
    if args.small:
        print("(--small: a smoke run; its numbers mean nothing)")

    report = {
        "small": args.small,
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),  # fmt: skip
        "rounds": args.rounds,
        "seconds_per_page": args.seconds,
        "workers": args.workers,
        "build_seconds": round(build_seconds, 1),
        "figures": [{"figure": n, "value": v, "goal": g, "verdict": m} for n, v, g, m in rows],
        "requests_per_second": {k: [round(x, 2) for x in v] for k, v in rps.items()},
        "median_requests_per_second": {k: round(v, 2) for k, v in med.items()},
        "dashboards": {"clients": dashboards, "rps": crowd_rps, "p50_seconds": crowd_p50},
        "ranking": ranking,
        "pdf_seconds": pdf_seconds,
        "worker_rss_mb": {"after_warm_up": rss_warm, "at_end": rss_end},
        "first_participant_page": wire,
        "probe": {"small": probe_small, "big": probe_big},
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, default=str))
    print(f"\nwritten {out} ({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
