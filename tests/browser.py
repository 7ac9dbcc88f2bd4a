"""Helpers for browser tests."""

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
