"""Cross-case tables: the paper's Figures 2, 3 and 4 regenerated from case data.

Pure functions over plain data, no ORM, so they can be checked against ``cases/data/cases.json`` without a
database. A *case record* is a dict shaped like an entry of that file::

    {"slug": "cordoba", "name": "Córdoba", "country": "Argentina",
     "values": {"MESO.policy_institution": {"value": "mixed", "source": "Figure 2", "note": "..."}, ...}}

Every frame is indexed by case slug (in the order of the records) with one column per indicator code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from framework import answers
from framework.answers import DONT_KNOW
from framework.definition import Framework, Indicator

if TYPE_CHECKING:  # pandas is imported where a table is built, not when the app starts
    import pandas as pd

FIELDS = ("value", "source", "note")


@dataclass(frozen=True)
class Column:
    code: str
    heading: str  # short column heading, in the paper's words where the paper has a column for it


@dataclass(frozen=True)
class Figure:
    key: str  # URL and anchor: "figure-2"
    number: str
    title: str
    columns: tuple[Column, ...]
    marks: bool = False  # yes/no cells are shown as ✓ / – (Figure 3a)

    @property
    def codes(self) -> list[str]:
        return [c.code for c in self.columns]

    @property
    def caption(self) -> str:
        return _("Figure %(number)s — %(title)s") % {"number": self.number, "title": self.title}


FIGURES = (
    Figure(
        key="figure-2",
        number="2",
        title=gettext_lazy("Meso-institutions"),
        columns=(
            Column("MESO.policy_institution", gettext_lazy("Institutions for policy and planning")),
            Column("MESO.economic_institutions", gettext_lazy("Economic institutions")),
        ),
    ),
    Figure(
        key="figure-3a",
        number="3a",
        title=gettext_lazy("Types of LED initiatives"),
        marks=True,
        columns=(
            Column("INIT.ced", gettext_lazy("Community economic development")),
            Column("INIT.enterprise_dev", gettext_lazy("Enterprise development")),
            Column("INIT.clusters", gettext_lazy("Cluster development")),
            Column("INIT.supply_dev", gettext_lazy("Supply development")),
            Column("INIT.bds", gettext_lazy("Business development services")),
            Column("INIT.micro_credit", gettext_lazy("Micro-credit")),
            Column("INIT.venture_capital", gettext_lazy("Venture capital")),
            Column("INIT.locality_dev", gettext_lazy("Locality development")),
            Column("INIT.urban_renewal", gettext_lazy("Urban renewal")),
            Column("INIT.place_marketing", gettext_lazy("City or state marketing")),
            Column("INIT.labour_market", gettext_lazy("Labour market and HRD")),
            Column("INIT.innovative_milieu", gettext_lazy("Innovative milieu")),
        ),
    ),
    Figure(
        key="figure-3b",
        number="3b",
        title=gettext_lazy("Actors: horizontal and vertical cooperation and networking"),
        columns=(
            Column("NET.horizontal_partners", gettext_lazy("Horizontal")),
            Column("NET.vertical_partners", gettext_lazy("Vertical")),
            Column("NET.vertical_pattern", gettext_lazy("Pattern of vertical cooperation")),
        ),
    ),
    Figure(
        key="figure-4",
        number="4",
        title=gettext_lazy("Learning processes"),
        columns=(
            Column("LEARN.training", gettext_lazy("Regularised knowledge transfers (training)")),
            Column("LEARN.organisational", gettext_lazy("Organisational learning in local public agency")),
            Column(
                "LEARN.social",
                gettext_lazy("Social learning in policy and planning among public and private actors"),
            ),
            Column("LEARN.collective", gettext_lazy("Group based and collective learning among firms")),
            Column("LEARN.lris", gettext_lazy("Local innovation system")),
        ),
    ),
)


def paper_records(records: list[dict]) -> tuple[list[dict], list[dict]]:
    """``(the paper's cases, curators' cases)``. The paper's tables are regenerated only from the paper: its
    cases, each holding only the values that come from the paper (a value a curator set or changed counts as
    not reported there). A record or value without ``origin`` is the paper's (``cases/data/cases.json``)."""
    paper, curated = [], []
    for record in records:
        if record.get("origin", "paper") != "paper":
            curated.append(record)
            continue
        values = {
            code: entry
            for code, entry in record.get("values", {}).items()
            if entry.get("origin", "paper") == "paper"
        }
        paper.append({**record, "values": values})
    return paper, curated


def figure(key: str) -> Figure:
    for f in FIGURES:
        if f.key == key:
            return f
    raise KeyError(key)


def value_labels(indicator: Indicator, value) -> list[str]:
    """Human labels of an answer value: one per chosen option, ``[]`` for an empty multi answer.

    ``None`` (not reported) and ``"dont_know"`` get a label of their own.
    """
    if value is None:
        return [_("Not reported in the paper")]
    if value == DONT_KNOW:
        return [_("Don't know")]
    return list(answers.labels(indicator, value))


def value_text(indicator: Indicator, value) -> str:
    labels = value_labels(indicator, value)
    return "; ".join(labels) if labels else _("None of these")


def field_frame(records: list[dict], fig: Figure, field: str = "value") -> pd.DataFrame:
    """``field`` ("value", "source" or "note") of each case on each column of ``fig``.

    A case without an entry for an indicator gets ``None`` as value and ``""`` as source and note.
    """
    import pandas as pd

    if field not in FIELDS:
        raise ValueError(f"unknown field {field!r}; expected one of {', '.join(FIELDS)}")
    missing = None if field == "value" else ""
    rows = {
        r["slug"]: {code: r.get("values", {}).get(code, {}).get(field, missing) for code in fig.codes}
        for r in records
    }
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=fig.codes, dtype=object)
    frame.index.name = "slug"
    return frame


def label_frame(records: list[dict], framework: Framework, fig: Figure) -> pd.DataFrame:
    """Each cell as text in the active language, e.g. ``"Advanced"`` or ``"Municipality; University"``."""
    import pandas as pd

    indicators = framework.indicators
    values = field_frame(records, fig, "value")
    return pd.DataFrame(
        {code: [value_text(indicators[code], v) for v in values[code]] for code in fig.codes},
        index=values.index,
    )


def csv_frame(records: list[dict], framework: Framework, fig: Figure) -> pd.DataFrame:
    """The table for download, its header in the active language: the case's code (its slug, the same in
    every language, for scripts), name and country, then one column per heading."""
    labels = label_frame(records, framework, fig)
    labels.columns = [str(c.heading) for c in fig.columns]
    labels.insert(0, _("Country"), [r.get("country", "") for r in records])
    labels.insert(0, _("Case"), [r["name"] for r in records])
    labels.insert(0, _("Case code"), [r["slug"] for r in records])
    return labels.reset_index(drop=True)
