"""Turn a Word document into a flat list of blocks (headings, paragraphs, list items, tables) with Markdown text.

Inline formatting becomes the source's Markdown subset: bold `**`, italic `*`, links
`[text](target)` (hyperlink relationships and HYPERLINK fields alike), footnote
references `[^n]` with the footnotes' own text collected apart. Whatever has no place in
that subset (images, text boxes, headers and footers, comments) is listed in `notes` so
the importer can say what needs a human look, rather than dropping it silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
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


@dataclass
class WordDocument:
    blocks: list[Block]
    footnotes: dict[str, str]
    properties: dict[str, str]
    notes: list[str]


def read_docx(path: Path) -> WordDocument:
    """Read a .docx into blocks, footnotes, document properties and notes."""
    import docx

    document = docx.Document(str(path))
    reader = _Reader(document)
    blocks = reader.container(document.element.body)
    props = document.core_properties
    properties = {k: (getattr(props, k) or "") for k in ("title", "subject", "keywords", "category",
                                                          "comments", "author")}
    _note_headers_and_footers(document, reader.notes)
    return WordDocument(blocks, reader.footnotes(), properties, reader.notes)


def _note_headers_and_footers(document, notes: list[str]) -> None:
    for section in document.sections:
        for part_name, part in (("header", section.header), ("footer", section.footer)):
            try:
                text = " ".join(p.text.strip() for p in part.paragraphs if p.text.strip())
            except Exception:  # a section without its own header part
                continue
            if text and f"{part_name}: {text}" not in notes:
                notes.append(f"{part_name}: {text}")


class _Reader:
    def __init__(self, document):
        self.document = document
        self.part = document.part
        self.notes: list[str] = []
        self._formats = self._numbering_formats()
        self._styles = {s.style_id: s for s in document.styles}

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
        text, all_bold = self.inline(p)
        for textbox in p.iter(f"{W}txbxContent"):
            words = " ".join("".join(t.text or "" for t in q.iter(f"{W}t")) for q in textbox.iter(f"{W}p"))
            if words.strip():
                self.notes.append(f"text box: {words.strip()}")
        if not text.strip():
            return None
        if style.lower().startswith("toc"):
            return None  # a table of contents is generated from the headings
        level = self._heading_level(p, style)
        if level:
            return Block("heading", _strip_bold(text), level, style)
        num = p.find(f"{W}pPr/{W}numPr")
        if num is not None:
            ilvl = num.find(f"{W}ilvl")
            num_id = num.find(f"{W}numId")
            depth = int(ilvl.get(f"{W}val")) if ilvl is not None else 0
            fmt = self._formats.get((num_id.get(f"{W}val") if num_id is not None else "", depth), "bullet")
            if num_id is not None and num_id.get(f"{W}val") != "0":
                return Block("item", text, depth, style, ordered=fmt not in ("bullet", "none"),
                             bold=all_bold)
        if style.lower().startswith("list bullet") or style.lower().startswith("list number"):
            depth = int(style[-1]) - 1 if style[-1].isdigit() else 0
            return Block("item", text, depth, style, ordered="number" in style.lower(), bold=all_bold)
        return Block("para", text, 0, style, bold=all_bold)

    def _style_name(self, p) -> str:
        style = p.find(f"{W}pPr/{W}pStyle")
        style_id = style.get(f"{W}val") if style is not None else None
        found = self._styles.get(style_id) if style_id else None
        return found.name if found is not None else (style_id or "Normal")

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
            numbering = self.part.numbering_part.element
        except Exception:  # no numbering part: no lists
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

    # --- inline text -------------------------------------------------------------

    def inline(self, p) -> tuple[str, bool]:
        """The paragraph as Markdown, and whether every word of it is bold."""
        spans: list[list] = []  # [text, bold, italic, link]
        field_link = None       # HYPERLINK field in progress: its target
        field_state = None      # None, "instr", "result"
        instr = ""

        def add_run(run, link):
            nonlocal field_link, field_state, instr
            props = run.find(f"{W}rPr")
            bold = _on(props, "b") or self._run_style_bold(props)
            italic = _on(props, "i")
            for node in run.iterchildren():
                tag = node.tag
                if tag == f"{W}fldChar":
                    kind = node.get(f"{W}fldCharType")
                    if kind == "begin":
                        field_state, instr = "instr", ""
                    elif kind == "separate":
                        found = re.search(r'HYPERLINK\s+"([^"]+)"', instr)
                        field_link = found.group(1) if found else None
                        field_state = "result"
                    elif kind == "end":
                        field_state, field_link = None, None
                elif tag == f"{W}instrText":
                    instr += node.text or ""
                elif field_state == "instr":
                    continue
                elif tag == f"{W}t":
                    spans.append([node.text or "", bold, italic, link or field_link])
                elif tag in (f"{W}tab",):
                    spans.append([" ", bold, italic, link or field_link])
                elif tag in (f"{W}br", f"{W}cr"):
                    spans.append(["\n", False, False, None])
                elif tag == f"{W}footnoteReference":
                    spans.append([f"[^{node.get(f'{W}id')}]", False, False, None])
                elif tag == f"{W}drawing":
                    alt = [d.get("descr") or d.get("title") or "" for d in node.iter(f"{WP}docPr")]
                    self.notes.append(f"image: {' '.join(a for a in alt if a) or '(no alt text)'}")

        def walk(parent, link=None):
            for child in parent.iterchildren():
                tag = child.tag
                if tag == f"{W}r":
                    add_run(child, link)
                elif tag == f"{W}hyperlink":
                    rel = child.get(f"{R}id")
                    target = self.part.rels[rel].target_ref if rel and rel in self.part.rels else None
                    if target is None and child.get(f"{W}anchor"):
                        target = None  # a link inside the document: printed as text
                    walk(child, target)
                elif tag == f"{W}fldSimple":
                    found = re.search(r'HYPERLINK\s+"([^"]+)"', child.get(f"{W}instr") or "")
                    walk(child, found.group(1) if found else link)
                elif tag in (f"{W}ins", f"{W}smartTag", f"{W}customXml", f"{W}sdt", f"{W}sdtContent"):
                    walk(child, link)
                elif tag == f"{W}del":
                    continue

        walk(p)
        return _markdown(spans)

    def _run_style_bold(self, props) -> bool:
        if props is None:
            return False
        style = props.find(f"{W}rStyle")
        if style is None:
            return False
        found = self._styles.get(style.get(f"{W}val"))
        return bool(found is not None and getattr(found, "font", None) is not None and found.font.bold)

    def footnotes(self) -> dict[str, str]:
        """Footnote id -> Markdown text, from word/footnotes.xml."""
        result = {}
        for rel in self.part.rels.values():
            if rel.reltype.endswith("/footnotes"):
                from lxml import etree
                root = etree.fromstring(rel.target_part.blob)
                for note in root.iterchildren(f"{W}footnote"):
                    if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                        continue
                    text = " ".join(self.inline(p)[0] for p in note.iter(f"{W}p")).strip()
                    if text:
                        result[note.get(f"{W}id")] = text
        return result


def _on(props, name: str) -> bool:
    if props is None:
        return False
    node = props.find(f"{W}{name}")
    return node is not None and node.get(f"{W}val", "true") not in ("0", "false", "off")


def _escape(text: str) -> str:
    # underscores are left alone: inside a word they never start emphasis
    return re.sub(r"([*`\\\[\]])", r"\\\1", text)


def _markdown(spans: list[list]) -> tuple[str, bool]:
    """Join formatted spans into Markdown: runs with the same format merge first, so a
    word split over several runs gets one pair of `**`, and spaces stay outside them."""
    merged: list[list] = []
    for text, bold, italic, link in spans:
        if not text:
            continue
        footnote = bool(re.fullmatch(r"\[\^\w+\]", text))
        if footnote or (merged and re.fullmatch(r"\[\^\w+\]", merged[-1][0])):
            merged.append([text, bold, italic, link])  # a footnote reference stays whole
        elif merged and merged[-1][1:] == [bold, italic, link]:
            merged[-1][0] += text
        elif merged and not text.strip() and not link and merged[-1][3] is None:
            merged[-1][0] += text  # a space between formats takes the format before it
        else:
            merged.append([text, bold, italic, link])
    words = [t for t, *_ in merged if t.strip()]
    all_bold = bool(words) and all(b for t, b, _, _ in merged if t.strip())
    out = []
    for text, bold, italic, link in merged:
        footnote = re.fullmatch(r"\[\^\w+\]", text)
        body = text if footnote else _escape(text)
        lead, core, tail = _split_space(body)
        if core and italic and not footnote:
            core = f"*{core}*"
        if core and bold and not footnote:
            core = f"**{core}**"
        if core and link:
            core = f"[{core}]({link.replace(' ', '%20').replace(')', '%29')})"
        out.append(lead + core + tail)
    text = "".join(out)
    text = re.sub(r"\*\*\*\*", "", text)  # two bold spans side by side read as one
    text = "\n".join(line.strip() for line in text.split("\n"))
    return re.sub(r"[ \t]+", " ", text).strip(), all_bold


def _split_space(text: str) -> tuple[str, str, str]:
    core = text.strip()
    if not core:
        return text, "", ""
    start = text.index(core[0])
    return text[:start], core, text[start + len(core):]


def _strip_bold(text: str) -> str:
    """Heading text without the bold markers Word headings often carry."""
    return text.replace("**", "")
