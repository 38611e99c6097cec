"""Turn a rendered publication's HTML and Word file into parity diagnostics.

The heading outline, the text of every paragraph, list item and table cell, and every
link target must be the same in both; any difference is an error naming the first
places they part.
"""

from __future__ import annotations

from .. import formats as format_registry


def check_word_parity(project, publication, rendered) -> list:
    """Each file whose format lists the `parity` check (formats.py), against the HTML."""
    found = []
    for suffix in format_registry.suffixes_checked_by("parity"):
        if suffix in rendered.files:
            # imported here: a build that makes no Word file never loads python-docx
            from bulletin.render.docx.parity import parity_diagnostics
            found += parity_diagnostics(rendered.html, rendered.files[suffix], publication.display, publication.name)
    return found
