"""A radar (spider) chart of 0-100 scores as accessible inline SVG. Pure: no JavaScript, no database.

The SVG has ``role="img"``, a ``<title>`` and a ``<desc>`` listing every number, tied together with
``aria-labelledby``, so a screen reader reads the values the picture shows. A value of ``None`` (no score)
is drawn at the centre and described as "no score". Every text is escaped here, so a template may mark
the result safe.
"""

from __future__ import annotations

import math
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
LABEL_LINE = 20  # characters per line of an axis label
MARGIN = 110  # room left and right for axis labels
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


def _label_lines(label: str) -> list[str]:
    lines, line = [], ""
    for word in label.split():
        if line and len(line) + 1 + len(word) > LABEL_LINE:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def _axis_label(label: str, x: float, y: float) -> str:
    anchor = "middle" if abs(x - CENTRE) < 5 else ("start" if x > CENTRE else "end")
    lines = _label_lines(label)
    # Labels above the centre grow upwards, so they never cover the chart.
    first_y = y + 4 - (14 * (len(lines) - 1) if y < CENTRE - 5 else 0)
    spans = "".join(
        f'<tspan x="{x}" y="{round(first_y + 14 * k, 1)}">{escape(line)}</tspan>'
        for k, line in enumerate(lines)
    )
    attrs = f'class="radar-label" text-anchor="{anchor}" font-size="13" fill="currentColor"'
    return f"<text {attrs}>{spans}</text>"


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

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="radar" '
        f'viewBox="{-MARGIN} 20 {SIZE + 2 * MARGIN} {SIZE - 20}" '
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
        parts.append(_tag("text", str(ring), x=x + 4, y=y + 4, font_size=10, fill="#6c757d"))
    for i, label in enumerate(labels):
        x, y = _point(i, n, 100)
        parts.append(_tag("line", class_="radar-axis", x1=CENTRE, y1=CENTRE, x2=x, y2=y, stroke=GRID))
        parts.append(_axis_label(label, *_point(i, n, 115)))
    parts.append("</g>")
    parts.append('<g aria-hidden="true">')
    if second is not None:
        parts.append(_series(second, SERIES[1]))
    parts.append(_series(values, SERIES[0]))
    parts.append("</g>")
    if second is not None:
        parts.append('<g class="radar-legend" aria-hidden="true">')
        for k, (name, style) in enumerate(zip(names, SERIES, strict=True)):
            x, y = 40 + k * SIZE // 2, CENTRE + RADIUS + 40
            parts.append(_tag("rect", x=x, y=y, width=14, height=14, **style))
            parts.append(_tag("text", name, x=x + 20, y=y + 12, font_size=13, fill="currentColor"))
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)
