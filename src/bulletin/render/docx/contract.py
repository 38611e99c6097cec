"""Map each element and class of the template contract to what it becomes in Word.

The writer looks every element up here before writing it; anything missing is a
`DocxContractError` naming the element, class and HTML line. A test checks this table
covers `bulletin.contract.ELEMENTS`, so a class added to the contract without a Word
mapping fails the tests instead of vanishing from the Word file.
"""

from __future__ import annotations

from bulletin.render.docx.styles import CALLOUT_STYLES
from bulletin.render.docx.tree import DocxContractError, Node

# Not reading text: the head and anything like it.
IGNORED = {"head": {""}, "title": {""}, "meta": {""}, "style": {""}, "link": {""}}

# Elements that only group blocks; their own text (if any) takes the context's style.
CONTAINERS = {
    "html": {""}, "body": {""}, "main": {""},
    "header": {"", "masthead"}, "footer": {"", "colophon"}, "nav": {""},
    "section": {"", "case", "theme", "learning", "recommendations", "themes-table",
                "briefing-step", "action-plan", "print-links", "fact"},
    "figure": {"", "qr"},
}

PARAGRAPH_STYLES = {
    ("h1", ""): "Heading 1", ("h2", ""): "Heading 2", ("h3", ""): "Heading 3",
    ("h4", ""): "Heading 4",
    ("p", ""): "Normal", ("p", "kicker"): "Kicker", ("p", "subtitle"): "Subtitle",
    ("p", "partnership"): "Partnership", ("p", "lead"): "Lead", ("p", "meta"): "Meta",
    ("p", "note"): "Note", ("p", "contact"): "Contact", ("p", "page-count"): "Page Count",
    ("p", "draft-mark"): "Draft Mark", ("p", "caption"): "Caption",
    ("p", "print-url"): "Print URL",
    ("figcaption", ""): "Caption",
}

# list element -> class -> numbered?
LISTS = {
    "ul": {"": False, "toc-list": False, "themes-list": False},
    "ol": {"": True, "toc-list": True, "footnote-list": True, "steps": True},
}

CHARACTER_STYLES = {
    ("span", ""): None, ("span", "toc-page"): "TOC Page",
    ("span", "theme-tag"): "Theme Tag", ("span", "due"): "Due Date",
    ("span", "owner"): "Owner", ("span", "mark-yes"): "Mark Yes",
}

# Elements with a handler of their own in the writer (beyond the tables above).
SPECIAL = {
    "nav": {"toc"},
    "section": {"footnotes"},
    "aside": set(CALLOUT_STYLES),
    "div": {"mark-draft"},
    "li": {"", "footnote"},
    "strong": {""}, "em": {""}, "sup": {""}, "br": {""},
    "a": {"", "footnote-ref", "footnote-back", "toc-link"},
    "img": {"", "logo", "qr"},
    "table": {"", "fact-table", "themes-table", "action-plan", "recommendations-table"},
    "caption": {""}, "thead": {""}, "tbody": {""}, "tr": {""}, "th": {""}, "td": {""},
}


def known_elements() -> dict[str, set[str]]:
    """Every element and class the Word writer maps, in the contract's shape."""
    known: dict[str, set[str]] = {}
    for table in (IGNORED, CONTAINERS, SPECIAL):
        for tag, classes in table.items():
            known.setdefault(tag, set()).update(classes)
    for table in (PARAGRAPH_STYLES, CHARACTER_STYLES):
        for tag, cls in table:
            known.setdefault(tag, set()).add(cls)
    for tag, classes in LISTS.items():
        known.setdefault(tag, set()).update(classes)
    return known


KNOWN = known_elements()


def check_node(node: Node) -> None:
    """Raise DocxContractError if the writer has no mapping for this element/class."""
    if node.tag not in KNOWN:
        raise DocxContractError(
            f"element <{node.tag}> has no Word mapping (not in the template contract)",
            node.line)
    # <body> may carry any class (layouts use it for page-level switches).
    if node.tag != "body" and node.cls not in KNOWN[node.tag]:
        raise DocxContractError(
            f"class '{node.cls}' on <{node.tag}> has no Word mapping (not in the "
            f"template contract)", node.line)


def check_tree(root: Node) -> None:
    for node in root.iter():
        if node.tag != "#document":
            check_node(node)
