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
from bulletin.sources import LocStr
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
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from prose_strings(v, str(k))
    elif isinstance(value, list):
        for item in value:
            yield from prose_strings(item, key)


def _ordered(data: dict, keys: list[str]):
    for key in keys:
        if key in data:
            yield from prose_strings(data[key], key)


def publication_texts(project, publication) -> list:
    """The publication's prose in reading order: masthead and intro, each review, then
    the publication's closing sections."""
    from bulletin.model import review_names
    data = publication.data
    texts = list(_ordered(data, PUBLICATION_BEFORE))
    for name in review_names(project, publication):
        review = project.reviews[name].data
        texts += list(_ordered(review, REVIEW_ORDER))
        texts += list(_ordered(review, [k for k in review if k not in REVIEW_ORDER]))
    texts += list(_ordered(data, PUBLICATION_AFTER))
    texts += list(_ordered(data, [k for k in data if k not in PUBLICATION_BEFORE + PUBLICATION_AFTER]))
    return texts


def _has_practice(project, publication) -> bool:
    from bulletin.model import review_names
    if publication.data.get("overrides", {}).get("practice"):
        return True
    for name in review_names(project, publication):
        review = project.reviews[name].data
        if review.get("key_learning") or review.get("review_learning") or \
                any(item.get("practice") for item in review.get("learning", [])):
            return True
    return False


def check_sources(project, publication) -> list[Diagnostic]:
    """Source-level rules for one publication (text, recommendations, practice content)."""
    from bulletin.model import review_names
    name = publication.name
    tokens = project.layouts[publication.data["layout"]].tokens
    tokens = {**tokens, "known_acronyms": [*(tokens.get("known_acronyms") or []),
                                           *([tokens["short_name"]] if tokens.get("short_name") else [])]}
    texts = publication_texts(project, publication)
    out: list[Diagnostic] = []
    for text in texts:
        out += check_source_text(text, name, tokens)
    out += check_publication_texts(texts, name, tokens)
    out += check_skeleton_text(texts, name, draft=publication.data.get("status", "draft") != "published")
    labels = {**(tokens.get("labels") or {}), **(publication.data.get("labels") or {})}
    hidden = {part for part in ("owner", "due") if labels.get(part) == "hide"}  # not printed: not asked for
    for review_name in review_names(project, publication):
        review = project.reviews[review_name]
        # the raw YAML keeps each item's line; the validated data may not
        source = review.raw if isinstance(review.raw, dict) else review.data
        items = (source.get("recommendations") or {}).get("items") or []
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
    title = " ".join(str(publication.data.get("title", "")).split())
    if publication.data.get("status", "draft") != "published":
        title = f"DRAFT – {title}"  # drafts say so in their title (render.html.page_title)
    found = check_sources(project, publication)
    found += check_outputs(rendered.files, title, output_stem(project, publication), rendered.logs)
    return [d if d.publication else dataclasses.replace(d, publication=publication.name) for d in found]
