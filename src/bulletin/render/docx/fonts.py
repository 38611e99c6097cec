"""Turn the packaged brand font into fonts embedded in a .docx, so Word and LibreOffice
set the text in it on machines that do not have it installed.

Only the packaged Atkinson Hyperlegible family is embedded: its licence (SIL Open Font
Licence) allows it. Word stores an embedded font obfuscated (ECMA-376 Part 1, 17.8.1):
the first 32 bytes XORed with a key, the key named in the font table. Keys are derived
from the font's name and style, so the same document gives the same bytes.
"""

from __future__ import annotations

import uuid

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from lxml import etree

from bulletin.assets import FONT_DIR
from bulletin.render.docx.xml import set_part_blob

EMBEDDABLE = {"Atkinson Hyperlegible": "AtkinsonHyperlegible"}
# Word's element for each style, in the order the schema wants them.
STYLES = (("embedRegular", "Regular"), ("embedBold", "Bold"), ("embedItalic", "Italic"),
          ("embedBoldItalic", "BoldItalic"))
OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"


def font_key(name: str, style: str) -> str:
    return "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"bulletin-font:{name}:{style}")).upper() + "}"


def obfuscate(data: bytes, key: str) -> bytes:
    """The font as Word stores it: the first 32 bytes XORed with the key's 16 bytes,
    read from the end of its hex digits backwards."""
    digits = key.strip("{}").replace("-", "")
    key_bytes = bytes(int(digits[i:i + 2], 16) for i in range(30, -1, -2))
    head = bytes(b ^ key_bytes[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


def embed_font(document, name: str) -> bool:
    """Embed `name` (all four styles) when it is the packaged family; True if embedded."""
    stem = EMBEDDABLE.get(name)
    fonts_part = next((rel.target_part for rel in document.part.rels.values()
                       if rel.reltype == RT.FONT_TABLE and not rel.is_external), None)
    if stem is None or fonts_part is None:
        return False
    table = parse_xml(fonts_part.blob)
    entry = next((f for f in table.findall(qn("w:font")) if f.get(qn("w:name")) == name), None)
    if entry is None:
        return False
    for number, (tag, style) in enumerate(STYLES, start=1):
        key = font_key(name, style)
        data = obfuscate((FONT_DIR / f"{stem}-{style}.ttf").read_bytes(), key)
        part = Part(PackURI(f"/word/fonts/font{number}.odttf"), OBFUSCATED_FONT, data, document.part.package)
        rid = fonts_part.relate_to(part, RT.FONT)
        embed = parse_xml(f'<w:{tag} xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
                          f'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
                          f'r:id="{rid}" w:fontKey="{key}"/>')
        entry.append(embed)
    set_part_blob(fonts_part, etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True))
    _ask_word_to_keep_them(document)
    return True


def _ask_word_to_keep_them(document) -> None:
    """w:embedTrueTypeFonts (and subsets, to keep files small when Word saves them again)."""
    settings = document.settings.element
    if settings.find(qn("w:embedTrueTypeFonts")) is not None:
        return
    before = ("w:writeProtection", "w:view", "w:zoom", "w:removePersonalInformation", "w:removeDateAndTime",
              "w:doNotDisplayPageBoundaries", "w:displayBackgroundShape", "w:printPostScriptOverText",
              "w:printFractionalCharacterWidth", "w:printFormsData")
    anchor = None
    for child in settings:
        if child.tag in {qn(t) for t in before}:
            anchor = child
    for tag in ("w:saveSubsetFonts", "w:embedTrueTypeFonts"):
        new = settings.makeelement(qn(tag), {})
        if anchor is None:
            settings.insert(0, new)
        else:
            anchor.addnext(new)
