"""Turn a layout's type size and line length, and a kind's paper, into page geometry in mm.

Lines of 60-80 characters read best. A layout's `page.line_chars` says how many
characters a full line of body text holds (75 unless it says otherwise); a kind's `paper`
(kinds/) says whether it is set portrait in one column or landscape in two. The PDF's page
margins and the Word file's are both worked out here, so every edition sets the same
columns whatever the paper leaves over.
"""

from __future__ import annotations

from dataclasses import dataclass

A4_MM = (210.0, 297.0)
POINT_MM = 25.4 / 72
COLUMN_GAP_MM = 10.0

# The mean advance of a character of English text (spaces included) in the body font,
# in ems: 0.448 for Atkinson Hyperlegible, measured on the reference publications'
# PDF lines (about 100 characters across 174 mm at 11 pt).
EM_PER_CHARACTER = 0.448
LINE_CHARS = 75


@dataclass(frozen=True)
class PageGeometry:
    """An A4 page as one kind of publication is set on it."""

    orientation: str      # "portrait" or "landscape"
    width_mm: float
    height_mm: float
    top_mm: float
    bottom_mm: float
    side_mm: float        # left and right margin alike
    columns: int
    gap_mm: float         # between columns
    size_pt: float        # body text size


def text_width_mm(size_pt: float, line_chars: int = LINE_CHARS) -> float:
    """The width of a column that holds `line_chars` characters at `size_pt`."""
    return line_chars * EM_PER_CHARACTER * size_pt * POINT_MM


def characters_across(width_mm: float, size_pt: float) -> int:
    """How many characters of `size_pt` text a line `width_mm` wide holds (text_width_mm turned round)."""
    return max(1, int(width_mm / (EM_PER_CHARACTER * size_pt * POINT_MM)))


def page_geometry(margin_mm: float, line_chars: int | None, size_pt: float, paper: dict) -> PageGeometry:
    """The page for a layout's `page.margin_mm` and `page.line_chars` at body size
    `size_pt` and a kind's `paper`: the margin at least, wider at the sides where columns
    of `line_chars` (LINE_CHARS if None) characters leave more paper over. A landscape
    sheet has smaller top and bottom margins, as its columns are short."""
    landscape = paper.get("orientation") == "landscape"
    width, height = (A4_MM[1], A4_MM[0]) if landscape else A4_MM
    size = round(size_pt * float(paper.get("type_scale", 1.0)), 2)
    columns = int(paper.get("columns", 1))
    margin = float(margin_mm)
    gap = COLUMN_GAP_MM if columns > 1 else 0.0
    set_width = columns * text_width_mm(size, int(line_chars or LINE_CHARS)) + gap * (columns - 1)
    side = round(max(margin, (width - set_width) / 2), 1)
    top = min(margin, 13.0) if landscape else margin
    return PageGeometry("landscape" if landscape else "portrait", width, height, top, top + 6, side,
                        columns, gap, size)
