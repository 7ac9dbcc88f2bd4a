"""The workshop's answers as a table for download (CSV and XLSX)."""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING

from framework import answers
from workshops import selectors
from workshops.models import ParticipantAnswer, Workshop

if TYPE_CHECKING:  # pandas is imported where a table is built, not when the app starts
    import pandas as pd

EXPORT_COLUMNS = (
    "workshop",
    "participant",
    "name",
    "role",
    "indicator",
    "question",
    "value",
    "value_label",
    "evidence",
    "answered_at",
    "submitted_at",
)


def export_frame(workshop: Workshop) -> pd.DataFrame:
    """Every answer of the workshop: one row per participant and question answered (or annotated), with
    role and timestamps (ISO 8601, UTC). Values are option codes as in the cases CSV: several joined by
    ``|``, ``-`` for "none of these". The role is left blank for roles with fewer participants than the
    workshop's smallest role group (it would single them out when the file is shown on a screen); names
    appear only when the workshop asked for them."""
    import pandas as pd

    framework = workshop.framework.framework
    indicators = framework.indicators
    order = {code: n for n, code in enumerate(indicators)}
    labels = selectors.participant_labels(workshop)
    shown_roles = selectors.roles_at_least(workshop, max(workshop.min_role_group, 3))
    rows = []
    given = ParticipantAnswer.objects.filter(participant__workshop=workshop).select_related("participant")
    for a in sorted(given, key=lambda a: (a.participant_id, order.get(a.indicator, len(order)))):
        p, indicator = a.participant, indicators.get(a.indicator)
        rows.append(
            {
                "workshop": workshop.title,
                "participant": labels[p.pk],
                "name": p.name if workshop.ask_names else "",
                "role": p.role if p.role in shown_roles else "",
                "indicator": a.indicator,
                "question": indicator.text("label") if indicator else "",
                "value": answers.to_text(a.value),
                "value_label": answers.text(indicator, a.value) if indicator else "",
                "evidence": a.evidence,
                "answered_at": _iso(a.updated_at),
                "submitted_at": _iso(p.submitted_at),
            }
        )
    return pd.DataFrame(rows, columns=list(EXPORT_COLUMNS))


def _iso(moment) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds") if moment else ""
