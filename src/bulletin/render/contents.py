"""Turn publication HTML and PDFs into their navigation: heading ids, contents list, bookmarks.

The heading macro (templates/_macros.html.j2) gives every heading an id and base.html.j2
lists the level-2 and level-3 headings in `nav.toc`; the PDF fills in page numbers with
CSS target-counter, WeasyPrint makes PDF bookmarks from the headings, and the Word writer
turns the nav into a TOC field. This module holds the Python side: the same slug rule,
readers for headings, contents entries and PDF outlines (used by tests and the
catalogue), and the rule for which publications get a contents list.

The rule (the kind registry's `print` rules): compendiums always; any other publication when its PDF runs past two pages
(MAX_PAGES_WITHOUT_CONTENTS). Page count is measured, not guessed: in the reference set
a two-page handout and a three-page briefing have the same number of sections and
characters, so no count of headings or text separates them. Measuring costs no extra
layout in the usual cases: the PDF renderer reuses the layout that was measured, kept
in the publication's session (see `add_contents_if_long`). A preview that must not wait
for a layout takes the last measured decision instead (`add_contents_as_known`).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from bulletin import kinds
from bulletin.render.html import render_publication_html


MAX_PAGES_WITHOUT_CONTENTS = 2
HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str


class _HeadingReader(HTMLParser):
    """Headings (outside nav) and contents links (inside nav.toc), in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[Heading] = []
        self.contents: list[Heading] = []
        self.nav_depth = 0  # >0 while inside a nav
        self.in_toc = False
        self.list_depth = 0
        self.current: tuple[str, int, str] | None = None  # (kind, level, id)
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav":
            self.nav_depth += 1
            self.in_toc = self.in_toc or "toc" in (attrs.get("class") or "").split()
        elif self.in_toc and tag in ("ol", "ul"):
            self.list_depth += 1
        elif tag in HEADING_TAGS and not self.nav_depth:
            self.current, self.text = ("heading", HEADING_TAGS[tag], attrs.get("id") or ""), []
        elif tag == "a" and self.in_toc and "toc-link" in (attrs.get("class") or "").split():
            # Nesting depth 1 lists level-2 headings, depth 2 level-3 ones.
            self.current = ("contents", self.list_depth + 1, (attrs.get("href") or "").lstrip("#"))
            self.text = []

    def handle_endtag(self, tag):
        if tag == "nav":
            self.nav_depth -= 1
            self.in_toc = self.in_toc and self.nav_depth > 0
        elif self.in_toc and tag in ("ol", "ul"):
            self.list_depth -= 1
        elif self.current and (tag in HEADING_TAGS or tag == "a"):
            kind, level, ident = self.current
            entry = Heading(level, ident, " ".join("".join(self.text).split()))
            (self.headings if kind == "heading" else self.contents).append(entry)
            self.current = None

    def handle_data(self, data):
        if self.current:
            self.text.append(data)


def _read(html: str) -> _HeadingReader:
    reader = _HeadingReader()
    reader.feed(html)
    reader.close()
    return reader


def read_headings(html: str) -> list[Heading]:
    """Every heading of the document outside nav elements, with its level, id and text."""
    return _read(html).headings


def read_contents(html: str) -> list[Heading]:
    """The entries of nav.toc: level 2 for the top list, 3 for a nested one; id from href."""
    return _read(html).contents


def read_outline(pdf: bytes) -> list[tuple[int, str, int]]:
    """A PDF's bookmarks as (level, title, page number from 1), in order; [] if it has none."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        pages = {page.objgen: number for number, page in enumerate(document.pages, start=1)}
        found: list[tuple[int, str, int]] = []

        def walk(items, level):
            for item in items:
                page = 0
                destination = item.destination
                if destination is None and item.action is not None and "/D" in item.action:
                    destination = item.action.D
                if isinstance(destination, pikepdf.Array) and len(destination):
                    page = pages.get(destination[0].objgen, 0)
                found.append((level, str(item.title), page))
                walk(item.children, level + 1)

        with document.open_outline() as outline:
            walk(outline.root, 1)
    return found


def count_pages(pdf: bytes) -> int:
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def wants_contents(kind: str, pages: int) -> bool:
    """Whether a publication of this kind and length should open with a contents list."""
    return kinds.print_rule(kind, "contents") == "always" or pages > MAX_PAGES_WITHOUT_CONTENTS


def has_contents(html: str) -> bool:
    # Contents entries are links of class toc-link: without that text there are none.
    return "toc-link" in html and bool(_read(html).contents)


# Text longer than this (characters of running text) makes a publication *likely* long,
# so it is laid out with its contents list first. Measured on the reference set: briefings
# and bulletins of 4,100-4,900 characters run to three pages, synthetic briefings of
# 1,500 fit two. Only the order of work depends on it; the answer is always measured.
LIKELY_LONG_CHARACTERS = 3500


def likely_long(kind: str, html: str) -> bool:
    """Whether to try this publication with its contents list first."""
    return not kinds.print_rule(kind, "usually_short") and len(_plain_text(html)) > LIKELY_LONG_CHARACTERS


def _plain_text(html: str) -> str:
    body = html.split("<body", 1)[-1]
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def add_contents_if_long(project, publication, context: dict, html: str, session=None) -> str:
    """The publication HTML with a contents list exactly when its PDF without one would
    run past two pages (compendiums always have one).

    `html` is rendered without a list (or with one, which is then tested as below).
    Page count is measured by laying the HTML out (no PDF written), and the layouts are
    kept in the publication's `session` (bulletin.session), so the PDF renderer writes
    the layout that was measured:

    - a publication that is likely short (`likely_long`) is laid out as it is; if it fits
      two pages, that layout becomes the PDF, otherwise the list is added;
    - one that is likely long is rendered with the list and laid out; the list is kept
      when that layout proves the text alone runs past two pages
      (`_long_without_contents`); only when it cannot tell is the plain HTML laid out to count.

    Leaves `context["publication"]["toc"]` (base.html.j2 reads it) matching the result,
    so PDF, Word and the web page all carry the same contents; the session records the
    decision and keeps only the layout of the HTML chosen.
    """
    html = _decide_by_measuring(project, publication, context, html, session)
    if session is not None:
        session.contents = has_contents(html)
        session.keep_layout_of(html)
    return html


def add_contents_as_known(project, publication, context: dict, html: str, contents: bool | None) -> str:
    """The publication HTML with a contents list when `contents` says so, laying nothing out:
    for a preview that must show a save at once (bulletin watch), with the decision its last
    build measured; when there was none, with the list when the text is `likely_long`.
    A build then measures (`add_contents_if_long`) and corrects the preview if it differs."""
    kind = context["publication"]["kind"]
    if kinds.print_rule(kind, "contents") == "always":
        return html
    wanted = likely_long(kind, html) if contents is None else contents
    if wanted == has_contents(html):
        context["publication"]["toc"] = wanted
        return html
    context["publication"]["toc"] = wanted
    out, diags = render_publication_html(context, project.layouts[publication.layout].folder,
                                         publication.display)
    if out is None or diags:
        context["publication"]["toc"] = not wanted
        return html
    return out


def _decide_by_measuring(project, publication, context: dict, html: str, session) -> str:
    """add_contents_if_long's answer, made as its docstring says."""
    # Deferred: it loads WeasyPrint (a second of start-up), which `bulletin check` never needs.
    from bulletin.render.pdf import lay_out

    kind = context["publication"]["kind"]
    if kinds.print_rule(kind, "contents") == "always":
        return html
    layout = project.layouts[publication.layout]

    def rendered(toc: bool) -> str | None:
        context["publication"]["toc"] = toc
        out, diags = render_publication_html(context, layout.folder, publication.display)
        return out if out is not None and not diags else None

    plain = None if has_contents(html) else html
    if plain is not None and likely_long(kind, plain):
        html = rendered(True) or plain
    if has_contents(html):
        # the shortcut reads where the text ends down one column; a page of columns it cannot
        if kinds.paper(kind)["columns"] == 1 and _long_without_contents(
                lay_out(html, project.root, layout.folder, session)[0]):
            return html
        plain = plain or rendered(False)
        if plain is not None and not wants_contents(kind, len(lay_out(plain, project.root, layout.folder, session)[0].pages)):
            context["publication"]["toc"] = False
            return plain
        context["publication"]["toc"] = True
        return html
    if not wants_contents(kind, len(lay_out(html, project.root, layout.folder, session)[0].pages)):
        context["publication"]["toc"] = False
        return html
    longer = rendered(True)
    if longer is None:
        context["publication"]["toc"] = False
        return html
    return longer


def _long_without_contents(document) -> bool:
    """Whether a layout *with* the contents list proves the text alone runs past
    MAX_PAGES_WITHOUT_CONTENTS pages.

    Taking the list out moves the text after it up by at most the list's height plus the
    blank space left at the foot of earlier pages (where a block that did not fit was
    carried over). If the text still ends beyond the last allowed page after that much
    moving up, it is long for certain. When unsure this says False and the caller lays
    the plain HTML out to count."""
    # Deferred: it loads WeasyPrint (a second of start-up), which reading headings never needs.
    from bulletin.render.weasyprint_adapter import page_area

    pages = document.pages
    if len(pages) <= MAX_PAGES_WITHOUT_CONTENTS:
        return False
    nav_height, slack, end = 0.0, 0.0, 0.0
    for number, page in enumerate(pages):
        area = page_area(page)
        top, height = area.top, area.height
        bottom = top
        for box in area.flow:
            if box.tag == "nav" and box.block:
                if number > 0 or box.bottom > top + height:
                    return False  # a contents list longer than a page: count instead
                nav_height += box.height
            if box.line:
                bottom = max(bottom, box.bottom)
        if number < len(pages) - 1:
            slack += top + height - bottom
        else:
            end = number * height + (bottom - top)
    return end - nav_height - slack > MAX_PAGES_WITHOUT_CONTENTS * height


def layout_pages(html: str, project_root, layout_folder, session=None) -> int:
    """How many pages the PDF of this HTML has, by laying it out with WeasyPrint (or
    taking the layout the publication's `session` has of it)."""
    from bulletin.render.pdf import lay_out

    document, _ = lay_out(html, project_root, layout_folder, session)
    return len(document.pages)
