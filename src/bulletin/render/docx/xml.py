"""Write the raw OOXML python-docx has no API for: links, bookmarks, fields, footnotes.

Each helper is a few elements from ECMA-376 Part 1 (WordprocessingML). Word's
Accessibility Checker wants most of them: real hyperlinks, repeating header rows, table
captions, picture alt text, the document language.

This is the one module that reaches into python-docx's private attributes (`._p`, `._r`,
`._tbl`, `._body`, `._blob`...) and its oxml element classes; the other Word modules use
python-docx's public API and the helpers here. tests/test_adapters.py exercises each
private handle on the installed python-docx (pinned in pyproject.toml), so an upgrade
that moves one fails there by name.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from hashlib import sha1

from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.styles import BabelFish
from docx.styles.style import StyleFactory
from docx.text.paragraph import Paragraph

ADEC = "http://schemas.microsoft.com/office/drawing/2017/decorative"
DECORATIVE_EXT = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"


def element(tag: str, **attrs: str):
    """An OOXML element with w: attributes given as keyword arguments."""
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), str(value))
    return el


# -- python-docx's private handles ---------------------------------------------------

def add_style(document, name: str, kind):
    """A new style `name` (known not to exist): python-docx's `add_style` first looks for
    it among every style by its translated name, most of a Word file's time."""
    return StyleFactory(document.styles.element.add_style_of_type(BabelFish.ui2internal(name), kind, False))


def clear_body(document) -> None:
    """Empty a new document's body (python-docx's stock template holds a paragraph)."""
    document._body.clear_content()


def body_story(document):
    """The document body: the parent python-docx wants for a paragraph it did not make."""
    return document._body


def new_paragraph(parent, story) -> Paragraph:
    """A w:p appended to a raw element (a w:footnote), as a python-docx Paragraph."""
    p = OxmlElement("w:p")
    parent.append(p)
    return Paragraph(p, story)


def set_paragraph_style(paragraph, style_id: str) -> None:
    """Set the style by id: python-docx's lookup by name scans every style."""
    paragraph._p.style = style_id


def paragraph_properties(paragraph):
    """The paragraph's w:pPr, made if it has none."""
    return paragraph._p.get_or_add_pPr()


def style_paragraph_properties(style):
    """A paragraph style's w:pPr, made if it has none."""
    return style.element.get_or_add_pPr()


def append_to_paragraph(paragraph, *elements) -> None:
    """Raw runs, hyperlinks or field characters at the end of a paragraph."""
    for el in elements:
        paragraph._p.append(el)


def detached_run(paragraph):
    """A python-docx Run made through the paragraph but not in it, to be placed by hand
    (inside a w:hyperlink, or after other raw elements)."""
    run = paragraph.add_run()
    run._r.getparent().remove(run._r)
    return run


def run_element(run):
    """The w:r behind a python-docx Run."""
    return run._r


def set_run_style(run, style_id: str) -> None:
    run._r.style = style_id


def set_table_style(table, style_id: str) -> None:
    table._tbl.tblPr.style = style_id


def table_cells(table) -> list:
    """Every cell, row by row, read once: table.cell() rescans the whole table each call."""
    return table._cells


def set_part_blob(part, data: bytes) -> None:
    """Replace a plain (non-XML) part's bytes: python-docx keeps them in `_blob`."""
    part._blob = data


# -- language and fonts ------------------------------------------------------------

def set_language(document, lang: str) -> None:
    """Make `lang` the language of the document defaults, styles and theme fonts."""
    styles = document.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    rpr.append(element("w:lang", val=lang, eastAsia=lang, bidi="ar-SA"))
    # A style that names a language would override the default for its text.
    for style_lang in styles.iter(qn("w:lang")):
        if style_lang.getparent() is not rpr:
            style_lang.set(qn("w:val"), lang)
            style_lang.set(qn("w:eastAsia"), lang)
    settings = document.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), lang)
    # The stock template claims it was proof-read; let Word check spelling in en-GB.
    for proof in settings.findall(qn("w:proofState")):
        settings.remove(proof)


def add_font(document, name: str, fallback: str) -> None:
    """A font table entry naming `fallback` (altName) for machines without `name`."""
    part = _part_by_reltype(document.part, RT.FONT_TABLE)
    if part is None:
        return
    root = parse_xml(part.blob)
    for font in root.findall(qn("w:font")):
        if font.get(qn("w:name")) == name:
            root.remove(font)
    font = element("w:font", name=name)
    font.append(element("w:altName", val=fallback))
    font.append(element("w:charset", val="00"))
    font.append(element("w:family", val="swiss"))
    font.append(element("w:pitch", val="variable"))
    root.insert(0, font)
    set_part_blob(part, _serialize(root))


def part_xml(root) -> bytes:
    """A part's root element as XML bytes (to copy it into another document)."""
    return _serialize(root)


def replace_children(root, xml: bytes) -> None:
    """Give a part's root element the children of `xml` (from `part_xml`) in place of its own,
    parsed into python-docx's element classes."""
    for child in list(root):
        root.remove(child)
    for child in list(parse_xml(xml)):
        root.append(child)


def _part_by_reltype(part, reltype):
    for rel in part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            return rel.target_part
    return None


def _serialize(root) -> bytes:
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# -- paragraph look ----------------------------------------------------------------

def box_elements(border: str, fill: str | None,
                 sides=("top", "left", "bottom", "right"), wide_left: bool = True,
                 bar_only: bool = False):
    """(w:pBdr, w:shd or None): a paragraph border and shading, a box without a table.

    Adjacent paragraphs with the same border are drawn by Word as one box. `bar_only`
    draws just a wide left bar (as the PDF's callouts); the other sides are drawn in
    the fill colour, which pads the text inside the shading.
    """
    bdr = element("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        if side in sides:
            wide = wide_left and side == "left"
            colour = fill if bar_only and fill and not wide else border
            bdr.append(element(f"w:{side}", val="single", sz=36 if wide else 6,
                               space=8 if wide else 4, color=colour.lstrip("#")))
    shd = element("w:shd", val="clear", color="auto", fill=fill.lstrip("#")) if fill else None
    return bdr, shd


def set_box(ppr, border: str, fill: str | None, **kw) -> None:
    """Put a box (see `box_elements`) on a paragraph's or style's pPr."""
    for old in ppr.findall(qn("w:pBdr")) + ppr.findall(qn("w:shd")):
        ppr.remove(old)
    for part in box_elements(border, fill, **kw):
        if part is not None:
            insert_ppr_child(ppr, part)


# pPr children must follow the schema order or Word refuses the file.
_PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr",
              "widowControl", "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs",
              "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct",
              "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
              "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents",
              "suppressOverlap", "jc", "textDirection", "textAlignment",
              "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr",
              "pPrChange"]


def insert_ppr_child(ppr, new) -> None:
    rank = _PPR_ORDER.index(new.tag.split("}")[1])
    for index, existing in enumerate(ppr):
        name = existing.tag.split("}")[1]
        if name in _PPR_ORDER and _PPR_ORDER.index(name) > rank:
            ppr.insert(index, new)
            return
    ppr.append(new)


def set_numbering(paragraph, num_id: int, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num = element("w:numPr")
    num.append(element("w:ilvl", val=level))
    num.append(element("w:numId", val=num_id))
    insert_ppr_child(ppr, num)


def set_indent(paragraph, left_twips: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    insert_ppr_child(ppr, element("w:ind", left=left_twips))


# -- links, bookmarks, fields --------------------------------------------------------

def bookmark_name(html_id: str) -> str:
    """A Word bookmark name for an HTML id: hidden (leading _), <= 40 word characters."""
    name = "_" + re.sub(r"[^A-Za-z0-9_]", "_", html_id)
    if len(name) > 40:
        name = name[:31] + "_" + sha1(html_id.encode()).hexdigest()[:8]
    return name


def add_bookmark(paragraph, name: str, bookmark_id: int) -> None:
    """Bookmark the whole paragraph so internal links (w:anchor) can reach it."""
    p = paragraph._p
    start = element("w:bookmarkStart", id=bookmark_id, name=name)
    ppr = p.find(qn("w:pPr"))
    p.insert(1 if ppr is not None else 0, start)
    p.append(element("w:bookmarkEnd", id=bookmark_id))


def new_hyperlink(part, href: str):
    """A w:hyperlink element: external targets through a relationship, #ids as anchors."""
    link = element("w:hyperlink")
    if href.startswith("#"):
        link.set(qn("w:anchor"), bookmark_name(href[1:]))
    else:
        rid = part.relate_to(href, RT.HYPERLINK, is_external=True)
        link.set(qn("r:id"), rid)
    link.set(qn("w:history"), "1")
    return link


def field_runs(instruction: str, result_runs=(), dirty: bool = False) -> list:
    """The runs of a complex field: begin, instruction, separate, cached result, end.

    Word shows the cached result until the field is updated; `dirty` asks Word to
    update it when the document opens (used for the table of contents).
    """
    begin = element("w:fldChar", fldCharType="begin")
    if dirty:
        begin.set(qn("w:dirty"), "true")
    instr = OxmlElement("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {instruction} "
    runs = [_run_with(begin), _run_with(instr),
            _run_with(element("w:fldChar", fldCharType="separate"))]
    runs.extend(result_runs)
    runs.append(_run_with(element("w:fldChar", fldCharType="end")))
    return runs


def tab_run():
    return _run_with(OxmlElement("w:tab"))


def update_fields_on_open(document) -> None:
    """w:updateFields in settings.xml: Word offers to update the document's fields (the
    contents list's page numbers) when the file opens."""
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    # CT_Settings is a sequence: updateFields goes before these, or Word calls the file damaged
    later = {qn(f"w:{t}") for t in ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars",
                                    "rsids", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                                    "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
                                    "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType",
                                    "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")}
    later |= {"{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr",
              "{http://schemas.openxmlformats.org/schemaLibrary/2006/main}schemaLibrary"}
    successor = next((child for child in settings if child.tag in later), None)
    flag = element("w:updateFields", val="true")
    if successor is None:
        settings.append(flag)
    else:
        successor.addprevious(flag)


def _run_with(content):
    run = OxmlElement("w:r")
    run.append(content)
    return run


def text_run(text: str, style: str | None = None):
    run = OxmlElement("w:r")
    if style:
        rpr = OxmlElement("w:rPr")
        rpr.append(element("w:rStyle", val=style))
        run.append(rpr)
    t = OxmlElement("w:t")
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text
    run.append(t)
    return run


# -- tables and pictures ---------------------------------------------------------

_AFTER_CANT_SPLIT = ("w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden")


def keep_row_together(row) -> None:
    """w:cantSplit: a row moves to the next page whole, never leaving an empty fragment
    (placed before trHeight/tblHeader, where the schema wants it)."""
    trpr = row._tr.get_or_add_trPr()
    if trpr.find(qn("w:cantSplit")) is not None:
        return
    later = next((child for child in trpr if child.tag in {qn(t) for t in _AFTER_CANT_SPLIT}), None)
    if later is None:
        trpr.append(element("w:cantSplit"))
    else:
        later.addprevious(element("w:cantSplit"))


_TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
                "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
                "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription")


def _put_in_tblpr(tblpr, new) -> None:
    """Replace or insert a w:tblPr child where the schema's sequence wants it."""
    name = new.tag.split("}")[1]
    for old in tblpr.findall(new.tag):
        tblpr.remove(old)
    later = {qn(f"w:{t}") for t in _TBLPR_ORDER[_TBLPR_ORDER.index(name) + 1:]}
    successor = next((child for child in tblpr if child.tag in later), None)
    (successor.addprevious(new) if successor is not None else tblpr.append(new))


def mark_layout_table(table, rule_colour: str) -> None:
    """A table that lays out labelled rows rather than holding data: its look says the
    first column, not the first row, holds the headers (w:tblLook firstRow=0
    firstColumn=1), and it is drawn as the PDF draws it, a rule above each row."""
    tblpr = table._tbl.tblPr
    _put_in_tblpr(tblpr, element("w:tblLook", val="0080", firstRow=0, lastRow=0, firstColumn=1,
                                 lastColumn=0, noHBand=1, noVBand=1))
    borders = element("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        ruled = side in ("top", "insideH")
        borders.append(element(f"w:{side}", val="single" if ruled else "nil", sz=12 if ruled else 0,
                               space=0, color=rule_colour.lstrip("#") if ruled else "auto"))
    _put_in_tblpr(tblpr, borders)


def set_keep_with_next(paragraph, keep: bool) -> None:
    """Direct w:keepNext on a paragraph, overriding its style's."""
    paragraph.paragraph_format.keep_with_next = keep


def mark_header_row(row) -> None:
    """Repeat this row at the top of each page; Word reads it as the table's header."""
    trpr = row._tr.get_or_add_trPr()
    if trpr.find(qn("w:tblHeader")) is None:
        trpr.append(element("w:tblHeader"))


def set_table_caption(table, caption: str) -> None:
    """w:tblCaption (Word's table alt-text title), placed where the schema wants it."""
    tblpr = table._tbl.tblPr
    for old in tblpr.findall(qn("w:tblCaption")):
        tblpr.remove(old)
    cap = element("w:tblCaption", val=caption)
    desc = tblpr.find(qn("w:tblDescription"))
    if desc is not None:
        desc.addprevious(cap)
    else:
        tblpr.append(cap)


def set_table_width_pct(table, widths_pct: list[float], text_width_twips: int) -> None:
    """Full-width table with fixed column proportions (Word and LibreOffice agree)."""
    tblpr = table._tbl.tblPr
    for old in tblpr.findall(qn("w:tblW")):
        tblpr.remove(old)
    tblw = element("w:tblW", w=5000, type="pct")
    style = tblpr.find(qn("w:tblStyle"))
    (style.addnext(tblw) if style is not None else tblpr.insert(0, tblw))
    grid = table._tbl.tblGrid
    for col, pct in zip(grid.findall(qn("w:gridCol")), widths_pct):
        col.set(qn("w:w"), str(int(text_width_twips * pct)))
    for row in table.rows:
        for cell, pct in zip(row._tr.tc_lst, widths_pct):
            tcpr = cell.get_or_add_tcPr()
            tcw = tcpr.find(qn("w:tcW"))
            if tcw is None:
                tcw = element("w:tcW")
                tcpr.insert(0, tcw)
            tcw.set(qn("w:w"), str(int(text_width_twips * pct)))
            tcw.set(qn("w:type"), "dxa")


def shade_cell(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    for old in tcpr.findall(qn("w:shd")):
        tcpr.remove(old)
    shd = element("w:shd", val="clear", color="auto", fill=fill.lstrip("#"))
    # tcPr order: tcW, gridSpan, vMerge, tcBorders, shd, ...; append after those.
    after = [e for e in tcpr if e.tag in {qn("w:tcW"), qn("w:gridSpan"), qn("w:hMerge"),
                                          qn("w:vMerge"), qn("w:tcBorders")}]
    (after[-1].addnext(shd) if after else tcpr.insert(0, shd))


def set_picture_alt(inline_shape, alt: str, title: str = "") -> None:
    """Alt text on the picture (wp:docPr/@descr), or the decorative flag when empty."""
    docpr = inline_shape._inline.docPr
    if alt:
        docpr.set("descr", alt)
        if title:
            docpr.set("title", title)
        return
    ext_lst = parse_xml(
        f'<a:extLst {nsdecls("a")}><a:ext uri="{DECORATIVE_EXT}">'
        f'<adec:decorative xmlns:adec="{ADEC}" val="1"/></a:ext></a:extLst>')
    docpr.append(ext_lst)


# -- footnotes -------------------------------------------------------------------

_FOOTNOTES_XML = (
    f'<w:footnotes {nsdecls("w", "r")}>'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing '
    'w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/>'
    '</w:r></w:p></w:footnote></w:footnotes>')


def footnotes_part(document):
    """The document's footnotes part, created (with Word's separators) on first use."""
    part = _part_by_reltype(document.part, RT.FOOTNOTES)
    if part is not None:
        return part
    part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES,
                   parse_xml(_FOOTNOTES_XML), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    settings = document.settings.element
    if settings.find(qn("w:footnotePr")) is None:
        pr = element("w:footnotePr")
        pr.append(element("w:footnote", id=-1))
        pr.append(element("w:footnote", id=0))
        compat = settings.find(qn("w:compat"))
        (compat.addprevious(pr) if compat is not None else settings.append(pr))
    return part


def new_footnote(part, note_id: int):
    """An empty w:footnote appended to the footnotes part; fill it with paragraphs."""
    note = element("w:footnote", id=note_id)
    part.element.append(note)
    return note


def footnote_reference_run(note_id: int):
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    rpr.append(element("w:rStyle", val="FootnoteReference"))
    run.append(rpr)
    run.append(element("w:footnoteReference", id=note_id))
    return run


def footnote_mark_run():
    """The number at the start of a footnote's own text (Word fills it in)."""
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    rpr.append(element("w:rStyle", val="FootnoteReference"))
    run.append(rpr)
    run.append(OxmlElement("w:footnoteRef"))
    return run


# -- package ------------------------------------------------------------------------

def drop_thumbnail(document) -> None:
    """Remove the stock template's preview picture, which shows someone else's page."""
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rid]


def package_bytes(document) -> bytes:
    """The .docx file's bytes, as python-docx's `save` writes them but with fixed entry
    times, so equal input gives equal bytes; each entry is compressed once (saving and
    then rewriting the package compressed every part twice)."""
    from docx.opc.pkgwriter import PackageWriter  # private: its steps, with our zip writer

    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    out = io.BytesIO()
    writer = _FixedTimeZip(out)
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, parts)
    writer.close()
    return out.getvalue()


class _FixedTimeZip:
    """python-docx's physical package writer, each entry stamped 1980-01-01."""

    def __init__(self, out):
        self._zip = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri, blob: bytes) -> None:
        info = zipfile.ZipInfo(pack_uri.membername, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        self._zip.writestr(info, blob)

    def close(self) -> None:
        self._zip.close()


def set_columns(section, count: int, space_twips: int) -> None:
    """Set a section's text in `count` newspaper columns `space_twips` apart."""
    sect_pr = section._sectPr  # private: python-docx has no columns API
    for old in sect_pr.findall(qn("w:cols")):
        sect_pr.remove(old)
    cols = element("w:cols", num=str(count), space=str(space_twips))
    # w:cols sits after w:pgMar / w:pgSz in CT_SectPr's sequence, before w:docGrid
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is not None:
        grid.addprevious(cols)
    else:
        sect_pr.append(cols)


def end_section_after(paragraph, document) -> None:
    """End a one-column section at `paragraph` (the masthead, full width) and let the rest
    of the document continue on the same page in the document's own columns."""
    body_sect_pr = document.sections[-1]._sectPr  # private, as above
    first = copy.deepcopy(body_sect_pr)
    for old in first.findall(qn("w:cols")):
        first.remove(old)
    grid = first.find(qn("w:docGrid"))
    cols = element("w:cols", num="1")
    if grid is not None:
        grid.addprevious(cols)
    else:
        first.append(cols)
    insert_ppr_child(paragraph_properties(paragraph), first)
    for old in body_sect_pr.findall(qn("w:type")):
        body_sect_pr.remove(old)
    body_sect_pr.insert(0, element("w:type", val="continuous"))
