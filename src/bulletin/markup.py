"""Turn the Markdown subset of source text into publication HTML fragments.

Paragraphs, **bold**, *italic*, links, images and bullet/numbered lists only: raw HTML
is escaped, headings, code and quotes are switched off so a source cannot break the
template contract. Two rules keep outputs honest and accessible: a placeholder link
(`[text](#)` or an empty target) prints its text without a link until a real target is
given, and link text is kept plain because WeasyPrint tags `<a><strong>` badly.
`[^1]` becomes a footnote reference.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

_md = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    .disable(["heading", "lheading", "code", "fence", "blockquote", "hr",
              "html_block", "html_inline", "backticks"])
)

PLACEHOLDER_TARGETS = {"", "#"}

_FOOTNOTE_REF = re.compile(r"\[\^(\w+)\]")

# The same source text is read several times while one publication is made (the template
# may render twice, then the checks read the text again). Results of the pure functions
# below are kept until the next publication starts (`start_publication`), so each string
# is parsed once per publication and the memory never grows with the build.
_memos: list[dict] = []


def memo_per_publication(function):
    """Keep `function`'s results (arguments must be hashable) until `start_publication`."""
    import functools

    results: dict = {}
    _memos.append(results)

    @functools.wraps(function)
    def remembered(*args):
        key = tuple((type(a), a) for a in args)
        if key not in results:
            results[key] = function(*args)
        return results[key]
    return remembered


def start_publication() -> None:
    """Forget what the last publication's text parsed into."""
    for results in _memos:
        results.clear()


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


_md.add_render_rule("link_open", _render_link_open)
_md.add_render_rule("link_close", _render_link_close)


def _softbreak(self, tokens, idx, options, env):
    return " "


_md.add_render_rule("softbreak", _softbreak)


def render_markdown(text: str | None, footnote_prefix: str = "fn", inline: bool = False) -> Markup:
    """Publication HTML for a Markdown source string (a paragraph-free fragment when
    `inline`)."""
    if not text:
        return Markup("")
    return _render_markdown(str(text), footnote_prefix, inline)


@memo_per_publication
def _render_markdown(text: str, footnote_prefix: str, inline: bool) -> Markup:
    tokens = _md.parseInline(text) if inline else _md.parse(text)
    for token in tokens:
        if token.type == "inline" and token.children:
            _flatten_link_markup(token.children)
    if inline:
        _flatten_link_markup(tokens[0].children if tokens and tokens[0].children else [])
    html = _md.renderer.render(tokens, _md.options, {})
    html = html.replace("<br />", "<br>").replace("<hr />", "")
    html = re.sub(r'<img src="([^"]*)" alt="([^"]*)" */?>', r'<img src="\1" alt="\2">', html)
    html = _FOOTNOTE_REF.sub(
        lambda m: (f'<sup><a class="footnote-ref" href="#{footnote_prefix}-{m[1]}" '
                   f'id="{footnote_prefix}-ref-{m[1]}">{m[1]}</a></sup>'), html)
    html = re.sub(r'<ol start="1">', "<ol>", html)
    return Markup(html.strip())


def plain_text(text: str | None) -> str:
    """The words of a Markdown string without markup (for titles, metadata, summaries)."""
    if not text:
        return ""
    html = str(render_markdown(text))
    html = re.sub(r"<sup>.*?</sup>", "", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" ,", ",").strip()
