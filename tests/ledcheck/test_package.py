"""``pip install .`` gives a working app (README, "Production deployment"): the wheel carries the framework
definitions, the case data, every template, static file and translation, and an installed copy with no
checkout around it migrates, loads the benchmark, collects its static files and serves pages under gunicorn.
"""

import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import requests

from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_KEY = "q8Vd2LmX0rTa9KfW3zYpB6nC1sHuE4gJ7oRiN5vQeZtUyAxMbGkDlPwSjFcIh"

# The installed copy runs on a SQLite file of its own: the suite's database plays no part (run once).
pytestmark = [pytest.mark.slow, pytest.mark.own_sqlite]


def tracked(pattern: str) -> set[str]:
    out = subprocess.run(["git", "ls-files", pattern], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(out.stdout.split())


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (path,) = out.glob("ledcheck-*.whl")
    return path


def test_the_wheel_carries_data_templates_static_files_and_translations(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "framework/definitions/helmsing-2001-v1.json",
        "cases/data/cases.json",
        "ledcheck/locale/es/LC_MESSAGES/django.mo",
        "ledcheck/templates/base.html",
        "ledcheck/static/vendor/bootstrap/bootstrap.min.css",
    }
    assert expected <= names
    # Every template and static file of the checkout is in the wheel, under its app or under ledcheck/.
    shipped = ("templates/", "static/", "locale/")
    for path in set().union(*(tracked(f"{d}*") | tracked(f"*/{d}*") for d in shipped)):
        packaged = f"ledcheck/{path}" if path.startswith(shipped) else path
        assert packaged in names, path
    assert not [n for n in names if n.startswith(("tests/", "docs/"))]


def test_an_installed_copy_migrates_loads_and_serves(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    # The wheel alone is installed (--no-deps); its dependencies are read from the suite's own environment,
    # put on the new one's path by a .pth file. Installing them again (numpy, pandas, WeasyPrint ...) took a
    # minute and a half and tested pip, not the wheel; `make setup` installs them from the same pins. A
    # path added by a .pth line is not a site directory, so the suite's editable install of ledcheck (its
    # own .pth hook) is not loaded: every ledcheck module comes from the wheel (checked below).
    (site_packages,) = (venv / "lib").glob("python3*/site-packages")
    suite_packages = next(p for p in sys.path if p.endswith("site-packages") and Path(p).is_dir())
    (site_packages / "suite-dependencies.pth").write_text(suite_packages + "\n")
    pip = subprocess.run(
        [venv / "bin" / "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", str(wheel)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert pip.returncode == 0, pip.stderr[-2000:]
    where = subprocess.run(
        [venv / "bin" / "python", "-c", "import ledcheck, cases; print(ledcheck.__file__, cases.__file__)"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, env={"PATH": os.environ.get("PATH", "")},
    )  # fmt: skip
    assert where.returncode == 0, where.stderr[-2000:]
    assert all(str(site_packages) in path for path in where.stdout.split()), where.stdout
    site = tmp_path / "site"  # the working directory: no manage.py, templates/ or static/ around
    site.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "LEDCHECK", "DATABASE"))}
    env.update(
        SECRET_KEY=PRODUCTION_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        SQLITE_PATH=str(site / "ledcheck.sqlite3"),
        STATIC_ROOT=str(site / "staticfiles"),
        LEDCHECK_HTTPS="0",  # plain HTTP on the loopback for this test; production keeps HTTPS on
        PYTHONPATH="",
    )

    def ledcheck(*args):
        result = subprocess.run(
            [venv / "bin" / "ledcheck", *args], cwd=site, env=env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, result.stderr[-2000:]
        return result.stdout

    ledcheck("migrate", "--noinput", "-v0")
    assert "12 new case(s)" in ledcheck("load_benchmark")
    ledcheck("collectstatic", "--noinput", "-v0")
    assert (site / "staticfiles" / "vendor" / "bootstrap" / "bootstrap.min.css").exists()

    port = free_port()
    server = subprocess.Popen(
        [venv / "bin" / "python", "-m", "gunicorn", "ledcheck.wsgi", "--bind", f"127.0.0.1:{port}"],
        cwd=site, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        home = _get(base + "/")
        assert home.status_code == 200 and "Helmsing" in home.text
        stylesheet = next(part.split('"')[0] for part in home.text.split('href="')[1:] if ".css" in part)
        assert _get(base + stylesheet).status_code == 200
        case = _get(base + "/cases/cordoba/")
        assert case.status_code == 200 and "Córdoba" in case.text
        spanish = _get(base + "/cases/", headers={"Accept-Language": "es"})
        assert 'lang="es"' in spanish.text and "Casos de referencia" in spanish.text
    finally:
        server.terminate()
        server.wait(timeout=20)


def _get(url, **kwargs):
    deadline = time.monotonic() + 30
    while True:
        try:
            return requests.get(url, timeout=10, **kwargs)
        except requests.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
