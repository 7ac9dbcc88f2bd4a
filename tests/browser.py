"""Helpers for browser tests."""

import os
from pathlib import Path

SAVING = """() => [...document.querySelectorAll('form[data-autosave-active]')]
    .every(f => f.getAttribute('data-autosave-state') !== 'saving')"""


def settle_autosave(page):
    """Let the answers' autosave requests finish before the step's own button posts the step.

    The suite's in-memory SQLite refuses a second write at once ("database table is locked") where the
    production database waits (timeout 20 s), so a journey that clicks faster than a person would must not
    have an autosave in flight when it submits. A change schedules its autosave on a zero-delay timer, hence
    the short pause before waiting for no form to be "saving"."""
    page.wait_for_timeout(150)
    page.wait_for_function(SAVING)


SCREENSHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"


def taking_screenshots() -> bool:
    return bool(os.environ.get("LEDCHECK_SCREENSHOTS"))


def screenshot(target, name: str, **kwargs):
    """A PNG of a page or an element in ``artifacts/screenshots/<name>``, taken when ``LEDCHECK_SCREENSHOTS``
    is set (``make screenshots`` runs the browser tests so). No test reads them back: they are for people to
    look at, and rasterising whole pages without a GPU took a fifth of the browser tests' time."""
    if not taking_screenshots():
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target.screenshot(path=str(SCREENSHOTS / name), **kwargs)
