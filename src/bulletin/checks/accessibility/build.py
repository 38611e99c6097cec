"""Turn one rendered publication (project, publication, rendered bytes) into all its accessibility and content diagnostics.

This is the build's adapter over `checks/accessibility/run.py`: an entry "accessibility.build:check_rendered" in
`checks/registry.py` runs it after rendering and before writing. Output checks read the
in-memory files through a temporary copy and report them under their dist/ names.
Severity tuning is applied by the caller once per build (`apply_severities`), so that a
problem in the `checks:` settings is reported once, not once per publication.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from bulletin import formats as format_registry
from bulletin.diagnostics import Diagnostic, Location
from bulletin.model import Record, attribute, review_names
from bulletin.sources import LocDict, LocStr
from bulletin.checks.accessibility.run import (check_docx, check_html, check_pdf,
                   check_practice_content, check_publication_texts, check_recommendations,
                   check_source_text)
from bulletin.checks.skeleton_text import check_skeleton_text

# Fields that hold names, dates, addresses or settings rather than prose.
NOT_PROSE = {"layout", "kind", "review", "reviews", "themes", "theme", "review_type",
             "partnership", "status", "published", "date", "not_before", "due", "url", "select",
             "from", "to", "theme_label", "labels", "box", "footnotes_style"}
# Where a review's fields print, so "first use" follows the reader (docs/sources.md).
REVIEW_ORDER = ["subject", "theme_summary", "background", "findings", "report", "family_history",
                "risk_indicators", "review_learning", "learning", "key_learning",
                "further_learning", "recommendations", "questions", "sections", "footnotes"]
PUBLICATION_BEFORE = ["kicker", "title", "subtitle", "edition", "intro", "before"]
PUBLICATION_AFTER = ["recurring_themes", "overrides", "after"]


def prose_strings(value, key: str = ""):
    """Every LocStr under `value` that is prose, in document order."""
    if key in NOT_PROSE:
        return
    if isinstance(value, LocStr):
        yield value
    elif isinstance(value, Record):  # its fields in the order the source wrote them
        for k, v in value.written():
            yield from prose_strings(v, k)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from prose_strings(v, str(k))
    elif isinstance(value, list):
        for item in value:
            yield from prose_strings(item, key)


def _ordered(record: Record, keys: list[str]):
    for key in keys:
        yield from prose_strings(getattr(record, attribute(key)), key)


def publication_texts(project, publication) -> list:
    """The publication's prose in reading order: masthead and intro, each review, then
    the publication's closing sections."""
    texts = list(_ordered(publication, PUBLICATION_BEFORE))
    for name in review_names(project, publication):
        review = project.reviews[name]
        texts += list(_ordered(review, REVIEW_ORDER))
        texts += list(_ordered(review, [k for k, _ in review.written() if k not in REVIEW_ORDER]))
    texts += list(_ordered(publication, PUBLICATION_AFTER))
    texts += list(_ordered(publication, [k for k, _ in publication.written()
                                         if k not in PUBLICATION_BEFORE + PUBLICATION_AFTER]))
    return texts


def _has_practice(project, publication) -> bool:
    if publication.overrides.get("practice"):  # overrides: section name -> text
        return True
    for name in review_names(project, publication):
        review = project.reviews[name]
        if review.key_learning or review.review_learning or any(item.practice for item in review.learning):
            return True
    return False


def check_sources(project, publication, session=None) -> list[Diagnostic]:
    """Source-level rules for one publication (text, recommendations, practice content);
    its source text is parsed once, in the publication's `session` when it is given."""
    name = publication.name
    layout = project.layouts[publication.layout]
    texts = publication_texts(project, publication)
    out: list[Diagnostic] = []
    for text in texts:
        out += check_source_text(text, name, layout, session)
    out += check_publication_texts(texts, name, layout, session)
    out += check_skeleton_text(texts, name, draft=(publication.status or "draft") != "published")
    labels = {**layout.labels, **publication.labels}
    hidden = {part for part in ("owner", "due") if labels.get(part) == "hide"}  # not printed: not asked for
    for review_name in review_names(project, publication):
        review = project.reviews[review_name]
        # the loaded YAML keeps each item's line (and items the validator turned away)
        raw = (review.raw.get("recommendations") if isinstance(review.raw, LocDict) else None) or {}
        items = (raw.get("items") if isinstance(raw, dict) else None) or []
        out += check_recommendations(items, name, hidden)
    out += check_practice_content(_has_practice(project, publication), name, publication.loc)
    return out


def check_outputs(files: dict, title: str, stem: str, logs: dict, dist_display: str = "dist") -> list[Diagnostic]:
    """HTML, PDF and Word checks on in-memory files, reported as dist/<stem><suffix>: each
    file gets the checks its format lists (formats.py: a11y.html, a11y.pdf, a11y.docx), and
    a PDF's renderer warnings are those of the format that made it."""
    out: list[Diagnostic] = []
    with tempfile.TemporaryDirectory(prefix="bulletin-a11y-") as tmp:
        for suffix, data in files.items():
            fmt = format_registry.by_suffix(suffix)
            checks = fmt.checks if fmt else ()
            shown = f"{dist_display}/{stem}{suffix}"
            if "a11y.html" in checks:
                found = check_html(data.decode("utf-8"), title, shown)
            elif "a11y.pdf" in checks or "a11y.docx" in checks:
                path = Path(tmp) / f"out{suffix}"
                path.write_bytes(data)
                found = (check_pdf(path, title, logs.get(fmt.name, ())) if "a11y.pdf" in checks
                         else check_docx(path, title))
                found = [dataclasses.replace(d, location=Location(shown, d.location.line, d.location.col))
                         for d in found]
            else:
                continue
            out += found
    return out


def check_rendered(project, publication, rendered) -> list[Diagnostic]:
    """The registry entry: source rules, then output rules, all tagged with the publication."""
    from bulletin.naming import output_stem
    title = " ".join(str(publication.title or "").split())
    if (publication.status or "draft") != "published":
        title = f"DRAFT – {title}"  # drafts say so in their title (render.html.page_title)
    found = check_sources(project, publication, rendered.session)
    found += check_outputs(rendered.files, title, output_stem(project, publication), rendered.logs)
    return [d if d.publication else dataclasses.replace(d, publication=publication.name) for d in found]
