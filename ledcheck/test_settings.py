"""Settings of the test suite (``DJANGO_SETTINGS_MODULE`` in pyproject.toml): the development defaults of
``ledcheck.settings`` plus speed-ups that only tests may have.

``LEDCHECK_TESTING=1`` is set before the base settings are read, so they allow the development key and
hosts; processes the tests start (gunicorn, manage.py) inherit it.
"""

import os

os.environ["LEDCHECK_TESTING"] = "1"

from ledcheck.settings import *  # noqa: E402,F403

# Hashing a password with PBKDF2 costs about 0.2 s on this machine, for every user a test creates or logs in.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Static files straight from the app and project folders: no collectstatic, no manifest.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# The encoded case library stays in the test process (no files written by the suite's own requests).
CACHES = {**CACHES, "matching": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}  # noqa: F405
