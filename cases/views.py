"""Public case library: the benchmark cases, one page per case, and the paper's cross-case tables."""

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from cases import selectors, tables
from cases.models import Case
from core import fragments, spreadsheet
from framework.definition import Framework, localized
from framework.models import FrameworkVersion

REGION_TYPE = "CTX.region_type"


class CaseFilterForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.ChoiceField(label=_("Type of region"), required=False)

    def __init__(self, *args, countries, region_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries")), *countries]
        self.fields["region"].choices = [("", _("All types of region"))] + region_types


# One page of the library: what a phone shows in a few screens, and what bounds the work and the memory of a
# request however many cases there are.
PAGE_SIZE = 24


def _region_label(framework: Framework, code: str) -> str:
    return tables.value_text(framework.indicators[REGION_TYPE], code) if code else ""


def case_list(request):
    """The published cases, filtered by country and type of region, one page of ``PAGE_SIZE`` at a time.

    The page's HTML is kept per library revision, language, filter and page (``core.fragments``): once
    rendered, a request reads the revision and the current framework version and nothing else."""
    version = FrameworkVersion.objects.filter(is_current=True).defer("definition").first()
    if version is None:  # nothing loaded yet (``manage.py load_benchmark``)
        raise Http404("No framework version is loaded.")
    asked = tuple(request.GET.get(name, "") for name in ("country", "region", "page"))
    state = selectors.library_version(version)
    body = fragments.cached_fragment(
        "case-list",
        (state, *asked),
        "cases/includes/case_list_body.html",
        lambda: _library_page(request, version),
    )
    return render(request, "cases/case_list.html", {"body": body})


def _library_page(request, version) -> dict:
    """Two queries whatever the number of cases: the (country, type of region) groups with their counts
    (the filter's choices and the totals) and the cases of the page shown. Only those are read, so the page
    and the memory of a worker stay the same size with 12 or 10,000. The library shows the cases of the
    current framework version (``version``) only."""
    current = version.framework
    published = Case.objects.published().filter(framework=version)
    # The country is translated content (cases/translation.py): a case is filtered by its English name,
    # which is the same in every language (a link keeps working when the reader switches language), and the
    # choice is shown in the reader's language.
    names = [f"country_{code}" for code, _name in settings.LANGUAGES]  # country_en first (the default)
    rows = published.order_by().values_list(*names, "region_type").annotate(n=Count("pk"))
    groups = [(row[0] or "", dict(zip(names, row, strict=False)), *row[len(names) :]) for row in rows]
    codes = {code for _c, _names, code, _n in groups if code}
    region_types = sorted(((c, _region_label(current, c)) for c in codes), key=lambda rt: rt[1])
    countries = sorted(
        {c: localized({"country": c, **translated}, "country") for c, translated, *_rest in groups}.items(),
        key=lambda choice: choice[1],
    )
    form = CaseFilterForm(request.GET or None, countries=countries, region_types=region_types)
    country = region = ""
    if form.is_valid():
        country, region = form.cleaned_data["country"], form.cleaned_data["region"]
    shown = published
    if country:
        shown = shown.filter(country_en=country)
    if region:
        shown = shown.filter(region_type=region)
    paginator = Paginator(shown, PAGE_SIZE)
    # The count is known from the groups: no COUNT query.
    paginator.count = sum(
        n for c, _names, r, n in groups if (not country or c == country) and (not region or r == region)
    )
    page = paginator.get_page(request.GET.get("page"))
    cases = list(page.object_list)
    for case in cases:
        case.region_label = _region_label(current, case.region_type)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "cases": cases,
        "page": page,
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
        "matching": paginator.count,
        "total": sum(n for *_rest, n in groups),
        "form": form,
        "filtered": bool(country or region),
        "query": query.urlencode(),
    }


def case_detail(request, slug):
    """One case. Its HTML is kept per library revision and language (``core.fragments``): once rendered, a
    request reads the case's id and name and the revision, as plain values, and nothing else."""
    pk, name, state = selectors.published_case_head(slug)

    def context():
        case = selectors.get_published_case(slug)
        framework = case.framework.framework
        values = {v.indicator: v for v in case.values.all()}
        dimensions = [
            {
                "dimension": dimension,
                "indicators": [
                    _indicator_row(indicator, values.get(indicator.code))
                    for indicator in dimension.indicators
                ],
            }
            for dimension in framework.dimensions
        ]
        return {
            "case": case,
            "region_label": _region_label(framework, case.region_type),
            "dimensions": dimensions,
        }

    body = fragments.cached_fragment("case", (state, pk), "cases/includes/case_detail_body.html", context)
    return render(request, "cases/case_detail.html", {"case_name": name, "body": body})


def _indicator_row(indicator, case_value) -> dict:
    value = case_value.value if case_value else None
    return {
        "indicator": indicator,
        "labels": tables.value_labels(indicator, value),
        "none_of_these": value == [],
        "reported": value is not None,
        "source": case_value.source if case_value else "",
        "from_curator": bool(case_value) and case_value.origin != "paper",
        "curator_source": case_value.curator_source if case_value else "",
        "note": case_value.note if case_value else "",
    }


def _figure_table(framework: Framework, records: list[dict], fig: tables.Figure) -> dict:
    values, sources, notes = (tables.field_frame(records, fig, f) for f in tables.FIELDS)
    indicators = framework.indicators
    rows = []
    for record in records:
        slug = record["slug"]
        cells = []
        for column in fig.columns:
            code = column.code
            value = values.at[slug, code]
            cells.append(
                {
                    "heading": column.heading,
                    "labels": tables.value_labels(indicators[code], value),
                    "reported": value is not None,
                    "mark": {"yes": "✓", "no": "–"}.get(value, "") if fig.marks else "",
                    "source": sources.at[slug, code],
                    "note": notes.at[slug, code],
                }
            )
        rows.append({"case": record, "cells": cells})
    return {"figure": fig, "rows": rows}


def compare(request):
    framework, records = selectors.comparison_records()
    records, curated = tables.paper_records(records)  # the paper's figures hold only the paper's values
    figures = [_figure_table(framework, records, fig) for fig in tables.FIGURES]
    context = {"figures": figures, "case_count": len(records), "curated_cases": curated}
    return render(request, "cases/compare.html", context)


def compare_csv(request, key):
    try:
        fig = tables.figure(key)
    except KeyError:
        raise Http404(f"No table {key!r}") from None
    framework, records = selectors.comparison_records()
    records, _curated = tables.paper_records(records)
    frame = tables.csv_frame(records, framework, fig)
    content = spreadsheet.csv_bytes(*spreadsheet.frame_rows(frame))  # formula-safe, with a byte-order mark
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="helmsing-2001-{fig.key}.csv"'
    return response
