"""Turn the blocks of a Word file written without styles into the blocks a styled one would give.

Many real briefings use no heading or list styles: a heading is a short bold paragraph
on its own, a list is paragraphs that start with a typed "•", "-", "1.", "a)" or "(i)",
and the page is laid out with a table. This pass, run after `read.py`, makes those
paragraphs headings and list items and reads layout tables cell by cell in reading order,
so the mapping sees one structure whichever way the document was made.
"""

from __future__ import annotations

import re

from .labels import THEME_HEADING, Labels
from .read import Block
from .text import find_date, plain

# typed list markers; Word's Symbol-font bullets pasted as text are private-use characters
BULLETS = "•·▪■●◦○‣⁃∙➢►▶✓✔\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8"
MARKER = re.compile(
    rf"^(?P<stars>\*{{1,2}})?\s*(?:(?P<bullet>[{BULLETS}])\s*|(?P<dash>[-–—]|\\\*)\s+|"
    r"(?P<roman>\(?(?:i{1,3}|iv|vi{0,3}|ix|x)[.)])\s+|(?P<number>\(?\d{1,2}[.)])\s+|"
    r"(?P<letter>\(?[a-z][.)])\s+)(?P<rest>\S.*)$", re.S)
# marker types that start a list of their own; the others (dashes, letters, roman numbers)
# nest under the item before them
PRIMARY = {"number", "•", "●", "■", "▪", "➢", "►", "▶", "✓", "✔"}
HEADING_WORDS = 14       # a heading is at most this many words...
HEADING_CHARS = 90       # ...and this many characters
TITLE_SEARCH = 4         # the title is among the first blocks
# paragraph styles (Word's and bulletin's own) that are bold by design but never headings
NOT_HEADING_STYLES = ("subtitle", "kicker", "partnership", "meta", "lead", "caption", "quote", "intense quote",
                      "callout", "table", "note", "footer", "header")


def shape(blocks: list[Block], labels: Labels) -> list[Block]:
    """Layout tables read in order, typed lists as list items, bold lines as headings."""
    blocks = _unfold_tables(blocks, labels)
    blocks = _split_lines(blocks)
    blocks = _typed_lists(blocks)
    return _bold_headings(blocks, labels)


# --- tables used for layout ------------------------------------------------------------

def is_layout_table(table: Block, labels: Labels) -> bool:
    """A table that holds the page's text rather than data: one cell, or cells with headings,
    lists, several paragraphs or long text, or a label column naming the briefing's sections."""
    cells = [cell for row in table.rows for cell in row]
    if len(cells) <= 1:
        return True
    for cell in cells:
        kinds = {b.kind for b in cell}
        if len(cell) > 2 or kinds & {"heading", "item", "table"} or sum(len(b.text) for b in cell) > 250:
            return True
    left = [plain(row[0][0].text) for row in table.rows if len(row) == 2 and len(row[0]) == 1]
    return len(left) == len(table.rows) and any(labels.key(text) for text in left)


def _unfold_tables(blocks: list[Block], labels: Labels) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        if block.kind != "table" or not is_layout_table(block, labels):
            out.append(block)
            continue
        for row in block.rows:
            for cell in row:
                for inner in _unfold_tables(cell, labels):
                    if inner.kind == "para" and len(cell) > 1 and inner is cell[0] and labels.key(inner.text):
                        inner.bold = True  # a cell's first line naming a section is its heading
                    out.append(inner)
    return out


# --- typed lists ------------------------------------------------------------------------

def _split_lines(blocks: list[Block]) -> list[Block]:
    """A paragraph holding typed bullets on separate lines is one paragraph a line."""
    out: list[Block] = []
    for block in blocks:
        lines = block.text.split("\n")
        if block.kind == "para" and len(lines) > 1 and any(MARKER.match(line) for line in lines[1:]):
            out += [Block("para", line, 0, block.style, bold=block.bold, size=block.size, indent=block.indent)
                    for line in lines if line.strip()]
        else:
            out.append(block)
    return out


def _marker_type(match: re.Match, previous_letter: str) -> str:
    """bullet character, "-", "number", "letter" or "roman"; "i)" is a letter only right after "h)"."""
    if match.group("bullet"):
        return match.group("bullet").replace("\uf0b7", "•")
    if match.group("dash"):
        return "-"
    roman = (match.group("roman") or "").strip("().")
    if roman and not (len(roman) == 1 and previous_letter and ord(roman) == ord(previous_letter) + 1):
        return "roman"
    return "number" if match.group("number") else "letter"


def _typed_lists(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    stack: list[str] = []    # marker types of the open list levels, outermost first
    indents: list[int] = []  # their indents, where the document sets them
    previous_letter = ""     # the last "a)" marker's letter, to tell "i)" after "h)" from a roman one
    for block in blocks:
        match = MARKER.match(block.text) if block.kind == "para" else None
        if not match:
            if block.kind != "item":
                stack, indents = [], []
            out.append(block)
            continue
        kind = _marker_type(match, previous_letter)
        marker = match.group("letter") or match.group("roman") or ""
        previous_letter = marker.strip("().") if kind == "letter" else previous_letter
        if block.indent and indents and all(indents) and block.indent not in indents:
            while indents and indents[-1] > block.indent:  # dedent to an outer level
                stack.pop(), indents.pop()
            if not indents or indents[-1] < block.indent:
                stack.append(kind), indents.append(block.indent)
        elif kind in stack:
            del indents[stack.index(kind) + 1:], stack[stack.index(kind) + 1:]
        elif kind in PRIMARY:  # numbers after bullets (or the reverse) start a new list
            stack, indents = [kind], [block.indent]
        else:
            stack.append(kind), indents.append(block.indent)
        text = (match.group("stars") or "") + match.group("rest")
        out.append(Block("item", text, len(stack) - 1, block.style, ordered=kind in ("number", "letter", "roman"),
                         bold=block.bold, size=block.size, indent=block.indent))
    return out


# --- headings ---------------------------------------------------------------------------

def looks_like_heading(block: Block, labels: Labels) -> bool:
    """Short, bold and alone (or large, or exactly a section's name), and not a sentence."""
    text = plain(block.text)
    if block.kind != "para" or not text or len(text) > HEADING_CHARS or len(text.split()) > HEADING_WORDS:
        return False
    if re.search(r"https?://|www\.|@", text) or find_date(text)[0] and len(find_date(text)[1]) < 12:
        return False
    if labels.exact(text):
        return True
    if text.endswith((".", ",", ";")) and not text.endswith("etc."):
        return False
    if block.style.casefold().startswith(NOT_HEADING_STYLES):
        return False
    return block.bold or block.size >= 14 or "heading" in block.style.lower()


def _bold_headings(blocks: list[Block], labels: Labels) -> list[Block]:
    real = [b.level for b in blocks if b.kind == "heading"]
    top = min((level for level in real if level > 1), default=2)
    title_at = _title_candidate(blocks, labels) if not real else None
    # in a file with heading styles, bold lines above the first heading are its masthead
    first_real = next((i for i, b in enumerate(blocks) if b.kind == "heading"), 0)
    out: list[Block] = []
    nest = _Nesting(top, bool(real))
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            out.append(block)
            nest.seen(block.level, labels.key(block.text), bool(THEME_HEADING.match(plain(block.text))))
        elif index == title_at:
            out.append(Block("heading", _heading_text(block.text), 1, block.style))
        elif index < first_real or title_at is not None and index < title_at or not looks_like_heading(block, labels):
            out.append(block)
            nest.text()
        else:
            text = _heading_text(block.text)
            level = nest.level(labels.key(text), bool(THEME_HEADING.match(text)))
            out.append(Block("heading", text, level, block.style))
    return out


class _Nesting:
    """The level a bold line takes, from what came before it: a section's name or a theme is a
    section; 'What this means for practice' sits under its theme; other lines right under a
    'Learning' heading are its themes; the rest are sections (or, in a document with heading
    styles, sub-headings of Background and Findings)."""

    def __init__(self, top: int, styled: bool):
        self.top, self.styled = top, styled
        self.section_key: str | None = None
        self.in_theme = False      # the last heading was a theme (or a heading nested in a section)
        self.learning_empty = False  # a learning heading with no text under it yet
        self.nested = 0            # headings nested under the current section
        self.last_level = top      # the level of the last heading that is not a practice heading

    def seen(self, level: int, key: str | None, theme: bool) -> None:
        if key != "practice":
            self.last_level = level
        if level <= self.top:
            self.section_key, self.nested = key, 0
            self.learning_empty = key == "key_learning"
            self.in_theme = theme
        elif key != "practice":
            self.nested += 1
            self.in_theme = True

    def text(self) -> None:
        if not self.nested:
            self.learning_empty = False

    def level(self, key: str | None, theme: bool) -> int:
        top = self.top
        if key == "practice":
            return self.last_level + 1 if self.in_theme else top
        if theme:
            level = top + 1 if self.section_key == "key_learning" and (self.learning_empty or self.nested) else top
        elif key:
            level = top
        elif self.section_key == "key_learning" and (self.learning_empty or self.nested):
            level = top + 1
        elif self.styled and self.section_key in ("background", "findings"):
            level = top + 1
        else:
            level = top
        self.seen(level, key, theme)
        return level


def _title_candidate(blocks: list[Block], labels: Labels) -> int | None:
    """Of the heading-like lines at the very top, the largest (the first, if all are the same size)."""
    candidates = []
    for index, block in enumerate(blocks[:TITLE_SEARCH]):
        if block.kind != "para" or not looks_like_heading(block, labels) and not find_date(block.text)[0]:
            break
        if looks_like_heading(block, labels) and not labels.key(block.text):
            candidates.append(index)
    if not candidates:
        return None
    return max(candidates, key=lambda i: (blocks[i].size, -i))


def _heading_text(text: str) -> str:
    """A heading's words without its bold markers or a closing colon."""
    return plain(text).rstrip(":").strip()
