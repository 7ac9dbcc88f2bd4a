"""Accessibility checks shared by the browser tests: axe-core and a plain DOM check of form labels.

axe is injected with ``page.evaluate`` (axe-playwright-python does so), never with a ``<script>`` tag,
so it runs under a Content-Security-Policy without 'unsafe-inline'.
"""

from functools import cache

# A visible form control needs a name a screen reader can announce: a <label> with text, aria-label,
# aria-labelledby pointing at text, or a title. Hidden, submit and button inputs are not fields.
UNLABELLED_FIELDS_JS = """() => {
  // An image's alt text or an icon's aria-label names its label too (the admin's search and filter boxes:
  // <label><img alt="Search"></label>, <label><span role="img" aria-label="Filter"></span></label>).
  const text = (el) => el ? [el.textContent,
    ...Array.from(el.querySelectorAll("img[alt]"), (img) => img.alt),
    ...Array.from(el.querySelectorAll("[role=img][aria-label]"), (icon) => icon.getAttribute("aria-label")),
  ].join(" ").trim() : "";
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)
    && getComputedStyle(el).visibility !== "hidden";
  const skip = new Set(["hidden", "submit", "button", "reset", "image"]);
  const named = (el) => {
    if ((el.getAttribute("aria-label") || "").trim()) return true;
    const ids = (el.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean);
    if (ids.some((id) => text(document.getElementById(id)))) return true;
    if (Array.from(el.labels || []).some((label) => text(label))) return true;
    return !!(el.getAttribute("title") || "").trim();
  };
  return Array.from(document.querySelectorAll("input, select, textarea"))
    .filter((el) => !skip.has((el.getAttribute("type") || "").toLowerCase()))
    .filter(visible)
    .filter((el) => !named(el))
    .map((el) => el.outerHTML.slice(0, 160));
}"""


@cache
def _axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page, *, wcag_only: bool = False, contrast: bool = True) -> list[str]:
    """Every axe violation on the page as ``rule-id: target, target (help)``; [] when there is none.

    ``wcag_only`` runs the WCAG 2.1 A/AA rules alone, without axe's best-practice rules (used for the Django
    admin's own markup, e.g. its unlabelled table corner cells); ledcheck's pages pass all rules.
    ``contrast=False`` leaves out axe's colour-contrast rule, two thirds of a run's time, for a page whose
    colours were already checked in another state of the same page (test_e2e_a11y_matrix.py)."""
    # Full detail for the violations only: axe still runs every rule and lists each passed rule (with one
    # node), but does not build a selector for every passing node and ship it back, which took most of the
    # time (1.1 s instead of 6 s on the comparison tables).
    options = {"resultTypes": ["violations"]}
    if wcag_only:
        options["runOnly"] = {"type": "tag", "values": WCAG_21_AA}
    if not contrast:
        options["rules"] = {"color-contrast": {"enabled": False}}
    response = _axe().run(page, options=options).response
    assert response["passes"], "axe did not run any checks"
    return [
        f"{v['id']} ({v['help']}): {node['target']} {node.get('failureSummary', '')[:300]!r}"
        for v in response["violations"]
        for node in v["nodes"]
    ]


def unlabelled_fields(page) -> list[str]:
    return page.evaluate(UNLABELLED_FIELDS_JS)


def assert_accessible(page, where: str = "", *, wcag_only: bool = False, contrast: bool = True):
    """axe finds nothing and every visible form field has a name; a failure names the rules and targets."""
    where = where or page.url
    page.wait_for_load_state()
    violations = axe_violations(page, wcag_only=wcag_only, contrast=contrast)
    assert not violations, f"axe on {where}:\n" + "\n".join(violations)
    unlabelled = unlabelled_fields(page)
    assert not unlabelled, f"form fields without a label on {where}:\n" + "\n".join(unlabelled)
