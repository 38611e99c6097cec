"""Turn a rendered publication's HTML and Word file into parity diagnostics.

The heading outline, the text of every paragraph, list item and table cell, and every
link target must be the same in both; any difference is an error naming the first
places they part.
"""

from __future__ import annotations


def check_word_parity(project, publication, rendered) -> list:
    data = rendered.files.get(".docx")
    if data is None:
        return []
    from ..render.docx_parity import parity_diagnostics
    return parity_diagnostics(rendered.html, data, publication.display, publication.name)
