"""Turn a WeasyPrint page into the plain measurements bulletin reads off it: the one place
that touches WeasyPrint's private layout tree.

WeasyPrint documents `Document.pages` and each page's size but not the boxes laid out on
it; measuring where text ends (render/contents.py: does a publication run past two pages without its
contents list?) needs them. Every private name is read here and nowhere else, and
tests/test_adapters.py lays out a real page through this module, so an upgrade that
renames or reshapes them fails there, by name, before it can mis-measure a publication.
pyproject.toml pins WeasyPrint to the range this was tested on.
"""

from __future__ import annotations

from dataclasses import dataclass

from weasyprint.formatting_structure import boxes


@dataclass(frozen=True)
class FlowBox:
    """One block or line box in a page's flow (the running footer's margin boxes left out)."""

    tag: str | None   # the HTML element it was made for, if any
    block: bool       # a block box (a section, a nav, a paragraph's container)
    line: bool        # a line of text, a table row or an image: something that shows
    top: float        # its margin edge, from the top of the page, in CSS px
    height: float     # its margin height
    bottom: float     # top + height


@dataclass(frozen=True)
class PageArea:
    """A page's content area and the boxes laid out in it, in document order."""

    top: float
    height: float
    flow: tuple[FlowBox, ...]


def page_area(page) -> PageArea:
    """The content area of one `weasyprint.Page` and every box in its flow."""
    box = page._page_box  # private: WeasyPrint keeps the laid-out tree only here
    found = []
    for child in box.children:
        if isinstance(child, boxes.MarginBox):  # the running footer, not the text
            continue
        for descendant in child.descendants():
            block = isinstance(descendant, boxes.BlockBox)
            line = isinstance(descendant, (boxes.LineBox, boxes.TableRowBox, boxes.ReplacedBox))
            if not (block or line):
                continue
            top, height = descendant.position_y, descendant.margin_height()
            found.append(FlowBox(getattr(descendant, "element_tag", None), block, line,
                                 top, height, top + height))
    return PageArea(box.content_box_y(), box.height, tuple(found))
