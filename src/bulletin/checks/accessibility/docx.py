"""Turn a built Word file into accessibility diagnostics by reading its OOXML (what Word's Accessibility Checker looks at)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from bulletin.diagnostics import Diagnostic, Location, error, warning
from bulletin.markup import is_address_link
from bulletin.checks.accessibility.source import link_text_problem

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "adec": "http://schemas.microsoft.com/office/drawing/2017/decorative",
}
_DECORATIVE_EXT = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
_MAX_FAKE_HEADING = 100  # characters; a longer bold paragraph is emphasis, not a heading


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def _read(zf: zipfile.ZipFile, name: str):
    try:
        return etree.fromstring(zf.read(name))
    except KeyError:
        return None


def _text(el) -> str:
    """The paragraph's characters, with w:tab elements as tab characters."""
    return "".join("\t" if t.tag == _w("tab") else (t.text or "") for t in el.iter(_w("t"), _w("tab"))
                   if t.getparent().tag == _w("r"))


def _on(el) -> bool:
    """True for a w:b (or similar) toggle that is present and not switched off."""
    return el is not None and el.get(_w("val"), "true") not in ("0", "false", "off")


def _styles(styles) -> dict[str, tuple[str, bool]]:
    """styleId -> (lower-case name, bold)."""
    out = {}
    if styles is None:
        return out
    for s in styles.iterfind("w:style", NS):
        name = s.find("w:name", NS)
        out[s.get(_w("styleId"))] = ((name.get(_w("val")) if name is not None else "").lower(),
                                     _on(s.find("w:rPr/w:b", NS)))
    return out


def check_docx(path: Path, title: str) -> list[Diagnostic]:
    """Title, language, headings, pictures, tables, layout tricks and link text."""
    path = Path(path)
    out: list[Diagnostic] = []

    def add(make, code, message, para: int | None = None):
        prefix = f"paragraph {para}: " if para else ""
        out.append(make(code, prefix + message, Location(str(path)),
                        extra={"paragraph": para} if para else {}))

    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        return [error("a11y.docx-open", f"the Word file could not be read: {exc}", Location(str(path)))]
    with zf:
        core = _read(zf, "docProps/core.xml")
        document = _read(zf, "word/document.xml")
        styles = _read(zf, "word/styles.xml")
        rels = _read(zf, "word/_rels/document.xml.rels")
    core_title = " ".join((core.findtext("dc:title", "", NS) if core is not None else "").split())
    if core_title != " ".join(title.split()):
        add(error, "a11y.docx-title", f"document title (File > Info > Title) is "
            f"'{core_title or 'not set'}', not the publication title '{title}'")
    core_lang = core.findtext("dc:language", "", NS) if core is not None else ""
    if core_lang.lower() != "en-gb":
        add(error, "a11y.docx-lang", f"document language in its properties is "
            f"'{core_lang or 'not set'}', not en-GB")
    default_lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS) if styles is not None else None
    value = default_lang.get(_w("val")) if default_lang is not None else ""
    if (value or "").lower() != "en-gb":
        add(error, "a11y.docx-lang", f"default text language is '{value or 'not set'}', not "
            "en-GB (w:docDefaults), so Word spell-checks and reads it aloud as another English")
    if document is None:
        add(error, "a11y.docx-open", "the Word file has no word/document.xml")
        return out
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iterfind("rel:Relationship", NS)} \
        if rels is not None else {}
    _check_paragraphs(document, _styles(styles), targets, add)
    _check_tables(document, _styles(styles), add)
    _check_pictures(document, add)
    return out


def _check_paragraphs(document, styles, targets, add) -> None:
    body = document.find("w:body", NS)
    previous_level = 0
    empty_run: list[int] = []
    spaced: list[int] = []
    for number, p in enumerate(body.iter(_w("p")), 1):
        style_id = p.find("w:pPr/w:pStyle", NS)
        style_name, style_bold = styles.get(style_id.get(_w("val")) if style_id is not None else "",
                                            ("", False))
        text = _text(p)
        m = re.fullmatch(r"heading ([1-9])", style_name)
        if m:
            level = int(m.group(1))
            if level > previous_level + 1:
                add(error, "a11y.docx-heading-order", f"heading '{text[:50]}' is Heading {level} "
                    f"after Heading {previous_level}: headings must not skip a level", number)
            previous_level = level
        elif text.strip() and _fake_heading(p, text, style_name, style_bold):
            add(error, "a11y.docx-fake-heading", f"'{text[:50]}' is a bold paragraph standing "
                "as a heading: use a Heading style so it is in the navigation pane", number)
        in_cell = any(a.tag == _w("tc") for a in p.iterancestors())
        has_content = text.strip() or p.find(".//w:drawing", NS) is not None \
            or p.find(".//w:br[@w:type='page']", NS) is not None
        if not has_content and not in_cell:
            empty_run.append(number)
        if re.search(r"[ \u00a0]{3,}|\t\t", text.strip()):
            spaced.append(number)
        for link in p.iterfind(".//w:hyperlink", NS):
            href = targets.get(link.get(f"{{{NS['r']}}}id"), "") or "#" + (link.get(_w("anchor")) or "")
            # A bare address in a source, linked by the build with itself as text, is
            # reported once, at its source line (links.bare), as the HTML check does too.
            if href.startswith("#") or is_address_link(_text(link), href):
                continue
            problem = link_text_problem(_text(link), href)
            if problem:
                add(error, "a11y.docx-link-text", problem, number)
    if empty_run:
        add(warning, "a11y.docx-empty-paragraph", f"{len(empty_run)} empty paragraph(s) used as "
            f"spacing (first: paragraph {empty_run[0]}): use paragraph spacing in the style instead")
    if spaced:
        add(warning, "a11y.docx-spaces", f"{len(spaced)} paragraph(s) use runs of spaces or tabs "
            f"to lay out text (first: paragraph {spaced[0]}): use styles, lists or tables instead")


def _fake_heading(p, text: str, style_name: str, style_bold: bool) -> bool:
    """A short paragraph in the body style, bold by direct formatting, not in a table or
    list: what Word users make instead of a heading. Paragraphs in a named style (the
    writer's Partnership, Kicker, Caption...) are structure already."""
    if style_name not in ("", "normal", "body text"):
        return False
    if len(text.strip()) > _MAX_FAKE_HEADING or text.rstrip().endswith((".", ",", ";")):
        return False
    if p.find("w:pPr/w:numPr", NS) is not None:
        return False
    if any(a.tag == _w("tc") for a in p.iterancestors()):
        return False
    runs = [r for r in p.iter(_w("r")) if _text(r).strip()]
    return bool(runs) and all(_on(r.find("w:rPr/w:b", NS)) or
                              (style_bold and r.find("w:rPr/w:b", NS) is None) for r in runs)


def _look(table, name: str, bit: int) -> bool:
    """One flag of w:tblLook: its attribute, or the older hexadecimal w:val bit mask."""
    look = table.find("w:tblPr/w:tblLook", NS)
    if look is None:
        return False
    value = look.get(_w(name))
    if value is not None:
        return value not in ("0", "false", "off")
    try:
        return bool(int(look.get(_w("val"), "0"), 16) & bit)
    except ValueError:
        return False


def _is_layout_table(table, styles) -> bool:
    """A table that lays out labelled rows, not data: its look says its first column, not
    its first row, holds the headers, and the first cell of every row begins with a real
    heading (a Heading style). A screen reader meets each heading, then what it labels,
    row by row, the same order as the page, and finds the headings in its list of
    headings; so it needs no header row, as WCAG asks of layout tables (no th, no caption:
    F46). A table of data still needs its header row."""
    if _look(table, "firstRow", 0x0020) or not _look(table, "firstColumn", 0x0080):
        return False
    rows = table.findall("w:tr", NS)
    for row in rows:
        first = row.find("w:tc/w:p", NS)
        style = first.find("w:pPr/w:pStyle", NS) if first is not None else None
        name = styles.get(style.get(_w("val")) if style is not None else "", ("", False))[0]
        if not re.fullmatch(r"heading [1-9]", name):
            return False
    return bool(rows)


def _check_tables(document, styles, add) -> None:
    for number, table in enumerate(document.iter(_w("tbl")), 1):
        if any(a.tag == _w("tbl") for a in table.iterancestors()):
            add(warning, "a11y.docx-nested-table", f"table {number} is inside another table: "
                "screen readers lose their place; use one table or headings")
        first_row = table.find("w:tr", NS)
        header = first_row is None or _on(first_row.find("w:trPr/w:tblHeader", NS))
        if not header and not _is_layout_table(table, styles):
            add(error, "a11y.docx-table-header", f"table {number}: its first row is not set to "
                "repeat as a header row (Table Properties > Row > Repeat as header row)")
        merged = table.xpath("./w:tr/w:tc/w:tcPr/w:gridSpan[@w:val > 1] | ./w:tr/w:tc/w:tcPr/w:vMerge",
                             namespaces=NS)
        if merged:
            add(warning, "a11y.docx-merged-cells", f"table {number} has merged cells: screen "
                "readers cannot tell which header a merged cell belongs to")


def _check_pictures(document, add) -> None:
    for number, doc_pr in enumerate(document.iter(f"{{{NS['wp']}}}docPr"), 1):
        decorative = any(ext.get("uri") == _DECORATIVE_EXT and _decorative_on(ext)
                         for ext in doc_pr.iter(f"{{{NS['a']}}}ext"))
        if not decorative and not (doc_pr.get("descr") or "").strip():
            add(error, "a11y.docx-image-alt", f"picture {number} ('{doc_pr.get('name', '')}') "
                "has no alt text and is not marked decorative")
    for number, _ in enumerate(document.iter(f"{{{NS['wp']}}}anchor"), 1):
        add(warning, "a11y.docx-floating", f"floating object {number} is anchored, not in line "
            "with text: screen readers may skip it; place it in line with text")


def _decorative_on(ext) -> bool:
    flag = ext.find("adec:decorative", NS)
    return flag is not None and flag.get("val", "1") in ("1", "true")
