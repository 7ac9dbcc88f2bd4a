"""Helpers of the tests that run the app in other processes (gunicorn, manage.py) on the suite's database."""

import os
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def server_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_DEBUG", "PYTEST_CURRENT_TEST")}
    env["LEDCHECK_TESTING"] = "1"
    env["LOG_LEVEL"] = "WARNING"
    if connection.vendor == "sqlite":
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(tmp_path / "load.sqlite3")
    else:
        s = connection.settings_dict
        user, password = quote(s["USER"], safe=""), quote(s["PASSWORD"], safe="")
        env["DATABASE_URL"] = f"postgresql://{user}:{password}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    return env


def manage(env, *args, script=None) -> str:
    command = [sys.executable, "manage.py", *args]
    result = subprocess.run(
        command, cwd=ROOT, env=env, input=script, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
