"""The workshop's answers as a table for download (CSV and XLSX)."""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from framework import answers
from workshops import selectors
from workshops.models import ParticipantAnswer, Workshop

if TYPE_CHECKING:  # pandas is imported where a table is built, not when the app starts
    import pandas as pd

# Column code -> header. The header row is written in the reader's language; codes (of a role, a question,
# an answer) stay in columns of their own, the same in every language, for scripts and pivot tables.
EXPORT_COLUMNS = {
    "workshop": _("Workshop"),
    "participant": _("Participant"),
    "name": _("Name"),
    "role": _("Role (code)"),
    "role_label": _("Role"),
    "indicator": _("Question (code)"),
    "question": _("Question"),
    "value": _("Answer (code)"),
    "value_label": _("Answer"),
    "evidence": _("Evidence"),
    "answered_at": _("Answered at (UTC)"),
    "submitted_at": _("Submitted at (UTC)"),
    "source": _("Answered on (code)"),
    "source_label": _("Answered on"),
}
SOURCES = {"phone": _("phone"), "paper": _("paper")}


def export_table(workshop: Workshop) -> tuple[list[str], list[list]]:
    """Header (in the active language) and rows of the download (``core.spreadsheet`` writes them)."""
    from core import spreadsheet

    header, rows = spreadsheet.frame_rows(export_frame(workshop))
    return [str(EXPORT_COLUMNS[code]) for code in header], rows


def export_frame(workshop: Workshop) -> pd.DataFrame:
    """Every answer of the workshop: one row per participant and question answered (or annotated), with
    role and timestamps (ISO 8601, UTC); columns named by their codes (``EXPORT_COLUMNS``). Values are
    option codes as in the cases CSV (several joined by ``|``, ``-`` for "none of these"), each beside its
    label in the active language. The role is left blank for roles with fewer participants than the
    workshop's smallest role group (it would single them out when the file is shown on a screen); names
    appear only when the workshop asked for them."""
    import pandas as pd

    framework = workshop.framework.framework
    indicators = framework.indicators
    order = {code: n for n, code in enumerate(indicators)}
    labels = selectors.participant_labels(workshop, mark_paper=False)  # the "source" column says it
    shown_roles = selectors.roles_at_least(workshop, max(workshop.min_role_group, 3))
    rows = []
    given = ParticipantAnswer.objects.filter(participant__workshop=workshop).select_related("participant")
    for a in sorted(given, key=lambda a: (a.participant_id, order.get(a.indicator, len(order)))):
        p, indicator = a.participant, indicators.get(a.indicator)
        source = "paper" if p.on_paper else "phone"
        rows.append(
            {
                "workshop": workshop.title,
                "participant": labels[p.pk],
                "name": p.name if workshop.ask_names else "",
                "role": p.role if p.role in shown_roles else "",
                "role_label": p.get_role_display() if p.role in shown_roles else "",
                "indicator": a.indicator,
                "question": indicator.text("label") if indicator else "",
                "value": answers.to_text(a.value),
                "value_label": answers.text(indicator, a.value) if indicator else "",
                "evidence": a.evidence,
                "answered_at": _iso(a.updated_at),
                "submitted_at": _iso(p.submitted_at),
                "source": source,
                "source_label": str(SOURCES[source]),
            }
        )
    return pd.DataFrame(rows, columns=list(EXPORT_COLUMNS))


def _iso(moment) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds") if moment else ""
