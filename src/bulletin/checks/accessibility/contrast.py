"""Turn the stylesheet a layout produces into WCAG 2.2 contrast diagnostics (1.4.3: 4.5:1 text, 3:1 large text).

The colour pairs are read from the CSS itself (templates/publication.css.j2 rendered with
the layout's tokens, plus the layout's own style.css), never from a list kept beside it,
so a pair the stylesheet gains is checked the day it is written. Which background a text
colour sits on is read from the rules:
- a rule that sets both `color` and `background` pairs them (the masthead, header cells);
- a rule whose selector names such a surface as an ancestor sits on that surface
  (`.masthead p.meta` on the masthead's background);
- any other text colour can sit on every surface that does not set its own text colour:
  the page, boxes (`aside.callout`, `section.learning`), row-header cells.
A surface that sets its own text colour styles the text inside it through selectors
that name it, which is why `.masthead h1` and not `h1` carries the masthead's white.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

import tinycss2

from bulletin.diagnostics import Diagnostic, Location, error
from bulletin.model import Layout
from bulletin.render.html import render_css
from bulletin.sources import LocDict

BODY_TEXT, LARGE_TEXT = 4.5, 3.0
ROOT = ("html", ":root", "body")  # their background is the page's
BOLD_BY_DEFAULT = {"h1", "h2", "h3", "h4", "h5", "h6", "th", "caption"}
NO_TEXT = {"img", "svg", "hr"}  # a background here has no text on it
# Plain words for the places the stylesheet names, for the diagnostic; any other
# selector is named as written, so a new rule is reported even before it has words.
WORDS = {"html": "body text", "a": "links", "h1": "the title", "h2": "headings", "h3": "sub-headings",
         "h4": "sub-headings", ".masthead": "the masthead", ".masthead h1": "the title",
         ".masthead p.meta": "the masthead's date", "thead th": "table header cells",
         "tbody th": "row headers", "aside.callout": "boxes", "section.learning": "learning boxes",
         "caption": "table captions", "td": "table cells", "td .mark-yes": "'Yes' marks",
         "p.meta": "dates and owners", ".recommendations .meta": "dates and owners",
         ".colophon": "the closing note", ".mark-draft": "the draft mark",
         "@page @bottom-left": "the running footer", "@page @bottom-right": "page numbers",
         "nav.toc a.toc-link": "contents entries", "nav.toc a.toc-link::after": "contents page numbers"}

_NAMED = {"black": "#000000", "white": "#ffffff", "red": "#ff0000", "green": "#008000", "blue": "#0000ff",
          "navy": "#000080", "grey": "#808080", "gray": "#808080", "yellow": "#ffff00", "orange": "#ffa500",
          "purple": "#800080", "maroon": "#800000", "teal": "#008080", "silver": "#c0c0c0"}


def parse_colour(value) -> tuple[float, float, float] | None:
    """#rgb, #rrggbb, rgb(r, g, b) or a basic colour name as 0-255 floats; None if unknown."""
    s = str(value).strip().lower()
    s = _NAMED.get(s, s)
    m = re.fullmatch(r"#([0-9a-f]{3}|[0-9a-f]{6})", s)
    if m:
        h = m.group(1)
        if len(h) == 3:
            h = "".join(c * 2 for c in h)
        return tuple(float(int(h[i:i + 2], 16)) for i in (0, 2, 4))
    m = re.fullmatch(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*[\d.]+\s*)?\)", s)
    if m:
        return tuple(float(min(255, int(g))) for g in m.groups())
    return None


def relative_luminance(rgb) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(fg, bg) -> float:
    a, b = sorted((relative_luminance(fg), relative_luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


@dataclass(frozen=True)
class Colour:
    value: str        # as the CSS has it once custom properties are resolved
    token: str | None  # the layout token it came from (`on_primary`), or None for a literal


@dataclass(frozen=True)
class Rule:
    selector: str     # one selector of a rule's list, whitespace normalised
    block: int        # which rule of the stylesheet it comes from, counting @media's and @page's
    colour: Colour | None
    background: Colour | None
    size_pt: float | None
    bold: bool


@dataclass(frozen=True)
class ColourPair:
    text: Colour
    background: Colour
    minimum: float
    selector: str     # the selector the text colour is set by
    where: str        # it and the surface, in words


def stylesheet_rules(css: str, size_pt: float = 11) -> list[Rule]:
    """Every style rule, one per selector, with @media and @page contents included and
    var(--x) resolved through the :root custom properties."""
    top = tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True)
    props = {}
    for node in top:
        if node.type == "qualified-rule" and tinycss2.serialize(node.prelude).strip() == ":root":
            for decl in _declarations(node.content):
                if decl.name.startswith("--"):
                    props[decl.name] = tinycss2.serialize(decl.value).strip()
    blocks: list[list[Rule]] = []
    _collect(top, props, size_pt, "", blocks)
    return [replace(rule, block=n) for n, block in enumerate(blocks) for rule in block]


def _declarations(content):
    return [d for d in tinycss2.parse_blocks_contents(content or [], skip_whitespace=True) if d.type == "declaration"]


def _collect(nodes, props, size_pt, page: str, out: list[list[Rule]]) -> None:
    for node in nodes:
        if node.type == "at-rule" and node.lower_at_keyword in ("media", "supports"):
            inner = tinycss2.parse_rule_list(node.content or [], skip_whitespace=True, skip_comments=True)
            _collect(inner, props, size_pt, page, out)
        elif node.type == "at-rule" and node.lower_at_keyword == "page" or page and node.type == "at-rule":
            name = f"{page} @{node.lower_at_keyword}".strip()
            out.append(_rules([name], _declarations(node.content), props, size_pt))
            inner = [n for n in tinycss2.parse_blocks_contents(node.content or [], skip_whitespace=True)
                     if n.type == "at-rule"]
            _collect(inner, props, size_pt, name, out)
        elif node.type == "qualified-rule":
            selectors = [" ".join(s.split()) for s in tinycss2.serialize(node.prelude).split(",")]
            out.append(_rules(selectors, _declarations(node.content), props, size_pt))


def _rules(selectors, decls, props, size_pt) -> list[Rule]:
    colour = background = size = None
    bold = False
    for decl in decls:
        value = tinycss2.serialize(decl.value).strip().lower()
        if decl.lower_name == "color":
            colour = _resolve(value, props)
        elif decl.lower_name in ("background", "background-color"):
            background = _resolve(value, props)
        elif decl.lower_name == "font-size":
            size = _points(value, size_pt)
        elif decl.lower_name == "font-weight":
            bold = value in ("bold", "bolder") or value.isdigit() and int(value) >= 600
    return [Rule(s, 0, colour, background, size, bold) for s in selectors]


def _resolve(value: str, props: dict) -> Colour | None:
    """The colour in a declaration's value, through one level of var(); None for none,
    transparent or anything without a colour (an image)."""
    found = re.search(r"var\(\s*--([\w-]+)\s*\)", value)
    if found:  # --on-primary is the on_primary token
        return Colour(props.get("--" + found.group(1), "").lower(), found.group(1).replace("-", "_"))
    for word in re.findall(r"#[0-9a-f]{3,6}\b|rgba?\([^)]*\)|[a-z]+", value):
        if parse_colour(word) is not None:
            return Colour(word, None)
    return None


def _points(value: str, base: float) -> float | None:
    found = re.fullmatch(r"([\d.]+)(rem|em|pt|px)", value)
    return float(found.group(1)) * {"rem": base, "em": base, "pt": 1, "px": 0.75}[found.group(2)] if found else None


def _subject(selector: str) -> str:
    return re.split(r"\s*[\s>+~]\s*", selector)[-1]


def _tag(compound: str) -> str:
    return re.match(r"[a-z0-9]*", compound).group(0)


@lru_cache(maxsize=32)  # the same stylesheet is read again by every build in one process (watch)
def colour_pairs(css: str, size_pt: float = 11) -> tuple[ColourPair, ...]:
    """Every (text colour, background) pair the stylesheet can put on a page."""
    rules = stylesheet_rules(css, size_pt)
    surfaces = [r for r in rules if r.background is not None and _tag(_subject(r.selector)) not in NO_TEXT]
    page = next((r.background for r in surfaces if r.selector in ROOT), Colour("#ffffff", None))
    open_surfaces = [("the page", page)] + [(r.selector, r.background) for r in surfaces
                                             if r.colour is None and r.selector not in ROOT]
    pairs = []
    for rule in (r for r in rules if r.colour is not None):
        if rule.background is not None and rule.selector not in ROOT:
            under = [(rule.selector, rule.background)]
        elif rule.selector.startswith("@page"):  # the running footer: on the page only
            under = [("the page", page)]
        else:
            named = [s for s in surfaces if s.selector not in ROOT and rule.selector.startswith(s.selector + " ")]
            named.sort(key=lambda s: len(s.selector))
            under = [(named[-1].selector, named[-1].background)] if named else open_surfaces
        minimum = LARGE_TEXT if _large(rule, rules) else BODY_TEXT
        for surface, background in under:
            where = _say(rule.selector) + ("" if surface == rule.selector else f" on {_say(surface)}")
            pairs.append(ColourPair(rule.colour, background, minimum, rule.selector, where))
    return tuple(pairs)


def _say(selector: str) -> str:
    return WORDS.get(selector, selector if selector == "the page" else f"`{selector}`")


def _large(rule: Rule, rules: list[Rule]) -> bool:
    """Large text in WCAG's sense (18pt, or 14pt bold), from the rules for the same selector
    and for its element alone (`.masthead h1` takes its size from `h1`)."""
    same = [r for r in rules if r.selector in (rule.selector, _subject(rule.selector))]
    size = next((r.size_pt for r in reversed(same) if r.size_pt is not None), None)
    bold = any(r.bold for r in same) or _tag(_subject(rule.selector)) in BOLD_BY_DEFAULT
    return size is not None and (size >= 18 or size >= 14 and bold)


def layout_css(layout: Layout, extra_css: str = "") -> str:
    """The stylesheet this layout's publications are printed with."""
    return render_css(layout, "", extra_css)


def layout_pairs(layout: Layout, extra_css: str = "") -> tuple[ColourPair, ...]:
    """`colour_pairs` of the layout's stylesheet. Which colours meet depends on the rules,
    not on the colours, so the stylesheet is read once with a stand-in colour for each token
    (cached: `bulletin init` tries many colours on one layout, and every test project has
    its own) and the layout's own colours are put back into the pairs it finds."""
    colours = dict(layout.colours.written())
    stand_ins = {key: f"#a1b2{index:02x}" for index, key in enumerate(sorted(colours))}
    probe = replace(layout, colours=replace(layout.colours, **{key: stand_ins[key] for key in colours}))
    actual = {stand_ins[key]: str(value) for key, value in colours.items()}

    def back(colour: Colour) -> Colour:
        return replace(colour, value=actual.get(colour.value, colour.value))

    return tuple(replace(pair, text=back(pair.text), background=back(pair.background))
                 for pair in colour_pairs(layout_css(probe, extra_css), float(layout.fonts.size_pt or 11)))


def check_layout_contrast(layout: Layout, location: Location, extra_css: str = "") -> list[Diagnostic]:
    """Every colour pair the layout's stylesheet uses for text, against its WCAG minimum:
    one diagnostic per failing pair of colours, at the text colour's line (`location`
    for a colour the layout's file does not write)."""
    colours = dict(layout.colours.written())
    raw = layout.colours.raw
    locs = raw.value_locs if isinstance(raw, LocDict) else {}
    out, seen = [], {}
    for key, value in colours.items():  # validated as #rrggbb when loaded; a layout built past that is caught
        if parse_colour(value) is None:
            out.append(error("a11y.colour", f"colour {key}: '{value}' is not a colour: write it as #rrggbb",
                             locs.get(key, location)))
    for pair in layout_pairs(layout, extra_css):
        fg, bg = parse_colour(pair.text.value), parse_colour(pair.background.value)
        if fg is None or bg is None:
            continue  # reported above, or a colour the stylesheet does not set
        key = (pair.text, pair.background)
        if key not in seen or pair.minimum > seen[key].minimum:
            seen[key] = pair
    by_value = {}
    for key, value in colours.items():  # a literal the template wrote from a token (@page)
        by_value.setdefault(str(value).strip().lower(), []).append(key)
    for pair in seen.values():
        ratio = contrast_ratio(parse_colour(pair.text.value), parse_colour(pair.background.value))
        if ratio + 1e-9 < pair.minimum:
            text, background = (c if c.token or len(by_value.get(c.value, [])) != 1
                                else Colour(c.value, by_value[c.value][0])
                                for c in (pair.text, pair.background))
            at = text.token or background.token
            out.append(error(
                "a11y.contrast",
                f"colours {_name(text)} on {_name(background)} ({pair.where}) have contrast "
                f"{ratio:.2f}:1, below the {pair.minimum:g}:1 WCAG minimum: make one of them darker "
                "or the other lighter", locs.get(at, location), extra={"ratio": round(ratio, 2)}))
    return out


def _name(colour: Colour) -> str:
    return f"{colour.token} {colour.value}" if colour.token else f"{colour.value} (set in the stylesheet)"


def token_pairs(layout: Layout) -> list[tuple[str, str, float, str]]:
    """(text token, background token, minimum, where) for each pair whose two colours are
    both layout tokens: what `bulletin init` checks brand colours against."""
    found = {}
    for pair in layout_pairs(layout):
        if pair.text.token and pair.background.token:
            key = (pair.text.token, pair.background.token)
            if key not in found or pair.minimum > found[key][2]:
                found[key] = (*key, pair.minimum, pair.where)
    return list(found.values())


def check_layouts(project) -> list[Diagnostic]:
    """Contrast of every layout's colour pairs (once per build, not per publication)."""
    out = []
    for layout in project.layouts.values():
        if not layout.ok:  # its colours were reported as unreadable when it was loaded
            continue
        extra = ""
        if layout.folder and (layout.folder / "style.css").is_file():
            extra = (layout.folder / "style.css").read_text(encoding="utf-8")
        out += check_layout_contrast(layout, Location(layout.display, 1, 1), extra)
    return out
