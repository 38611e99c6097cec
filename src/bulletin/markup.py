"""Turn the Markdown subset of source text into publication HTML fragments.

Paragraphs, **bold**, *italic*, links, images and bullet/numbered lists only: raw HTML
is escaped, headings, code and quotes are switched off so a source cannot break the
template contract. Two rules keep outputs honest and accessible: a placeholder link
(`[text](#)` or an empty target) prints its text without a link until a real target is
given, and link text is kept plain because WeasyPrint tags `<a><strong>` badly.
`[^1]` becomes a footnote reference.

Links are found once, here, from the same token stream the renderer writes (`source_links`):
inline `[t](u)`, reference `[t][1]`, autolinks `<u>`, bare addresses linked by linkify (so
an address in running text is clickable in every format) and links inside backticks
(code spans are off, so they are published live and must be checked like the rest). The
link checker, the link-text rules and the print edition read these records.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.token import Token
from markupsafe import Markup, escape

from .session import Session


PLACEHOLDER_TARGETS = {"", "#"}

_FOOTNOTE_REF = re.compile(r"\[\^(\w+)\]")


def _render_link_open(self, tokens, idx, options, env):
    token = tokens[idx]
    href = (token.attrGet("href") or "").strip()
    if href in PLACEHOLDER_TARGETS:
        token.meta["placeholder"] = True
        return ""
    return f'<a href="{escape(href)}">'


def _render_link_close(self, tokens, idx, options, env):
    # find the matching open token: the nearest preceding link_open at the same level
    level = tokens[idx].level
    for j in range(idx - 1, -1, -1):
        if tokens[j].type == "link_open" and tokens[j].level == level:
            return "" if tokens[j].meta.get("placeholder") else "</a>"
    return "</a>"


def _flatten_link_markup(tokens):
    """Drop strong/em inside links: the link text stays plain (see module docstring)."""
    inside = 0
    for token in tokens:
        if token.type == "link_open":
            inside += 1
        elif token.type == "link_close":
            inside -= 1
        elif inside and token.type in ("strong_open", "strong_close", "em_open", "em_close"):
            token.type, token.tag, token.markup = "text", "", ""
            token.content = ""


def _softbreak(self, tokens, idx, options, env):
    return " "


# One parser per thread: linkify-it keeps state between its test() and match() calls, and
# `bulletin watch` previews a save on one thread while the last one builds on another.
_parsers = threading.local()


def _markdown() -> MarkdownIt:
    """This thread's parser for the Markdown subset."""
    parser = getattr(_parsers, "parser", None)
    if parser is None:
        parser = (MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
                  .disable(["heading", "lheading", "code", "fence", "blockquote", "hr",
                            "html_block", "html_inline", "backticks"])
                  .enable("linkify"))
        parser.add_render_rule("link_open", _render_link_open)
        parser.add_render_rule("link_close", _render_link_close)
        parser.add_render_rule("softbreak", _softbreak)
        _parsers.parser = parser
    return parser


def render_markdown(text: str | None, footnote_prefix: str = "fn", inline: bool = False,
                    session: Session | None = None) -> Markup:
    """Publication HTML for a Markdown source string (a paragraph-free fragment when
    `inline`). With the publication's `session`, each string is parsed once per publication."""
    if not text:
        return Markup("")
    args = (str(text), footnote_prefix, inline)
    if session is None:
        return _render_markdown(*args)
    return session.remember("render_markdown", args, lambda: _render_markdown(*args))


# A destination with a space, `[mail us](mailto:a b@x.org)`, is not a link to CommonMark: it
# would print its brackets and linkify would pick a piece of it. Written `<...>`, it is one.
_SPACED_DEST = re.compile(r"\]\(([^()<>\"'\s][^()<>\"'\n]*?\s[^()<>\"'\n]*?)\)")
# Bare names linkify may link without a scheme: www.anything, or a lower-case name under a
# UK public-sector or common suffix. 'ASP.NET' and 'notes.md' stay words.
_BARE_NAME = re.compile(r"(?i:www\.\S+)|[a-z0-9][a-z0-9\-.]*\.(?:(?:gov|org|co|nhs|ac|sch|police|"
                        r"ltd|me|net)\.uk|com|org|net)(?:[/?#]\S*)?")


def _parse(text: str, inline: bool = False) -> tuple[list[Token], dict]:
    env: dict = {}
    text = _SPACED_DEST.sub(r"](<\1>)", text)
    md = _markdown()
    tokens = md.parseInline(text, env) if inline else md.parse(text, env)
    for token in tokens:
        if token.type == "inline" and token.children:
            _tidy_linkify(token.children)
    return tokens, env


def _tidy_linkify(children: list[Token]) -> None:
    """Unlink names linkify guessed wrongly, cut a closing backtick off an address, and
    give a scheme-less address https:// (partner sites are https)."""
    for k, tok in enumerate(children):
        if tok.type != "link_open" or tok.markup != "linkify" or k + 2 >= len(children):
            continue
        shown, close = children[k + 1], children[k + 2]
        written = shown.content
        if "@" not in written and "://" not in written and not _BARE_NAME.fullmatch(written):
            tok.type = close.type = "text"
            tok.content, close.content, tok.markup, close.markup = "", "", "", ""
            continue
        trimmed = written.rstrip("`")
        href = tok.attrGet("href") or ""
        if trimmed != written:  # `https://x.org` with code spans off: the backtick is not the address's
            shown.content = trimmed
            children.insert(k + 3, Token("text", "", 0, content=written[len(trimmed):]))
            href = href[: len(href) - 3 * (len(written) - len(trimmed))]  # each ` was %60
        if "://" not in trimmed and not href.startswith("mailto:"):
            href = "https://" + href.split("://", 1)[-1]
        tok.attrSet("href", href)


def _render_markdown(text: str, footnote_prefix: str, inline: bool) -> Markup:
    tokens, env = _parse(text, inline)
    for token in tokens:
        if token.type == "inline" and token.children:
            _flatten_link_markup(token.children)
    if inline:
        _flatten_link_markup(tokens[0].children if tokens and tokens[0].children else [])
    md = _markdown()
    html = md.renderer.render(tokens, md.options, env)
    html = html.replace("<br />", "<br>").replace("<hr />", "")
    html = re.sub(r'<img src="([^"]*)" alt="([^"]*)" */?>', r'<img src="\1" alt="\2">', html)
    html = _FOOTNOTE_REF.sub(
        lambda m: (f'<sup><a class="footnote-ref" href="#{footnote_prefix}-{m[1]}" '
                   f'id="{footnote_prefix}-ref-{m[1]}">{m[1]}</a></sup>'), html)
    html = re.sub(r'<ol start="1">', "<ol>", html)
    return Markup(html.strip())


def plain_text(text: str | None, session: Session | None = None) -> str:
    """The words of a Markdown string without markup (for titles, metadata, summaries)."""
    if not text:
        return ""
    html = str(render_markdown(text, session=session))
    html = re.sub(r"<sup>.*?</sup>", "", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" ,", ",").strip()


# ---------------------------------------------------------------- links, found once

@dataclass(frozen=True)
class SourceLink:
    """One link (or image) as markdown-it reads it: `target` is the href every output
    carries, `written` the target as typed, `text` what a reader sees, `start`/`end` its
    offsets in the source string. kind: inline | reference | autolink | bare |
    code-span-mentioned | image. `bare` is true for an address written as running text
    (also inside backticks), whose link text is therefore the address itself."""

    target: str
    text: str
    kind: str
    start: int
    end: int
    written: str
    bare: bool = False


_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
_LINK_START = re.compile(r"(?<!\\)(!?)\[")


def closing_bracket(text: str, i: int, open_ch: str = "[", close_ch: str = "]") -> int:
    """Offset of the bracket closing the first `open_ch` at or after `i`, or -1
    (backslash escapes count)."""
    depth = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == open_ch:
            depth += 1
        elif ch == close_ch:
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _bracketed(text: str, cursor: int, image: bool, href: str, refs: dict):
    """(start, end, written, form) of the next `[..](..)`/`[..][..]` at or after `cursor`
    whose target is `href`, or None."""
    for m in _LINK_START.finditer(text, cursor):
        if bool(m.group(1)) != image:
            continue
        close = closing_bracket(text, m.end() - 1)
        if close < 0:
            continue
        after = text[close + 1:close + 2]
        if after == "(":
            end = closing_bracket(text, close + 1, "(", ")")
            dest = text[close + 2:end].strip() if end > 0 else ""
            if dest.startswith("<"):
                written = dest[1:dest.find(">")] if ">" in dest else dest
            else:
                written = re.split(r"\s+[\"'(]", dest, maxsplit=1)[0] if dest else ""
            normalize = _markdown().normalizeLink
            if end > 0 and normalize(written.strip()) in (href, normalize(href)):
                return m.start(), end + 1, written, "inline"
            continue
        label, end = text[m.end():close], close + 1
        if after == "[":
            label_end = closing_bracket(text, close + 1)
            if label_end > 0:
                label = text[close + 2:label_end] or label
                end = label_end + 1
        found = refs.get(normalizeReference(label))
        if found and found["href"] == href:
            return m.start(), end, found["href"], "reference"
    return None


_ANGLED = re.compile(r"<([^<>\s]+)>")


def _autolink(text: str, cursor: int, href: str):
    """(start, end, written, 'autolink') of the next `<...>` whose target is `href`."""
    for m in _ANGLED.finditer(text, cursor):
        inner = m.group(1)
        normalize = _markdown().normalizeLink
        if href in (inner, normalize(inner), normalize("mailto:" + inner)):
            return m.start(), m.end(), inner, "autolink"
    return None


def _link_text(children: list[Token], k: int) -> tuple[str, int]:
    parts = []
    k += 1
    while k < len(children) and children[k].type != "link_close":
        if children[k].type in ("text", "code_inline", "image"):
            parts.append(children[k].content)
        k += 1
    return " ".join("".join(parts).split()), k


def _source_links(text: str) -> tuple[SourceLink, ...]:
    tokens, env = _parse(text)
    refs = env.get("references", {})
    codes = [m.span() for m in _CODE_SPAN.finditer(text)]
    found, cursor = [], 0
    for block in tokens:
        children = block.children or []
        for k, tok in enumerate(children):
            if tok.type == "image":
                href = tok.attrGet("src") or ""
                hit = _bracketed(text, cursor, True, href, refs)
                shown = tok.content
            elif tok.type == "link_open":
                href = tok.attrGet("href") or ""
                shown, _ = _link_text(children, k)
                if tok.markup == "autolink":
                    hit = _autolink(text, cursor, href)
                elif tok.markup == "linkify":
                    start = text.find(shown, cursor)
                    hit = None if start < 0 else (start, start + len(shown), shown, "bare")
                else:
                    hit = _bracketed(text, cursor, False, href, refs)
            else:
                continue
            if hit is None:  # cannot happen for text markdown-it parsed; keep the link anyway
                hit = (cursor, cursor, href, "inline")
            start, end, written, kind = hit
            bare = kind == "bare"
            if tok.type == "image":
                kind = "image"
            elif any(a <= start < b for a, b in codes):
                kind = "code-span-mentioned"
            found.append(SourceLink(href, shown, kind, start, end, written, bare))
            cursor = max(cursor, end)
    return tuple(found)


def source_links(text: str | None, session: Session | None = None) -> list[SourceLink]:
    """Every link and image in a Markdown source string, in document order (parsed once
    per publication when its `session` is given)."""
    if not text:
        return []
    text = str(text)
    if session is None:
        return list(_source_links(text))
    return list(session.remember("source_links", (text,), lambda: _source_links(text)))


def is_address_link(text: str, href: str) -> bool:
    """True for a link whose text is its own address, as Markdown makes from a bare address
    or an autolink. Those are reported once, at their source line (links.bare,
    a11y.link-text), so the checks of the HTML and Word outputs leave them alone."""
    shown = " ".join(text.split())
    return bool(shown) and href in (shown, "https://" + shown, "http://" + shown, "mailto:" + shown)


def slugify(text: str) -> str:
    """A heading's id: 'Family 'E' (Rapid Review)' -> 'family-e-rapid-review'."""
    slug = "-".join(re.sub(r"[^a-z0-9]", " ", str(text).lower()).split())
    return f"s-{slug}" if slug[:1].isdigit() else slug


def unique_heading_id(text: str, taken: list[str]) -> str:
    """The id for a heading (the heading macro calls this): its slug, or slug-2, slug-3...
    when a heading earlier in the document (or a fixed id such as 'contents') has it.
    The id is added to `taken`."""
    base = slugify(text)
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.append(candidate)
    return candidate
