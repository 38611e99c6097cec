"""Turn publication HTML and PDFs into their navigation: heading ids, contents list, bookmarks.

The heading macro (templates/_macros.html.j2) gives every heading an id and base.html.j2
lists the level-2 and level-3 headings in `nav.toc`; the PDF fills in page numbers with
CSS target-counter, WeasyPrint makes PDF bookmarks from the headings, and the Word writer
turns the nav into a TOC field. This module holds the Python side: the same slug rule,
readers for headings, contents entries and PDF outlines (used by tests and the
catalogue), and the rule for which publications get a contents list.

The rule: compendiums always; any other publication when its PDF runs past two pages
(MAX_PAGES_WITHOUT_CONTENTS). Page count is measured, not guessed: in the reference set
a two-page handout and a three-page briefing have the same number of sections and
characters, so no count of headings or text separates them. Laying a publication out
costs about 0.15 s; only publications that turn out longer are rendered again.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from html.parser import HTMLParser

MAX_PAGES_WITHOUT_CONTENTS = 2
ALWAYS_CONTENTS = {"compendium"}
HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


def slugify(text: str) -> str:
    """A heading's id, by the rule the heading macro uses: 'Family 'E'' -> 'family-e'."""
    slug = "-".join(re.sub(r"[^a-z0-9]", " ", str(text).lower()).split())
    return f"s-{slug}" if slug[:1].isdigit() else slug


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
    return kind in ALWAYS_CONTENTS or pages > MAX_PAGES_WITHOUT_CONTENTS


def has_contents(html: str) -> bool:
    return bool(_read(html).contents)


def add_contents_if_long(project, publication, context: dict, html: str) -> str:
    """The publication HTML again with a contents list if its PDF would run past two pages.

    Lays the HTML out once (no PDF written) to count pages; if it is long, marks
    `context["publication"]["toc"]` (base.html.j2 reads it) and renders the HTML again,
    so PDF, Word and the web page all carry the same contents. Returns `html` unchanged
    when it already has contents or is short enough.
    """
    from .render.html import render_publication_html

    kind = context["publication"]["kind"]
    if kind in ALWAYS_CONTENTS or has_contents(html):
        return html
    layout = project.layouts[publication.data["layout"]]
    if not wants_contents(kind, layout_pages(html, project.root, layout.folder)):
        return html
    context["publication"]["toc"] = True
    longer, diags = render_publication_html(context, layout.folder, publication.display)
    return longer if longer is not None and not diags else html


def layout_pages(html: str, project_root, layout_folder) -> int:
    """How many pages the PDF of this HTML has, by laying it out with WeasyPrint."""
    import weasyprint

    from .render.pdf import VIRTUAL_BASE, ProjectFetcher

    document = weasyprint.HTML(string=html, base_url=VIRTUAL_BASE,
                               url_fetcher=ProjectFetcher(project_root, layout_folder)).render()
    return len(document.pages)
