"""Read PDFs in tests: text per page and line, page counts, link targets, pages as images, QR codes.

The one PDF reader of the test suite. Text and images come from PDFium (pypdfium2), link
annotations from pikepdf, QR codes from zxing-cpp: all Python packages that bundle what
they need, so the tests run on a machine with no poppler or zbar installed. There is no
fallback to another extractor: a different extractor gives different text, and a test
comparing text would then report a change that is not there.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pypdfium2


def _open(pdf: Path | bytes) -> pypdfium2.PdfDocument:
    return pypdfium2.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))


def page_count(pdf: Path | bytes) -> int:
    document = _open(pdf)
    try:
        return len(document)
    finally:
        document.close()


def page_lines(pdf: Path | bytes) -> list[list[tuple[int, str]]]:
    """Each page's lines in reading order, as (distance of the line's top from the top of
    the page in points, text). A word broken at a hyphen stays as printed ("non-" ending
    one line, "accidental" starting the next)."""
    document = _open(pdf)
    pages = []
    try:
        for page in document:
            height = page.get_height()
            text_page = page.get_textpage()
            text = text_page.get_text_range()
            lines, start = [], 0
            # PDFium counts the line breaks it generates as characters, so the offsets
            # of `text` are character indices of the text page.
            for raw in text.split("\n"):
                line = raw.rstrip("\r")
                stripped = line.strip()
                if stripped:
                    first = start + (len(line) - len(line.lstrip()))
                    top = height - text_page.get_charbox(first)[3]
                    lines.append((round(top), " ".join(stripped.split())))
                start += len(raw) + 1
            pages.append(_attach_list_markers(lines))
            text_page.close()
            page.close()
    finally:
        document.close()
    return pages


# A line holding only a list marker: WeasyPrint draws the markers of a page after its text.
# (Up to three digits: a year ending a sentence, "2024.", wraps on to a line of its own.)
_MARKER_ONLY = re.compile(r"^(?:[•·▪●◦‣–-]|\d{1,3}[.)]|[a-z][.)]|\(?[ivxlc]+\))$")


def _attach_list_markers(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Put each marker-only line in front of the text line printed at its height, as a
    reader sees it; a marker with no line beside it stays where it is."""
    text_lines = [list(line) for line in lines if not _MARKER_ONLY.match(line[1])]
    for top, marker in (line for line in lines if _MARKER_ONLY.match(line[1])):
        beside = min(text_lines, key=lambda line: abs(line[0] - top), default=None)
        if beside is not None and abs(beside[0] - top) <= 4:
            beside[1] = f"{marker} {beside[1]}"
        else:
            text_lines.append([top, marker])
    return [(top, text) for top, text in text_lines]


def pdf_text(pdf: Path | bytes, page: int | None = None) -> str:
    """The text of the whole PDF, or of one 1-based page, one line per printed line."""
    pages = page_lines(pdf)
    chosen = [pages[page - 1]] if page else pages
    return "\n".join(line for lines in chosen for _, line in lines)


def link_targets(pdf: Path | bytes) -> set[str]:
    """The URI of every link annotation."""
    links = set()
    with pikepdf.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf) as document:
        for page in document.pages:
            for annot in page.obj.get("/Annots") or []:
                action = annot.get("/A")
                if action is not None and "/URI" in action:
                    links.add(str(action.URI))
    return links


def page_images(pdf: Path | bytes, dpi: int = 200):
    """Every page as a PIL image at `dpi`."""
    document = _open(pdf)
    try:
        return [page.render(scale=dpi / 72).to_pil() for page in document]
    finally:
        document.close()


def decode_qr_codes(pdf: Path | bytes, dpi: int = 200) -> set[str]:
    """The text of every QR code printed in the PDF, read from its pages at `dpi`."""
    import zxingcpp

    return {code.text for image in page_images(pdf, dpi) for code in zxingcpp.read_barcodes(image)}
