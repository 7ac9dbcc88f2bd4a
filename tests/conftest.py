"""Shared pytest fixtures.

Browser tests use the system Chromium (Debian ``chromium`` package, installed by
``make browser``) instead of a Playwright-downloaded browser.
"""

import os

import pytest

# pytest-playwright runs an asyncio loop in the main thread; Django's ORM calls
# from the sync test code would otherwise raise SynchronousOnlyOperation.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ],
    }


@pytest.fixture
def benchmark_cases(db):
    """The framework and the twelve benchmark cases, loaded as ``make serve`` loads them."""
    from cases.services import load_benchmark

    load_benchmark()


@pytest.fixture(autouse=True)
def _reset_language():
    """A request in Spanish leaves Spanish active in the test thread; later tests expect English."""
    yield
    from django.utils import translation

    translation.activate("en")
