import shutil
import subprocess
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "reports"


def keep(content: bytes, name: str) -> None:
    """A copy of a generated PDF under artifacts/reports/, to be looked at (pdftoppm renders it)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / name).write_bytes(content)


def pdf_text(content: bytes, tmp_path, layout: bool = False) -> str:
    """The text of a PDF as poppler's pdftotext reads it (the real tool, not a parser of ours): in reading
    order (a table cell's lines together), or with ``layout`` as the lines lie on the page."""
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", *(["-layout"] if layout else []), str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout


def pdf_pages(content: bytes, tmp_path) -> int:
    path = tmp_path / "pages.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@pytest.fixture(autouse=True, scope="session")
def _poppler():
    assert shutil.which("pdftotext"), "poppler-utils is missing: `make test` installs it"
