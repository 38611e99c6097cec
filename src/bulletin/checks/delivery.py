"""Turn a rendered publication's files into delivery diagnostics: will it e-mail, print and upload?

- `delivery.size-budget`: each PDF against the e-mail budget (bulletin.yaml
  `delivery: {size_budget_kb: 1000}`), naming what takes the space (images, fonts).
- `delivery.handout-length`: a handout or 7-minute briefing over two sides of A4 (or
  `delivery: {handout_pages: N}`), naming its longest sections, measured in the PDF from
  where each heading's bookmark lands. `delivery.page-count` (info) records every count.
- `delivery.page-fill`, `delivery.heading-at-foot`, `delivery.split-fragment`,
  `delivery.word-pages`: pages a designer would not sign off, in the PDF, the print
  edition and the Word edition (checks/page_quality.py).
- `delivery.metadata`: title, author, subject, keywords and language in the PDF.
- `delivery.file-name`: output names that survive e-mail and websites.
- `seven-minute.override`: an `overrides` key no section of a 7-minute briefing has.
"""

from __future__ import annotations

import io
import re

from .. import formats as format_registry
from .. import kinds
from ..diagnostics import Diagnostic, Location, did_you_mean, error, info, warning
from ..render.pdf_structure import bookmarks
from .page_quality import check_pages

DEFAULT_SIZE_BUDGET_KB = 1000
DEFAULT_HANDOUT_PAGES = 2
# The sections of templates/seven-minute.html.j2, in order; `overrides` keys must be one.
SEVEN_MINUTE_SECTIONS = kinds.KINDS["seven-minute"]["sections"]
SAFE_NAME = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$")
SETTINGS = {"size_budget_kb": DEFAULT_SIZE_BUDGET_KB, "handout_pages": DEFAULT_HANDOUT_PAGES}


def _config_loc(section, key: str, where: str = "value_locs") -> Location:
    locs = getattr(section, where, None) or {}
    return locs.get(key) or getattr(section, "loc", None) or Location("bulletin.yaml", 1, 1)


def delivery_settings(project) -> tuple[dict, list[Diagnostic]]:
    """The `delivery:` section of bulletin.yaml with defaults, and a diagnostic per bad value."""
    section = project.config.delivery
    settings, diags = dict(SETTINGS), []
    if section is None:
        return settings, diags
    if not isinstance(section, dict):
        return settings, [error("delivery.config", "'delivery' must be a mapping such as "
                                "'delivery: {size_budget_kb: 1000}'", project.config.field_loc("delivery"))]
    for key, value in section.items():
        if key not in SETTINGS:
            diags.append(error("delivery.config", f"unknown delivery setting '{key}'{did_you_mean(key, SETTINGS)}"
                               f"; known: {', '.join(SETTINGS)}", _config_loc(section, key, "key_locs")))
            continue
        try:
            number = int(str(value))
            if number < 1:
                raise ValueError(value)
            settings[key] = number
        except ValueError:
            diags.append(error("delivery.config", f"delivery setting '{key}' must be a whole number above 0, "
                               f"got '{value}'", _config_loc(section, key)))
    return settings, diags


def _files(rendered, check: str) -> list[tuple[str, bytes]]:
    """The files, of those rendered, whose format lists `check` (formats.py)."""
    return [(suffix, data) for suffix, data in rendered.files.items()
            if suffix in format_registry.suffixes_checked_by(check)]


def _file_name(project, publication, suffix: str) -> str:
    from ..naming import output_stem
    return f"{output_stem(project, publication)}{suffix}"


def _kb(size: int) -> str:
    return f"{size / 1024:,.0f} KB"


def size_breakdown(data: bytes) -> dict[str, int]:
    """Bytes of a PDF's images and embedded fonts (as stored), and the rest."""
    import pikepdf

    parts = {"images": 0, "fonts": 0}
    with pikepdf.open(io.BytesIO(data)) as pdf:
        fonts = set()
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                    if key in obj:
                        fonts.add(obj[key].objgen)
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                if obj.get("/Subtype") == "/Image":
                    parts["images"] += len(obj.read_raw_bytes())
                elif obj.objgen in fonts:
                    parts["fonts"] += len(obj.read_raw_bytes())
    parts["other"] = max(len(data) - parts["images"] - parts["fonts"], 0)
    return parts


def check_size_budget(project, publication, rendered, settings=None) -> list[Diagnostic]:
    settings = settings or delivery_settings(project)[0]
    budget = settings["size_budget_kb"]
    diags = []
    for suffix, data in _files(rendered, "size-budget"):
        if len(data) <= budget * 1024:
            continue
        parts = size_breakdown(data)
        biggest = ", ".join(f"{name} {_kb(size)}" for name, size in
                            sorted(parts.items(), key=lambda item: -item[1]) if size)
        hint = ("make the logo or pictures smaller (a 300-pixel-wide PNG is plenty)"
                if parts["images"] >= max(parts["fonts"], parts["other"]) else
                "split the publication, or raise the budget if your e-mail system allows it")
        diags.append(warning(
            "delivery.size-budget",
            f"{_file_name(project, publication, suffix)} is {_kb(len(data))}, over the e-mail budget of "
            f"{budget:,} KB (bulletin.yaml delivery: size_budget_kb): {biggest}; {hint}",
            publication.loc, publication=publication.name, extra={"bytes": len(data), "budget_kb": budget}))
    return diags


def _outline(pdf) -> list[tuple[str, int, float]]:
    """(heading, page index, y from the top) for every bookmark, in document order."""
    pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    found = []
    for title, page, y in bookmarks(pdf):
        if page.objgen in pages:
            index = pages[page.objgen]
            height = float(pdf.pages[index].mediabox[3])
            found.append((title, index, (height - y) / height))
    return found


def section_lengths(data: bytes) -> tuple[int, list[tuple[str, float]]]:
    """(pages, [(heading, length in pages)]) of a PDF: each heading's own text, up to the
    next heading, measured from where the bookmarks land; the last runs to the end."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = len(pdf.pages)
        marks = sorted(_outline(pdf), key=lambda m: (m[1], m[2]))
    ends = [(index + y) for _, index, y in marks[1:]] + [float(pages)]
    return pages, [(title, round(end - (index + y), 2)) for (title, index, y), end in zip(marks, ends)]


def check_handout_length(project, publication, rendered, settings=None) -> list[Diagnostic]:
    """The edition made for paper when there is one (that is what gets printed), else the PDF."""
    settings = settings or delivery_settings(project)[0]
    measured = sorted((f for f in format_registry.checked_by("handout-length") if f.suffix in rendered.files),
                      key=lambda f: not f.for_paper)
    if not measured:
        return []
    suffix = measured[0].suffix
    pages, lengths = section_lengths(rendered.files[suffix])
    name = _file_name(project, publication, suffix)
    diags = [info("delivery.page-count", f"{name} has {pages} page{'s' if pages != 1 else ''}",
                  publication.loc, publication=publication.name, extra={"pages": pages})]
    limit = settings["handout_pages"]
    kind = publication.kind
    if not kinds.must_fit_sheet(kind) or pages <= limit:
        return diags
    longest = sorted(lengths, key=lambda item: -item[1])[:3]
    why = "; ".join(f"'{title}' {length:.1f} page{'s' if length != 1 else ''}" for title, length in longest)
    fix = kinds.KINDS[kind]["delivery"]["too_long_fix"]
    diags.append(warning(
        "delivery.handout-length",
        f"{name} runs to {pages} sides of A4; a {kinds.label(kind).lower()} should fit {limit} "
        f"(one sheet printed double-sided). Longest sections: {why}; {fix}",
        publication.loc, publication=publication.name, extra={"pages": pages, "limit": limit}))
    return diags


METADATA_FIXES = {
    "/Title": "the publication's 'title'",
    "/Author": "the layout's 'partnership'",
    "/Subject": "the publication's 'kicker' or 'kind'",
    "/Keywords": "the review's 'themes'",
}


def check_metadata(project, publication, rendered) -> list[Diagnostic]:
    """Document properties a website, DMS or e-mail client shows, filled from the source."""
    import pikepdf

    diags = []
    for suffix, data in _files(rendered, "metadata"):
        with pikepdf.open(io.BytesIO(data)) as pdf:
            missing = [key for key in METADATA_FIXES if not str(pdf.docinfo.get(key, "") or "").strip()]
            lang = str(pdf.Root.get("/Lang", "") or "")
        problems = [f"no {key[1:].lower()} (from {METADATA_FIXES[key]})" for key in missing]
        if not lang:
            problems.append("no language (the template's <html lang>)")
        if problems:
            diags.append(warning("delivery.metadata", f"{_file_name(project, publication, suffix)} has "
                                 + ", ".join(problems), publication.loc, publication=publication.name))
    return diags


def check_file_name(project, publication, rendered) -> list[Diagnostic]:
    from ..naming import output_stem

    stem = output_stem(project, publication)
    if SAFE_NAME.match(stem) and len(stem) <= 80:
        return []
    safe = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:80]
    return [warning("delivery.file-name", f"output file name '{stem}' has capitals, spaces or other "
                    f"characters that e-mail systems and websites mangle: rename {publication.display} "
                    f"so the name reads like '{safe}'", publication.loc, publication=publication.name)]


def check_overrides(project, publication, rendered=None) -> list[Diagnostic]:
    overrides = publication.overrides
    if not overrides:
        return []
    raw = publication.raw.get("overrides") if isinstance(publication.raw, dict) else None
    diags = []
    kind = publication.kind
    if not kinds.applies(kind, "overrides"):
        changed = " and ".join(kinds.label(k).lower() + "s" for k in kinds.owners("overrides"))
        return [warning("seven-minute.override", f"'overrides' only changes {changed}; this is a "
                        f"{kind}, so it is ignored", publication.field_loc("overrides"),
                        publication=publication.name)]
    sections = kinds.KINDS[kind]["sections"]
    for key in overrides:
        if key not in sections:
            diags.append(error("seven-minute.override",
                               f"no section '{key}' in a {kinds.label(kind).lower()}{did_you_mean(key, sections)}; "
                               f"sections: {', '.join(sections)}",
                               _config_loc(raw, key, "key_locs") if raw is not None else publication.loc,
                               publication=publication.name))
    return diags


def check_delivery(project, publication, rendered) -> list[Diagnostic]:
    """Every delivery check (the entry in checks/registry.py)."""
    settings, diags = delivery_settings(project)
    diags += check_overrides(project, publication, rendered)
    diags += check_file_name(project, publication, rendered)
    diags += check_size_budget(project, publication, rendered, settings)
    diags += check_metadata(project, publication, rendered)
    diags += check_handout_length(project, publication, rendered, settings)
    diags += check_pages(project, publication, rendered, lambda suffix: _file_name(project, publication, suffix),
                         settings["handout_pages"], kinds.fitting_a_sheet())
    return diags
