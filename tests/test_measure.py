"""Lines of body text hold 60-80 characters in every edition (render/measure.py)."""

from __future__ import annotations

import io
import statistics
import sys
from pathlib import Path

import docx
import pytest

from bulletin import kinds
from bulletin.render.docx.writer import docx_bytes
from bulletin.render.html import render_css
from bulletin.model import layout_from_mapping, load_project
from bulletin.render.measure import LINE_CHARS, page_geometry, text_width_mm
from bulletin.render.print_edition import PRINT_MARGIN_MM, print_css

sys.path.insert(0, str(Path(__file__).parent))
from pdftext import page_lines  # noqa: E402

REPO = Path(__file__).parents[1]

LAYOUT = layout_from_mapping({})  # the default layout: 11pt, 18 mm margins, lines of 75 characters


def full_line_length(pdf: Path) -> float:
    """The length of a full line: the 90th percentile of the lines long enough to be
    running text (a paragraph's last line and headings are shorter)."""
    lengths = sorted(len(text) for page in page_lines(pdf) for _, text in page if len(text) >= 30)
    return statistics.quantiles(lengths, n=10)[-1]


def test_every_reference_pdf_sets_lines_of_60_to_80_characters(reference_dist):
    measured = {pdf.name: full_line_length(pdf) for pdf in sorted(reference_dist.glob("*.pdf"))}
    assert len(measured) >= 6
    assert {name: n for name, n in measured.items() if not 60 <= n <= 80} == {}


@pytest.mark.parametrize("size, chars", [(11, 75), (12, 65), (10, 80)])
def test_the_margins_leave_a_column_of_the_layouts_line_length(size, chars):
    geometry = page_geometry(18, chars, size, kinds.DEFAULTS["paper"])
    assert geometry.width_mm - 2 * geometry.side_mm == pytest.approx(text_width_mm(size, chars), abs=0.1)
    css = render_css(layout_from_mapping({"fonts": {"size_pt": size}, "page": {"margin_mm": 18, "line_chars": chars}}),
                     "footer")
    assert f"margin: 18.0mm {geometry.side_mm}mm 24.0mm;" in css


@pytest.mark.parametrize("kind", ["briefing", "seven-minute"])
def test_the_print_edition_sets_the_same_columns_with_print_safe_margins(kind):
    project = load_project(REPO)
    layout = project.layouts["wolverhampton"]
    css = print_css(layout, kind)
    geometry = page_geometry(max(layout.page.margin_mm or 18, PRINT_MARGIN_MM), layout.page.line_chars,
                             layout.fonts.size_pt, kinds.paper(kind))
    name = "kind-seven-minute " if kind == "seven-minute" else ""
    assert (f"@page {name}{{ size: A4 {geometry.orientation}; "
            f"margin: {geometry.top_mm}mm {geometry.side_mm}mm {geometry.bottom_mm}mm; }}") in css
    assert geometry.top_mm >= 13 and geometry.side_mm >= PRINT_MARGIN_MM


def test_a_narrow_page_keeps_the_layouts_margin():
    geometry = page_geometry(30, 110, 11, kinds.DEFAULTS["paper"])
    assert geometry.side_mm == 30


@pytest.mark.parametrize("kind", kinds.fitting_a_sheet())
def test_a_kind_that_fits_a_sheet_is_set_landscape_in_two_columns_of_the_same_length(kind):
    geometry = page_geometry(18, None, 11, kinds.paper(kind))
    assert (geometry.orientation, geometry.columns) == ("landscape", 2)
    column = (geometry.width_mm - 2 * geometry.side_mm - geometry.gap_mm) / 2
    assert 60 <= LINE_CHARS * column / text_width_mm(geometry.size_pt) <= 80
    css = render_css(LAYOUT, "footer")
    assert f"@page kind-{kind} {{ size: A4 landscape;" in css
    assert f"body.kind-{kind} {{ columns: 2;" in css and "column-span: all" in css


def test_word_sets_the_pdfs_column_and_a_sheet_in_two_columns_under_a_full_width_masthead():
    html = ('<!DOCTYPE html><html lang="en-GB"><head><title>T</title></head>'
            '<body class="kind-seven-minute"><header class="masthead"><h1>Title</h1></header>'
            '<main><h2>One</h2><p>Body text.</p></main></body></html>')
    document = docx.Document(io.BytesIO(docx_bytes(html, LAYOUT)))
    first, body = document.sections[0], document.sections[-1]
    assert len(document.sections) == 2
    assert first.page_width > first.page_height  # landscape
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    assert first._sectPr.find(f"{W}cols").get(f"{W}num") == "1"
    assert body._sectPr.find(f"{W}cols").get(f"{W}num") == "2"
    assert body._sectPr.find(f"{W}type").get(f"{W}val") == "continuous"
    geometry = page_geometry(LAYOUT.page.margin_mm, LAYOUT.page.line_chars, 11, kinds.paper("seven-minute"))
    assert body.left_margin.mm == pytest.approx(geometry.side_mm, abs=0.1)
