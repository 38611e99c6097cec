"""Turn a Word paragraph's runs into Markdown inline text: bold, italic, links, footnote references.

Runs with the same format merge first, so a word split over several runs gets one pair
of `**`. Hyperlink relationships and HYPERLINK fields both become `[text](target)`; a
picture is listed in `notes`, since the source has no place for it.
"""

from __future__ import annotations

import re

from docx.styles.style import CharacterStyle

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


class Inline:
    """Reads the inline content of paragraphs of one document part."""

    def __init__(self, part, styles: dict, notes: list[str]):
        self.part = part
        self._styles = styles
        self.notes = notes

    def text(self, p) -> tuple[str, bool]:
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
        return isinstance(found, CharacterStyle) and bool(found.font.bold)


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
        if core and link and not _is_own_address(text, link):  # an address shown as itself stays bare text
            core = f"[{core}]({link.replace(' ', '%20').replace(')', '%29')})"
        out.append(lead + core + tail)
    text = "".join(out)
    text = re.sub(r"\*\*\*\*", "", text)  # two bold spans side by side read as one
    text = "\n".join(line.strip() for line in text.split("\n"))
    return re.sub(r"[ \t]+", " ", text).strip(), all_bold


def _is_own_address(text: str, link: str) -> bool:
    """A link whose words are its own address ("www.example.org" -> https://www.example.org/)."""
    def bare(address: str) -> str:
        return re.sub(r"^(?:https?://)?(?:www\.)?", "", address.strip().casefold()).rstrip("/")
    return bool(text.strip()) and bare(text) == bare(link)


def _split_space(text: str) -> tuple[str, str, str]:
    core = text.strip()
    if not core:
        return text, "", ""
    start = text.index(core[0])
    return text[:start], core, text[start + len(core):]


def strip_bold(text: str) -> str:
    """Heading text without the bold markers Word headings often carry."""
    return text.replace("**", "")
