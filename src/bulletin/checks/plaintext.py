"""Turn a Markdown source string into same-length plain text, its sentences and its links.

The checks work on the text a reader sees, but must report the line and column the
user typed. So the Markdown syntax is blanked out with spaces rather than removed:
every offset in the plain text is the same offset in the source string, and
`LocStr.loc_at(offset)` maps it to the file. markdown-it-py decides what is a link or
an image (so code spans and escapes behave as in the renderer); a small scanner finds
where each one is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

from ..markup import memo_per_publication

# The same Markdown subset as markup.py renders (no code spans, headings or raw HTML).
_MD = MarkdownIt("commonmark", {"html": False}).disable(
    ["heading", "lheading", "code", "fence", "blockquote", "hr", "html_block", "html_inline",
     "backticks"])

_LIST_MARKER = re.compile(r"^([ \t]*)([-*+]|\d{1,3}[.)])([ \t]+|$)", re.M)
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto|tel|ftp|file):[^<>\s]*)>", re.I)
_WORD = re.compile(r"[A-Za-z0-9\u00C0-\u024F][\w\u00C0-\u024F'’\-]*")


@dataclass(frozen=True)
class Link:
    """A link or image as written: `start` is the offset of its first character."""

    kind: str  # "link", "autolink" or "image"
    text: str  # what the reader sees (alt text for an image)
    href: str  # the target as written
    start: int
    end: int


def _closing(text: str, i: int, open_ch: str, close_ch: str) -> int:
    """Offset of the bracket closing the one at `i`, or -1 (backslash escapes count)."""
    depth = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == open_ch:
            depth += 1
        elif ch == close_ch:
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _scan(text: str) -> list[Link]:
    """Every `[text](dest)`, `![alt](src)` and `<scheme:...>` in the raw string, in order."""
    found: list[Link] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "<":
            m = _AUTOLINK.match(text, i)
            if m:
                found.append(Link("autolink", m.group(1), m.group(1), i, m.end()))
                i = m.end()
                continue
        if ch == "[":
            is_image = i > 0 and text[i - 1] == "!"
            close = _closing(text, i, "[", "]")
            if close > 0 and close + 1 < len(text) and text[close + 1] == "(":
                end = _closing(text, close + 1, "(", ")")
                if end > 0:
                    dest = text[close + 2:end].strip()
                    dest = re.split(r"\s+", dest, maxsplit=1)[0] if dest else ""
                    if dest.startswith("<") and dest.endswith(">"):
                        dest = dest[1:-1]
                    start = i - 1 if is_image else i
                    found.append(Link("image" if is_image else "link",
                                      text[i + 1:close], dest, start, end + 1))
                    i = end + 1
                    continue
        i += 1
    return found


def _inline_items(text: str) -> tuple[tuple[str, str, str], ...]:
    """(kind, reader text, href) for each link and image, as markdown-it sees them."""
    items = []
    for block in _MD.parse(text):
        children = block.children or []
        k = 0
        while k < len(children):
            tok = children[k]
            if tok.type == "image":
                items.append(("image", tok.content, tok.attrs.get("src", "")))
            elif tok.type == "link_open":
                parts = []
                k += 1
                while k < len(children) and children[k].type != "link_close":
                    if children[k].type in ("text", "code_inline"):
                        parts.append(children[k].content)
                    elif children[k].type == "image":
                        parts.append(children[k].content)
                    k += 1
                kind = "autolink" if tok.markup == "autolink" else "link"
                items.append((kind, "".join(parts), str(tok.attrs.get("href", ""))))
            k += 1
    return tuple(items)


def find_links(text: str) -> list[Link]:
    """Links and images markdown-it recognises, each with its offset in `text`."""
    return list(_find_links(str(text)))


@memo_per_publication
def _find_links(text: str) -> tuple[Link, ...]:
    scanned = _scan(text)
    out: list[Link] = []
    cursor = 0
    for kind, reader_text, href in _inline_items(text):
        for j in range(cursor, len(scanned)):
            cand = scanned[j]
            if cand.kind == kind and _MD.normalizeLink(cand.href) == href:
                out.append(Link(kind, reader_text, cand.href, cand.start, cand.end))
                cursor = j + 1
                break
    return tuple(out)


def to_plain(text: str, links: list[Link] | None = None) -> tuple[str, list[int]]:
    """(same-length plain text, offsets where list items start).

    Link text stays; link targets, images, URLs, emphasis marks, list markers and
    footnote references become spaces, so word counts and offsets stay honest."""
    chars = list(text)

    def blank(a: int, b: int) -> None:
        for n in range(a, b):
            if chars[n] != "\n":
                chars[n] = " "

    for link in links if links is not None else find_links(text):
        if link.kind == "link":
            close = _closing(text, link.start, "[", "]")
            blank(link.start, link.start + 1)
            blank(close, link.end)
        else:
            blank(link.start, link.end)
    for m in _FOOTNOTE_REF.finditer(text):
        blank(m.start(), m.end())
    item_starts = []
    for m in _LIST_MARKER.finditer(text):
        blank(m.start(2), m.end(2))
        item_starts.append(m.start(2))
    for n, ch in enumerate(chars):
        if ch in "*`\\":
            chars[n] = " "
        elif ch == "_" and (n == 0 or not chars[n - 1].isalnum()
                            or n + 1 == len(chars) or not chars[n + 1].isalnum()):
            chars[n] = " "
    return "".join(chars), item_starts


_BOUNDARY = re.compile(r"[.!?]+[\"'”’)]*(?=\s+[\"'“‘(]*[A-Z0-9])|\n[ \t]*\n")


def split_sentences(plain: str, item_starts: list[int]) -> list[tuple[int, int]]:
    """(start, end) of each sentence: split at . ! ? before a capital, at blank
    lines, and at the start of each list item (a bullet is its own sentence)."""
    cuts = {0, len(plain)}
    for m in _BOUNDARY.finditer(plain):
        cuts.add(m.end())
    cuts.update(item_starts)
    edges = sorted(cuts)
    spans = []
    for a, b in zip(edges, edges[1:]):
        segment = plain[a:b]
        stripped = segment.lstrip()
        if _WORD.search(stripped):
            spans.append((a + len(segment) - len(stripped), b))
    return spans


def words(segment: str) -> list[str]:
    return _WORD.findall(segment)
