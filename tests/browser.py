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


# What scrolls sideways on a page: the page itself, or a table in its scroll box (its first words, to name
# it). A workshop question's answers by role are a matrix, a column per option: on a phone that one may.
SIDEWAYS = """() => [document.documentElement,
                     ...document.querySelectorAll('.table-responsive:not(.by-role *)')]
    .filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.innerText.slice(0, 80))"""


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


# Every text a radar chart shows (assessments/radar.py), with its size on the screen: the SVG's font size
# scaled by how wide the chart is drawn against its viewBox. Texts the stylesheet hides (the label set not in
# use) are left out; ``outside`` says whether the text's box leaves the viewBox, where it would be cut off.
RADAR_TEXTS = """() => [...document.querySelectorAll('svg.radar')].flatMap((svg) => {
  const view = svg.viewBox.baseVal, scale = svg.getBoundingClientRect().width / view.width;
  return [...svg.querySelectorAll('text')].filter((t) => t.getClientRects().length).map((t) => {
    const box = t.getBBox();
    return {text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale,
            chart: svg.getBoundingClientRect().width,
            set: t.closest('g[class^="radar-labels"]')?.getAttribute('class'),
            ring: t.classList.contains('radar-ring-label'),
            outside: box.x < view.x || box.y < view.y || box.x + box.width > view.x + view.width
                     || box.y + box.height > view.y + view.height};
  });
})"""


def radar_problems(page, *, smallest_px: float = 10) -> list[str]:
    """What is wrong with the radar charts' texts on the page: cut off, or smaller than ``smallest_px`` on
    the screen (the ring numbers, secondary, may be down to 8 px); [] when there is nothing."""
    texts = page.evaluate(RADAR_TEXTS)
    assert texts, "no radar text is shown"
    return [
        f"{t['text']!r}: "
        + ("cut off" if t["outside"] else f"{t['px']:.1f} px")
        + f" (a chart {t['chart']:.0f} px wide, {t['set']})"
        for t in texts
        if t["outside"] or t["px"] < (8 if t["ring"] else smallest_px)
    ]
