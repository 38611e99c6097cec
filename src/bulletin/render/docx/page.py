"""Turn a layout's page tokens into Word page setup: A4, margins, header and footer."""

from __future__ import annotations

from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Mm, Pt, RGBColor

from bulletin.render.docx.xml import append_to_paragraph, field_runs, text_run

A4 = (Mm(210), Mm(297))


def set_up_pages(document, tokens: dict, title: str, draft: bool, footer: str | None = None) -> None:
    """A4 pages with the PDF's margins; the partnership in the header, page number below.
    `footer` is the footer's label (the kind registry's); by default the layout's footer."""
    margin = Mm(float(tokens["page"].get("margin_mm", 20)))
    for section in document.sections:
        section.page_width, section.page_height = A4
        section.top_margin = section.bottom_margin = margin
        section.left_margin = section.right_margin = margin
        section.header_distance = section.footer_distance = Mm(8)
        _write_header(section, tokens, draft)
        _write_footer(section, footer or tokens.get("footer") or title)


def text_width_twips(document) -> int:
    section = document.sections[0]
    return int((section.page_width - section.left_margin - section.right_margin) / 635)


def _right_tab(paragraph, section) -> None:
    width = section.page_width - section.left_margin - section.right_margin
    paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)


def _write_header(section, tokens: dict, draft: bool) -> None:
    paragraph = section.header.paragraphs[0]
    paragraph.style = "Header"
    _right_tab(paragraph, section)
    paragraph.add_run(tokens.get("partnership") or tokens.get("short_name") or "")
    if draft:
        # A page-top mark on every page, as text (a screen reader reads it; a
        # floating watermark shape would be a Word accessibility warning).
        paragraph.add_run("\t")
        mark = paragraph.add_run("DRAFT")
        mark.bold = True
        mark.font.size = Pt(14)
        mark.font.color.rgb = _colour(tokens["colours"]["draft"])


def _write_footer(section, left: str) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.style = "Footer"
    _right_tab(paragraph, section)
    paragraph.add_run(left)
    paragraph.add_run("\tPage ")
    append_to_paragraph(paragraph, *field_runs("PAGE", [text_run("1")]))


def _colour(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper()[:6])
