"""The Content-Security-Policy in Chromium: every main page of the three journeys (case library,
self-assessment, workshop) loads under the policy with no violation and no console error.

Violations are caught twice: Chromium logs a console error for each, and an init script (injected by the
browser driver, so the policy does not apply to it) records every ``securitypolicyviolation`` event.
"""

import re

import pytest

from assessments.services import submit_assessment
from cases.models import Case
from cases.services import load_benchmark
from tests.assessments.factories import PASSWORD, answer_all, make_user, started
from tests.browser import screenshot
from workshops.services import create_workshop

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const blocked = event.blockedURI || "inline";
  window.__csp.push(`${event.effectiveDirective} blocked ${blocked} in ${event.sourceFile}`);
});
"""
# Violation events are queued as tasks; give them one turn of the event loop before reading them.
READ_VIOLATIONS = "() => new Promise((resolve) => setTimeout(() => resolve(window.__csp), 50))"


class Watch:
    """A browser context whose pages report console errors, uncaught exceptions and CSP violations."""

    def __init__(self, browser, live_server):
        self.base = live_server.url
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.add_init_script(RECORD_VIOLATIONS)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"exception: {exc}"))

    def _console(self, message) -> None:
        url = message.location.get("url", "")
        # The site has no favicon; Chromium's own request for one is not a page's resource.
        if message.type == "error" and not url.endswith("/favicon.ico"):
            self.errors.append(f"console: {message.text} ({url})")

    def visit(self, path: str) -> None:
        response = self.page.goto(self.base + path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        assert "'unsafe-inline'" not in response.headers["content-security-policy"], path
        self.check(path)

    def check(self, where: str) -> None:
        self.page.wait_for_load_state("load")
        violations = self.page.evaluate(READ_VIOLATIONS)
        assert violations == [], f"{where}: {violations}"
        assert self.errors == [], f"{where}: {self.errors}"

    def log_in(self, username: str) -> None:
        self.page.goto(self.base + "/accounts/login/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(PASSWORD)
        self.page.get_by_role("button", name="Log in").click()
        self.page.wait_for_url(re.compile(r"/localities/$"))
        self.check("login")


@pytest.fixture
def watch(browser, live_server):
    watches = []

    def open_watch():
        watches.append(Watch(browser, live_server))
        return watches[-1]

    yield open_watch
    for w in watches:
        w.context.close()


def test_the_watch_sees_a_violation(watch):
    """The harness itself: an inline script added to the page is refused and reported."""
    w = watch()
    w.visit("/")
    w.page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.__ran = true";
          document.body.append(script);
        }"""
    )
    assert w.page.evaluate("() => window.__ran") is None
    assert any(v.startswith("script-src-elem blocked inline") for v in w.page.evaluate(READ_VIOLATIONS))


def test_library_pages_load_under_the_policy(watch, transactional_db):
    load_benchmark()
    w = watch()
    first_case = Case.objects.order_by("position").first()
    for path in ("/", "/cases/", f"/cases/{first_case.slug}/", "/cases/compare/"):
        w.visit(path)
    # A form post (form-action 'self') through the language switcher, then a page in Spanish.
    w.page.get_by_label("Language").select_option("es")
    w.page.get_by_role("button", name="Change").click()
    w.page.wait_for_url(re.compile(r"/cases/compare/$"))
    assert w.page.locator("html").get_attribute("lang") == "es"
    w.check("language switch")


def test_self_assessment_pages_load_under_the_policy(watch, transactional_db, django_user_model):
    load_benchmark()
    user = make_user(django_user_model, "ana")
    draft = started(user)
    answer_all(draft, user)
    done = started(user, draft.locality)
    answer_all(done, user)
    submit_assessment(assessment=done, user=user)

    w = watch()
    w.visit("/accounts/signup/")
    w.visit("/accounts/login/")
    w.log_in("ana")
    for path in (
        "/localities/",
        f"/localities/{draft.locality.pk}/",
        f"/assessments/{draft.pk}/step/MESO/",
        f"/assessments/{draft.pk}/submit/",
        f"/assessments/{done.pk}/results/",
    ):
        w.visit(path)
    # The questionnaire script runs on the step page: change an answer and save through the form.
    w.visit(f"/assessments/{draft.pk}/step/MESO/")
    w.page.get_by_role("button", name=re.compile("Save")).first.click()
    w.page.wait_for_load_state("load")
    w.check("saved step")


def test_workshop_pages_load_under_the_policy(watch, transactional_db, django_user_model):
    load_benchmark()
    user = make_user(django_user_model, "facilitator")
    locality = started(user).locality
    workshop = create_workshop(owner=user, locality=locality, title="Mesa de desarrollo", date="2026-11-27")

    facilitator = watch()
    facilitator.log_in("facilitator")
    facilitator.visit(f"/workshops/{workshop.pk}/")
    # The dashboard script polls the live counts; wait for one poll to land under the policy.
    with facilitator.page.expect_response(re.compile(r"/live\.json")):
        pass
    facilitator.check("dashboard poll")

    phone = watch()
    phone.visit(f"/w/{workshop.token}/")
    phone.page.get_by_role("radio", name="Prefer not to say").check()  # the role is a required choice
    phone.page.get_by_role("button", name="Start answering").click()
    phone.page.wait_for_url(re.compile(r"/answers/[A-Z]+/$"))
    phone.check("participant step")
    phone.visit("/w/")


def test_lockout_page_loads_under_the_policy(watch, transactional_db, django_user_model):
    make_user(django_user_model, "ana")
    w = watch()
    w.page.goto(w.base + "/accounts/login/")
    for _ in range(5):
        w.page.get_by_label("Username").fill("ana")
        w.page.get_by_label("Password").fill("not-her-password")
        w.page.get_by_role("button", name="Log in").click()
        w.page.wait_for_load_state("load")
    assert w.page.get_by_role("heading", name="Too many failed logins").is_visible()
    # Chromium logs the 429 status itself as a console error; that one is expected here.
    w.errors[:] = [e for e in w.errors if "429" not in e]
    w.check("lockout page")
    screenshot(w.page, "security-lockout.png", full_page=True)
