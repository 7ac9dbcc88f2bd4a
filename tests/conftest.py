"""Shared pytest fixtures.

Browser tests use the system Chromium (Debian's packages, installed by ``make browser``) instead of a
Playwright-downloaded browser.
"""

import inspect
import os

import pytest
from django.db import transaction

# pytest-playwright runs an asyncio loop in the main thread; Django's ORM calls
# from the sync test code would otherwise raise SynchronousOnlyOperation.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The suite drives Chromium's headless build (Debian's ``chromium-headless-shell``: the same source package
# and version as ``chromium``, the same Blink and V8, without the desktop browser's windowing and
# compositing around them; Playwright runs its own headless tests in this build too). The desktop build took
# a third more CPU for the same pages: one part of the accessibility matrix cost 80 CPU-seconds in it
# against 51, the whole suite 602-648 s against 530 s (docs/performance.md), and its screenshots of the
# results pages were pixel-identical. ``make screenshots`` takes its pictures in the desktop
# ``/usr/bin/chromium`` (``LEDCHECK_CHROMIUM``), so what people look at is that browser's.
CHROMIUM = os.environ.get("LEDCHECK_CHROMIUM", "/usr/bin/chromium-headless-shell")


def _one_request_at_a_time():
    """The live server of the browser tests lets one request at a time into Django.

    With the suite's in-memory SQLite, every thread of Django's threaded live server shares the test's one
    connection: two requests at once (an autosave and the step's button, a pagehide beacon) interleave their
    savepoints on it and one fails with "no such savepoint". Production never shares a connection between
    threads, so serialising the requests keeps what the tests exercise (concurrent browsers, keep-alive
    connections still served by their own threads) without that artefact. The response is read inside the
    lock because its body and its ``close()`` (request_finished) may still touch the database."""
    import threading

    from django.core.servers.basehttp import ThreadedWSGIServer
    from django.test.testcases import LiveServerThread

    class OneRequestAtATimeServer(ThreadedWSGIServer):
        _lock = threading.Lock()

        def set_app(self, application):
            def serialised(environ, start_response):
                with self._lock:
                    result = application(environ, start_response)
                    try:
                        return [b"".join(result)]
                    finally:
                        if hasattr(result, "close"):
                            result.close()

            super().set_app(serialised)

        def _close_connections(self):
            # A request thread still closing after the test has stopped sharing the in-memory connection
            # would raise "created in a thread can only be used in that same thread": it closes only its own.
            from django.db import connections

            shared = self.connections_override or {}
            for conn in connections.all(initialized_only=True):
                if conn.alias not in shared:
                    conn.close()

    LiveServerThread.server_class = OneRequestAtATimeServer


_one_request_at_a_time()


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


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The long tests first, then the other browser tests, then the rest: the suite's two workers take tests
    one at a time (``--dist load --maxschedchunk 1``, Makefile), so the long ones start early on both and
    the hundreds of short ones fill the gaps at the end. In collection order the 55 s import under load
    came last and ran alone for 39 s while the other core idled. ``trylast``: after pytest-django's own
    ordering (database tests, then transactional ones, then the rest), which the stable sort keeps within
    each group."""
    items.sort(
        key=lambda item: 0 if item.get_closest_marker("slow") else 1 if item.get_closest_marker("e2e") else 2
    )


TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences"}


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        TRANSACTIONAL_FIXTURES & set(item.fixturenames)
    )


def _asks_for_fixtures(item) -> bool:
    """Whether the test names a fixture: an argument that is not a parameter, or ``usefixtures``."""
    params = item.callspec.params if hasattr(item, "callspec") else {}
    arguments = inspect.signature(item.function).parameters
    return any(name not in params for name in arguments) or bool(item.get_closest_marker("usefixtures"))


def _shares_the_benchmark(request) -> bool:
    """Whether the tests selected in this module get one shared benchmark load: every test of it that uses
    the database asks for ``benchmark_cases``, and none needs a transactional database (whose flush would
    end the shared transaction)."""
    items = [item for item in request.session.items if item.module is request.module]
    # A test that asks for no fixture at all is a pure function's test in a module marked django_db: it has
    # no client and no objects to query the benchmark with.
    uses_db = [
        i
        for i in items
        if (i.get_closest_marker("django_db") and _asks_for_fixtures(i)) or "db" in i.fixturenames
    ]
    # Every test that touches the database asks for the benchmark: none sees data it did not ask for.
    return (
        bool(uses_db)
        and all("benchmark_cases" in i.fixturenames for i in uses_db)
        and not any(map(_transactional, items))
    )


@pytest.fixture(scope="module", autouse=True)
def _benchmark_module(request):
    """The benchmark loaded once per module inside a transaction rolled back at the module's end; each test
    runs in its own savepoint within it (pytest-django's per-test transaction), so a test that writes is
    undone before the next one, exactly as if it had loaded the benchmark itself (0.2 s a test saved).
    Autouse, so it is opened before any test's own transaction."""
    request.module._ledcheck_shared_benchmark = shared = _shares_the_benchmark(request)
    if not shared:
        yield
        return
    from cases.services import load_benchmark

    request.getfixturevalue("django_db_setup")
    with request.getfixturevalue("django_db_blocker").unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            load_benchmark()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def benchmark_cases(request):
    """The framework and the twelve benchmark cases, loaded as ``make serve`` loads them: once per module
    (``_benchmark_module``) when the module allows it, else once per test."""
    if getattr(request.module, "_ledcheck_shared_benchmark", False):
        request.getfixturevalue("db")
        return
    request.getfixturevalue("transactional_db" if _transactional(request.node) else "db")
    from cases.services import load_benchmark

    load_benchmark()


@pytest.fixture(autouse=True)
def _reset_language():
    """A request in Spanish leaves Spanish active in the test thread; later tests expect English."""
    yield
    from django.utils import translation

    translation.activate("en")
