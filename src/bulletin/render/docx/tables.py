"""Turn an HTML <table> into a Word table with a repeating header row and a caption.

Header rows (in <thead>, or leading rows of <th> cells) are marked w:tblHeader, so Word
repeats them on each page and reads them as headers; `th scope="row"` cells become
row headings. No row splits across pages (w:cantSplit). The <caption> is a Caption paragraph above the table and the table's
w:tblCaption (Word's table title for screen readers).
"""

from __future__ import annotations

import re
from dataclasses import replace

from docx.shared import Pt

from bulletin.render.docx import xml as X
from bulletin.render.docx.tree import DocxContractError, Node, collapse
from bulletin.render.measure import POINT_MM, PageGeometry, characters_across

TWIPS_PER_MM = 1440 / 25.4
LINE_SPACING = 1.25  # Word's single-and-a-bit body spacing, as a multiple of the type size
BLOCKS = ("p", "li", "h3", "h4")  # the parts of a row's text that start a line


def write_table(writer, node: Node, ctx) -> None:
    caption, rows = _parts(node)
    if not rows:
        raise DocxContractError("<table> without rows", node.line)
    head_count = _header_row_count(rows)
    placed, ncols = _place(rows)
    if caption is not None:
        writer.paragraph(caption.children, "Caption", replace(ctx, box=None))
    table = ctx.body.new_table(len(rows), ncols, node.line)
    X.set_table_style(table, writer.style_ids["Bulletin Table"])
    X.set_table_width_pct(table, _widths(rows, ncols, head_count), writer.text_width)
    colours = writer.layout.colours
    grid = X.table_cells(table)
    for r, c, rowspan, colspan, cell_node in placed:
        cell = grid[r * ncols + c]
        if rowspan > 1 or colspan > 1:
            cell = cell.merge(grid[(r + rowspan - 1) * ncols + c + colspan - 1])
        if r < head_count:
            style = "Table Heading"
            X.shade_cell(cell, colours.primary)
        elif cell_node.tag == "th":
            style = "Row Heading"
            X.shade_cell(cell, colours.callout_bg)
        else:
            style = "Table Text"
        X.set_paragraph_style(cell.paragraphs[0], writer.style_ids[style])
        if cell_node.attrs.get("id"):
            writer.pending_bookmarks.append(X.bookmark_name(cell_node.attrs["id"]))
        cell_ctx = replace(ctx, body=writer.cell_body(cell), style=style, box=None,
                           level=-1, number=None, indent=0)
        writer.flow(cell_node.children, cell_ctx)
    for row in table.rows:
        X.keep_row_together(row)
    for row in table.rows[:head_count]:
        X.mark_header_row(row)
    if caption is not None:
        X.set_table_caption(table, caption.text())


FACT_WIDTHS = [0.3, 0.7]  # as the PDF's .fact: heading in 27% and a gutter


def is_fact(item) -> bool:
    return isinstance(item, Node) and item.tag == "section" and item.has_class("fact")


def write_fact_rows(writer, facts: list[Node], ctx) -> None:
    """A bulletin's run of section.fact (heading | content) as one two-column layout
    table, as the PDF sets them side by side. Its headers are the real headings in its
    first column, so it needs no header row (checks/accessibility/docx.py accepts it as a layout table); it
    has no caption, which would announce a data table (WCAG F46)."""
    table = ctx.body.new_table(len(facts), 2, facts[0].line)
    X.set_table_width_pct(table, FACT_WIDTHS, writer.text_width)
    X.mark_layout_table(table, writer.layout.colours.primary)
    cell_ctx = replace(ctx, box=None, rule=None, level=-1, number=None, indent=0)
    for row, fact in zip(table.rows, facts):
        heading = next(c for c in fact.children if isinstance(c, Node))
        if fact.attrs.get("id"):
            writer.pending_bookmarks.append(X.bookmark_name(fact.attrs["id"]))
        label, content = row.cells
        writer.flow([heading], replace(cell_ctx, body=writer.cell_body(label)))
        for paragraph in label.paragraphs:
            # a heading's keep-with-next would chain each row to the next (Word and LibreOffice
            # read it so in a table) and push the whole table on to a new page
            X.set_keep_with_next(paragraph, False)
        for cell in (label, content):  # label and content start level, as in the PDF
            cell.paragraphs[0].paragraph_format.space_before = Pt(0)
        writer.flow([c for c in fact.children if c is not heading], replace(cell_ctx, body=writer.cell_body(content)))
        if row_is_short(fact, writer.text_width * FACT_WIDTHS[1], writer.geometry):
            X.keep_row_together(row)


def row_is_short(fact: Node, column_twips: float, geometry: PageGeometry) -> bool:
    """Whether a labelled row is kept whole: when it stands at most a third of a page tall,
    so moving it to the next page never leaves more than a third of a page empty. A longer
    one (Sunderland's case details in a 75-character column) runs on, as the PDF's does."""
    per_line = characters_across(column_twips / TWIPS_PER_MM, geometry.size_pt)
    blocks = [collapse(node.text()) for node in fact.iter() if isinstance(node, Node) and node.tag in BLOCKS]
    lines = sum(-(-len(text) // per_line) + 1 for text in blocks if text)  # + its spacing
    page_mm = geometry.height_mm - geometry.top_mm - geometry.bottom_mm
    return lines * geometry.size_pt * LINE_SPACING * POINT_MM <= page_mm / 3


def _parts(node: Node) -> tuple[Node | None, list[tuple[Node, bool]]]:
    """(caption, [(tr, in_thead)]) in document order."""
    caption, rows = None, []
    for child in node.children:
        if isinstance(child, str):
            if child.strip():
                raise DocxContractError("text directly inside <table>", node.line)
            continue
        if child.tag == "caption":
            caption = child
        elif child.tag in ("thead", "tbody", "tfoot"):
            for tr in child.children:
                if isinstance(tr, Node):
                    _expect(tr, "tr")
                    rows.append((tr, child.tag == "thead"))
        else:
            _expect(child, "tr")
            rows.append((child, False))
    return caption, rows


def _expect(node: Node, tag: str) -> None:
    if node.tag != tag:
        raise DocxContractError(f"<{node.tag}> where a table needs <{tag}>", node.line)


def _cells(tr: Node) -> list[Node]:
    cells = []
    for child in tr.children:
        if isinstance(child, Node):
            if child.tag not in ("th", "td"):
                raise DocxContractError(f"<{child.tag}> inside <tr> (only th/td)",
                                        child.line)
            cells.append(child)
    return cells


def _header_row_count(rows: list[tuple[Node, bool]]) -> int:
    if any(in_head for _, in_head in rows):
        return sum(1 for _, in_head in rows if in_head)
    count = 0
    for tr, _ in rows:
        cells = _cells(tr)
        if cells and all(c.tag == "th" and c.attrs.get("scope") != "row" for c in cells):
            count += 1
        else:
            break
    return count if count < len(rows) else 0


def _place(rows: list[tuple[Node, bool]]):
    """Grid positions (row, col, rowspan, colspan, cell) honouring row and col spans."""
    taken: set[tuple[int, int]] = set()
    placed, ncols = [], 0
    for r, (tr, _) in enumerate(rows):
        c = 0
        for cell in _cells(tr):
            while (r, c) in taken:
                c += 1
            rowspan = max(1, min(_int(cell.attrs.get("rowspan")), len(rows) - r))
            colspan = max(1, _int(cell.attrs.get("colspan")))
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, c + dc))
            placed.append((r, c, rowspan, colspan, cell))
            c += colspan
            ncols = max(ncols, c)
    ncols = max([ncols] + [col + 1 for _, col in taken])
    return placed, ncols


def _int(value: str | None) -> int:
    try:
        return int(value) if value else 1
    except ValueError:
        return 1


_WIDTH_PCT = re.compile(r"(?:^|;)\s*width\s*:\s*([\d.]+)%")


def _set_widths(rows, ncols: int, head_count: int) -> list[float] | None:
    """Column shares the template set on the header cells (style="width: 56%"), the
    same ones the PDF and web page use; None unless every column has one."""
    if not head_count:
        return None
    shares = []
    for cell in _cells(rows[head_count - 1][0]):
        found = _WIDTH_PCT.search(cell.attrs.get("style", ""))
        if not found or _int(cell.attrs.get("colspan")) != 1:
            return None
        shares.append(float(found.group(1)) / 100)
    return [share / sum(shares) for share in shares] if len(shares) == ncols and sum(shares) else None


def _widths(rows, ncols: int, head_count: int) -> list[float]:
    """Column shares: the template's own widths, else row headings get a wider first
    column (under a third of two) and other columns share alike."""
    set_by_template = _set_widths(rows, ncols, head_count)
    if set_by_template:
        return set_by_template
    first_is_heading = all(_cells(tr) and _cells(tr)[0].tag == "th"
                           for tr, _ in rows[head_count:])
    if ncols == 2 and first_is_heading:
        return [0.3, 0.7]
    if first_is_heading:
        # Row headings are words, the other cells often one word ("Yes"): give them room.
        first = 1.6 / (ncols + 0.6)
        return [first] + [(1 - first) / (ncols - 1)] * (ncols - 1)
    return [1 / ncols] * ncols
