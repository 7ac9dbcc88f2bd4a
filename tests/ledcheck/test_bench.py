"""``make bench`` keeps working: its smoke run (``--small``: tiny sizes, one short round) builds its
databases, serves them under gunicorn, measures every figure and writes its report. Only that it runs and
reports is checked here: timings are noisy, so speed goals live in the bench itself (docs/performance.md)."""

import json
import subprocess
import sys

import pytest

from tests.servers import ROOT

# The bench builds and serves SQLite files of its own: the suite's database plays no part (run once).
pytestmark = [pytest.mark.slow, pytest.mark.own_sqlite]

FIGURES = (
    "results page / trivial",
    "questionnaire step / trivial",
    "case page / trivial",
    "case library / trivial",
    "ranking time",
    "results page SQL queries",
    "live poll time",
    "dashboards polling",
    "first participant page on the wire (KB, gzip)",
    "worker RSS after warm-up",
    "pandas imported at worker start",
    "workshop report PDF",
    "assessment report PDF",
)


def test_the_bench_smoke_run_measures_every_figure(tmp_path):
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--small", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    report = json.loads(out.read_text())
    assert report["small"] is True
    names = [f["figure"] for f in report["figures"]]
    for figure in FIGURES:
        assert any(figure in name for name in names), figure
    assert all(f["value"] is not None for f in report["figures"])
    # Every page answered 200 in every round (the bench stops otherwise) and was measured.
    assert all(len(v) == 1 and v[0] > 0 for v in report["requests_per_second"].values())
    assert "figure" in result.stdout and "written" in result.stdout
