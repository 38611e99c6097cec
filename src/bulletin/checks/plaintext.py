"""Turn a Markdown source string into same-length plain text, its sentences and its links.

The checks work on the text a reader sees, but must report the line and column the
user typed. So the Markdown syntax is blanked out with spaces rather than removed:
every offset in the plain text is the same offset in the source string, and
`LocStr.loc_at(offset)` maps it to the file. markdown-it-py decides what is a link or
an image, through the one extractor the renderer uses (markup.source_links).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..markup import closing_bracket, source_links

_LIST_MARKER = re.compile(r"^([ \t]*)([-*+]|\d{1,3}[.)])([ \t]+|$)", re.M)
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")
_WORD = re.compile(r"[A-Za-z0-9\u00C0-\u024F][\w\u00C0-\u024F'’\-]*")


@dataclass(frozen=True)
class Link:
    """A link or image as written: `start` is the offset of its first character."""

    kind: str  # "link", "autolink" or "image"
    text: str  # what the reader sees (alt text for an image)
    href: str  # the target as written
    start: int
    end: int


_KINDS = {"image": "image", "autolink": "autolink"}


def find_links(text: str, session=None) -> list[Link]:
    """Links and images as the renderer publishes them (markup.source_links), each with its
    offset in `text`. Bare addresses are left out: their one report is the link checker's
    links.bare, and the text around them is prose like any other."""
    return [Link(_KINDS.get(s.kind, "link"), s.text, s.written if s.kind != "image" else s.target,
                 s.start, s.end)
            for s in source_links(text, session) if not s.bare]


def to_plain(text: str, links: list[Link] | None = None, session=None) -> tuple[str, list[int]]:
    """(same-length plain text, offsets where list items start).

    Link text stays; link targets, images, URLs, emphasis marks, list markers and
    footnote references become spaces, so word counts and offsets stay honest."""
    chars = list(text)

    def blank(a: int, b: int) -> None:
        for n in range(a, b):
            if chars[n] != "\n":
                chars[n] = " "

    for link in links if links is not None else find_links(text, session):
        if link.kind == "link":
            close = closing_bracket(text, link.start, "[", "]")
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
