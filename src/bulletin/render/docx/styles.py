"""Turn a layout's fonts and colours into the named Word styles and list numbering.

Every style the writer uses is defined here from the layout, so a partnership that
re-uses the Word file gets its own fonts and colours under Word's usual names (Heading
1-4, Title, Caption, List Paragraph...) plus one named style per publication class
(Kicker, Lead, Callout...).
"""

from __future__ import annotations

import copy
from functools import lru_cache

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from bulletin.model import Layout
from bulletin.render.docx.xml import (add_style, element, part_xml, replace_children, set_box,
                                      style_paragraph_properties)

# The Word draft mark's red: a mark of the writer's, not a layout colour.
DRAFT_COLOUR = "#a4262c"

# Bullet glyphs by nesting level, all present in Atkinson Hyperlegible and Arial.
BULLETS = ["\u2022", "\u2013", "\u2022", "\u2013", "\u2022", "\u2013", "\u2022", "\u2013",
           "\u2022"]
NUMBER_FORMATS = [("decimal", "%{n}."), ("lowerLetter", "%{n}."), ("lowerRoman", "%{n}.")]
LIST_INDENT = 360  # twips (a quarter inch) per nesting level
BULLET_ABSTRACT, DECIMAL_ABSTRACT = 9001, 9002


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper()[:6])


def build_styles(document, layout: Layout, size: float, compact: bool = False) -> None:
    """Define document defaults and every named style from the layout's fonts and colours,
    with body text at `size` points (the kind's, render/measure.py). `compact` (kinds
    that must fit one sheet) sets body text tighter, as their print edition is.

    The styles and list numbering depend on nothing else, so they are made once per
    process for each font, colours, size and setting (`_styled_parts`, most of a short
    Word file's time) and copied into each document."""
    styles, numbering = _styled_parts(layout.fonts.body, layout.colours, size, compact)
    replace_children(document.styles.element, styles)
    replace_children(document.part.numbering_part.element, numbering)


@lru_cache(maxsize=32)
def _styled_parts(font: str, colours, size: float, compact: bool) -> tuple[bytes, bytes]:
    """(styles part, numbering part) as XML, of a new document given every style."""
    import docx

    document = docx.Document()
    _define_styles(document, font, colours, size, compact)
    return part_xml(document.styles.element), part_xml(document.part.numbering_part.element)


def _define_styles(document, font: str, colours, size: float, compact: bool) -> None:
    _set_defaults(document, font, size)
    _strip_theme_fonts(document)
    text, primary, muted = colours.text, colours.primary, colours.muted

    para = lambda name, **kw: _paragraph_style(document, name, **kw)  # noqa: E731
    para("Normal", base=None, size=size, colour=text, after=5 if compact else 8, line=1.05 if compact else 1.15)
    para("Title", size=size + 17, bold=True, colour=primary, after=6)
    para("Heading 1", size=size + 13, bold=True, colour=primary, before=6, after=10,
         keep=True, outline=0)
    para("Heading 2", size=size + 6, bold=True, colour=primary, before=18, after=6,
         keep=True, outline=1)
    para("Heading 3", size=size + 3, bold=True, colour=primary, before=14, after=4,
         keep=True, outline=2)
    para("Heading 4", size=size + 1, bold=True, colour=primary, before=10, after=2,
         keep=True, outline=3)
    para("Subtitle", size=size + 4, colour=primary, after=10)
    para("Kicker", size=size, bold=True, colour=primary, after=2)
    para("Partnership", size=size + 1, bold=True, colour=primary, after=4)
    para("Lead", size=size + 2, colour=text, after=10)
    para("Meta", size=size - 1, colour=muted, after=4)
    para("Note", size=size - 1, colour=text, after=6)
    para("Contact", size=size, colour=text, after=4)
    para("Page Count", size=size - 1, colour=muted, after=4)
    para("Print URL", size=size - 1, colour=muted, after=4)
    para("Caption", size=size - 1, bold=True, colour=text, before=6, after=4, keep=True)
    para("Draft Mark", size=size + 5, bold=True, colour=DRAFT_COLOUR, after=10,
         box=(DRAFT_COLOUR, "#ffffff"))
    para("Callout", size=size, colour=text, after=6, box=(primary, colours.callout_bg))
    para("Learning", base="Callout")
    for variant in CALLOUT_STYLES.values():
        if variant != "Callout":
            para(variant, base="Callout")
    para("List Paragraph", size=size, colour=text, after=4)
    para("Table Text", size=size, colour=text, after=3, line=1.0)
    para("Table Heading", base="Table Text", bold=True, colour=colours.on_primary)
    para("Row Heading", base="Table Text", bold=True, colour=text)
    para("TOC Heading", size=size + 6, bold=True, colour=primary, before=18, after=6,
         keep=True)
    for level in (1, 2, 3):
        para(f"TOC {level}", size=size, colour=text, after=3, indent=LIST_INDENT * (level - 1))
    para("Header", size=size - 2, colour=muted, after=0)
    para("Footer", size=size - 2, colour=muted, after=0)
    para("Footnote Text", size=size - 2, colour=text, after=2, line=1.0)

    char = lambda name, **kw: _character_style(document, name, **kw)  # noqa: E731
    char("Hyperlink", colour=colours.link, underline=True)
    char("Footnote Reference", superscript=True)
    char("Theme Tag", bold=True, colour=primary)
    char("Due Date", bold=True)
    char("Owner", bold=True)
    char("Mark Yes", bold=True)
    char("TOC Page", colour=muted)
    _table_style(document, muted)
    _add_list_numbering(document)


CALLOUT_STYLES = {
    "callout": "Callout",
    "callout key-points": "Callout Key Points",
    "callout contact": "Callout Contact",
    "callout report": "Callout Report",
    "callout draft": "Callout Draft",
    "callout practice": "Callout Practice",
    "callout note": "Callout Note",
}


def _set_defaults(document, font: str, size: float) -> None:
    rpr = (document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
           .find(qn("w:rPr")))
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    rpr.insert(0, element("w:rFonts", ascii=font, hAnsi=font, cs=font, eastAsia=font))
    for tag in ("w:sz", "w:szCs"):
        child = rpr.find(qn(tag))
        if child is not None:
            child.set(qn("w:val"), str(round(size * 2)))


def _strip_theme_fonts(document) -> None:
    """Styles naming theme fonts (Calibri/Cambria) would hide the layout's font."""
    for rfonts in list(document.styles.element.iter(qn("w:rFonts"))):
        if any("Theme" in key or "theme" in key for key in rfonts.attrib):
            parent = rfonts.getparent()
            if parent.getparent().tag != qn("w:rPrDefault"):
                parent.remove(rfonts)


def _get_or_add(document, name: str, kind):
    styles = document.styles
    try:
        style = styles[name]  # one look-up by name; listing every style per call was most of a Word file's time
    except KeyError:
        style = None
    if style is not None:
        # Start from a clean slate: the stock look (theme colours, italics) goes.
        for tag in ("w:rPr",):
            old = style.element.find(qn(tag))
            if old is not None:
                style.element.remove(old)
        ppr = style.element.find(qn("w:pPr"))
        if ppr is not None:
            for old in list(ppr):
                if old.tag not in (qn("w:outlineLvl"), qn("w:numPr")):
                    ppr.remove(old)
        return style
    style = add_style(document, name, kind)
    style.quick_style = True
    return style


def _paragraph_style(document, name, base="Normal", size=None, bold=None, colour=None,
                     before=None, after=None, line=None, keep=False, outline=None,
                     indent=None, box=None):
    style = _get_or_add(document, name, WD_STYLE_TYPE.PARAGRAPH)
    if base:
        style.base_style = document.styles[base]
    font, fmt = style.font, style.paragraph_format
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    font.italic = False if name in ("Subtitle", "Caption") else None
    if colour:
        font.color.rgb = _rgb(colour)
    if before is not None:
        fmt.space_before = Pt(before)
    if after is not None:
        fmt.space_after = Pt(after)
    if line is not None:
        fmt.line_spacing = line
    if keep:
        fmt.keep_with_next = True
    if indent:
        fmt.left_indent = indent * 635  # twips to EMU
    if outline is not None:
        ppr = style_paragraph_properties(style)
        for old in ppr.findall(qn("w:outlineLvl")):
            ppr.remove(old)
        ppr.append(element("w:outlineLvl", val=outline))
    if box:
        set_box(style_paragraph_properties(style), *box, bar_only=True)
    return style


def _character_style(document, name, colour=None, bold=None, underline=None,
                     superscript=None):
    style = _get_or_add(document, name, WD_STYLE_TYPE.CHARACTER)
    if colour:
        style.font.color.rgb = _rgb(colour)
    if bold is not None:
        style.font.bold = bold
    if underline:
        style.font.underline = True
    if superscript:
        style.font.superscript = True
    return style


def _table_style(document, border: str) -> None:
    """'Bulletin Table': thin borders in the muted colour and roomy cell margins."""
    style = _get_or_add(document, "Bulletin Table", WD_STYLE_TYPE.TABLE)
    el = style.element
    style.base_style = document.styles["Normal Table"]
    for old in el.findall(qn("w:tblPr")):
        el.remove(old)
    tblpr = element("w:tblPr")
    borders = element("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(element(f"w:{side}", val="single", sz=4, space=0,
                               color=border.lstrip("#")))
    tblpr.append(borders)
    margins = element("w:tblCellMar")
    for side, twips in (("top", 60), ("left", 100), ("bottom", 60), ("right", 100)):
        margins.append(element(f"w:{side}", w=twips, type="dxa"))
    tblpr.append(margins)
    el.append(tblpr)


def _add_list_numbering(document) -> None:
    """Two abstract lists (bullets, numbers) that each HTML list instantiates afresh."""
    numbering = document.part.numbering_part.element
    for abstract_id, kind in ((BULLET_ABSTRACT, "bullet"), (DECIMAL_ABSTRACT, "decimal")):
        abstract = element("w:abstractNum", abstractNumId=abstract_id)
        abstract.append(element("w:multiLevelType", val="hybridMultilevel"))
        for level in range(9):
            lvl = element("w:lvl", ilvl=level)
            lvl.append(element("w:start", val=1))
            if kind == "bullet":
                lvl.append(element("w:numFmt", val="bullet"))
                lvl.append(element("w:lvlText", val=BULLETS[level]))
            else:
                fmt, text = NUMBER_FORMATS[level % 3]
                lvl.append(element("w:numFmt", val=fmt))
                lvl.append(element("w:lvlText", val=text.format(n=level + 1)))
            lvl.append(element("w:lvlJc", val="left"))
            ppr = element("w:pPr")
            ppr.append(element("w:ind", left=LIST_INDENT * (level + 1), hanging=LIST_INDENT))
            lvl.append(ppr)
            abstract.append(lvl)
        first_num = numbering.find(qn("w:num"))
        (first_num.addprevious(abstract) if first_num is not None
         else numbering.append(abstract))


def new_list(document, ordered: bool, start: int = 1) -> int:
    """A fresh w:num for one HTML list, so each numbered list starts again at `start`."""
    numbering = document.part.numbering_part.element
    used = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    num_id = max(used + [0]) + 1
    num = element("w:num", numId=num_id)
    num.append(element("w:abstractNumId",
                       val=DECIMAL_ABSTRACT if ordered else BULLET_ABSTRACT))
    for level in range(9):
        override = element("w:lvlOverride", ilvl=level)
        override.append(element("w:startOverride", val=start if level == 0 else 1))
        num.append(override)
    numbering.append(num)
    return num_id


def _nudge(hex_colour: str) -> str:
    blue = int(hex_colour[4:6], 16)
    return hex_colour[:4] + f"{blue + 1 if blue < 255 else blue - 1:02X}"


def copy_box(document, style_name: str, instance: int = 0):
    """The (pBdr, shd) of a boxed style, to put on every paragraph of one box.

    Word and LibreOffice draw adjacent paragraphs with identical borders as one box;
    `instance` nudges the top border's spacing by a point on every other box, so two
    callouts in a row stay two boxes without an empty spacer paragraph between them.
    Both compare border colours, not spacing, so every other box gets a colour one
    unit of blue away (invisible) from its neighbour's.
    """
    style = document.styles[style_name]
    while style is not None:
        ppr = style.element.find(qn("w:pPr"))
        if ppr is not None and ppr.find(qn("w:pBdr")) is not None:
            border = copy.deepcopy(ppr.find(qn("w:pBdr")))
            if instance % 2:
                for side in border:
                    side.set(qn("w:color"), _nudge(side.get(qn("w:color"), "000000")))
            return border, copy.deepcopy(ppr.find(qn("w:shd")))
        style = style.base_style
    return None
