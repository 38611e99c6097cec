"""Turn a publication's laid-out pages (PDF, print edition, Word through LibreOffice) into
page-quality diagnostics a designer would raise, each naming the file and page:

- `delivery.page-fill`: a page after the first less than a quarter filled.
- `delivery.heading-at-foot`: a heading last on its page, its text on the next.
- `delivery.split-fragment`: a tinted box or table row broken across pages leaving a
  piece with no text in it (an empty band or row fragment).
- `delivery.word-pages`: the Word edition runs to more pages than the PDF.
Measured on the PDF itself with pdfium, so every format is judged by the same rules.
The Word edition is measured as LibreOffice lays it out, when LibreOffice is installed
(and the environment does not set BULLETIN_WORD_PAGES=off); otherwise the build says so
once, on the first publication by name.
"""

from __future__ import annotations

import ctypes
import os
from dataclasses import dataclass, field

from ..kinds import label as kind_label
from ..render.copyfit import MIN_FILL  # the fit and the check agree on a nearly empty page

# Running headers and footers sit in the page margins: objects wholly inside the top 5%
# or bottom 7% of the sheet are not body content.
HEADER_ZONE, FOOTER_ZONE = 0.95, 0.07
EDGE_PT = 3.0  # a box within this of the body's top or bottom edge was cut by the page break
MIN_BAND_PT = 4.0
REPEATED_HEADER_PT = 60.0
RULE_PT = 12.0  # narrower than this, a path is a rule (border), not a box


@dataclass
class Box:
    left: float
    bottom: float
    right: float
    top: float
    text: str = ""


@dataclass
class Page:
    height: float
    body: list[Box] = field(default_factory=list)   # every non-background object
    boxes: list[Box] = field(default_factory=list)  # tinted fills and cell borders, with their text
    headings: list[tuple[str, float, str]] = field(default_factory=list)  # (title, y, text below it)


@dataclass
class Layout:
    pages: list[Page]
    top: float
    bottom: float

    def fill(self, index: int) -> float:
        body = self.pages[index].body
        if not body or self.top <= self.bottom:
            return 0.0
        return max(0.0, min(1.0, (self.top - min(b.bottom for b in body)) / (self.top - self.bottom)))


def _is_background(obj, raw) -> bool:
    """A white (or transparent) fill with no stroke: the page's own background."""
    if obj.type != raw.FPDF_PAGEOBJ_PATH:
        return False
    mode, stroke = ctypes.c_int(), ctypes.c_int()
    raw.FPDFPath_GetDrawMode(obj.raw, mode, stroke)
    if stroke.value:
        return False
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    raw.FPDFPageObj_GetFillColor(obj.raw, r, g, b, a)
    return a.value == 0 or (r.value, g.value, b.value) == (255, 255, 255)


def _words(text: str) -> str:
    return " ".join(text.split())


def read_layout(data: bytes) -> Layout:
    """Where the body content, boxes and headings of each page of a PDF lie."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(data)
    try:
        pages = []
        for page in document:
            width, height = page.get_size()
            textpage = page.get_textpage()
            found = Page(height)
            for obj in page.get_objects(max_depth=4):
                left, bottom, right, top = obj.get_bounds()
                if top < height * FOOTER_ZONE or bottom > height * HEADER_ZONE or _is_background(obj, raw):
                    continue
                found.body.append(Box(left, bottom, right, top))
                if obj.type == raw.FPDF_PAGEOBJ_PATH and top - bottom >= MIN_BAND_PT:
                    found.boxes.append(Box(left, bottom, right, top))
            for box in found.boxes:
                # A rule (a cell border, a callout's edge) is judged by the band it spans.
                left, right = (0, width) if box.right - box.left < RULE_PT else (box.left, box.right)
                box.text = _words(textpage.get_text_bounded(left, box.bottom, right, box.top))
            pages.append((found, textpage, width))
        for bookmark in document.get_toc():
            dest = bookmark.get_dest()
            view = dest.get_view()[1] if dest is not None else []
            index = dest.get_index() if dest is not None else None
            if index is None or index >= len(pages) or len(view) < 2:
                continue
            found, textpage, width = pages[index]
            y = float(view[1])
            below = textpage.get_text_bounded(0, found.height * FOOTER_ZONE, width, y + 1)
            found.headings.append((bookmark.get_title(), y, _words(below)))
        tops = [b.top for p, _, _ in pages for b in p.body]
        bottoms = [b.bottom for p, _, _ in pages for b in p.body]
        # A box drawn past the page's foot (it could not be split) is not where the text ends.
        floor = max((p.height * FOOTER_ZONE for p, _, _ in pages), default=0.0)
        return Layout([p for p, _, _ in pages], max(tops, default=0.0), max(min(bottoms, default=0.0), floor))
    finally:
        document.close()


def page_count(data: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


@dataclass
class Finding:
    code: str
    page: int  # 1-based
    message: str


def _compact(title: str) -> str:
    return "".join(title.split()).lower()


def page_findings(layout: Layout) -> list[Finding]:
    """The page-quality problems of one laid-out file, in page order."""
    found = []
    last = len(layout.pages) - 1
    for index, page in enumerate(layout.pages):
        number = index + 1
        if index > 0:
            fill = layout.fill(index)
            if fill < MIN_FILL:
                found.append(Finding("delivery.page-fill", number, f"page {number} is only {fill:.0%} filled"))
        if index < last:
            for title, _, below in page.headings:
                if _compact(below) and _compact(title).startswith(_compact(below)[:60]) \
                        and len(_compact(below)) <= len(_compact(title)) + 2:
                    found.append(Finding("delivery.heading-at-foot", number,
                                         f"heading '{title}' is the last line of page {number}; its text "
                                         f"starts on page {number + 1}"))
        for box in page.boxes:
            # Below a repeated header row, a continued row's empty piece is not at the very top.
            reach = EDGE_PT if box.right - box.left < RULE_PT else REPEATED_HEADER_PT
            cut_top = index > 0 and box.top >= layout.top - reach
            # A rule's empty band at the foot may be rows left blank to write in (an action plan).
            cut_bottom = index < last and box.bottom <= layout.bottom + EDGE_PT and reach != EDGE_PT
            if (cut_top or cut_bottom) and not box.text:
                where = "top" if cut_top else "foot"
                found.append(Finding("delivery.split-fragment", number,
                                     f"a box or table row broken across pages leaves an empty "
                                     f"{box.top - box.bottom:.0f} pt piece at the {where} of page {number}"))
                break
    return found


FIXES = {
    "delivery.page-fill": "shorten or move the text that runs over, or let the block before it break "
                          "(a layout's style.css can relax 'break-inside: avoid')",
    "delivery.heading-at-foot": "the layout's CSS should keep headings with what follows "
                                "('break-after: avoid'); or add or remove a line above it",
    "delivery.split-fragment": "keep the row or box together ('break-inside: avoid' in the layout's CSS; "
                               "Word rows must not split)",
}


def _diagnostic(code, message, publication, page, file_name):
    from ..diagnostics import warning
    return warning(code, message, publication.loc, publication=publication.name,
                   extra={"file": file_name, "page": page})


def word_pages_wanted() -> bool:
    return os.environ.get("BULLETIN_WORD_PAGES", "").lower() not in ("off", "0", "no")


def check_pages(project, publication, rendered, file_name, handout_pages: int, kinds) -> list:
    """Page-quality warnings for every laid-out file of one publication."""
    from ..diagnostics import Location, info
    from bulletin.render.docx.libreoffice import docx_to_pdf, find_soffice

    laid_out = [(suffix, data) for suffix, data in rendered.files.items() if suffix.endswith(".pdf")]
    diags = []
    if ".docx" in rendered.files and word_pages_wanted():
        if find_soffice() is None:
            if publication.name == min(getattr(project, "publications", None) or [publication.name]):
                diags.append(info("delivery.word-pages-unmeasured", "Word editions' pages are not checked: "
                                  "LibreOffice is not installed (apt-get install libreoffice-writer)",
                                  Location("bulletin.yaml", 1, 1), publication=publication.name))
        elif (word := docx_to_pdf(rendered.files[".docx"])) is not None:
            laid_out.append((".docx", word))
    counts = {}
    for suffix, data in laid_out:
        name = file_name(suffix)
        layout = read_layout(data)
        counts[suffix] = len(layout.pages)
        for finding in page_findings(layout):
            diags.append(_diagnostic(finding.code, f"{name}: {finding.message}; {FIXES[finding.code]}",
                                     publication, finding.page, name))
    if ".docx" in counts and ".pdf" in counts and counts[".docx"] > counts[".pdf"]:
        diags.append(_diagnostic("delivery.word-pages", f"{file_name('.docx')} runs to {counts['.docx']} pages "
                                 f"in Word (as LibreOffice lays it out), the PDF to {counts['.pdf']}: the Word "
                                 f"styles set text looser than the PDF's", publication, counts[".docx"],
                                 file_name(".docx")))
    kind = publication.kind
    if kind in kinds and counts.get(".docx", 0) > handout_pages:
        diags.append(_diagnostic("delivery.handout-length", f"{file_name('.docx')} runs to {counts['.docx']} "
                                 f"sides of A4 in Word; a {kind_label(kind).lower()} should fit {handout_pages}",
                                 publication, counts[".docx"], file_name(".docx")))
    return diags
