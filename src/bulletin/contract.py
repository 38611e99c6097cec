"""The template contract: which HTML elements and classes publication HTML may use.

Templates emit *publication HTML*; the PDF and HTML page are that tree plus layout CSS,
and the Word writer maps each element and class below to a Word style. Anything outside
this table is a build error (see `check_contract`), so no format can silently drop
content that another shows.
"""

from __future__ import annotations

from html.parser import HTMLParser

# element -> classes it may carry ("" = no class). Order of the table is the order in
# docs/template-contract.md.
ELEMENTS: dict[str, set[str]] = {
    # document frame
    "html": {""},
    "head": {""},
    "meta": {""},
    "title": {""},
    "style": {""},
    "link": {""},
    "body": {""},
    "header": {"", "masthead"},
    "main": {""},
    "footer": {"", "colophon"},
    "nav": {"", "toc"},
    # sections and named boxes
    "section": {"", "case", "theme", "learning", "recommendations", "footnotes",
                "themes-table", "briefing-step", "action-plan", "print-links", "fact"},
    "aside": {"callout", "callout key-points", "callout contact", "callout report",
              "callout draft", "callout practice", "callout note"},
    "div": {"mark-draft"},
    # headings and text
    "h1": {""}, "h2": {""}, "h3": {""}, "h4": {""},
    "p": {"", "kicker", "subtitle", "partnership", "lead", "meta", "note", "contact",
          "page-count", "draft-mark", "caption", "print-url"},
    "ul": {"", "toc-list", "themes-list"},
    "ol": {"", "toc-list", "footnote-list", "steps"},
    "li": {"", "footnote"},
    "strong": {""},
    "em": {""},
    "a": {"", "footnote-ref", "footnote-back", "toc-link"},
    "sup": {""},
    "br": {""},
    "span": {"", "toc-page", "theme-tag", "due", "owner", "mark-yes"},
    # tables
    "table": {"", "fact-table", "themes-table", "action-plan", "recommendations-table"},
    "caption": {""},
    "thead": {""}, "tbody": {""}, "tr": {""},
    "th": {""},
    "td": {""},
    # pictures
    "figure": {"", "qr"},
    "img": {"", "logo", "qr"},
    "figcaption": {""},
}

# Elements whose content is not part of the reading text.
NON_TEXT = {"head", "title", "style", "meta", "link"}


class _ContractChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        line, _ = self.getpos()
        if tag not in ELEMENTS:
            self.problems.append((line, f"element <{tag}> is not in the template contract"))
            return
        cls = " ".join((dict(attrs).get("class") or "").split())
        allowed = ELEMENTS[tag]
        if cls not in allowed and not (tag == "body"):
            self.problems.append(
                (line, f"class '{cls}' on <{tag}> is not in the template contract "
                       f"(allowed: {', '.join(sorted(c or '(none)' for c in allowed))})"))


def check_contract(html: str) -> list[tuple[int, str]]:
    """(line in the HTML, message) for each element or class outside the contract."""
    checker = _ContractChecker()
    checker.feed(html)
    checker.close()
    return checker.problems
