"""Turn sources, layouts and built outputs into accessibility and content diagnostics: the build's one import.

The build calls, for each publication:

- `check_source_text(text, publication, layout)` for every Markdown text field (LocStr),
  with the publication's typed layout (reading grade, known abbreviations, contact details);
- `check_publication_texts(texts, publication, layout)` once with all of them, in
  reading order (rules that need the whole publication; it does not repeat the
  per-text rules);
- `check_recommendations(items, publication)` and `check_practice_content(...)`;
- `check_layout_contrast(layout, location)` once per (typed) layout;
- `check_html`, `check_pdf`, `check_docx` on each output written, and `run_axe` on the
  HTML pages when wanted;

then `apply_severities` with the project's `checks:` settings, `write_a11y_report` and
`summarise_a11y`.
"""

from __future__ import annotations

from bulletin.diagnostics import Diagnostic
from bulletin.model import Layout
from bulletin.checks.accessibility.docx import check_docx
from bulletin.checks.accessibility.html import check_html
from bulletin.checks.accessibility.pdf import check_pdf
from bulletin.checks.accessibility.report import accessibility_statement, summarise_a11y, write_a11y_report
from bulletin.checks.accessibility.source import check_link_consistency, check_links_and_images
from bulletin.checks.accessibility.axe import run_axe
from bulletin.checks.content import check_content, check_practice_content, check_recommendations
from bulletin.checks.accessibility.contrast import check_layout_contrast
from bulletin.checks.accessibility.prose import check_acronyms, check_prose
from bulletin.checks.severity import apply_severities

__all__ = [
    "check_source_text", "check_publication_texts", "check_recommendations",
    "check_practice_content", "check_layout_contrast", "check_html", "check_pdf",
    "check_docx", "run_axe", "apply_severities", "write_a11y_report", "summarise_a11y",
    "accessibility_statement",
]


def check_source_text(text, publication: str, layout: Layout, session=None) -> list[Diagnostic]:
    """Link text, images, prose (sentences, reading grade, capitals) and content rules
    (postcodes, phones, dates of birth, e-mail, names) for one Markdown text field."""
    if not text or not str(text).strip():
        return []
    return (check_links_and_images(text, publication, session)
            + check_prose(text, publication, layout, session)
            + check_content(text, publication, layout, session))


def check_publication_texts(texts, publication: str, layout: Layout, session=None) -> list[Diagnostic]:
    """Rules over a whole publication's texts in reading order: acronyms spelled out on
    first use, and the same link text pointing at different places."""
    texts = [t for t in texts if t and str(t).strip()]
    return (check_acronyms(texts, publication, layout, session)
            + check_link_consistency(texts, publication, session))
