"""Turn a layout and a kind's paper into Word page setup: A4 in the PDF's
orientation, margins and columns (render/measure.py), header and footer."""

from __future__ import annotations

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Mm, Pt, RGBColor

from bulletin.model import Layout
from bulletin.render.docx import xml as X
from bulletin.render.docx.styles import DRAFT_COLOUR
from bulletin.render.docx.xml import append_to_paragraph, field_runs, text_run
from bulletin.render.measure import PageGeometry


def set_up_pages(document, layout: Layout, title: str, draft: bool, geometry: PageGeometry,
                 footer: str | None = None) -> None:
    """A4 pages as the PDF sets them (orientation, margins, columns); the partnership in
    the header, page number below. `footer` is the footer's label (the kind registry's);
    by default the layout's footer."""
    for section in document.sections:
        section.orientation = WD_ORIENT.LANDSCAPE if geometry.orientation == "landscape" else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(geometry.width_mm), Mm(geometry.height_mm)
        section.top_margin, section.bottom_margin = Mm(geometry.top_mm), Mm(geometry.bottom_mm)
        section.left_margin = section.right_margin = Mm(geometry.side_mm)
        section.header_distance = section.footer_distance = Mm(min(8, geometry.top_mm - 4))
        X.set_columns(section, geometry.columns, int(Mm(geometry.gap_mm) / 635))
        _write_header(section, layout.partnership or layout.short_name or "", draft)
        _write_footer(section, footer or layout.footer or title)


def text_width_twips(geometry: PageGeometry) -> int:
    """The width of one column of text, in twips."""
    width = geometry.width_mm - 2 * geometry.side_mm - geometry.gap_mm * (geometry.columns - 1)
    return int(Mm(width / geometry.columns) / 635)


def _right_tab(paragraph, section) -> None:
    width = section.page_width - section.left_margin - section.right_margin
    paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)


def _write_header(section, partnership: str, draft: bool) -> None:
    paragraph = section.header.paragraphs[0]
    paragraph.style = "Header"
    _right_tab(paragraph, section)
    paragraph.add_run(partnership)
    if draft:
        # A page-top mark on every page, as text (a screen reader reads it; a
        # floating watermark shape would be a Word accessibility warning).
        paragraph.add_run("\t")
        mark = paragraph.add_run("DRAFT")
        mark.bold = True
        mark.font.size = Pt(14)
        mark.font.color.rgb = _colour(DRAFT_COLOUR)


def _write_footer(section, left: str) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.style = "Footer"
    _right_tab(paragraph, section)
    paragraph.add_run(left)
    paragraph.add_run("\tPage ")
    append_to_paragraph(paragraph, *field_runs("PAGE", [text_run("1")]))


def _colour(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper()[:6])
