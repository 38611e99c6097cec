"""A nearly empty last page is pulled back by setting the publication a little tighter."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin.render.copyfit import MIN_FILL, fit_last_page, is_fitted, page_fill
from bulletin.model import layout_from_mapping
from bulletin.render.html import render_css

pytest.importorskip("weasyprint")
from bulletin.render.pdf import render_document  # noqa: E402

LAYOUT = layout_from_mapping({})  # the default layout
PARAGRAPH = ("<p>Practitioners met the family often and wrote down what they saw, but the records "
             "were not brought together, so nobody saw the whole picture of the risk.</p>")


def html(paragraphs: int) -> str:
    return (f'<!DOCTYPE html><html lang="en-GB"><head><title>T</title><style>{render_css(LAYOUT, "T")}</style>'
            f'</head><body class="kind-briefing"><main>{PARAGRAPH * paragraphs}</main></body></html>')


def lay_out(text: str):
    return render_document(text, Path("."))[0]


def run_over(extra_lines_wanted: int = 1) -> str:
    """HTML whose last page holds a paragraph or so: the smallest count that runs past one page."""
    count = 10
    while len(lay_out(html(count)).pages) < 2:
        count += 2
    return html(count + extra_lines_wanted - 1)


def test_a_few_lines_on_a_last_page_are_brought_back():
    crowded = run_over()
    before = lay_out(crowded).pages
    assert len(before) == 2 and page_fill(before[-1]) < MIN_FILL
    fitted = fit_last_page(crowded, lay_out)
    assert is_fitted(fitted) and not is_fitted(crowded)
    assert len(lay_out(fitted).pages) == 1


def test_a_well_filled_last_page_is_left_as_it_is():
    half = html(60)
    pages = lay_out(half).pages
    assert len(pages) >= 2 and page_fill(pages[-1]) >= MIN_FILL
    assert fit_last_page(half, lay_out) == half


def test_tighter_setting_is_not_kept_when_it_saves_no_page():
    # a line that must start a page of its own: tightening is tried and cannot take it back
    stubborn = html(4).replace("</main>", '<p style="break-before: page">Form</p></main>')
    laid_out = []

    def counting(text: str):
        laid_out.append(is_fitted(text))
        return lay_out(text)

    assert fit_last_page(stubborn, counting) == stubborn
    assert laid_out == [False, True]


def test_a_last_page_too_full_to_bring_back_is_not_tried():
    # the last page holds a fifth of a two-page text: more than tightening could ever save
    count = 10
    while True:
        text = html(count)
        pages = lay_out(text).pages
        if len(pages) == 2 and 0.15 < page_fill(pages[-1]) < MIN_FILL:
            break
        count += 1
        assert count < 80, "no text of this shape"
    laid_out = []
    assert fit_last_page(text, lambda t: laid_out.append(t) or lay_out(t)) == text
    assert len(laid_out) == 1
