"""Spanish all the way through: every page of the accessibility matrix (officer, workshop, case library and
admin journeys), rendered in English and in Spanish, must not show a visible text of the English page
unchanged on the Spanish one.

Allowed to stay the same: text inside an element marked ``lang="en"`` (English on purpose, e.g. the paper's
title, and announced as such to screen readers), names and other data the users typed (taken from the
database, not listed by hand), and the short reviewed list ``SAME_IN_BOTH`` (brand, codes, abbreviations).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from tests.ledcheck.test_e2e_a11y_matrix import Covered, Page, all_rows, build_a11y_world

# The words on a page do not depend on the database engine (every page is rendered on PostgreSQL by the
# access matrix): checked once, in make test.
pytestmark = [pytest.mark.django_db, pytest.mark.db_independent]

# Reviewed: the same in English and Spanish, or not language at all.
SAME_IN_BOTH = {
    "ledcheck", "DEL", "PDF", "CSV", "XLSX", "JSON", "SVG", "QR", "ONG", "OK", "Email", "e-mail",
    "Helmsing (2001)", "Helmsing 2001", "CEPAL", "GTZ", "Total", "No", "General", "Local", "Regional",
    "Municipal", "Normal", "Plan", "Inicio", "Axes", "Horizontal", "Vertical",
}  # fmt: skip
# Reviewed: texts third-party code builds in English with no way to translate them. django-axes writes its
# records' names with f-strings; Django stores permission names in English when it creates them.
UNTRANSLATABLE = re.compile(
    r"^(Failed access: user .* on .* from .*|Attempted Access: .*|Access Log for .* @ .*"
    r"|.+ \| .+ \| Can (add|change|delete|view) .+)$"
)
# A textarea holds a value being edited (the admin shows a case's English and Spanish texts side by side).
SKIPPED_TAGS = {"script", "style", "template", "noscript", "code", "kbd", "samp", "svg", "textarea"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
LETTERS = re.compile(r"[A-Za-zÁÉÍÓÚÑáéíóúñü]{2,}")


class VisibleText(HTMLParser):
    """The visible text nodes of a page with the language they are declared in."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, bool]] = []  # (tag, lang, hidden)
        self.texts: list[tuple[str, str]] = []  # (text, language)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        parent_lang = self.stack[-1][1] if self.stack else None
        hidden = (self.stack[-1][2] if self.stack else False) or tag in SKIPPED_TAGS or "hidden" in attrs
        hidden = hidden or attrs.get("aria-hidden") == "true"
        if tag in ("input", "textarea") and attrs.get("placeholder"):
            self.texts.append((attrs["placeholder"].strip(), attrs.get("lang") or parent_lang or ""))
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.append((attrs["value"].strip(), attrs.get("lang") or parent_lang or ""))
        for name in ("aria-label", "title", "alt"):
            if attrs.get(name) and not hidden:
                self.texts.append((attrs[name].strip(), attrs.get("lang") or parent_lang or ""))
        if tag not in VOID:
            self.stack.append((tag, attrs.get("lang") or parent_lang, hidden))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        text = " ".join(data.split()).removeprefix("› ")  # the admin's breadcrumb separator
        if text and self.stack and not self.stack[-1][2]:
            self.texts.append((text, self.stack[-1][1] or ""))


def visible_texts(html: str) -> list[tuple[str, str]]:
    parser = VisibleText()
    parser.feed(html)
    return parser.texts


# Fields that hold names the users (or curators) typed: data, the same in every language. Content such as a
# case's summary or notes is not here: it has a Spanish version and must show it.
NAME_FIELDS = {
    "name", "title", "username", "email", "country", "slug", "code", "owner", "first_name", "last_name",
}  # fmt: skip
# Free text participants typed (their evidence notes): data too, shown as typed.
TYPED_FIELDS = {"evidence"}


def data_texts() -> set[str]:
    """Every name held in the database (localities, cases, users, workshops, participants); not a field with
    a Spanish version (a case's country is "México" on Spanish pages)."""
    from modeltranslation.translator import NotRegistered, translator

    found = set()
    for model in apps.get_models():
        try:
            translated = set(translator.get_options_for_model(model).fields)
        except NotRegistered:
            translated = set()
        fields = [
            f.name for f in model._meta.concrete_fields
            if ((isinstance(f, (models.CharField, models.SlugField)) and f.name in NAME_FIELDS)
                or (isinstance(f, models.TextField) and f.name in TYPED_FIELDS))
            and f.name not in translated
        ]  # fmt: skip
        if not fields or model._meta.app_label in ("sessions", "contenttypes", "admin"):
            continue
        for row in model.objects.values_list(*fields):
            found.update(str(v).strip() for v in row if v)
        # A translation that is the same word in both languages ("Chile") is not English left.
        for name in translated & NAME_FIELDS:
            pairs = model.objects.values_list(f"{name}_en", f"{name}_es")
            found.update(en.strip() for en, es in pairs if en and en == es)
    return found


ENGLISH_PERCENT = re.compile(r"\d%")
INDICATOR_CODE = re.compile(r"\b[A-Z]{2,}\.[a-z_]+\b")
CODE_OR_URL = re.compile(r"^([A-Z0-9][A-Z0-9._-]*|https?://\S+|/\S*)$")


def english_left(en_html: str, es_html: str, allowed: set[str]) -> list[str]:
    """The texts of the Spanish page, in Spanish by its markup, that the English page shows in English."""
    english = {text for text, lang in visible_texts(en_html) if lang.startswith("en")}
    left = []
    for text, lang in visible_texts(es_html):
        if not lang.startswith("es") or text not in english or not LETTERS.search(text):
            continue
        if CODE_OR_URL.match(text) or UNTRANSLATABLE.match(text):  # a join code, a URL; see UNTRANSLATABLE
            continue
        if (
            text in allowed
            or text in SAME_IN_BOTH
            or not LETTERS.search(_without(text, allowed | SAME_IN_BOTH))
        ):
            continue
        left.append(text)
    return sorted(set(left))


def _without(text: str, names: set[str]) -> str:
    """``text`` with every name in it blanked out ("Rafaela (Argentina)" is data only)."""
    for name in sorted((n for n in names if len(n) >= 3 and n in text), key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", text)
    return INDICATOR_CODE.sub(" ", text)  # "Córdoba: CTX.continuity" (a case value's name) is data too


def page_rows():
    for key, rows in all_rows().items():
        for index, row in enumerate(rows):
            if isinstance(row, Page):
                yield key, index, row
            elif isinstance(row, Covered):  # the same template as another row, but the model's own words
                yield key, index, row.page


def test_the_parser_sees_only_visible_text_and_its_language():
    html = (
        '<html lang="es"><head><title>Título</title><script>var x = "English";</script></head><body>'
        '<p>Hola <span lang="en">Partnerships, Meso-institutions and Learning</span></p>'
        '<div hidden>Hidden English</div><input placeholder="Search" type="text"><br>'
        '<button aria-label="Close">×</button></body></html>'
    )
    assert visible_texts(html) == [
        ("Título", "es"), ("Hola", "es"), ("Partnerships, Meso-institutions and Learning", "en"),
        ("Search", "es"), ("Close", "es"), ("×", "es"),
    ]  # fmt: skip


def test_english_left_finds_an_untranslated_text_and_spares_marked_english():
    body = '<h1>Results</h1><p>Rafaela</p><p lang="en">Figure 1</p><b>ABC-DEF</b></body></html>'
    en, es = f'<html lang="en"><body>{body}', f'<html lang="es"><body>{body}'
    assert english_left(en, es, allowed={"Rafaela"}) == ["Results"]
    # Names typed by users stay as typed, also inside a longer text; the words around them do not.
    en = '<html lang="en"><body><p>Rafaela (Argentina)</p><p>Rafaela is ready</p></body></html>'
    es = '<html lang="es"><body><p>Rafaela (Argentina)</p><p>Rafaela is ready</p></body></html>'
    assert english_left(en, es, allowed={"Rafaela", "Argentina"}) == ["Rafaela is ready"]
    # A text in Spanish on both pages (the language menu, the kit's Spanish column) is not English left.
    en_menu = '<html lang="en"><body><option lang="es">Español</option></body></html>'
    es_menu = '<html lang="es"><body><option lang="es">Español</option></body></html>'
    assert english_left(en_menu, es_menu, allowed=set()) == []


def test_no_page_shows_english_in_spanish():
    world = build_a11y_world()
    allowed = data_texts()
    failures = {}
    for key, _index, row in page_rows():
        url = reverse(key, args=row.args(world) if row.args else None) + row.query
        client = world.client(row.role)
        en = client.get(url, headers={"accept-language": "en"})
        es = client.get(url, headers={"accept-language": "es"})
        assert en.status_code == es.status_code < 500, (key, en.status_code, es.status_code)
        left = english_left(en.content.decode(), es.content.decode(), allowed)
        # Spanish writes a space before the percent sign ("46 %"), English does not ("46%").
        left += [
            t for t, lang in visible_texts(es.content.decode()) if lang == "es" and ENGLISH_PERCENT.search(t)
        ]
        if left:
            failures[key] = left
    report = "\n".join(
        f"{key}: {texts[:8]}{' …' if len(texts) > 8 else ''}" for key, texts in failures.items()
    )
    assert not failures, f"English left on {len(failures)} Spanish pages:\n{report}"


def _header(response, kind: str) -> list[str]:
    import csv
    import io

    from openpyxl import load_workbook

    assert response.status_code == 200, response.status_code
    if kind == "xlsx":
        sheet = load_workbook(io.BytesIO(response.content)).active
        return [cell.value for cell in next(sheet.iter_rows())]
    return next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_no_download_has_an_english_header_row_in_spanish():
    """The header rows of the workshop's CSV and XLSX, of the paper's cross-case tables and of the admin's
    case CSV are in the reader's language; codes stay in columns of their own ("Rol (código)")."""
    from cases import tables

    world = build_a11y_world()
    downloads = [
        ("c1", reverse("workshops:export_csv", args=[world.w.pk]), "csv"),
        ("c1", reverse("workshops:export_xlsx", args=[world.w.pk]), "xlsx"),
        ("staff", reverse("admin:cases_case_export"), "csv"),
        *(("anon", reverse("cases:compare_csv", args=[fig.key]), "csv") for fig in tables.FIGURES),
    ]
    failures = {}
    for role, url, kind in downloads:
        client = world.client(role)
        en = _header(client.get(url, headers={"accept-language": "en"}), kind)
        es = _header(client.get(url, headers={"accept-language": "es"}), kind)
        assert len(en) == len(es) > 2, url
        same = [b for a, b in zip(en, es, strict=True) if a == b and a not in SAME_IN_BOTH]
        if same:
            failures[url] = same
    assert not failures, failures


def test_the_spanish_workshop_download_labels_roles_answers_and_sources_in_spanish():
    import io

    import pandas as pd

    world = build_a11y_world()
    url = reverse("workshops:export_csv", args=[world.w.pk])
    frames = {}
    for lang in ("en", "es"):
        content = world.client("c1").get(url, headers={"accept-language": lang}).content
        frames[lang] = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig", keep_default_na=False)
    frame = frames["es"]
    assert {"Respondida en (código)", "Respondida en", "Respuesta (código)", "Respuesta"} <= set(
        frame.columns
    )
    assert set(frame["Respondida en"]) == {"teléfono"} and set(frame["Respondida en (código)"]) == {"phone"}
    # The answers' labels are the options in Spanish ("No" is the same word); their codes are the same.
    assert list(frame["Respuesta (código)"]) == list(frames["en"]["Answer (code)"])
    assert not (set(frames["en"]["Answer"]) - SAME_IN_BOTH) & set(frame["Respuesta"])
    assert set(frame["Pregunta"]).isdisjoint(frames["en"]["Question"])
