"""PDF downloads: the printable workshop kit (public: it holds no locality's data) and, for members, the
reports of assessments and workshops."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from framework.models import FrameworkVersion
from reports import pdf, presenters
from workshops.models import Role

LANGUAGES = dict(settings.LANGUAGES)


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=pdf.PDF_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise Http404("No such language.")
    return lang


@require_safe
def kit(request):
    """The workshop kit: the facilitator's guide and the paper questionnaire, in each language."""
    return render(request, "reports/kit.html", {"languages": settings.LANGUAGES})


@require_safe
def kit_guide(request, lang):
    lang = _language(lang)
    framework = FrameworkVersion.current().framework
    with translation.override(lang):
        context = {"framework_title": framework.text(), "source": framework.source}
        content = pdf.render_pdf("reports/guide.html", context, language=lang)
    return _pdf_response(content, _("ledcheck-facilitators-guide-%(lang)s.pdf") % {"lang": lang})


@require_safe
def kit_questionnaire(request, lang):
    lang = _language(lang)
    framework = FrameworkVersion.current().framework
    with translation.override(lang):
        context = {
            "framework_title": framework.text(),
            "dimensions": presenters.printable_questionnaire(framework),
            "roles": Role.choices,
        }
        content = pdf.render_pdf("reports/questionnaire.html", context, language=lang)
    return _pdf_response(content, _("ledcheck-questionnaire-%(lang)s.pdf") % {"lang": lang})
