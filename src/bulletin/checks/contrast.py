"""Turn a layout's colour tokens into WCAG 2.2 contrast diagnostics (1.4.3: 4.5:1 text, 3:1 large text)."""

from __future__ import annotations

import re

from ..diagnostics import Diagnostic, Location, error
from ..sources import LocDict, load_yaml

# (foreground token, background token, minimum ratio, what the pair is used for).
# Headings are large text (18pt, or 14pt bold), so 3:1 is enough for them.
PAIRS = [
    ("text", "background", 4.5, "body text"),
    ("on_primary", "primary", 4.5, "text on the brand colour (masthead, table headers)"),
    ("link", "background", 4.5, "links"),
    ("text", "callout_bg", 4.5, "text in boxes"),
    ("heading", "background", 3.0, "headings (large text)"),
    ("link", "callout_bg", 4.5, "links in boxes"),
]

_NAMED = {"black": "#000000", "white": "#ffffff", "red": "#ff0000", "green": "#008000",
          "blue": "#0000ff", "navy": "#000080", "grey": "#808080", "gray": "#808080",
          "yellow": "#ffff00", "orange": "#ffa500", "purple": "#800080", "maroon": "#800000",
          "teal": "#008080", "silver": "#c0c0c0"}


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


def check_layout_contrast(tokens: dict, location: Location) -> list[Diagnostic]:
    """Every colour pair the layout uses for text, against its WCAG minimum."""
    colours = (tokens or {}).get("colours") or {}
    locs = getattr(colours, "value_locs", {})
    out = []
    for fg_key, bg_key, minimum, use in PAIRS:
        if fg_key not in colours or bg_key not in colours:
            continue
        where = locs.get(fg_key, location)
        fg, bg = parse_colour(colours[fg_key]), parse_colour(colours[bg_key])
        for key, parsed in ((fg_key, fg), (bg_key, bg)):
            if parsed is None:
                out.append(error("a11y.colour", f"colour {key}: '{colours[key]}' is not a colour: "
                                 "write it as #rrggbb", locs.get(key, location)))
        if fg is None or bg is None:
            continue
        ratio = contrast_ratio(fg, bg)
        if ratio + 1e-9 < minimum:
            out.append(error(
                "a11y.contrast",
                f"colours {fg_key} {colours[fg_key]} on {bg_key} {colours[bg_key]} ({use}) have "
                f"contrast {ratio:.2f}:1, below the {minimum:g}:1 WCAG minimum: make one of "
                "them darker or the other lighter", where, extra={"ratio": round(ratio, 2)}))
    return out


def check_layouts(project) -> list[Diagnostic]:
    """Contrast of every layout's colour pairs (once per build, not per publication)."""
    out = []
    for layout in project.layouts.values():
        if not layout.ok:  # its colours were reported as unreadable when it was loaded
            continue
        out += check_layout_contrast(_with_colour_lines(layout), Location(layout.display, 1, 1))
    return out


def _with_colour_lines(layout) -> dict:
    """The layout's tokens, with its colours knowing the line each is written on."""
    colours = LocDict(layout.tokens.get("colours") or {})
    colours.value_locs = {}
    path = layout.folder / "layout.yaml" if layout.folder else None
    if path is not None and path.is_file():
        raw, _ = load_yaml(path, layout.display)
        raw_colours = raw.get("colours") if isinstance(raw, dict) else None
        if isinstance(raw_colours, LocDict):
            colours.value_locs = dict(raw_colours.value_locs)
    return {**layout.tokens, "colours": colours}
