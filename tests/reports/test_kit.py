"""The printable workshop kit: the facilitator's guide and the paper questionnaire (PDF), per language."""

import pytest
from django.urls import reverse

from framework.models import FrameworkVersion
from reports import pdf
from tests.reports.conftest import pdf_pages, pdf_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "lang, heading, timing",
    [
        ("en", "the facilitator's guide", "Timings for a session of two and a half hours"),
        ("es", "guía para la facilitación", "Tiempos para una sesión de dos horas y media"),
    ],
)
def test_the_guide_is_a_pdf_in_its_language(client, benchmark_cases, tmp_path, lang, heading, timing):
    response = client.get(reverse("reports:kit_guide", args=[lang]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    text = " ".join(pdf_text(response.content, tmp_path).split())
    assert heading in text and timing in text
    assert "Krippendorff" in text
    assert pdf_pages(response.content, tmp_path) >= 2


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_paper_questionnaire_holds_every_question(client, benchmark_cases, tmp_path, lang):
    from django.utils import translation

    response = client.get(reverse("reports:kit_questionnaire", args=[lang]))
    assert response.status_code == 200
    text = " ".join(pdf_text(response.content, tmp_path, layout=True).split())
    framework = FrameworkVersion.current().framework
    with translation.override(lang):
        labels = [i.text() for i in framework.indicators.values()]
        dont_know = translation.gettext("Don't know")
    # Every question is printed (pdftotext breaks long labels across lines, also after a hyphen: compared
    # without whitespace).
    flat = "".join(text.split())
    missing = [label for label in labels if "".join(label.split()) not in flat]
    assert missing == []
    assert text.count(dont_know) >= len(labels)


def test_an_unknown_language_is_404(client, benchmark_cases):
    assert client.get(reverse("reports:kit_guide", args=["xx"])).status_code == 404


def test_the_kit_page_links_both_languages(client, benchmark_cases):
    page = client.get(reverse("reports:kit"), headers={"accept-language": "es"}).content.decode()
    for lang in ("en", "es"):
        assert reverse("reports:kit_guide", args=[lang]) in page
        assert reverse("reports:kit_questionnaire", args=[lang]) in page
    assert "Kit del taller" in page


def test_the_pdf_fetcher_reads_static_files_and_refuses_anything_else():
    fetcher = pdf._fetcher()
    css = fetcher.fetch("http://report.invalid/static/reports/report.css")
    assert b"@page" in css.read()
    for url in ("http://example.org/tracker.png", "file:///etc/passwd", "http://report.invalid/static/../x"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_a_kit_pdf_is_made_once_per_version_and_language(client, benchmark_cases, monkeypatch):
    """Public and the same for everyone: WeasyPrint runs once per framework version and language, then the
    same bytes are served from memory; a newly loaded framework version makes it again."""
    from django.core.cache import caches
    from django.utils import timezone

    caches["fragments"].clear()
    made = []
    real = pdf.render_pdf
    monkeypatch.setattr(pdf, "render_pdf", lambda *a, **kw: made.append(kw.get("language")) or real(*a, **kw))
    url = reverse("reports:kit_guide", args=["es"])
    first, again = client.get(url).content, client.get(url).content
    assert first == again and made == ["es"]
    client.get(reverse("reports:kit_guide", args=["en"]))
    assert made == ["es", "en"]
    FrameworkVersion.objects.filter(is_current=True).update(loaded_at=timezone.now())
    client.get(url)
    assert made == ["es", "en", "es"]
