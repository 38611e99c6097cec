"""Turn the inline HTML of one paragraph into Word runs, links, pictures and notes.

HTML white space rules are applied first (runs of spaces collapse, line starts and
ends are trimmed), so the Word text equals the text a browser shows.
"""

from __future__ import annotations

import base64
import io
import re
import urllib.parse
from dataclasses import dataclass, replace
from pathlib import Path

from docx.image.exceptions import UnrecognizedImageError
from docx.shared import Mm, RGBColor

from bulletin.render.docx import xml as X
from bulletin.render.docx.contract import CHARACTER_STYLES
from bulletin.render.docx.tree import DocxContractError, DocxError, Node

_SPACE = re.compile(r"[ \t\n\r\f]+")
# Sizes for pictures without width/height, by class: the logo sits in the masthead, as tall
# as the layout's logo.height_mm when it says.
_IMAGE_HEIGHT = {"logo": Mm(16), "qr": Mm(30)}


@dataclass(frozen=True)
class Fmt:
    bold: bool = False
    italic: bool = False
    sup: bool = False
    style: str | None = None
    link: Node | None = None


@dataclass
class Seg:
    kind: str            # text | br | note | img
    fmt: Fmt
    text: str = ""
    node: Node | None = None


def write_inline(writer, paragraph, items: list, ctx) -> None:
    segs: list[Seg] = []
    for item in items:
        _collect(writer, paragraph, item, Fmt(), segs)
    _normalise_space(segs)
    _emit(writer, paragraph, segs, ctx)


def _collect(writer, paragraph, item, fmt: Fmt, out: list[Seg]) -> None:
    if isinstance(item, str):
        out.append(Seg("text", fmt, item))
        return
    node: Node = item
    if node.attrs.get("id"):
        writer.bookmark(paragraph, X.bookmark_name(node.attrs["id"]))
    tag = node.tag
    if tag == "br":
        out.append(Seg("br", fmt))
        return
    if tag == "img":
        out.append(Seg("img", fmt, node=node))
        return
    if tag == "a":
        if node.has_class("footnote-ref"):
            out.append(Seg("note", fmt, node=node))
            return
        if node.has_class("footnote-back"):
            return  # a Word footnote links back to its reference by itself
        if node.attrs.get("href"):
            fmt = replace(fmt, link=node)
    elif tag == "strong":
        fmt = replace(fmt, bold=True)
    elif tag == "em":
        fmt = replace(fmt, italic=True)
    elif tag == "sup":
        fmt = replace(fmt, sup=True)
    elif tag == "span":
        fmt = replace(fmt, style=CHARACTER_STYLES[("span", node.cls)] or fmt.style)
    else:
        raise DocxContractError(f"block element <{tag}> inside a paragraph's text "
                                "(Word cannot put a paragraph inside a line)", node.line)
    for child in node.children:
        _collect(writer, paragraph, child, fmt, out)


def _normalise_space(segs: list[Seg]) -> None:
    """Collapse and trim white space across segments, the way a browser shows it."""
    at_start = True   # at the start of the paragraph or just after a line break
    last_text: Seg | None = None
    for seg in segs:
        if seg.kind == "text":
            text = _SPACE.sub(" ", seg.text)
            if at_start or (last_text is not None and last_text.text.endswith(" ")):
                text = text.lstrip(" ")
            seg.text = text
            if text:
                at_start, last_text = False, seg
        elif seg.kind == "br":
            _trim_end(segs, seg)
            at_start, last_text = True, None
        else:
            at_start, last_text = False, None
    _trim_end(segs, None)


def _trim_end(segs: list[Seg], before: Seg | None) -> None:
    end = segs.index(before) if before is not None else len(segs)
    for seg in reversed(segs[:end]):
        if seg.kind != "text":
            return
        seg.text = seg.text.rstrip(" ")
        if seg.text:
            return


def _emit(writer, paragraph, segs: list[Seg], ctx) -> None:
    link_node, link_el = None, None
    for seg in segs:
        if seg.kind == "text" and not seg.text:
            continue
        if seg.fmt.link is not link_node:
            link_node = seg.fmt.link
            link_el = None
            if link_node is not None:
                link_el = X.new_hyperlink(ctx.part, link_node.attrs["href"])
                X.append_to_paragraph(paragraph, link_el)
        run = _run(writer, paragraph, seg, ctx)
        if run is None:
            continue
        if link_el is not None:
            link_el.append(run)
        else:
            X.append_to_paragraph(paragraph, run)


def _run(writer, paragraph, seg: Seg, ctx):
    """The w:r element for one segment (created through python-docx, then detached)."""
    if seg.kind == "note":
        return writer.footnote(seg.node.attrs.get("href", ""), seg.node.line, ctx)
    run = X.detached_run(paragraph)
    fmt = seg.fmt
    if fmt.link is not None:
        X.set_run_style(run, writer.style_ids["Hyperlink"])
    elif fmt.style:
        X.set_run_style(run, writer.style_ids[fmt.style])
    if ctx.colour:
        run.font.color.rgb = RGBColor.from_string(ctx.colour.lstrip("#").upper()[:6])
    if fmt.bold:
        run.bold = True
    if fmt.italic:
        run.italic = True
    if fmt.sup:
        run.font.superscript = True
    if seg.kind == "text":
        run.text = seg.text
    elif seg.kind == "br":
        run.add_break()
    elif seg.kind == "img":
        _picture(writer, run, seg.node)
    return X.run_element(run)


def _picture(writer, run, node: Node) -> None:
    src = node.attrs.get("src", "")
    data = _image_bytes(src, writer.base_dir, node.line)
    try:
        shape = run.add_picture(io.BytesIO(data))
    except UnrecognizedImageError:
        raise DocxError(f"image '{src[:60]}' is not PNG, JPEG or GIF; Word needs one of "
                        "those (SVG has no fallback here)", node.line) from None
    width, height = shape.width, shape.height
    max_width = writer.text_width * 635
    wanted = _px(node.attrs.get("width")), _px(node.attrs.get("height"))
    if wanted[0]:
        height, width = int(height * wanted[0] / width), wanted[0]
    elif wanted[1]:
        width, height = int(width * wanted[1] / height), wanted[1]
    elif node.cls in _IMAGE_HEIGHT:
        logo = writer.layout.logo if node.cls == "logo" else None
        logo_mm = logo.height_mm if logo else None
        target = Mm(logo_mm) if logo_mm else _IMAGE_HEIGHT[node.cls]
        width, height = int(width * target / height), target
    if width > max_width:
        height, width = int(height * max_width / width), max_width
    shape.width, shape.height = width, height
    X.set_picture_alt(shape, node.attrs.get("alt", ""))


def _px(value: str | None) -> int:
    """EMU for an HTML width/height attribute in CSS pixels (96 per inch)."""
    try:
        return int(float(value) * 914400 / 96) if value else 0
    except ValueError:
        return 0


def _image_bytes(src: str, base_dir: Path | None, line: int) -> bytes:
    if src.startswith("data:"):
        header, _, payload = src.partition(",")
        if header.endswith(";base64"):
            return base64.b64decode(payload)
        return urllib.parse.unquote_to_bytes(payload)
    if base_dir is None or ("://" in src and not src.startswith("file://")):
        raise DocxError(f"image '{src}' can only be a data: URI or a file in the "
                        "project (no base folder given)", line)
    base = Path(base_dir).resolve()
    relative = urllib.parse.unquote(urllib.parse.urlparse(src).path)
    path = (base / relative).resolve()
    if not path.is_relative_to(base) or not path.is_file():
        raise DocxError(f"image '{src}' not found under {base}", line)
    return path.read_bytes()

