"""Public case library: the benchmark cases, one page per case, and the paper's cross-case tables."""

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from cases import selectors, tables
from core import spreadsheet
from framework.definition import Framework

REGION_TYPE = "CTX.region_type"


class CaseFilterForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.ChoiceField(label=_("Type of region"), required=False)

    def __init__(self, *args, countries, region_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries"))] + [(c, c) for c in countries]
        self.fields["region"].choices = [("", _("All types of region"))] + region_types


def _frameworks(cases) -> dict[int, Framework]:
    """Each distinct framework version of ``cases``, parsed once."""
    parsed = {}
    for case in cases:
        if case.framework_id not in parsed:
            parsed[case.framework_id] = case.framework.framework
    return parsed


def _region_label(framework: Framework, code: str) -> str:
    return tables.value_text(framework.indicators[REGION_TYPE], code) if code else ""


def case_list(request):
    cases = selectors.published_cases()
    frameworks = _frameworks(cases)
    for case in cases:
        case.region_label = _region_label(frameworks[case.framework_id], case.region_type)
    region_types = sorted({(c.region_type, c.region_label) for c in cases}, key=lambda rt: rt[1])
    form = CaseFilterForm(
        request.GET or None, countries=sorted({c.country for c in cases}), region_types=region_types
    )
    shown = cases
    if form.is_valid():
        country, region = form.cleaned_data["country"], form.cleaned_data["region"]
        shown = [
            c
            for c in cases
            if (not country or c.country == country) and (not region or c.region_type == region)
        ]
    return render(
        request,
        "cases/case_list.html",
        {"cases": shown, "total": len(cases), "form": form, "filtered": len(shown) != len(cases)},
    )


def case_detail(request, slug):
    case = selectors.get_published_case(slug)
    framework = case.framework.framework
    values = {v.indicator: v for v in case.values.all()}
    dimensions = [
        {
            "dimension": dimension,
            "indicators": [
                _indicator_row(indicator, values.get(indicator.code)) for indicator in dimension.indicators
            ],
        }
        for dimension in framework.dimensions
    ]
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "region_label": _region_label(framework, case.region_type),
            "dimensions": dimensions,
        },
    )


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
