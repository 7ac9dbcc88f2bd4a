"""PDF downloads: the printable workshop kit (public: it holds no locality's data) and, for members, the
reports of assessments and workshops."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import caches
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from assessments import selectors as assessment_selectors
from core import fragments
from framework.models import FrameworkVersion
from reports import pdf, presenters
from reports.forms import ProgressForm
from workshops import selectors as workshop_selectors
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


def _kit_pdf(name: str, lang: str, render) -> bytes:
    """A kit PDF as made for the current framework version and ``lang``. Public, the same for every reader
    and seconds of WeasyPrint each: made once per process, version and language, then served from memory
    (an anonymous visitor asking again and again costs nothing)."""
    version = FrameworkVersion.objects.filter(is_current=True).defer("definition").get()
    loaded = version.loaded_at.isoformat() if version.loaded_at else ""
    cache = caches["fragments"]
    key = fragments.key_of(f"kit-{name}", (version.pk, loaded, lang))
    content = cache.get(key)
    if content is None:
        with translation.override(lang):
            content = render(version.framework)
        cache.set(key, content)
    return content


@require_safe
def kit_guide(request, lang):
    lang = _language(lang)

    def render(framework):
        context = {"framework_title": framework.text(), "source": framework.source}
        return pdf.render_pdf("reports/guide.html", context, language=lang)

    content = _kit_pdf("guide", lang, render)
    return _pdf_response(content, _("ledcheck-facilitators-guide-%(lang)s.pdf") % {"lang": lang})


@require_safe
def kit_questionnaire(request, lang):
    lang = _language(lang)

    def render(framework):
        context = {
            "framework_title": framework.text(),
            "dimensions": presenters.printable_questionnaire(framework),
            "roles": Role.choices,
        }
        return pdf.render_pdf("reports/questionnaire.html", context, language=lang)

    content = _kit_pdf("questionnaire", lang, render)
    return _pdf_response(content, _("ledcheck-questionnaire-%(lang)s.pdf") % {"lang": lang})


@login_required
@require_safe
def workshop_pdf(request, pk):
    """The workshop report for the locality: participation, agreement, opinion groups and the consensus, with
    the dashboard's anonymity rules (no names; roles only in groups at or above the threshold)."""
    workshop = workshop_selectors.get_workshop_for(request.user, pk)
    context = presenters.workshop_report(workshop)
    content = pdf.render_pdf("reports/workshop.html", context)
    name = slugify(workshop.title) or workshop.pk
    return _pdf_response(content, f"ledcheck-workshop-{name}-{workshop.date:%Y-%m-%d}.pdf")


@login_required
@require_safe
def assessment_pdf(request, pk):
    """The report of an assessment, from the same stored results as its results page."""
    assessment = assessment_selectors.get_assessment_for(request.user, pk)
    content = pdf.render_pdf("reports/assessment.html", presenters.assessment_report(assessment))
    name = slugify(assessment.locality.name) or assessment.locality.pk
    return _pdf_response(content, f"ledcheck-{name}-{assessment.pk}.pdf")


@login_required
@require_safe
def progress(request, pk):
    """Two assessments of a locality side by side (a workshop's consensus is one of its assessments too)."""
    locality = assessment_selectors.get_locality_for(request.user, pk)
    choices = list(locality.assessments.select_related("framework").order_by("-created_at", "-pk"))
    before, after = ProgressForm.default_pair(choices)
    initial = {"before": before.pk, "after": after.pk} if before else {}
    form = ProgressForm(request.GET or None, assessments=choices, initial=initial)
    if form.is_bound:
        if not form.is_valid():
            return render(request, "reports/progress.html", {"locality": locality, "form": form}, status=400)
        before, after = form.pair()
    context = {"locality": locality, "form": form}
    if before is not None:
        context.update(presenters.progress_report(before, after))
    return render(request, "reports/progress.html", context)
