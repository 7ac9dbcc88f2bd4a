"""The Spanish catalogues: pages render in Spanish, and every catalogue (one per app in ``<app>/locale/``, the
site-wide one in ``locale/``) is complete and compiled.

The completeness tests read each ``django.po`` as it is committed. They catch an
untranslated or fuzzy entry, a lost placeholder and a stale ``django.mo`` -- but a string added to
the code only reaches the .po when someone runs ``make messages`` (makemessages + compilemessages,
which need GNU gettext). So a new untranslated string makes these tests fail only after the
catalogue has been regenerated; run ``make messages`` whenever you add or change a user-facing string.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.browser import screenshot

ROOT = Path(__file__).resolve().parents[2]
LOCALE_DIR = ROOT / "locale" / "es" / "LC_MESSAGES"
CATALOGUES = sorted(ROOT.glob("*/locale/es/LC_MESSAGES/django.po")) + [LOCALE_DIR / "django.po"]
IDS = [str(p.relative_to(ROOT)).split("/")[0] for p in CATALOGUES]

ES = {"HTTP_ACCEPT_LANGUAGE": "es"}


@pytest.fixture(autouse=True)
def back_to_english():
    """LocaleMiddleware leaves the request's language active in the thread; later tests expect English."""
    yield
    translation.deactivate()


# --- a minimal .po reader (polib is not a project dependency) ----------------------------------------


@dataclass
class Entry:
    line: int
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # msgstr -> {0: ...}; msgstr[n] -> {n: ...}
    flags: set[str] = field(default_factory=set)


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"$')


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m[1], m[0]), text)


def read_po(path: Path) -> list[Entry]:
    """Entries of a .po file, header (msgid "") included; obsolete ``#~`` entries are skipped."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int | None] | None = None
    pending_flags: set[str] = set()

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#,"):
            pending_flags |= {f.strip() for f in line[2:].split(",")}
        elif not line or line.startswith("#"):
            continue
        elif m := _KEYWORD.match(line):
            keyword, index, text = m[1], m[2], _unquote(m[3])
            if keyword in ("msgctxt", "msgid") and (current is None or current.msgstr):
                current = Entry(line=number, flags=pending_flags)
                pending_flags = set()
                entries.append(current)
            if keyword.startswith("msgstr"):
                target = ("msgstr", int(index or 0))
                current.msgstr[target[1]] = text
            else:
                target = (keyword, None)
                setattr(current, keyword, text)
        elif line.startswith('"') and line.endswith('"') and current is not None and target is not None:
            text = _unquote(line[1:-1])
            if target[0] == "msgstr":
                current.msgstr[target[1]] += text
            else:
                setattr(current, target[0], getattr(current, target[0]) + text)
        else:
            raise AssertionError(f"{path.name}:{number}: unreadable line {raw!r}")
    return entries


def catalogue(path: Path) -> tuple[Entry, list[Entry]]:
    header, *messages = read_po(path)
    assert header.msgid == "", "the .po must start with its header entry"
    return header, messages


def where(entry: Entry) -> str:
    return f"django.po:{entry.line} {entry.msgid[:60]!r}"


PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*[sdrfx]|%%|\{\w*\}")


# --- the catalogue ----------------------------------------------------------------------------------


def test_reader_understands_multiline_plural_and_fuzzy_entries(tmp_path):
    po = tmp_path / "t.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: es\\n"\n\n'
        '#: a.py:1\n#, fuzzy, python-format\nmsgid ""\n"Long %(n)s "\n"text"\nmsgstr "Largo %(n)s"\n\n'
        'msgid "%(n)s case"\nmsgid_plural "%(n)s cases"\nmsgstr[0] "%(n)s caso"\nmsgstr[1] ""\n\n'
        '#~ msgid "old"\n#~ msgstr "viejo"\n',
        encoding="utf-8",
    )
    header, long, plural = read_po(po)
    assert header.msgstr == {0: "Language: es\n"}
    assert long.msgid == "Long %(n)s text" and long.flags == {"fuzzy", "python-format"}
    assert plural.msgid_plural == "%(n)s cases" and plural.msgstr == {0: "%(n)s caso", 1: ""}


def test_there_is_a_catalogue_for_every_app_with_texts():
    apps = {"accounts", "assessments", "cases", "framework", "questionnaire", "workshops"}
    assert set(IDS) >= apps | {"locale"}


@pytest.mark.parametrize("po", CATALOGUES, ids=IDS)
def test_header_declares_spanish_with_two_plural_forms(po):
    header, _ = catalogue(po)
    assert "fuzzy" not in header.flags
    meta = header.msgstr[0]
    assert "Language: es\n" in meta
    assert "Content-Type: text/plain; charset=UTF-8\n" in meta
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in meta


@pytest.mark.parametrize("po", CATALOGUES, ids=IDS)
def test_every_entry_is_translated_and_none_is_fuzzy(po):
    _, messages = catalogue(po)
    fuzzy = [where(e) for e in messages if "fuzzy" in e.flags]
    empty = [where(e) for e in messages if not all(s.strip() for s in e.msgstr.values())]
    wrong_forms = [where(e) for e in messages if e.msgid_plural is not None and sorted(e.msgstr) != [0, 1]]
    assert fuzzy == [], "fuzzy entries (check and translate, then drop the flag): " + ", ".join(fuzzy)
    assert empty == [], "untranslated entries: " + ", ".join(empty)
    assert wrong_forms == [], "plural entries need msgstr[0] and msgstr[1]: " + ", ".join(wrong_forms)


def test_the_catalogues_were_generated_from_the_code():
    assert sum(len(catalogue(po)[1]) for po in CATALOGUES) > 500


@pytest.mark.parametrize("po", CATALOGUES, ids=IDS)
def test_translations_keep_every_placeholder(po):
    _, messages = catalogue(po)
    problems = []
    for e in messages:
        wanted = set(PLACEHOLDER.findall(e.msgid + " " + (e.msgid_plural or "")))
        for form, text in e.msgstr.items():
            got = set(PLACEHOLDER.findall(text))
            # A singular form may leave out the count ("this problem" for 1), never add a name.
            if (got - wanted) or ((form != 0 or e.msgid_plural is None) and got != wanted):
                problems.append(f"{where(e)} [{form}]: {sorted(wanted)} -> {sorted(got)}")
    assert problems == []


def _translate(e: Entry, n: int) -> str:
    if e.msgid_plural is None:
        return translation.pgettext(e.msgctxt, e.msgid) if e.msgctxt else translation.gettext(e.msgid)
    if e.msgctxt:
        return translation.npgettext(e.msgctxt, e.msgid, e.msgid_plural, n)
    return translation.ngettext(e.msgid, e.msgid_plural, n)


@pytest.mark.parametrize("po", CATALOGUES, ids=IDS)
def test_compiled_catalogue_matches_the_po(po):
    """django.mo is committed so that no gettext tools are needed to serve Spanish; it must be current.

    Django looks a text up in locale/ first, then in the apps' catalogues in INSTALLED_APPS order, so a text
    two catalogues share must have the same translation in both (this test finds it otherwise)."""
    assert po.with_suffix(".mo").exists(), "run `make messages` to compile django.mo"
    assert settings.LOCALE_PATHS and Path(settings.LOCALE_PATHS[0]) == LOCALE_DIR.parents[1]
    _, messages = catalogue(po)
    stale = []
    with translation.override("es"):
        for e in messages:
            forms = {0: 1} if e.msgid_plural is None else {0: 1, 1: 5}
            if {form: _translate(e, n) for form, n in forms.items()} != e.msgstr:
                stale.append(where(e))
    assert stale == [], "django.mo is older than django.po (run `make messages`): " + ", ".join(stale[:10])


def test_required_terminology():
    """The glossary agreed for municipal officers (see the Helmsing 2001 vocabulary)."""
    with translation.override("es"):
        assert translation.gettext("Don't know") == "No sé"
        assert translation.gettext("Not reported in the paper") == "No informado en el artículo"
        assert translation.gettext("Meso-institutions") == "Meso-instituciones"
        assert translation.gettext("Partnerships and networking") == "Alianzas y redes"
        assert translation.gettext("Types of LED initiatives") == "Tipos de iniciativas DEL"
        assert translation.gettext("workshop") == "taller"
        assert translation.ngettext("%(n)s assessment", "%(n)s assessments", 3) % {"n": 3} == "3 evaluaciones"


# --- pages ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_home_page_in_spanish_from_accept_language(client, benchmark_cases):
    html = client.get(reverse("home"), **ES).content.decode()
    assert '<html lang="es">' in html
    assert "¿Cómo va el desarrollo económico de su localidad?" in html
    assert "Explorar los 12 casos de referencia" in html
    assert "Las cuatro dimensiones del marco" in html
    assert "Iniciar sesión" in html and "Registrarse" in html
    assert "Saltar al contenido principal" in html
    assert "How is your locality" not in html
    assert "Browse the 12 benchmark cases" not in html


@pytest.mark.django_db
def test_english_stays_the_default(client):
    html = client.get(reverse("home")).content.decode()
    assert "How is your locality's economic development doing?" in html
    assert "Explorar" not in html


def test_case_list_in_spanish_from_language_cookie(client, benchmark_cases):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    html = client.get(reverse("cases:case_list")).content.decode()
    assert '<html lang="es">' in html
    assert "Los 12 casos de referencia" in html
    assert "Filtrar casos" in html
    assert "Se muestran 12 casos de 12." in html
    assert "Todos los países" in html
    assert "Showing 12 cases" not in html


def test_case_page_in_spanish(client, benchmark_cases):
    html = client.get(reverse("cases:case_detail", args=["rafaela"]), **ES).content.decode()
    assert "Volver a todos los casos" in html
    assert "Comparar con los demás casos" in html
    assert "Tipo de región" in html
    assert "No informado en el artículo" in html  # Rafaela has indicators the paper does not report
    assert "Not reported in the paper" not in html


def test_login_page_in_spanish(client):
    html = client.get(reverse("login"), **ES).content.decode()
    assert "<title>Iniciar sesión" in html
    assert "¿Olvidó su contraseña?" in html
    assert "¿Es nuevo aquí?" in html and "Crear una cuenta" in html


# --- in the browser ---------------------------------------------------------------------------------


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 390])
def test_switching_to_spanish_in_the_browser(page, live_server, width):
    from cases.services import load_benchmark

    load_benchmark()
    suffix = "" if width > 600 else "-mobile"
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/")
    if width < 600:
        page.locator(".navbar-toggler").click()
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change").click()
    page.wait_for_load_state()

    assert page.locator("html").get_attribute("lang") == "es"
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "¿Cómo va el desarrollo económico de su localidad?"
    )
    assert page.get_by_role("link", name="Explorar los 12 casos de referencia").is_visible()
    assert page.get_by_role("heading", name="Meso-instituciones").is_visible()
    screenshot(page, f"home-es{suffix}.png", full_page=True)

    # The choice sticks (language cookie) on the next pages.
    page.goto(live_server.url + reverse("cases:case_detail", args=["medellin"]))
    assert page.get_by_role("heading", name="Procesos de aprendizaje").is_visible()
    main = page.locator("main").inner_text()
    assert "Volver a todos los casos" in main
    assert "Tipo de región" in main
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"case-medellin-es{suffix}.png", full_page=True)
