"""Turn the links and images in a source text into accessibility diagnostics at file:line:col.

Screen-reader users often move from link to link, hearing only the link text, so the
text must say where the link goes. Images need alt text that says what they show.
"""

from __future__ import annotations

import re
from urllib.parse import unquote
from collections import defaultdict

from bulletin.diagnostics import Diagnostic, error, warning
from bulletin.checks.plaintext import Link, find_links, to_plain

# Link text that means nothing out of context (WCAG 2.4.4). Compared after lower-casing
# and stripping punctuation.
GENERIC_LINK_TEXT = {
    "click here", "here", "read more", "link", "this page", "this link", "click",
    "more", "click this link", "more here", "see here", "go here", "this",
    "click here for more information", "find out more here", "read more here",
}
_URLISH = re.compile(r"^(?:(?:https?|ftp|mailto|tel):\S+|www\.\S+|[\w-]+(?:\.[\w-]+)+/\S*)$", re.I)
_IMAGE_WORDS = {"image", "picture", "photo", "photograph", "graphic", "img", "logo", "icon",
                "figure", "diagram", "chart", "screenshot", "pic"}
_FILE_NAME = re.compile(r"^[\w\-. ]+\.(?:png|jpe?g|gif|svg|webp|bmp|tiff?|pdf)$", re.I)


# Words that send the reader to a link ("Click on the link below", "Read more about X
# here"). They only make sense with a working link beside them: the link's own words,
# the link in the same sentence, or, for "below", the link in the next paragraph.
_LINK_PHRASE = re.compile(
    r"\b(?:click(?:\s+on)?\s+(?:here|below|(?:the|this)\s+link(?:\s+below)?)"
    r"|click\s+for\s+more\s+information"
    r"|(?:read|find\s+out|see)\s+more\b[^.!?\n]{0,80}?\bhere\b"
    r"|the\s+link\s+below)\b", re.I)
_SENTENCE_END = re.compile(r"[.!?;:](?=\s)|\n[ \t]*\n")
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")


# A paragraph that is nothing but bold text: a heading in disguise.
_BOLD_LINE = re.compile(r"(?:^|(?<=\n\n))[ \t]*\*\*([^*\n]+)\*\*[ \t]*:?[ \t]*(?=\n\n|\n?$)")


def _normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def link_text_problem(text: str, href: str) -> str:
    """Why this link text will not do, or '' when it is fine."""
    shown = text.strip()
    if not shown:
        return "link has no text: write words that say where it goes"
    if _URLISH.match(shown) or shown.rstrip("/") in (href.rstrip("/"), unquote(href).rstrip("/")):
        return (f"link text is a web address ('{shown[:60]}'): write words that say where it "
                "goes, e.g. [name of the page](address)")
    if _normalise(shown) in GENERIC_LINK_TEXT:
        return (f"link text '{shown}' does not say where it goes: use the name of the page or "
                "document, e.g. [Escalation policy](...)")
    return ""


def _image_alt_problem(alt: str, src: str) -> str:
    shown = alt.strip()
    if not shown:
        return f"image '{src}' has no alt text: write what it shows in the [ ] of ![...]({src})"
    if _FILE_NAME.match(shown) or shown.lower() == src.rsplit("/", 1)[-1].lower():
        return f"alt text of image '{src}' is a file name: write what the image shows"
    if _normalise(shown) in _IMAGE_WORDS:
        return f"alt text '{shown}' of image '{src}' says nothing: write what the image shows"
    return ""


def check_links_and_images(text, publication: str, session=None) -> list[Diagnostic]:
    """Link text and image alt text in one source text."""
    out: list[Diagnostic] = []
    links = find_links(text, session)
    for link in links:
        where = text.loc_at(link.start)
        if link.kind == "image":
            problem = _image_alt_problem(link.text, link.href)
            if problem:
                out.append(error("a11y.image-alt", problem, where, publication=publication))
            continue
        problem = link_text_problem(link.href if link.kind == "autolink" else link.text, link.href)
        if problem:
            out.append(error("a11y.link-text", problem, where, publication=publication))
    for m in _BOLD_LINE.finditer(text):
        words = m.group(1).strip()
        if len(words) <= 100 and not words.endswith((".", ",", ";")):
            out.append(warning(
                "a11y.fake-heading",
                f"'{words[:50]}' is a bold line standing as a heading: start a new section "
                "with heading: instead, so screen readers and Word can find it",
                text.loc_at(m.start()), publication=publication))
    # Link targets (empty, '#', bad schemes) and bare web addresses in running text are
    # the link checker's (links.placeholder, links.invalid, links.bare-domain).
    return out + check_link_phrases(text, links, publication)


def _phrase_scope(plain: str, start: int, end: int, below: bool) -> tuple[int, int]:
    """Where the link a phrase points at must be: its sentence, or up to the end of the
    paragraph after it when the phrase says 'below'."""
    before = [m.end() for m in _SENTENCE_END.finditer(plain, 0, start)]
    first = before[-1] if before else 0
    stop = _PARAGRAPH_END.search(plain, end) if below else _SENTENCE_END.search(plain, end)
    last = stop.end() if stop else len(plain)
    if below and stop:
        after = _PARAGRAPH_END.search(plain, stop.end())
        last = after.start() if after else len(plain)
    return first, last


def check_link_phrases(text, links: list[Link], publication: str) -> list[Diagnostic]:
    """'Click here', 'click on the link below', 'read more ... here' where no working link
    is beside them: in print, on a screen reader, and wherever a placeholder lost its
    address, the reader is sent to something they cannot follow. A warning, since boards'
    published wording is often reproduced word for word."""
    working = [link for link in links if link.kind != "image" and link.href.strip() not in ("", "#")]
    plain, _ = to_plain(text, links)
    out = []
    for m in _LINK_PHRASE.finditer(plain):
        if any(link.start <= m.start() < link.end for link in links):
            continue  # the phrase is a link's own words: a11y.link-text's concern
        first, last = _phrase_scope(plain, m.start(), m.end(), "below" in m.group(0).lower())
        if any(link.start < last and link.end > first for link in working):
            continue
        phrase = " ".join(m.group(0).split())
        out.append(warning(
            "a11y.link-phrase",
            f"'{phrase}' sends the reader to a link, but there is no working link beside it "
            "(a placeholder [text](#) prints as plain text): fill in the link's address, or "
            "name the page instead, e.g. 'the [Neglect Strategy](address) sets out ...'",
            text.loc_at(m.start()), publication=publication))
    return out


def check_link_consistency(texts, publication: str, session=None) -> list[Diagnostic]:
    """The same link text pointing at different targets across a publication (WCAG 2.4.4)."""
    seen: dict[str, list[tuple[Link, object]]] = defaultdict(list)
    for text in texts:
        for link in find_links(text, session):
            if link.kind == "link" and link.href.strip() not in ("", "#"):
                seen[_normalise(link.text)].append((link, text))
    out = []
    for key, uses in seen.items():
        if not key:
            continue
        first_link, first_text = uses[0]
        first_where = first_text.loc_at(first_link.start)
        reported = {first_link.href.rstrip("/")}
        for link, text in uses[1:]:
            if link.href.rstrip("/") in reported:
                continue
            reported.add(link.href.rstrip("/"))
            out.append(warning(
                "a11y.link-same-text",
                f"link text '{link.text}' also links to {first_link.href} (at {first_where}): "
                "give links to different places different words",
                text.loc_at(link.start), publication=publication))
    return out
