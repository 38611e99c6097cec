"""Turn publication HTML into each output format's bytes, one function per format with the same shape.

Each is (html, project, layout, context, session) -> (bytes, renderer warnings), the shape
the format registry (formats.py) names them by; `session` (bulletin.session) is the
publication's, shared with the other formats: the PDF writes the layout the contents list
was measured on, and Word takes its contents page numbers from the PDF's layout. They adapt
the renderers' own signatures; the renderers stay free of the project model.
"""

from __future__ import annotations

from bulletin.render.contents import has_contents
from ..session import Session
from .pdf import lay_out, pdf_bytes


def anchor_pages(document) -> dict[str, int]:
    """The page (from 1) each id is printed on in a laid-out PDF."""
    return {anchor: number for number, page in enumerate(document.pages, 1) for anchor in page.anchors}


def write_html(html, project, layout, context, session=None):
    return html.encode("utf-8"), []


def write_pdf(html, project, layout, context, session=None):
    session = session if session is not None else Session(context["publication"]["name"])
    # one layout: the Word contents list takes its page numbers, then pdf_bytes writes it
    session.anchor_pages = anchor_pages(lay_out(html, project.root, layout.folder, session)[0])
    return pdf_bytes(html, project.root, layout.folder, session)


def write_docx(html, project, layout, context, session=None):
    # imported here, as the print edition below: a build that makes no Word file never loads python-docx
    from bulletin.render.docx.writer import docx_bytes
    pages = session.anchor_pages if session is not None else None
    if pages is None and has_contents(html):  # Word alone: its contents list still shows page numbers
        pages = anchor_pages(lay_out(html, project.root, layout.folder, session)[0])
    return docx_bytes(html, layout, base_dir=layout.folder or project.root, pages=pages), []


def write_print(html, project, layout, context, session=None):
    from .print_edition import render_print
    return render_print(html, project, layout, context)
