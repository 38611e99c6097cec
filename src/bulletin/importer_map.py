"""Turn the blocks of a Word briefing into review and publication data: headings into fields, themes and sections.

A heading worded like one of the labels a template prints (Background, What the review
found, Key learning...; a layout's own wording too) fills that field, and its wording is
kept as the publication's label. "Theme 1 – ..." / "Key Theme 1: ..." headings become
learning themes, the heading under each one the practice heading. A bulletin's fact
headings, a compendium's cases and recurring themes are recognised the same way. What
is left becomes sections in the order it came; `notes` says what a person should check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import schema
from .importer_read import Block
from .validate import MONTHS, parse_date

THEME_HEADING = re.compile(
    r"^(?P<word>(?:key\s+)?(?:learning\s+)?theme)\s+(?P<n>\d+)\s*(?P<sep>[–—:\-.]?)\s*(?P<title>.*)$", re.I)
# wordings seen in partnerships' briefings, beyond the template defaults and layouts' labels
SYNONYMS = {
    "background": ["background", "the case", "case summary", "summary of the case", "about the case"],
    "findings": ["the review found", "findings", "key findings", "what the review found"],
    "key_learning": ["key learning", "key learning points", "learning points", "key messages"],
    "recommendations": ["recommendations"],
    "family_history": ["family history"],
    "risk_indicators": ["indicators of risk", "risk indicators", "indicators of risk and vulnerability"],
    "review_learning": ["learning from the review"],
    "further_learning": ["further learning"],
    "themes": ["themes", "theme of scr", "themes of the review"],
    "published": ["date published", "published"],
    "case_details": ["case details"],
    "key_points": ["key points of learning", "key points"],
    "cases": ["cases", "the cases"],
    "recurring_themes": ["recurring themes"],
}
REVIEW_FIELDS = ("background", "findings", "key_learning", "family_history", "risk_indicators",
                 "review_learning")


def normal(text: str) -> str:
    text = re.sub(r"\*\*|[*_]", "", text).casefold()
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip().rstrip(":.?").strip()


class Labels:
    """Recognise a heading as one of the labels the templates print."""

    def __init__(self, layouts: dict):
        self.lookup: dict[str, str] = {}
        for key, words in SYNONYMS.items():
            for word in words:
                self.lookup.setdefault(normal(word), key)
        for key, word in schema.DEFAULT_LABELS.items():
            if word:
                self.lookup.setdefault(normal(word), key)
        for layout in layouts.values():
            for key, word in (layout.tokens.get("labels") or {}).items():
                if word:
                    self.lookup.setdefault(normal(str(word)), key)

    def key(self, text: str) -> str | None:
        found = self.lookup.get(normal(text))
        if found:
            return found
        for start, key in (("key learning", "key_learning"), ("recommendations", "recommendations"),
                           ("background", "background")):
            if normal(text).startswith(start):
                return key
        if "recurring themes" in normal(text):
            return "recurring_themes"
        return None


@dataclass
class Draft:
    """What the importer made of a document, before it is written as YAML."""

    publication: dict = field(default_factory=dict)
    reviews: list[dict] = field(default_factory=list)  # each with "name" and "data"
    notes: list[str] = field(default_factory=list)      # for a person to check
    done: list[str] = field(default_factory=list)       # what was recognised


# --- Markdown from blocks --------------------------------------------------------------

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
            out.append(indent + _escape_start(_one_line(block.text)))
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


def _escape_start(text: str) -> str:
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
