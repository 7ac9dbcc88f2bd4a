"""A radar (spider) chart of 0-100 scores as accessible inline SVG. Pure: no JavaScript, no database.

The SVG has ``role="img"``, a ``<title>`` and a ``<desc>`` listing every number, tied together with
``aria-labelledby``, so a screen reader reads the values the picture shows. A value of ``None`` (no score)
is drawn at the centre and described as "no score". Every text is escaped here, so a template may mark
the result safe.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import count
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

SIZE = 420
CENTRE = SIZE / 2
RADIUS = 130
RINGS = (25, 50, 75, 100)
GRID = "#adb5bd"
# Presentation attributes, not style="" (a CSP without 'unsafe-inline' blocks inline styles); the classes
# let a stylesheet override them.
SERIES = (
    {"class": "radar-series-a", "fill": "#0d6efd", "fill-opacity": "0.25", "stroke": "#0d6efd"},
    {
        "class": "radar-series-b",
        "fill": "#d63384",
        "fill-opacity": "0.12",
        "stroke": "#d63384",
        "stroke-dasharray": "6 4",
    },
)
MARGIN = 110  # room left and right for axis labels


@dataclass(frozen=True)
class LabelSet:
    """How axis labels and the legend are set: font size and line height in SVG units, characters a line."""

    css_class: str
    size: int
    line: int
    chars: int


# Two sets of labels in every chart. The picture is 640 units across: drawn in a phone's ~330 px, or in the
# progress page's narrow column, the desktop's 13-unit labels came out at 7 px. The stylesheet shows the
# larger set where the chart's box is narrow (a container query in ledcheck.css); print and the PDFs, which
# know no container queries, keep the desktop set, as does any page without the stylesheet (the larger set
# carries display="none").
WIDE = LabelSet("radar-labels-wide", size=13, line=14, chars=20)
NARROW = LabelSet("radar-labels-narrow", size=22, line=25, chars=13)
TOP, BOTTOM = 20, SIZE  # the picture's vertical extent before the labels need more
_ids = count(1)


def _tag(name: str, text: str | None = None, **attrs) -> str:
    """One SVG element; attribute names use ``_`` for ``-``; ``text`` is escaped."""
    rendered = " ".join(
        f'{k.rstrip("_").replace("_", "-")}="{escape(str(v), {chr(34): "&quot;"})}"' for k, v in attrs.items()
    )
    if text is None:
        return f"<{name} {rendered}/>"
    return f"<{name} {rendered}>{escape(text)}</{name}>"


def _point(index: int, n: int, value: float) -> tuple[float, float]:
    # The first axis points straight up; axes go clockwise.
    angle = -math.pi / 2 + 2 * math.pi * index / n
    r = RADIUS * max(0.0, min(100.0, value)) / 100.0
    return round(CENTRE + r * math.cos(angle), 1), round(CENTRE + r * math.sin(angle), 1)


def _points(values) -> list[tuple[float, float]]:
    return [_point(i, len(values), v or 0.0) for i, v in enumerate(values)]


def _series(values, style: dict) -> str:
    pts = _points(values)
    colour = {"fill": style["stroke"]}
    polygon = _tag("polygon", points=" ".join(f"{x},{y}" for x, y in pts), stroke_width=2, **style)
    return polygon + "".join(_tag("circle", cx=x, cy=y, r=3, **colour) for x, y in pts)


def _label_lines(label: str, chars: int) -> list[str]:
    """``label`` broken at spaces into lines of at most ``chars`` characters (a long word keeps its line)."""
    lines, line = [], ""
    for word in label.split():
        if line and len(line) + 1 + len(word) > chars:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def _axis_label(label: str, x: float, y: float, style: LabelSet) -> tuple[str, float, float]:
    """The ``<text>`` of one axis label, with the top of its first line and the bottom of its last."""
    anchor = "middle" if abs(x - CENTRE) < 5 else ("start" if x > CENTRE else "end")
    lines = _label_lines(label, style.chars)
    # Labels above the centre grow upwards, so they never cover the chart.
    baseline = y + 4 - (style.line * (len(lines) - 1) if y < CENTRE - 5 else 0)
    spans = "".join(
        f'<tspan x="{x}" y="{round(baseline + style.line * k, 1)}">{escape(line)}</tspan>'
        for k, line in enumerate(lines)
    )
    attrs = f'class="radar-label" text-anchor="{anchor}" font-size="{style.size}" fill="currentColor"'
    # A line's ink reaches about 0.8 of the font size above its baseline and 0.25 below it.
    top = baseline - 0.8 * style.size
    bottom = baseline + style.line * (len(lines) - 1) + 0.25 * style.size
    return f"<text {attrs}>{spans}</text>", top, bottom


def _labels(labels: list[str], style: LabelSet) -> tuple[list[str], float, float]:
    """Every axis label in ``style``: the texts, the highest top and the lowest bottom."""
    n = len(labels)
    texts, tops, bottoms = [], [], []
    for i, label in enumerate(labels):
        text, top, bottom = _axis_label(label, *_point(i, n, 115), style)
        texts.append(text)
        tops.append(top)
        bottoms.append(bottom)
    return texts, min(tops), max(bottoms)


def _legend(names, style: LabelSet, y: float) -> str:
    """The two series' names beside a swatch of each, on one line at ``y`` (the swatches' top)."""
    swatch = round(style.size * 1.1)
    parts = []
    for k, (name, series) in enumerate(zip(names, SERIES, strict=True)):
        x = 40 + k * SIZE // 2
        parts.append(_tag("rect", x=x, y=round(y, 1), width=swatch, height=swatch, **series))
        parts.append(
            _tag(
                "text",
                name,
                x=x + swatch + 6,
                y=round(y + swatch * 0.85, 1),
                font_size=style.size,
                fill="currentColor",
            )
        )
    return "".join(parts)


def _numbers(labels, values) -> str:
    return "; ".join(
        f"{label}: {_('no score') if v is None else f'{v:.0f}'}"
        for label, v in zip(labels, values, strict=True)
    )


def radar_svg(
    labels: list[str],
    values: list[float | None],
    *,
    title: str,
    description: str = "",
    series_name: str = "",
    second: list[float | None] | None = None,
    second_name: str = "",
    uid: str | None = None,
) -> str:
    """An SVG radar of ``values`` (0-100, one per label); optionally a ``second`` series with a legend.

    ``uid`` makes the ids of ``<title>``/``<desc>`` unique on a page (default: a process-wide counter).
    """
    if len(labels) != len(values) or (second is not None and len(second) != len(labels)):
        raise ValueError("radar_svg needs one value per label in every series")
    if len(labels) < 3:
        raise ValueError("radar_svg needs at least three axes")
    uid = uid or str(next(_ids))
    title_id, desc_id = f"radar-title-{uid}", f"radar-desc-{uid}"
    n = len(labels)
    names = (series_name or _("This locality"), second_name or _("Comparison"))

    desc = f"{description} " if description else ""
    desc += f"{names[0]}: {_numbers(labels, values)}."
    if second is not None:
        desc += f" {names[1]}: {_numbers(labels, second)}."

    wide, wide_top, wide_bottom = _labels(labels, WIDE)
    narrow, narrow_top, narrow_bottom = _labels(labels, NARROW)
    # Each set's legend goes under that set's lowest label; the picture grows to hold the larger set.
    wide_legend_y = max(CENTRE + RADIUS + 40, wide_bottom + 10)
    narrow_legend_y = narrow_bottom + 12
    top = min(TOP, wide_top - 4, narrow_top - 4)
    bottom = max(BOTTOM, wide_bottom + 4, narrow_bottom + 4)
    if second is not None:
        bottom = max(bottom, wide_legend_y + WIDE.size * 1.1 + 6, narrow_legend_y + NARROW.size * 1.1 + 6)
    top, bottom = math.floor(top), math.ceil(bottom)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="radar" '
        f'viewBox="{-MARGIN} {top} {SIZE + 2 * MARGIN} {bottom - top}" '
        f'role="img" aria-labelledby="{title_id} {desc_id}">',
        _tag("title", title, id=title_id),
        _tag("desc", desc, id=desc_id),
        '<g class="radar-grid" aria-hidden="true">',
    ]
    for ring in RINGS:
        pts = " ".join(f"{x},{y}" for x, y in (_point(i, n, ring) for i in range(n)))
        parts.append(_tag("polygon", class_="radar-ring", points=pts, fill="none", stroke=GRID))
        if ring == 100:
            continue  # the outer ring is the axis labels' place
        x, y = _point(0, n, ring)
        parts.append(
            _tag("text", str(ring), class_="radar-ring-label", x=x + 4, y=y + 4, font_size=10, fill="#6c757d")
        )
    for i in range(n):
        x, y = _point(i, n, 100)
        parts.append(_tag("line", class_="radar-axis", x1=CENTRE, y1=CENTRE, x2=x, y2=y, stroke=GRID))
    parts.append(f'<g class="{WIDE.css_class}">{"".join(wide)}</g>')
    parts.append(f'<g class="{NARROW.css_class}" display="none">{"".join(narrow)}</g>')
    parts.append("</g>")
    parts.append('<g aria-hidden="true">')
    if second is not None:
        parts.append(_series(second, SERIES[1]))
    parts.append(_series(values, SERIES[0]))
    parts.append("</g>")
    if second is not None:
        parts.append('<g class="radar-legend" aria-hidden="true">')
        parts.append(f'<g class="{WIDE.css_class}">{_legend(names, WIDE, wide_legend_y)}</g>')
        parts.append(
            f'<g class="{NARROW.css_class}" display="none">{_legend(names, NARROW, narrow_legend_y)}</g>'
        )
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)
