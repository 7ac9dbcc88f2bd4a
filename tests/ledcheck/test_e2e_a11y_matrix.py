"""Accessibility matrix: every URL pattern of the project, admin included, opened in Chromium by a role that
can reach it, checked with axe-core (WCAG 2.1 A/AA) and the form-label check of ``tests/a11y.py``.

Like the access-control matrix, ``test_every_url_pattern_has_a_row`` fails when a URL pattern has no row.
A pattern that is not a page (a JSON, CSV or SVG download, a POST that only redirects) says why in a
``NotAPage`` row. POST endpoints that answer with a page (a form shown again with its errors) are checked
in that state (``Post`` rows submit the form from the browser). A sample of pages is also checked in Spanish
and at phone size. The admin's history and delete pages render one template with nothing of the model but
its names: the case's are checked, the other models' say so in a ``Covered`` row.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.urls import reverse

from assessments.services import save_step
from cases.models import Case
from cases.services import load_benchmark
from framework import definition as fw
from tests.a11y import assert_accessible
from tests.ledcheck.matrix import build_world, first_dimension, url_keys

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Page:
    """A page opened with GET by ``role`` (a role of ``tests/ledcheck/matrix.py``)."""

    role: str
    args: object = None  # world -> URL arguments
    query: str = ""
    spanish: bool = False  # checked in Spanish too
    phone: bool = False  # checked at phone size too


@dataclass(frozen=True)
class Post:
    """A POST answered with a page (the form again, with its errors), submitted by the browser from the
    page at ``source`` (a URL name and its arguments) so the CSRF token is the browser's own."""

    role: str
    source: str
    args: object = None
    source_args: object = None
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)
class NotAPage:
    why: str


@dataclass(frozen=True)
class Covered:
    """A page whose markup the row ``by`` checks in the browser (the same template, filled with nothing but
    names). test_spanish_everywhere.py still reads ``page`` itself: its words are the model's own."""

    page: Page
    by: str
    why: str


A_LOCALITY = lambda w: [w.loc_a.pk]  # noqa: E731
A_ASSESSMENT = lambda w: [w.a_a.pk]  # noqa: E731
A_STEP = lambda w: [w.a_a.pk, first_dimension().code]  # noqa: E731
WORKSHOP = lambda w: [w.w.pk]  # noqa: E731
DONE = lambda w: [w.w_done.pk]  # noqa: E731
TOKEN = lambda w: [w.w.token]  # noqa: E731
ACTION = lambda w: [w.action.pk]  # noqa: E731
CASE = lambda w: ["medellin"]  # noqa: E731
REDIRECT = "answers only with a redirect to a page checked in its own row"


def _verify_token(world):
    from accounts.verification import make_token

    return make_token(world.users["member_a"])


def _invitation_token(world):
    from assessments.services import invite

    return invite(locality=world.loc_a, by=world.users["member_a"], email="invited@example.org").token


MATRIX: dict[str, list] = {
    "home": [Page("anon", spanish=True, phone=True), Page("member_a")],
    "set_language": [NotAPage("POST only: " + REDIRECT)],
    # --- accounts ---
    "signup": [Page("anon", spanish=True, phone=True), Post("anon", "signup", data={"username": "x y"})],
    "login": [
        Page("anon", spanish=True),
        Post("anon", "login", data={"username": "nobody", "password": "x"}),
    ],
    "logout": [NotAPage("POST only: " + REDIRECT)],
    "password_change": [Page("member_a", spanish=True)],
    "password_change_done": [Page("member_a")],
    "password_reset": [Page("anon", spanish=True)],
    "password_reset_done": [Page("anon")],
    "password_reset_confirm": [Page("anon", args=lambda w: ["MQ", "not-a-token"], spanish=True)],
    "password_reset_complete": [Page("anon")],
    "verify_email_send": [Page("member_a", spanish=True, phone=True)],
    "verify_email": [Page("anon", args=lambda w: [_verify_token(w)], spanish=True)],
    # --- case library ---
    "cases:case_list": [Page("anon", spanish=True, phone=True), Page("anon", query="?region=metropolitan")],
    "cases:compare": [Page("anon", spanish=True, phone=True)],
    "cases:compare_csv": [NotAPage("CSV download")],
    "cases:case_detail": [Page("anon", args=CASE, spanish=True, phone=True)],
    # --- localities and assessments ---
    "assessments:locality_list": [Page("member_a", spanish=True, phone=True)],
    "assessments:locality_create": [
        Page("member_a", spanish=True),
        Post("member_a", "assessments:locality_create", data={"name": ""}),
    ],
    "assessments:locality_detail": [Page("member_a", args=A_LOCALITY, spanish=True, phone=True)],
    "assessments:member_add": [
        Post(
            "member_a",
            "assessments:locality_detail",
            args=A_LOCALITY,
            source_args=A_LOCALITY,
            data={"email": "not-an-address"},
        ),
    ],  # fmt: skip
    "assessments:member_remove": [NotAPage("POST only: " + REDIRECT)],
    "assessments:member_make_owner": [NotAPage("POST only: " + REDIRECT)],
    "assessments:invitation_accept": [Page("member_a", args=lambda w: [_invitation_token(w)], spanish=True)],
    "assessments:assessment_start": [NotAPage("POST only: " + REDIRECT)],
    # --- reports ---
    "reports:kit": [Page("anon", spanish=True, phone=True)],
    "reports:kit_guide": [NotAPage("PDF download")],
    "reports:kit_questionnaire": [NotAPage("PDF download")],
    "reports:workshop_pdf": [NotAPage("PDF download")],
    "reports:assessment_pdf": [NotAPage("PDF download")],
    "reports:progress": [Page("member_a", args=A_LOCALITY, spanish=True, phone=True)],
    # --- action plans ---
    "plans:plan": [Page("member_a", args=A_LOCALITY, spanish=True, phone=True)],
    "plans:action_add": [
        Post("member_a", "plans:plan", args=A_LOCALITY, source_args=A_LOCALITY, data={"title": ""}),
    ],
    "plans:review_and_start": [Page("member_a", args=A_LOCALITY, spanish=True, phone=True)],
    "plans:action_edit": [Page("member_a", args=ACTION, spanish=True)],
    "plans:action_delete": [Page("member_a", args=ACTION)],
    "assessments:assessment_copy_last": [NotAPage("POST only: " + REDIRECT)],
    "assessments:assessment_import": [
        Post("member_a", "assessments:locality_detail", args=A_LOCALITY, source_args=A_LOCALITY),
    ],
    "assessments:assessment_resume": [NotAPage(REDIRECT)],
    "assessments:assessment_step": [
        Page("member_a", args=A_STEP, spanish=True, phone=True),
        Page("member_a", args=A_STEP, query="?check=1"),
        # Every other step too: each dimension asks its own kinds of questions (test_e2e_accessibility.py
        # walks them all on a phone).
        *(Page("member_a", args=lambda w, code=d.code: [w.a_a.pk, code]) for d in fw.load().dimensions[1:]),
    ],
    "assessments:assessment_submit": [Page("member_a", args=A_ASSESSMENT, spanish=True)],
    "assessments:assessment_results": [Page("member_a", args=A_ASSESSMENT, spanish=True, phone=True)],
    "assessments:assessment_rematch": [NotAPage("POST only: " + REDIRECT)],
    "assessments:assessment_copy": [NotAPage("POST only: " + REDIRECT)],
    "assessments:assessment_download": [NotAPage("JSON download")],
    # --- workshops: facilitator ---
    "workshops:list": [Page("c1", spanish=True)],
    "workshops:create": [Page("c1", spanish=True), Post("c1", "workshops:create", data={"title": ""})],
    "workshops:dashboard": [
        Page("c1", args=WORKSHOP, spanish=True),
        Page("c1", args=WORKSHOP, query="?present=1"),
    ],
    "workshops:live": [NotAPage("JSON read by the dashboard's script")],
    "workshops:qr": [NotAPage("SVG image (its text alternative is checked on the dashboard)")],
    "workshops:status": [Page("c1", args=WORKSHOP, spanish=True)],  # the confirmation before closing
    "workshops:edit": [Page("c1", args=WORKSHOP, spanish=True)],
    "workshops:duplicate": [NotAPage("POST only: " + REDIRECT)],
    "workshops:second_round": [NotAPage("POST only: " + REDIRECT)],
    "workshops:delete": [Page("c1", args=WORKSHOP, spanish=True)],
    "workshops:share": [NotAPage("POST only: " + REDIRECT)],
    "workshops:participants": [Page("c1", args=WORKSHOP, spanish=True)],
    "workshops:participant_remove": [Page("c1", args=lambda w: [w.w.pk, w.participants["x"].pk])],
    "workshops:paper": [Page("c1", args=WORKSHOP, spanish=True)],
    "workshops:paper_step": [
        Page("c1", args=lambda w: [w.w.pk, w.participants["paper"].pk, first_dimension().code], spanish=True)
    ],
    "workshops:paper_review": [Page("c1", args=lambda w: [w.w.pk, w.participants["paper"].pk])],
    "workshops:present_start": [NotAPage(REDIRECT)],
    "workshops:present": [
        Page("c1", args=lambda w: [w.w.pk, 1], spanish=True),
        Page("c1", args=lambda w: [w.w.pk, 1], query="?reveal=1"),
    ],
    "workshops:note": [NotAPage("POST only (the presenting mode's script, or " + REDIRECT + ")")],
    "workshops:groups": [Page("c1", args=WORKSHOP, spanish=True)],
    "workshops:consensus": [NotAPage(REDIRECT)],
    "workshops:consensus_step": [Page("c1", args=lambda w: [w.w.pk, 1], spanish=True)],
    "workshops:consensus_record": [Page("c1", args=WORKSHOP, spanish=True)],
    "workshops:results": [Page("c1", args=DONE, spanish=True)],
    "workshops:export_csv": [NotAPage("CSV download")],
    "workshops:export_xlsx": [NotAPage("XLSX download")],
    "workshops:export_consensus": [NotAPage("JSON download")],
    # --- workshops: participants (phones first) ---
    "workshops:join_code": [Page("anon", spanish=True, phone=True)],
    "workshops:join": [Page("anon", args=TOKEN, spanish=True, phone=True)],
    "workshops:resume": [NotAPage(REDIRECT)],
    "workshops:service_worker": [NotAPage("the participants' service worker (JavaScript)")],
    "workshops:someone_else": [NotAPage("POST only: " + REDIRECT)],
    "workshops:participant_results": [Page("x", args=TOKEN, spanish=True, phone=True)],
    "workshops:step": [
        Page("x", args=lambda w: [w.w.token, first_dimension().code], spanish=True, phone=True)
    ],
    "workshops:review": [Page("x", args=TOKEN, spanish=True, phone=True)],
}

# The admin: the site's own views, then every registered model's.
ADMIN_SITE = {
    "admin:index": [Page("staff", spanish=True)],
    "admin:login": [Page("anon", spanish=True)],
    "admin:logout": [NotAPage("POST only: " + REDIRECT)],
    "admin:password_change": [Page("staff")],
    "admin:password_change_done": [Page("staff")],
    "admin:autocomplete": [NotAPage("JSON for the admin's autocomplete widgets")],
    "admin:jsi18n": [NotAPage("JavaScript catalogue")],
    "admin:view_on_site": [NotAPage(REDIRECT)],
    "admin:app_list": [Page("staff", args=lambda w: ["cases"])],
    "admin:cases_case_import": [
        Page("staff", spanish=True),
        Post("staff", "admin:cases_case_import", data={}),
    ],
    "admin:cases_case_export": [NotAPage("CSV download")],
    # django-reversion's history views of a case (VersionAdmin).
    "admin:cases_case_recoverlist": [Page("staff", spanish=True)],
    "admin:cases_case_recover": [NotAPage("needs a deleted case's version (tests/cases/test_history.py)")],
    "admin:cases_case_revision": [NotAPage("needs a saved version (tests/cases/test_history.py posts it)")],
    "admin:auth_user_password_change": [Page("staff", args=lambda w: [w.users["member_a"].pk])],
}


# admin/object_history.html and admin/delete_confirmation.html show a model's objects by name only (a table of
# log entries; the nested list of what a delete removes), in the same markup for every model.
SAME_ADMIN_TEMPLATE = "the admin's same template, filled with names only"


def object_of(model):
    obj = model.objects.order_by("pk").first()
    assert obj is not None, f"the world holds no {model._meta.label} to open in the admin"
    return obj


def _superuser_request():
    from types import SimpleNamespace

    return SimpleNamespace(
        user=SimpleNamespace(is_active=True, is_staff=True, is_superuser=True, has_perm=lambda *a: True)
    )


def admin_rows() -> dict[str, list]:
    """changelist, add, change, history and delete of every registered model, as staff; a view the model's
    admin refuses even to a superuser (adding a framework version, a login record ...) is not a page."""
    rows = dict(ADMIN_SITE)
    request = _superuser_request()
    for model, model_admin in admin.site._registry.items():
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        one = lambda w, model=model: [object_of(model).pk]  # noqa: E731
        refused = NotAPage("refused to everyone by the model's admin (403): a record kept, not edited")
        can_add = model_admin.has_add_permission(request)
        can_delete = model_admin.has_delete_permission(request)
        rows[f"{info}_changelist"] = [Page("staff", spanish=model is Case)]
        rows[f"{info}_add"] = [Page("staff", spanish=model is Case) if can_add else refused]
        rows[f"{info}_change"] = [Page("staff", args=one, spanish=model is Case)]
        if model is Case:
            rows[f"{info}_history"] = [Page("staff", args=one, spanish=True)]
            rows[f"{info}_delete"] = [Page("staff", args=one, spanish=True)]
        else:
            history, delete = Page("staff", args=one), Page("staff", args=one)
            rows[f"{info}_history"] = [Covered(history, "admin:cases_case_history", SAME_ADMIN_TEMPLATE)]
            rows[f"{info}_delete"] = [
                Covered(delete, "admin:cases_case_delete", SAME_ADMIN_TEMPLATE) if can_delete else refused
            ]
        for pattern in model_admin.get_urls():
            name = getattr(pattern, "name", None)
            if name and f"admin:{name}" not in rows:
                rows[f"admin:{name}"] = [NotAPage("a view of the model admin without a row: give it one")]
    return rows


def admin_url_keys() -> set[str]:
    keys = {f"admin:{p.name}" for p in admin.site.get_urls() if getattr(p, "name", None)}
    for model_admin in admin.site._registry.values():
        keys |= {f"admin:{p.name}" for p in model_admin.get_urls() if getattr(p, "name", None)}
    return keys


def all_rows() -> dict[str, list]:
    return {**MATRIX, **admin_rows()}


def test_every_url_pattern_has_a_row():
    rows = all_rows()
    enumerated = url_keys() | admin_url_keys()
    assert not enumerated - set(rows), f"URL patterns without a row: {sorted(enumerated - set(rows))}"
    assert not set(rows) - enumerated, f"rows of no URL pattern: {sorted(set(rows) - enumerated)}"
    unplanned = [
        k for k, r in rows.items() if any(isinstance(x, NotAPage) and "without a row" in x.why for x in r)
    ]
    assert not unplanned, f"model admin views without a planned row: {unplanned}"
    covered_by = {x.by for r in rows.values() for x in r if isinstance(x, Covered)}
    unchecked = [by for by in covered_by if not any(isinstance(x, Page) for x in rows.get(by, []))]
    assert not unchecked, f"Covered rows point at rows that check no page: {unchecked}"


# --- the walk ---------------------------------------------------------------------------------------------
# live_server gives each test a transactional database that is emptied afterwards, so the world is built
# once and every page is walked in one test; a failure lists every page that failed, by row.


def build_a11y_world():
    load_benchmark()
    world = build_world()
    # A draft with every question answered, so results and review pages show real content.
    answers = {}
    for indicator in world.a_a.framework.framework.indicators.values():
        codes = indicator.option_codes
        answers[indicator.code] = codes[:2] if indicator.type == "multi" else codes[-1]
    save_step(assessment=world.a_a, user=world.users["member_a"], answers=answers, evidence={})
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group

    where = {"username": "someone", "ip_address": "198.51.100.7", "path_info": "/accounts/login/"}
    AccessAttempt.objects.create(**where, failures_since_start=1)
    AccessLog.objects.create(**where)
    AccessFailureLog.objects.create(**where)
    Group.objects.create(name="Curators")
    return world


def checks():
    """(key, index, row, language, viewport, contrast) of every page state to check. While fixing a page, set
    ``A11Y_ONLY`` to a prefix of its URL name (``A11Y_ONLY=admin:auth``) to walk only those rows.

    Every row is checked in English on a desktop. A row checked in Spanish and at phone size is checked
    once in Spanish on the phone, where the longer Spanish words strain the layout most: each language and
    each size is still seen, and English on phones is walked by the journeys of test_e2e_accessibility.py.
    The second state leaves out axe's colour-contrast rule (two thirds of axe's time): the page's colours
    come from the same stylesheet in both states and were checked in the first; the journeys check
    contrast on phones."""
    only = os.environ.get("A11Y_ONLY", "")
    for key, rows in all_rows().items():
        if not key.startswith(only):
            continue
        for index, row in enumerate(rows):
            if isinstance(row, (NotAPage, Covered)):
                continue
            yield key, index, row, "en", DESKTOP, True
            if isinstance(row, Page) and (row.spanish or row.phone):
                yield key, index, row, "es" if row.spanish else "en", PHONE if row.phone else DESKTOP, False


# The page states are checked in parts, each a test of its own, so that the suite's workers share them
# (pytest -n 2): one test of all of them took five minutes on a single core. Every state is in one part.
PARTS = 4


@pytest.mark.parametrize("part", range(PARTS), ids=lambda part: f"part-{part + 1}-of-{PARTS}")
def test_every_page_is_accessible(browser, live_server, transactional_db, part):
    world = build_a11y_world()
    contexts, pages, failures, checked = {}, {}, [], 0
    try:
        for key, index, row, language, viewport, contrast in list(checks())[part::PARTS]:
            where = f"{key} [{index}] {language} {viewport['width']}px"
            slot = (row.role, language, viewport["width"])
            if slot not in contexts:
                context = browser.new_context(
                    viewport=viewport,
                    reduced_motion="reduce",
                    extra_http_headers={"Accept-Language": language},
                )
                context.add_cookies(cookies_of(world, row.role, live_server.url))
                contexts[slot] = context
            # One tab per role, language and size, navigated from state to state (a new tab for each
            # state cost a quarter of a second); a tab a failed check may have left halfway is replaced.
            page = pages.get(slot)
            if page is None or page.is_closed():
                page = pages[slot] = contexts[slot].new_page()
            try:
                open_row(page, live_server.url, world, key, row)
                assert page.locator("html").get_attribute("lang") == language, "the page's lang"
                # Django's admin markup is held to WCAG 2.1 A/AA; ledcheck's own pages to every axe rule
                # (colour contrast in a row's first state, checks()).
                assert_accessible(page, where, wcag_only=key.startswith("admin:"), contrast=contrast)
                checked += 1
            except AssertionError as exc:
                failures.append(f"{where}: {exc}")
                page.close()
    finally:
        for context in contexts.values():
            context.close()
    assert not failures, f"{len(failures)} of {checked + len(failures)} page states failed:\n" + "\n".join(
        failures
    )


def cookies_of(world, role, base):
    client = world.client(role)
    return [{"name": name, "value": morsel.value, "url": base} for name, morsel in client.cookies.items()]


def open_row(page, base, world, key, row):
    if isinstance(row, Post):
        source = reverse(row.source, args=row.source_args(world) if row.source_args else None)
        page.goto(base + source)
        submit_form(page, reverse(key, args=row.args(world) if row.args else None), row.data)
        return
    url = reverse(key, args=row.args(world) if row.args else None) + row.query
    response = page.goto(base + url)
    assert response.status < 400, f"{url}: {response.status}"


def submit_form(page, action, data):
    """POST ``data`` to ``action`` from the page as a form would, with the page's CSRF token."""
    with page.expect_navigation():
        page.evaluate(
            """([action, data]) => {
                const form = document.createElement("form");
                form.method = "post";
                form.action = action;
                const token = document.querySelector("input[name=csrfmiddlewaretoken]");
                const fields = {...data, csrfmiddlewaretoken: token ? token.value : ""};
                for (const [name, value] of Object.entries(fields)) {
                    const input = document.createElement("input");
                    input.type = "hidden";
                    input.name = name;
                    input.value = value;
                    form.appendChild(input);
                }
                document.body.appendChild(form);
                form.submit();
            }""",
            [action, data],
        )
