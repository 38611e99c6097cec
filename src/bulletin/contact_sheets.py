"""Turn the PDF, print and Word files in dist/ into PNG contact sheets in dist/pages/.

One sheet per output file: every page side by side, numbered, so a person reviews a
build's pages at a glance (near-empty pages, orphaned headings, split boxes). Word files
are laid out by LibreOffice when it is installed, and skipped with a note otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bulletin.render.docx.libreoffice import docx_to_pdf, find_soffice

THUMB_WIDTH = 420  # pixels per page on a sheet: enough to judge fill and breaks
COLUMNS = 4
GAP = 16
LABEL = 22


@dataclass
class Sheet:
    source: Path
    png: Path | None
    pages: int
    note: str = ""


def page_images(pdf: bytes, width: int = THUMB_WIDTH) -> list:
    """One Pillow image per page of a PDF, `width` pixels wide."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        images = []
        for page in document:
            scale = width / page.get_width()
            images.append(page.render(scale=scale).to_pil().convert("RGB"))
            page.close()
        return images
    finally:
        document.close()


def contact_sheet(images: list, title: str):
    """The pages side by side, COLUMNS to a row, each with its page number above it."""
    from PIL import Image, ImageDraw

    columns = min(COLUMNS, max(1, len(images)))
    rows = -(-len(images) // columns)
    cell_w = max(im.width for im in images) + GAP
    cell_h = max(im.height for im in images) + GAP + LABEL
    sheet = Image.new("RGB", (columns * cell_w + GAP, rows * cell_h + GAP + LABEL), "#d9d9d9")
    draw = ImageDraw.Draw(sheet)
    draw.text((GAP, GAP // 2), f"{title}: {len(images)} page{'s' if len(images) != 1 else ''}", fill="black")
    for number, image in enumerate(images):
        x = GAP + (number % columns) * cell_w
        y = GAP + LABEL + (number // columns) * cell_h
        draw.text((x, y), f"page {number + 1}", fill="black")
        sheet.paste(image, (x, y + LABEL))
    return sheet


def make_sheets(dist: Path, out: Path | None = None) -> list[Sheet]:
    """A sheet per .pdf, .print.pdf and .docx in `dist`, written to `out` (dist/pages)."""
    out = out or dist / "pages"
    out.mkdir(parents=True, exist_ok=True)
    sheets = []
    for source in sorted(p for p in dist.iterdir() if p.suffix in (".pdf", ".docx")):
        label = source.name
        if source.suffix == ".docx":
            if find_soffice() is None:
                sheets.append(Sheet(source, None, 0, "skipped: LibreOffice (soffice) is not installed"))
                continue
            pdf = docx_to_pdf(source.read_bytes())
            if pdf is None:
                sheets.append(Sheet(source, None, 0, "skipped: LibreOffice could not open it"))
                continue
            label += " (laid out by LibreOffice)"
        else:
            pdf = source.read_bytes()
        images = page_images(pdf)
        png = out / f"{source.name.replace('.', '-')}.png"
        contact_sheet(images, label).save(png, optimize=True)
        sheets.append(Sheet(source, png, len(images)))
    return sheets
