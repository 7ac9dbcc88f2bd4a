"""What a web worker loads when it starts: not pandas (0.8 s and tens of MB per worker, issue 13); the
tables, CSV imports and exports import it when they build a frame."""

import subprocess
import sys

from tests.servers import ROOT

SCRIPT = """
import sys
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

get_wsgi_application()
get_resolver().url_patterns  # every app's views, as the first request loads them
print(",".join(m for m in ("pandas", "weasyprint") if m in sys.modules))
"""


def test_a_worker_starts_without_pandas():
    env = {"DJANGO_SETTINGS_MODULE": "ledcheck.test_settings", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == ""
