"""Turn publication HTML into each output format's bytes, one function per format with the same shape.

Each is (html, project, layout, context) -> (bytes, renderer warnings), the shape the
format registry (formats.py) names them by. They adapt the renderers' own signatures;
the renderers stay free of the project model.
"""

from __future__ import annotations

from .docx import docx_bytes
from .pdf import pdf_bytes
from .print_edition import render_print


def write_html(html, project, layout, context):
    return html.encode("utf-8"), []


def write_pdf(html, project, layout, context):
    return pdf_bytes(html, project.root, layout.folder)


def write_docx(html, project, layout, context):
    return docx_bytes(html, layout.tokens, base_dir=layout.folder or project.root), []


def write_print(html, project, layout, context):
    return render_print(html, project, layout, context)
