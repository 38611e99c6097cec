"""Turn blocks into the source's Markdown (lists nested, tables as lines), and Word text into plain, comparable or dated text.

`markdown` is what every field's text goes through; `plain` and `normal` strip
formatting for titles and for comparing headings; `find_date` reads a date written in
words ("8th March 2023").
"""

from __future__ import annotations

import re

from ..validate import MONTHS, parse_date
from .read import Block


def normal(text: str) -> str:
    text = re.sub(r"\*\*|[*_]", "", text).casefold()
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip().rstrip(":.?").strip()


def markdown(blocks: list[Block]) -> str:
    """Paragraphs and list items as the source Markdown subset, nesting kept."""
    out: list[str] = []
    items = [b for b in blocks if b.kind == "item"]
    base = min((b.level for b in items), default=0)
    widths: list[int] = []  # marker width of each open list level
    counters: list[int] = []
    in_list = False
    for block in blocks:
        if block.kind == "item":
            depth = max(0, block.level - base)
            del widths[depth + 1:], counters[depth + 1:]
            while len(widths) <= depth:
                widths.append(2)
                counters.append(0)
            counters[depth] += 1
            marker = f"{counters[depth]}. " if block.ordered else "- "
            widths[depth] = len(marker)
            indent = " " * sum(widths[:depth])
            if not in_list and out:
                out.append("")
            out.append(indent + marker + _one_line(block.text))
            in_list = True
        elif block.kind == "para":
            continuation = in_list and block.style.lower().startswith("list")
            indent = " " * sum(widths) if continuation else ""
            out.append("")
            out.append(indent + escape_start(_one_line(block.text)))
            if not continuation:
                widths, counters, in_list = [], [], False
        elif block.kind == "heading":  # a heading inside a field's text: kept, as bold
            out += ["", f"**{block.text}**"]
            widths, counters, in_list = [], [], False
        elif block.kind == "table":
            out += ["", table_markdown(block)]
            widths, counters, in_list = [], [], False
    return "\n".join(out).strip("\n") + "\n" if any(line.strip() for line in out) else ""


def _one_line(text: str) -> str:
    return re.sub(r"\s*\n\s*", " ", text).strip()


def escape_start(text: str) -> str:
    """A paragraph that begins like a list marker stays a paragraph."""
    return re.sub(r"^(\d+)([.)])(\s)", r"\1\\\2\3", re.sub(r"^([-+])(\s)", r"\\\1\2", text))


def cell_text(cell: list[Block]) -> str:
    return markdown(cell).strip()


def table_markdown(block: Block) -> str:
    """A table with no better place: one bullet a row, cells joined by ' – '."""
    rows = [" – ".join(_one_line(cell_text(c)) for c in row if cell_text(c)) for row in block.rows]
    return "\n".join(f"- {row}" for row in rows if row)


def plain(text: str) -> str:
    return _one_line(re.sub(r"\*\*|(?<!\\)\*", "", text))


# --- dates -----------------------------------------------------------------------------

_DATE_WORDS = re.compile(
    r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s+)?(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?"
    r"(" + "|".join(m for m in MONTHS if m) + r")\s+(\d{4})", re.I)


def find_date(text: str) -> tuple[str | None, str]:
    """(YYYY-MM[-DD], the text without the date) for the first date written in words."""
    match = _DATE_WORDS.search(plain(text))
    if not match:
        iso = re.search(r"\b\d{4}-\d{2}(?:-\d{2})?\b", text)
        if iso and not isinstance(parse_date(iso.group(0)), str):
            return iso.group(0), text.replace(iso.group(0), "").strip()
        return None, text
    month = [m.lower() for m in MONTHS].index(match.group(2).lower())
    iso = f"{int(match.group(3)):04d}-{month:02d}" + (f"-{int(match.group(1)):02d}" if match.group(1) else "")
    rest = plain(text)
    rest = (rest[:match.start()] + rest[match.end():]).strip(" –—-,.")
    return (iso if not isinstance(parse_date(iso), str) else None), rest


def slug(text: str) -> str:
    """A name for a file: lower case letters, digits and hyphens."""
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", plain(text).casefold().replace("'", ""))).strip("-")
