"""Colour pairs read from the stylesheet the layouts produce, against WCAG 2.2 contrast minimums."""

import dataclasses
import re
from pathlib import Path

import pytest
import yaml

from bulletin.checks.accessibility.contrast import (check_layout_contrast, colour_pairs, contrast_ratio, layout_css,
                                      parse_colour, stylesheet_rules)
from bulletin.diagnostics import Location
from bulletin.model import LayoutError, layout_from_mapping
from bulletin.sources import LocDict

WHERE = Location("layouts/essex/layout.yaml", 1, 1)
REPO = Path(__file__).resolve().parents[1]
LAYOUTS = sorted((REPO / "layouts").glob("*/layout.yaml")) + [REPO / "src/bulletin/layouts/default/layout.yaml"]
PALETTE = {"text": "#1d1d1b", "background": "#ffffff", "primary": "#005ea5", "on_primary": "#ffffff",
           "link": "#1d70b8", "callout_bg": "#f3f2f1", "accent": "#f0f4fa", "muted": "#4a4a4a"}

# Every (text colour, background) pair publication.css.j2 puts on a page, by token. A pair
# the stylesheet gains or loses changes this set: check it is meant, then update it here.
STYLESHEET_PAIRS = {
    ("text", "background"), ("text", "callout_bg"), ("text", "accent"),
    ("link", "background"), ("link", "callout_bg"), ("link", "accent"),
    ("primary", "background"), ("primary", "callout_bg"), ("primary", "accent"),
    ("muted", "background"), ("muted", "callout_bg"), ("muted", "accent"),
    ("on_primary", "primary"),
    ("#b00020", "#ffffff"),  # the draft mark, on its own white box
    ("#4a4a4a", "background"),  # the running footer, written with the muted value (@page)
}


def _layout(colours: dict):
    return layout_from_mapping({"colours": colours})


def _pairs(layout) -> set[tuple[str, str]]:
    return {(p.text.token or p.text.value, p.background.token or p.background.value)
            for p in colour_pairs(layout_css(layout))}


def test_ratio_matches_wcag_reference_values():
    assert contrast_ratio(parse_colour("#000"), parse_colour("#fff")) == pytest.approx(21.0)
    assert contrast_ratio(parse_colour("#767676"), parse_colour("white")) == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio(parse_colour("rgb(0, 0, 255)"), parse_colour("#ffffff")) == pytest.approx(8.59, abs=0.01)


def test_the_pairs_are_read_from_the_stylesheet_and_are_the_known_set():
    assert _pairs(_layout(PALETTE)) == STYLESHEET_PAIRS


def test_every_colour_the_stylesheet_sets_is_in_a_checked_pair():
    """No `color:` is skipped: each one written (in @media and @page too) is read, and
    every selector that sets one has at least one background under it."""
    css = layout_css(_layout(PALETTE))
    written = len(re.findall(r"(?<![\w-])color\s*:", css))
    rules = [r for r in stylesheet_rules(css) if r.colour is not None]
    assert written == len({r.block for r in rules}) > 15
    assert {r.selector for r in rules} == {p.selector for p in colour_pairs(css)}


def test_a_new_pair_in_a_layouts_css_is_checked():
    layout = _layout(PALETTE)
    extra = ".warning-strip { background: var(--accent); color: #9a9a9a; }"
    found = check_layout_contrast(layout, WHERE, extra_css=extra)
    assert [d.code for d in found] == ["a11y.contrast"]
    assert "#9a9a9a (set in the stylesheet) on accent #f0f4fa (`.warning-strip`)" in found[0].message
    # a new surface without its own text colour: the page's text colours can all land on it
    extra = ".strip { background: var(--primary); } .strip p { color: var(--muted); }"
    found = {d.message.split(" (")[0] for d in check_layout_contrast(layout, WHERE, extra_css=extra)}
    assert {"colours muted #4a4a4a on primary #005ea5", "colours text #1d1d1b on primary #005ea5",
            "colours link #1d70b8 on primary #005ea5"} <= found


def test_text_inside_a_surface_with_its_own_colour_is_checked_on_that_surface():
    layout = _layout({**PALETTE, "on_primary": "#6a8fb0"})
    found = [d.message for d in check_layout_contrast(layout, WHERE)]
    assert len(found) == 1 and "on_primary #6a8fb0 on primary #005ea5 (the masthead)" in found[0]


def test_accessible_palette_passes():
    assert check_layout_contrast(_layout(PALETTE), WHERE) == []


@pytest.mark.parametrize("path", LAYOUTS, ids=lambda p: p.parent.name)
def test_every_reference_layout_passes(path):
    layout = layout_from_mapping(yaml.safe_load(path.read_text()), folder=path.parent)
    assert check_layout_contrast(layout, Location(str(path))) == []


def test_each_failing_pair_is_an_error_at_the_colour_line():
    colours = LocDict({**PALETTE, "text": "#777777", "primary": "#ffcc00"})
    colours.value_locs = {k: Location("layouts/essex/layout.yaml", n, 11) for n, k in enumerate(colours, 4)}
    d = check_layout_contrast(layout_from_mapping({"colours": colours}), WHERE)
    assert {x.code for x in d} == {"a11y.contrast"} and all(x.is_error for x in d)
    lines = {x.message.split(" (")[0]: x.location.line for x in d}
    assert lines["colours text #777777 on background #ffffff"] == 4
    assert lines["colours primary #ffcc00 on background #ffffff"] == 6
    assert lines["colours on_primary #ffffff on primary #ffcc00"] == 7
    assert any("4.48:1" in x.message for x in d)


def test_large_text_needs_only_3_to_1():
    # #8a8a8a on white is 3.45:1: enough for headings set at 14pt bold and over, not for
    # sub-headings (h3 at 12.3pt), whose pair is the one reported.
    found = check_layout_contrast(_layout({**PALETTE, "primary": "#8a8a8a", "on_primary": "#000000"}), WHERE)
    on_page = [d for d in found if "on background" in d.message]
    assert [d.message.split("(")[1].split(")")[0] for d in on_page] == ["sub-headings on the page"]
    assert "below the 4.5:1" in on_page[0].message
    assert all("the title" not in d.message and "(headings" not in d.message for d in found)


def test_unreadable_colour_is_reported():
    # a layout is validated first: the colour is an error at its line, with how to write it
    with pytest.raises(LayoutError) as found:
        _layout({**PALETTE, "text": "dark blue"})
    assert [d.code for d in found.value.diagnostics] == ["layout.colour"]
    assert "must be written #rrggbb" in str(found.value)
    # and the contrast rule does not trust a layout made past validation
    layout = _layout(PALETTE)
    layout = dataclasses.replace(layout, colours=dataclasses.replace(layout.colours, text="dark blue"))
    assert [x.code for x in check_layout_contrast(layout, WHERE)] == ["a11y.colour"]
