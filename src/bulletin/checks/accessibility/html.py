"""Turn a built HTML page into accessibility diagnostics at the page's file:line (WCAG 2.2 AA)."""

from __future__ import annotations

import lxml.etree
import lxml.html

from bulletin.markup import is_address_link
from bulletin.contract import check_contract
from bulletin.diagnostics import Diagnostic, Location, error, warning
from bulletin.checks.accessibility.source import link_text_problem


def _text(el) -> str:
    return " ".join(el.text_content().split())


def check_html(html: str, title: str, path: str) -> list[Diagnostic]:
    """Language, title, headings, tables, images, link text and the template contract."""
    out: list[Diagnostic] = []

    def at(el=None) -> Location:
        line = getattr(el, "sourceline", None) or 0
        return Location(path, line)

    try:
        doc = lxml.html.document_fromstring(html)
    except (lxml.etree.LxmlError, ValueError) as exc:  # empty or unparseable; ValueError: an encoding declaration
        return [error("a11y.html-parse", f"the HTML page could not be read: {exc}", at())]

    lang = (doc.get("lang") or "").strip()
    if not lang:
        out.append(error("a11y.html-lang", "<html> has no lang: the template must write "
                         "<html lang=\"en-GB\">", at(doc)))
    elif lang.lower() != "en-gb":
        out.append(warning("a11y.html-lang", f"<html lang=\"{lang}\"> should be \"en-GB\" for "
                           "British English, so screen readers pronounce it right", at(doc)))

    titles = doc.findall(".//title")
    page_title = _text(titles[0]) if titles else ""
    if not page_title:
        out.append(error("a11y.html-title", f"page has no <title>: it should be '{title}'", at(doc)))
    elif page_title != " ".join(title.split()):
        out.append(error("a11y.html-title", f"page <title> is '{page_title}', not the "
                         f"publication title '{title}'", at(titles[0])))

    headings = [el for el in doc.iter() if isinstance(el.tag, str)
                and len(el.tag) == 2 and el.tag[0] == "h" and el.tag[1] in "123456"]
    h1s = [h for h in headings if h.tag == "h1"]
    if len(h1s) != 1:
        out.append(error("a11y.html-h1", f"page has {len(h1s)} level-1 headings (<h1>); it "
                         "needs exactly one, the title", at(h1s[1] if len(h1s) > 1 else doc)))
    previous = 0
    for h in headings:
        level = int(h.tag[1])
        if level > previous + 1:
            out.append(error("a11y.heading-order",
                             f"heading '{_text(h)[:50]}' is level {level} after level "
                             f"{previous}: headings must not skip a level", at(h)))
        previous = level

    for table in doc.iter("table"):
        if table.find("caption") is None or not _text(table.find("caption")):
            out.append(error("a11y.table-caption", "table has no <caption>: give it one saying "
                             "what it holds", at(table)))
        ths = list(table.iter("th"))
        if not ths:
            out.append(error("a11y.table-headers", "table has no header cells (<th>)", at(table)))
        for th in ths:
            if th.get("scope") not in ("col", "row", "colgroup", "rowgroup"):
                out.append(error("a11y.table-headers", f"header cell '{_text(th)[:40]}' has no "
                                 "scope=\"col\" or scope=\"row\"", at(th)))

    for img in doc.iter("img"):
        alt = img.get("alt")
        if alt is None or not alt.strip():
            out.append(error("a11y.image-alt",
                             f"image '{img.get('src', '')[:60]}' has {'no' if alt is None else 'empty'} "
                             "alt text (an empty alt also leaves the PDF's Figure without /Alt): "
                             "describe it, or make a decorative image a CSS background", at(img)))

    for p in doc.iter("p"):
        kids = list(p)
        if (len(kids) == 1 and kids[0].tag in ("strong", "b") and not (p.text or "").strip()
                and not (kids[0].tail or "").strip()):
            words = _text(p)
            if words and len(words) <= 100 and not words.endswith((".", ",", ";")):
                out.append(error("a11y.html-fake-heading",
                                 f"'{words[:50]}' is a bold paragraph standing as a heading: the "
                                 "template should write it as <h2>-<h4>", at(p)))

    for a in doc.iter("a"):
        href = a.get("href") or ""
        # In-page links are labelled by the template; a link whose text is its own address
        # is reported once, at its source line (links.bare or a11y.link-text).
        if href.startswith("#") or is_address_link(_text(a), href):
            continue
        problem = link_text_problem(_text(a), href)
        if problem:
            out.append(error("a11y.link-text", problem, at(a)))

    for line, message in check_contract(html):
        out.append(error("a11y.html-contract", message, Location(path, line)))
    return out
