"""Stylesheets are parsed once per text and still behave as the document's <style> elements."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("weasyprint")
from bulletin.render import pdf  # noqa: E402


def page(styles: str, text: str = "Text") -> str:
    return f'<html lang="en"><head><title>T</title>{styles}</head><body><p>{text}</p></body></html>'


def test_every_document_reports_its_stylesheets_warnings_though_they_are_parsed_once():
    odd = page("<style>p { colour: red }</style>")
    first = pdf.render_document(odd, Path("."))[1]
    hits = pdf._parsed_styles.cache_info().hits
    second = pdf.render_document(odd.replace("Text", "Other text"), Path("."))[1]
    assert pdf._parsed_styles.cache_info().hits == hits + 1  # not parsed again
    assert any("colour" in m for m in first) and [m for m in second if "colour" in m] == \
        [m for m in first if "colour" in m]


def test_later_style_elements_still_win_over_earlier_ones():
    styles = "<style>@page { size: A5 }</style><style>@page { size: A4 landscape }</style>"
    document = pdf.render_document(page(styles), Path("."))[0]
    width, height = document.pages[0].width, document.pages[0].height
    assert width > height and round(width * 25.4 / 96) == 297


def test_an_inline_style_attribute_still_wins_over_a_stylesheet():
    import pypdfium2

    def text_left(html: str) -> float:
        document = pypdfium2.PdfDocument(pdf.render_document(html, Path("."))[0].write_pdf())
        return document[0].get_textpage().get_charbox(0)[0]

    plain = page("<style>p { margin-left: 0 }</style>")
    moved = plain.replace("<p>", '<p style="margin-left: 40px">')
    assert text_left(moved) - text_left(plain) == pytest.approx(30, abs=0.5)  # 40 CSS px in points


def test_a_stylesheet_naming_the_projects_own_files_is_parsed_per_project(tmp_path):
    fonts_only = page('<style>@font-face { font-family: X; src: url("assets/fonts/AtkinsonHyperlegible-Regular.ttf") }'
                      'p { font-family: X }</style>')
    pdf.render_document(fonts_only, tmp_path / "a")
    hits = pdf._parsed_styles.cache_info().hits
    pdf.render_document(fonts_only, tmp_path / "b")  # another project, same packaged fonts: shared
    assert pdf._parsed_styles.cache_info().hits == hits + 1
    own = page('<style>p { background: url("images/paper.png") }</style>')
    pdf.render_document(own, tmp_path / "a")
    misses = pdf._parsed_styles.cache_info().misses
    pdf.render_document(own, tmp_path / "b")  # its address resolves in each project
    assert pdf._parsed_styles.cache_info().misses == misses + 1
