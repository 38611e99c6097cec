"""`invoke pages` turns every PDF, print PDF and Word file in dist/ into a PNG contact sheet."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from PIL import Image

import bulletin.contact_sheets as contact_sheets

sys.path.insert(0, str(Path(__file__).parent))
from pdftext import page_count  # noqa: E402

REPO = Path(__file__).parents[1]


@pytest.fixture
def dist(reference_dist, tmp_path):
    """A copy of the reference build's PDFs (two of them) and one Word file."""
    copy = tmp_path / "dist"
    copy.mkdir()
    for name in ("wolverhampton-child-f-seven-minute.pdf", "essex-briefing-2017-07.pdf",
                 "wolverhampton-child-f-seven-minute.docx"):
        shutil.copy(reference_dist / name, copy / name)
    return copy


def test_invoke_pages_writes_a_sheet_per_pdf_with_every_page(dist, monkeypatch, capsys):
    monkeypatch.setattr(contact_sheets, "find_soffice", lambda: None)  # Word: the no-LibreOffice path
    monkeypatch.chdir(dist.parent)
    sys.path.insert(0, str(REPO))
    from tasks import pages
    pages.body(None)
    printed = capsys.readouterr().out
    for pdf in sorted(dist.glob("*.pdf")):
        png = dist / "pages" / f"{pdf.name.replace('.', '-')}.png"
        count = page_count(pdf)
        assert f"{pdf.name}: {count} pages -> " in printed
        width, height = Image.open(png).size
        columns = min(contact_sheets.COLUMNS, count)
        rows = -(-count // columns)
        # every page is on the sheet: as many thumbnails across and down as the PDF has pages
        assert width >= columns * contact_sheets.THUMB_WIDTH and width < (columns + 1) * contact_sheets.THUMB_WIDTH
        assert height > rows * contact_sheets.THUMB_WIDTH * 0.7
    assert "wolverhampton-child-f-seven-minute.docx: skipped: LibreOffice (soffice) is not installed" in printed


@pytest.mark.slow
def test_word_files_are_laid_out_by_libreoffice_onto_their_sheet(dist):
    if contact_sheets.find_soffice() is None:
        pytest.skip("needs LibreOffice (apt-get install libreoffice-writer)")
    sheets = {s.source.name: s for s in contact_sheets.make_sheets(dist)}
    word = sheets["wolverhampton-child-f-seven-minute.docx"]
    assert word.png is not None and word.png.is_file() and word.pages == 2
