"""Turn the links and images in a source text into accessibility diagnostics at file:line:col.

Screen-reader users often move from link to link, hearing only the link text, so the
text must say where the link goes. Images need alt text that says what they show.
"""

from __future__ import annotations

import re
from urllib.parse import unquote
from collections import defaultdict

from ..diagnostics import Diagnostic, error, warning
from .plaintext import Link, find_links

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


def check_links_and_images(text, publication: str) -> list[Diagnostic]:
    """Link text and image alt text in one source text."""
    out: list[Diagnostic] = []
    links = find_links(text)
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
    return out


def check_link_consistency(texts, publication: str) -> list[Diagnostic]:
    """The same link text pointing at different targets across a publication (WCAG 2.4.4)."""
    seen: dict[str, list[tuple[Link, object]]] = defaultdict(list)
    for text in texts:
        for link in find_links(text):
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
