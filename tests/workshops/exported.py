"""Reading a workshop download back in tests: its header row is in the reader's language (English here)."""

import io

import pandas as pd

from workshops.exports import EXPORT_COLUMNS


def read_export(content: bytes, kind: str = "csv") -> pd.DataFrame:
    """The download as a frame with the columns named by their codes; fails unless the header row is the
    English one, in order."""
    if kind == "csv":
        frame = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig", keep_default_na=False)
    else:
        frame = pd.read_excel(io.BytesIO(content), keep_default_na=False)
    assert list(frame.columns) == [str(label) for label in EXPORT_COLUMNS.values()]
    frame.columns = list(EXPORT_COLUMNS)
    return frame
