"""Production settings (``ledcheck.settings`` with DEBUG off) plus the benchmark's trivial page.

The environment is set by ``bench.__main__``: a strong random ``SECRET_KEY``, ``ALLOWED_HOSTS``,
``LEDCHECK_HTTPS=0`` (plain HTTP on the loopback), ``SQLITE_PATH`` and ``STATIC_ROOT`` in a temporary folder.
"""

from ledcheck.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
