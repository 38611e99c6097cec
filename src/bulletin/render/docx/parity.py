"""Turn publication HTML, or a .docx, into the same outline dict, so the two can be compared.

The outline holds what a reader must find in both: headings with their levels, the
text of every paragraph, list item and table cell in order, link targets, picture alt
texts, footnote texts and whether there is a table of contents. `html_outline` reads
the HTML independently of the writer; `docx_outline` reads the Word XML back. A writer
that drops, reorders or restyles content makes them differ.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from bulletin.render.docx.tree import HEADINGS, INLINE, Node, body_of, collapse, parse_html
from bulletin.render.docx.xml import bookmark_name

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
NS = {"w": W, "r": R, "wp": WP}
_NOT_TEXT = {"head", "title", "style", "meta", "link"}


def _empty() -> dict:
    return {"headings": [], "texts": [], "links": [], "images": [], "footnotes": [],
            "toc": None}


# -- HTML ---------------------------------------------------------------------------

def html_outline(html: str) -> dict:
    """The outline of publication HTML as a reader of the PDF or web page meets it."""
    out = _empty()
    note_links: list[str] = []
    body = body_of(parse_html(html))
    _html_blocks(body.children, out, note_links)
    out["links"].extend(note_links)
    return out


def _html_blocks(children: list, out: dict, note_links: list) -> None:
    line: list = []
    for item in children:
        if isinstance(item, str) or item.tag in INLINE:
            line.append(item)
            continue
        _html_unit(line, out)
        line = []
        _html_block(item, out, note_links)
    _html_unit(line, out)


def _html_block(node: Node, out: dict, note_links: list) -> None:
    if node.tag in _NOT_TEXT:
        return
    if node.tag == "nav" and node.has_class("toc"):
        heading = next((n for n in node.iter() if n.tag in HEADINGS), None)
        out["toc"] = heading.text() if heading is not None else ""
        return
    if node.tag == "section" and node.has_class("footnotes"):
        for note in node.iter():
            if note.tag == "li" and note.has_class("footnote"):
                sub = _empty()
                _html_blocks(note.children, sub, [])
                out["footnotes"].append(" ".join(sub["texts"]))
                note_links.extend(sub["links"])
        return
    if node.tag == "div" and node.has_class("mark-draft") and not node.text():
        out["texts"].append("DRAFT")  # the PDF shows it through CSS
        return
    if node.tag in HEADINGS:
        out["headings"].append([HEADINGS[node.tag], _inline_text(node.children)])
    if node.tag == "table":
        caption = next((c for c in node.children
                        if isinstance(c, Node) and c.tag == "caption"), None)
        if caption is not None:
            _html_blocks(caption.children, out, note_links)
        for tr in (n for n in node.iter() if n.tag == "tr"):
            for cell in tr.children:
                if isinstance(cell, Node):
                    _html_blocks(cell.children, out, note_links)
        return
    _html_blocks(node.children, out, note_links)


def _html_unit(items: list, out: dict) -> None:
    """One paragraph's worth of inline content: its text, links and pictures."""
    text = _inline_text(items)
    if text:
        out["texts"].append(text)
    for item in items:
        if isinstance(item, Node):
            for node in item.iter():
                if node.tag == "img":
                    out["images"].append(node.attrs.get("alt", ""))
                elif (node.tag == "a" and node.attrs.get("href")
                      and not {"footnote-ref", "footnote-back"} & set(node.cls.split())):
                    href = node.attrs["href"]
                    out["links"].append("#" + bookmark_name(href[1:])
                                        if href.startswith("#") else href)


def _inline_text(items: list) -> str:
    parts: list[str] = []

    def walk(item) -> None:
        if isinstance(item, str):
            parts.append(item)
        elif item.tag == "br":
            parts.append(" ")
        elif not (item.tag == "a" and {"footnote-ref", "footnote-back"}
                  & set(item.cls.split())):
            for child in item.children:
                walk(child)

    for item in items:
        walk(item)
    return collapse("".join(parts))


# -- Word -----------------------------------------------------------------------------

def docx_outline(source: str | Path | bytes) -> dict:
    """The outline of a .docx (a path or its bytes), read from the OOXML."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        document = etree.fromstring(package.read("word/document.xml"))
        styles = etree.fromstring(package.read("word/styles.xml"))
        rels = _rels(package, "word/_rels/document.xml.rels")
        names = {s.get(f"{{{W}}}styleId"): s.find("w:name", NS).get(f"{{{W}}}val")
                 for s in styles.findall("w:style", NS)}
        notes = {}
        if "word/footnotes.xml" in package.namelist():
            note_rels = _rels(package, "word/_rels/footnotes.xml.rels")
            for note in etree.fromstring(package.read("word/footnotes.xml")):
                notes[note.get(f"{{{W}}}id")] = (note, note_rels)
    out = _empty()
    state = {"toc_depth": 0, "in_toc": False, "field_stack": []}
    _docx_blocks(document.find("w:body", NS), out, names, rels, state)
    note_links: list[str] = []
    for ref in document.iter(f"{{{W}}}footnoteReference"):
        note, note_rels = notes[ref.get(f"{{{W}}}id")]
        sub = _empty()
        _docx_blocks(note, sub, names, note_rels, {"in_toc": False, "field_stack": []})
        out["footnotes"].append(" ".join(sub["texts"]))
        note_links.extend(sub["links"])
    out["links"].extend(note_links)
    return out


def _rels(package, name: str) -> dict[str, str]:
    if name not in package.namelist():
        return {}
    root = etree.fromstring(package.read(name))
    return {rel.get("Id"): rel.get("Target") for rel in root}


def _docx_blocks(container, out: dict, names: dict, rels: dict, state: dict) -> None:
    for block in container:
        tag = etree.QName(block).localname
        if tag == "p":
            _docx_paragraph(block, out, names, rels, state)
        elif tag == "tbl":
            for tc in block.iterfind("w:tr/w:tc", NS):
                _docx_blocks(tc, out, names, rels, state)
        elif tag == "sdt":
            content = block.find("w:sdtContent", NS)
            if content is not None:
                _docx_blocks(content, out, names, rels, state)


def _docx_paragraph(p, out: dict, names: dict, rels: dict, state: dict) -> None:
    style_el = p.find("w:pPr/w:pStyle", NS)
    style = names.get(style_el.get(f"{{{W}}}val"), "") if style_el is not None else ""
    parts: list[str] = []
    links: list[str] = []
    starts_in_toc = state["in_toc"]
    for el in p.iter():
        tag = etree.QName(el).localname
        if tag == "fldChar":
            kind = el.get(f"{{{W}}}fldCharType")
            if kind == "begin":
                state["field_stack"].append("")
            elif kind == "end" and state["field_stack"]:
                if state["field_stack"].pop().strip().startswith("TOC"):
                    state["in_toc"] = False
        elif tag == "instrText" and state["field_stack"]:
            state["field_stack"][-1] += el.text or ""
            if state["field_stack"][-1].strip().startswith("TOC"):
                state["in_toc"] = True
        elif tag == "t":
            parts.append(el.text or "")
        elif tag in ("br", "cr", "tab"):
            parts.append(" ")
        elif tag == "hyperlink":
            rid, anchor = el.get(f"{{{R}}}id"), el.get(f"{{{W}}}anchor")
            links.append(rels.get(rid, "") if rid else "#" + (anchor or ""))
        elif tag == "docPr":
            out["images"].append(el.get("descr", ""))
    if style == "TOC Heading":
        out["toc"] = collapse("".join(parts))
        return
    if starts_in_toc or state["in_toc"]:
        out["toc"] = out["toc"] or ""
        return
    text = collapse("".join(parts))
    if style.lower().startswith("heading ") and style[8:].isdigit():
        out["headings"].append([int(style[8:]), text])
    if text:
        out["texts"].append(text)
    out["links"].extend(links)


def outline_differences(html_side: dict, docx_side: dict, limit: int = 5) -> list[str]:
    """Human-readable differences between two outlines (empty when they agree)."""
    problems = []
    for key in html_side:
        a, b = html_side[key], docx_side.get(key)
        if a == b:
            continue
        if isinstance(a, list) and isinstance(b, list):
            for index, (x, y) in enumerate(zip(a, b)):
                if x != y:
                    problems.append(f"{key}[{index}]: HTML {x!r} but Word {y!r}")
                    break
            else:
                problems.append(f"{key}: HTML has {len(a)}, Word has {len(b)}")
        else:
            problems.append(f"{key}: HTML {a!r} but Word {b!r}")
    return problems[:limit]


def parity_diagnostics(html: str, docx_data: bytes, source: str, publication: str = ""
                       ) -> list:
    """`docx.parity` errors (at the publication's source file) where Word and HTML differ."""
    from bulletin.diagnostics import Location, error

    return [error("docx.parity", f"the Word file differs from the HTML: {problem}",
                  Location(source), publication=publication)
            for problem in outline_differences(html_outline(html), docx_outline(docx_data))]
