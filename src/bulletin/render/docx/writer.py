"""Turn publication HTML and a typed layout into a Word (.docx) document.

The writer walks the same tree the PDF and HTML page are made from (the template
contract, `bulletin.contract`), mapping each element and class to a named Word style
built from the layout's fonts and colours (`styles.py`). An element or class it does not know is a
`DocxContractError` naming it and its HTML line: nothing is silently dropped.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

import docx
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Pt, Twips
from docx.text.paragraph import Paragraph

from bulletin.render.docx import xml as X
from bulletin.render.docx.contract import (CONTAINERS, IGNORED, LISTS, PARAGRAPH_STYLES,
                                           check_tree)
from bulletin.render.docx.inline import write_inline
from bulletin.kinds import KINDS, paper, word_footer
from bulletin.model import Layout
from bulletin.render.docx.fonts import embed_font
from bulletin.render.docx.page import set_up_pages, text_width_twips
from bulletin.render.docx.styles import CALLOUT_STYLES, LIST_INDENT, build_styles, copy_box, new_list
from bulletin.render.docx.tables import is_fact, write_fact_rows, write_table
from bulletin.render.copyfit import FIT_CLASS
from bulletin.render.measure import PageGeometry, page_geometry
from bulletin.render.docx.tree import (HEADINGS, INLINE, DocxContractError, DocxError,
                                       Node, body_of, collapse, head_info, parse_html)

__all__ = ["docx_bytes", "write_docx", "DocxError", "DocxContractError"]


def docx_bytes(html: str, layout: Layout, *, base_dir: Path | None = None,
               pages: dict[str, int] | None = None) -> bytes:
    """The .docx file for one publication's HTML, styled from its typed `layout`.

    `pages` maps heading ids to the page the PDF prints them on: the contents list shows
    those numbers until Word updates its fields (it is asked to on opening).
    `base_dir` is where relative image paths are looked up (never outside it);
    `data:` image URIs need nothing. Raises DocxContractError / DocxError (with
    `.line`, the HTML line) for HTML the writer cannot map.
    """
    root = parse_html(html)
    check_tree(root)
    body = body_of(root)
    kind = next((c[len("kind-"):] for c in body.cls.split() if c.startswith("kind-")), None)
    # kinds that must fit a sheet, and publications set tighter to save a page (render/copyfit.py)
    compact = (kind in KINDS and bool(KINDS[kind]["delivery"]["max_sides"])) or FIT_CLASS in body.cls.split()
    # The PDF's page: orientation, margins, columns and type size (render/measure.py).
    geometry = page_geometry(layout.page.margin_mm, layout.page.line_chars, float(layout.fonts.size_pt),
                             paper(kind or ""))
    head = head_info(root)
    document = docx.Document()
    X.clear_body(document)
    build_styles(document, layout, geometry.size_pt, compact)
    X.set_language(document, head["lang"] or "en-GB")
    X.add_font(document, layout.fonts.body, layout.fonts.fallback)
    embed_font(document, layout.fonts.body)
    X.drop_thumbnail(document)
    _set_core_properties(document, head, layout.partnership or "")
    draft = any(n.has_class("mark-draft") or n.has_class("draft-mark") for n in body.iter())
    footer = word_footer(kind, layout.footer or "", head["title"]) if kind in KINDS else None
    set_up_pages(document, layout, head["title"], draft=draft, geometry=geometry, footer=footer)
    _Writer(document, layout, root, base_dir, pages or {}, geometry).write(body)
    return X.package_bytes(document)


def write_docx(html: str, layout: Layout, path: Path, *, base_dir: Path | None = None) -> None:
    """Write the .docx next to its final name and move it into place (never half-written)."""
    data = docx_bytes(html, layout, base_dir=base_dir)
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def _set_core_properties(document, head: dict, partnership: str) -> None:
    props = document.core_properties
    props.title = _fit(head["title"])
    props.author = _fit(head["author"] or partnership)
    props.last_modified_by = props.author
    props.subject = _fit(head["description"])
    props.keywords = _fit(head["keywords"], sep=", ")
    props.language = head["lang"] or "en-GB"
    props.comments = ""
    props.category = ""
    props.revision = 1
    props.created = props.modified = _build_time()


def _build_time() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when set, so that reproducible builds are byte-identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    now = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch.isdigit() else datetime.now(timezone.utc)
    return now.replace(microsecond=0, tzinfo=None)


def _fit(text: str, sep: str = " ") -> str:
    """python-docx caps core properties at 255 characters: cut at a word (or keyword)."""
    if len(text) <= 255:
        return text
    return text[:256].rsplit(sep, 1)[0].rstrip(" ,;")


class _Body:
    """Where blocks go: the document body, a table cell or a footnote."""

    def __init__(self, target, style_ids: dict, first=None, on_first=None):
        self.target, self.first, self.on_first = target, first, on_first
        self.style_ids = style_ids

    def new_paragraph(self, style: str) -> Paragraph:
        if self.first is not None:
            paragraph, self.first = self.first, None
        else:
            paragraph = self.target.add_paragraph()
        X.set_paragraph_style(paragraph, self.style_ids[style])
        if self.on_first is not None:
            self.on_first(paragraph)
            self.on_first = None
        return paragraph

    def new_table(self, rows: int, cols: int, line: int):
        if isinstance(self.target, _NoteTarget):
            raise DocxError("a table cannot go inside a footnote in Word", line)
        if isinstance(self.target, docx.document.Document):
            return self.target.add_table(rows, cols)
        return self.target.add_table(rows, cols)  # a cell: nested table


class _NoteTarget:
    """Adds paragraphs to one w:footnote, styled through the main document part."""

    def __init__(self, note, story):
        self.note, self.story = note, story

    def add_paragraph(self) -> Paragraph:
        return X.new_paragraph(self.note, self.story)


@dataclass(frozen=True)
class Context:
    body: _Body
    part: object              # the package part that owns hyperlink relationships
    style: str = "Normal"     # style of loose text and plain paragraphs here
    box: tuple | None = None  # (pBdr, shd) of the enclosing named box
    level: int = -1           # list nesting level (-1: not in a list)
    number: list | None = None  # one-shot [num_id, level] for the next paragraph
    indent: int = 0           # left indent of continuation paragraphs in a list item
    box_start: list | None = None  # one-shot flag: the next paragraph opens a box
    rule: list | None = None  # one-shot [colour]: a rule above the next paragraph
    colour: str | None = None  # text colour over a coloured band (the masthead)


class _Writer:
    def __init__(self, document, layout: Layout, root: Node, base_dir: Path | None, pages: dict[str, int],
                 geometry: PageGeometry):
        self.doc, self.layout, self.base_dir, self.pages = document, layout, base_dir, pages
        self.geometry = geometry
        self.notes = {n.attrs.get("id", ""): n for n in root.iter()
                      if n.tag == "li" and n.has_class("footnote")}
        self.note_numbers: dict[str, int] = {}
        self.pending_bookmarks: list[str] = []
        self.bookmark_count = 0
        self.box_count = 0
        self.text_width = text_width_twips(geometry)
        self.style_ids = {style.name: style.style_id for style in document.styles}

    # -- blocks -----------------------------------------------------------------
    def write(self, body: Node) -> None:
        ctx = Context(_Body(self.doc, self.style_ids), self.doc.part)
        self.flow(body.children, ctx)
        unused = [n for key, n in self.notes.items() if key not in self.note_numbers]
        if unused:
            raise DocxError(f"footnote '{unused[0].attrs.get('id', '')}' is never "
                            "referenced (no a.footnote-ref points at it)", unused[0].line)

    def flow(self, children, ctx: Context) -> None:
        """Blocks in order; runs of loose inline content become paragraphs of ctx.style;
        a run of bulletin facts becomes one two-column table (write_fact_rows)."""
        pending: list = []
        facts: list[Node] = []
        for item in children:
            if is_fact(item) and _heading_first(item):
                self.paragraph(pending, ctx.style, ctx)
                pending = []
                facts.append(item)
                continue
            if facts and isinstance(item, str) and not item.strip():
                continue
            if facts:
                write_fact_rows(self, facts, ctx)
                facts = []
            if isinstance(item, str) or item.tag in INLINE:
                pending.append(item)
                continue
            self.paragraph(pending, ctx.style, ctx)
            pending = []
            self.block(item, ctx)
        if facts:
            write_fact_rows(self, facts, ctx)
        self.paragraph(pending, ctx.style, ctx)

    def block(self, node: Node, ctx: Context) -> None:
        if node.attrs.get("id") and not node.has_class("footnote"):
            self.pending_bookmarks.append(X.bookmark_name(node.attrs["id"]))
        key = (node.tag, node.cls)
        if node.tag in IGNORED:
            return
        if node.tag == "nav" and node.cls == "toc":
            return self.toc(node, ctx)
        if node.tag == "section" and node.cls == "footnotes":
            return  # each note was written as a Word footnote at its reference
        if node.tag == "div":
            return self.draft_mark(node, ctx)
        if node.tag == "aside" or key == ("section", "learning"):
            # Named boxes; the PDF draws section.learning as a box too.
            style = CALLOUT_STYLES.get(node.cls, "Learning")
            self.box_count += 1
            box = copy_box(self.doc, style, self.box_count)
            return self.flow(node.children, replace(ctx, style=style, box=box,
                                                    box_start=[True]))
        colours = self.layout.colours
        if key == ("header", "masthead"):
            # The PDF's masthead is a band of the primary colour with light text.
            band = X.box_elements(colours.primary, colours.primary, wide_left=False)
            self.flow(node.children, replace(ctx, box=band, box_start=None, colour=colours.on_primary))
            if self.geometry.columns > 1:  # the masthead spans the page; the text below is in columns
                X.end_section_after(self.doc.paragraphs[-1], self.doc)
            return None
        if key == ("section", "fact"):
            # A fact row: the PDF draws a rule above its heading.
            return self.flow(node.children, replace(ctx, rule=[colours.primary]))
        if node.tag in CONTAINERS:
            return self.flow(node.children, ctx)
        if key == ("p", ""):
            # A plain paragraph takes its surroundings' style (callout, cell, note...).
            return self.paragraph_like(node, ctx.style, ctx)
        if key in PARAGRAPH_STYLES:
            return self.paragraph_like(node, PARAGRAPH_STYLES[key], ctx)
        if node.tag in LISTS:
            return self.list(node, ctx)
        if node.tag == "li":
            return self.list_item(node, ctx)
        if node.tag == "table":
            return write_table(self, node, ctx)
        raise DocxContractError(f"<{node.tag}> cannot stand here as a block in Word "
                                "output", node.line)

    def paragraph_like(self, node: Node, style: str, ctx: Context) -> None:
        """A p/heading/li: its inline content is one paragraph; nested blocks follow."""
        pending: list = []
        for item in node.children:
            if isinstance(item, str) or item.tag in INLINE:
                pending.append(item)
                continue
            self.paragraph(pending, style, ctx)
            pending = []
            self.block(item, ctx)
        self.paragraph(pending, style, ctx)

    def paragraph(self, items: list, style: str, ctx: Context) -> Paragraph | None:
        """One Word paragraph from inline items; nothing if they hold no content."""
        if not _has_content(items):
            return None
        paragraph = ctx.body.new_paragraph(style)
        ppr = X.paragraph_properties(paragraph)
        if ctx.number:
            num_id, level = ctx.number
            X.set_numbering(paragraph, num_id, level)
            ctx.number.clear()
        elif ctx.indent:
            X.set_indent(paragraph, ctx.indent)
        if ctx.box:
            # Every paragraph of a named box (headings and list items too) carries it.
            for part in ctx.box:
                if part is not None:
                    X.insert_ppr_child(ppr, copy.deepcopy(part))
            if ctx.box_start:
                # Space above the box, outside its border, as the PDF's margin does.
                paragraph.paragraph_format.space_before = Pt(12)
                ctx.box_start.clear()
        elif ctx.rule:
            X.set_box(ppr, ctx.rule.pop(), None, sides=("top",), wide_left=False)
            paragraph.paragraph_format.space_before = Pt(10)
        for name in self.pending_bookmarks:
            self.bookmark(paragraph, name)
        self.pending_bookmarks.clear()
        write_inline(self, paragraph, items, ctx)
        return paragraph

    def cell_body(self, cell) -> _Body:
        return _Body(cell, self.style_ids, first=cell.paragraphs[0])

    def bookmark(self, paragraph, name: str) -> None:
        self.bookmark_count += 1
        X.add_bookmark(paragraph, name, self.bookmark_count)

    def list(self, node: Node, ctx: Context) -> None:
        ordered = LISTS[node.tag][node.cls]
        start = int(node.attrs.get("start") or 1) if ordered else 1
        num_id = new_list(self.doc, ordered, start)
        level = ctx.level + 1
        for item in node.children:
            if isinstance(item, str):
                if item.strip():
                    raise DocxContractError(f"text directly inside <{node.tag}> (put it "
                                            "in an <li>)", node.line)
                continue
            if item.tag != "li":
                raise DocxContractError(f"<{item.tag}> directly inside <{node.tag}> "
                                        "(only <li> may be)", item.line)
            self.block(item, replace(ctx, level=level, number=[num_id, min(level, 8)],
                                     indent=LIST_INDENT * (level + 1)))

    def list_item(self, node: Node, ctx: Context) -> None:
        if ctx.level < 0:
            raise DocxContractError("<li> outside a list", node.line)
        style = "Footnote Text" if ctx.style == "Footnote Text" else "List Paragraph"
        self.paragraph_like(node, style, replace(ctx, style=style))

    def draft_mark(self, node: Node, ctx: Context) -> None:
        if node.text():
            return self.flow(node.children, replace(ctx, style="Draft Mark"))
        # An empty marker shows "DRAFT" through CSS in the PDF and HTML page.
        self.paragraph(["DRAFT"], "Draft Mark", ctx)

    # -- table of contents ---------------------------------------------------------
    def toc(self, node: Node, ctx: Context) -> None:
        """A real TOC field (Word fills in page numbers); the HTML entries as its result."""
        heading = next((n for n in node.iter() if n.tag in HEADINGS), None)
        if heading is not None:
            self.paragraph(heading.children, "TOC Heading", ctx)
        entries = [(n, _toc_depth(node, n)) for n in node.iter()
                   if n.tag == "a" and n.has_class("toc-link")]
        instruction = 'TOC \\o "1-3" \\h \\z \\u'
        X.update_fields_on_open(self.doc)
        for level in (1, 2, 3):  # page numbers at the right margin after a dotted leader
            self.doc.styles[f"TOC {level}"].paragraph_format.tab_stops.add_tab_stop(
                Twips(self.text_width), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        if not entries:
            paragraph = ctx.body.new_paragraph("TOC 1")
            runs = X.field_runs(instruction, [X.text_run(
                "Right-click here and choose Update Field to show the contents.")],
                dirty=True)
            X.append_to_paragraph(paragraph, *runs)
            return
        for index, (link, depth) in enumerate(entries):
            paragraph = ctx.body.new_paragraph(f"TOC {min(depth, 3)}")
            href = link.attrs.get("href", "")
            hyperlink = X.new_hyperlink(ctx.part, href)
            hyperlink.append(X.text_run(link.text()))
            # Word's own contents entries: the heading's text, a dotted tab, and its page as
            # a PAGEREF to the heading's bookmark, so Word and LibreOffice can recompute it;
            # the cached number is the PDF's (`pages`), shown before any update.
            hyperlink.append(X.tab_run())
            page = str(self.pages.get(href.lstrip("#"), ""))
            hyperlink.extend(X.field_runs(f"PAGEREF {X.bookmark_name(href.lstrip('#'))} \\h",
                                          [X.text_run(page)] if page else []))
            runs = [hyperlink]
            if index == 0:
                begin = X.field_runs(instruction, dirty=True)[:3]
                runs = begin + runs
            if index == len(entries) - 1:
                runs.append(X.field_runs("")[-1])
            X.append_to_paragraph(paragraph, *runs)

    # -- footnotes ------------------------------------------------------------------
    def footnote(self, href: str, line: int, ctx: Context):
        """The w:footnoteReference run for a.footnote-ref, writing the note on first use."""
        key = href.lstrip("#")
        note = self.notes.get(key)
        if note is None:
            raise DocxError(f"footnote reference '{href}' points at no li.footnote", line)
        if key in self.note_numbers:
            run = X.text_run(str(self.note_numbers[key]), "FootnoteReference")
            return run
        number = len(self.note_numbers) + 1
        self.note_numbers[key] = number
        part = X.footnotes_part(self.doc)
        target = _NoteTarget(X.new_footnote(part, number), X.body_story(self.doc))

        def mark(paragraph):
            X.append_to_paragraph(paragraph, X.footnote_mark_run(), X.text_run(" "))

        note_ctx = Context(_Body(target, self.style_ids, on_first=mark), part,
                           style="Footnote Text")
        self.paragraph_like(note, "Footnote Text", note_ctx)
        return X.footnote_reference_run(number)


def _heading_first(section: Node) -> bool:
    first = next((c for c in section.children if isinstance(c, Node)), None)
    return first is not None and first.tag in HEADINGS


def _toc_depth(nav: Node, link: Node) -> int:
    """How many lists deep a TOC link sits inside the nav (1 for the top list)."""
    def depth(node: Node, lists: int) -> int | None:
        for child in node.children:
            if isinstance(child, Node):
                if child is link:
                    return lists
                found = depth(child, lists + (child.tag in ("ul", "ol")))
                if found is not None:
                    return found
        return None
    return max(1, depth(nav, 0) or 1)


def _has_content(items: list) -> bool:
    for item in items:
        if isinstance(item, str):
            if collapse(item):
                return True
        elif item.tag == "img" or item.tag != "br" and (_has_content(item.children)
                                                        or item.has_class("footnote-ref")):
            return True
    return False
