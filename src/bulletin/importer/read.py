"""Turn a Word document into a flat list of blocks (headings, paragraphs, list items, tables) with Markdown text.

Inline formatting becomes the source's Markdown subset (see `inline.py`), footnotes are
collected apart. Whatever has no place in that subset (images, text boxes, headers and
footers) is listed in `notes` so the importer can say what needs a human look, rather
than dropping it silently. Blocks are what Word's styles say; `shape.py` then reads the
structure of documents written without styles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.styles.style import CharacterStyle
from lxml import etree

from .inline import W, Inline, strip_bold

HEADING_STYLE = re.compile(r"^(?:heading|überschrift|titre)\s*(\d)$", re.I)


@dataclass
class Block:
    """One thing a reader sees: a heading, a paragraph, a list item or a table."""

    kind: str                 # heading, para, item, table
    text: str = ""            # Markdown inline text
    level: int = 0            # heading level; list depth (0 = top)
    style: str = ""           # the Word paragraph style's name
    ordered: bool = False     # numbered list item
    bold: bool = False        # every word of it is bold
    rows: list = field(default_factory=list)  # table: rows of cells of blocks
    size: float = 0           # the largest font size set on it, in points (0: the style's)
    indent: int = 0           # left indent in twentieths of a point, where set


@dataclass
class WordDocument:
    blocks: list[Block]
    footnotes: dict[str, str]
    properties: dict[str, str]
    notes: list[str]


def read_docx(path: Path) -> WordDocument:
    """Read a .docx into blocks, footnotes, document properties and notes."""
    document = docx.Document(str(path))
    reader = _Reader(document)
    blocks = reader.container(document.element.body)
    props = document.core_properties
    properties = {"title": props.title or "", "subject": props.subject or "", "keywords": props.keywords or "",
                  "category": props.category or "", "comments": props.comments or "", "author": props.author or ""}
    _note_headers_and_footers(document, reader.notes)
    return WordDocument(blocks, reader.footnotes(), properties, reader.notes)


def _note_headers_and_footers(document, notes: list[str]) -> None:
    for section in document.sections:
        for part_name, part in (("header", section.header), ("footer", section.footer)):
            if part.is_linked_to_previous:  # no header of its own: nothing new to read
                continue
            text = " ".join(p.text.strip() for p in part.paragraphs if p.text.strip())
            if text and f"{part_name}: {text}" not in notes:
                notes.append(f"{part_name}: {text}")


class _Reader:
    def __init__(self, document):
        self.part = document.part
        self.notes: list[str] = []
        self._formats = self._numbering_formats()
        self._styles = {s.style_id: s for s in document.styles}
        self.inline = Inline(self.part, self._styles, self.notes)

    # --- structure ---------------------------------------------------------------

    def container(self, element) -> list[Block]:
        blocks: list[Block] = []
        for child in element.iterchildren():
            tag = child.tag
            if tag == f"{W}p":
                block = self.paragraph(child)
                if block is not None:
                    blocks.append(block)
            elif tag == f"{W}tbl":
                blocks.append(self.table(child))
            elif tag == f"{W}sdt":  # content controls, tables of contents
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    blocks += self.container(content)
        return blocks

    def table(self, element) -> Block:
        rows = []
        for tr in element.iterchildren(f"{W}tr"):
            cells = []
            for tc in tr.iterchildren(f"{W}tc"):
                cells.append(self.container(tc))
            rows.append(cells)
        return Block("table", rows=rows)

    def paragraph(self, p) -> Block | None:
        style = self._style_name(p)
        text, all_bold = self.inline.text(p)
        for textbox in p.iter(f"{W}txbxContent"):
            words = " ".join("".join(t.text or "" for t in q.iter(f"{W}t")) for q in textbox.iter(f"{W}p"))
            if words.strip() and f"text box: {words.strip()}" not in self.notes:
                self.notes.append(f"text box: {words.strip()}")
        if not text.strip():
            return None
        if style.lower().startswith("toc"):
            return None  # a table of contents is generated from the headings
        level = self._heading_level(p, style)
        if level:
            return Block("heading", strip_bold(text), level, style)
        all_bold = all_bold or self._style_bold(p)
        sizes = [int(s.get(f"{W}val", "0")) / 2 for s in p.iter(f"{W}sz") if s.get(f"{W}val", "").isdigit()]
        ind = p.find(f"{W}pPr/{W}ind")
        indent = ind.get(f"{W}left") or ind.get(f"{W}start") if ind is not None else None
        extra = {"bold": all_bold, "size": max(sizes, default=0),
                 "indent": int(indent) if indent and indent.lstrip("-").isdigit() else 0}
        num = p.find(f"{W}pPr/{W}numPr")
        if num is not None:
            ilvl = num.find(f"{W}ilvl")
            num_id = num.find(f"{W}numId")
            depth = int(ilvl.get(f"{W}val")) if ilvl is not None else 0
            fmt = self._formats.get((num_id.get(f"{W}val") if num_id is not None else "", depth), "bullet")
            if num_id is not None and num_id.get(f"{W}val") != "0":
                return Block("item", text, depth, style, ordered=fmt not in ("bullet", "none"), **extra)
        if style.lower().startswith("list bullet") or style.lower().startswith("list number"):
            depth = int(style[-1]) - 1 if style[-1].isdigit() else 0
            return Block("item", text, depth, style, ordered="number" in style.lower(), **extra)
        return Block("para", text, 0, style, **extra)

    def _style_name(self, p) -> str:
        style = p.find(f"{W}pPr/{W}pStyle")
        style_id = style.get(f"{W}val") if style is not None else None
        found = self._styles.get(style_id) if style_id else None
        return found.name if found is not None else (style_id or "Normal")

    def _style_bold(self, p) -> bool:
        """Bold set on the paragraph's style (or a style it is based on), not on its runs."""
        style = p.find(f"{W}pPr/{W}pStyle")
        found = self._styles.get(style.get(f"{W}val")) if style is not None else None
        while isinstance(found, CharacterStyle):
            if found.font.bold is not None:
                return bool(found.font.bold)
            found = found.base_style
        return False

    def _heading_level(self, p, style: str) -> int:
        if style.lower() == "title":
            return 1
        match = HEADING_STYLE.match(style)
        if match:
            return int(match.group(1))
        outline = p.find(f"{W}pPr/{W}outlineLvl")
        if outline is not None and outline.get(f"{W}val", "9").isdigit() and int(outline.get(f"{W}val")) < 6:
            return int(outline.get(f"{W}val")) + 1
        return 0

    def _numbering_formats(self) -> dict[tuple[str, int], str]:
        """(numId, level) -> number format (bullet, decimal...)."""
        try:
            numbering = self.part.part_related_by(RT.NUMBERING).element
        except KeyError:  # no numbering part: no lists
            return {}
        abstract = {}
        for node in numbering.iterchildren(f"{W}abstractNum"):
            levels = {}
            for lvl in node.iterchildren(f"{W}lvl"):
                fmt = lvl.find(f"{W}numFmt")
                levels[int(lvl.get(f"{W}ilvl"))] = fmt.get(f"{W}val") if fmt is not None else "bullet"
            abstract[node.get(f"{W}abstractNumId")] = levels
        formats = {}
        for num in numbering.iterchildren(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            levels = abstract.get(ref.get(f"{W}val") if ref is not None else "", {})
            for level, fmt in levels.items():
                formats[(num.get(f"{W}numId"), level)] = fmt
        return formats

    def footnotes(self) -> dict[str, str]:
        """Footnote id -> Markdown text, from word/footnotes.xml."""
        result = {}
        for rel in self.part.rels.values():
            if rel.reltype == RT.FOOTNOTES:
                root = etree.fromstring(rel.target_part.blob)
                for note in root.iterchildren(f"{W}footnote"):
                    if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                        continue
                    text = " ".join(self.inline.text(p)[0] for p in note.iter(f"{W}p")).strip()
                    if text:
                        result[note.get(f"{W}id")] = text
        return result
