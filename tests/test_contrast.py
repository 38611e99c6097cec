"""Layout colour pairs against WCAG 2.2 contrast minimums."""

import pytest

from bulletin.checks.contrast import check_layout_contrast, contrast_ratio, parse_colour
from bulletin.diagnostics import Location
from bulletin.sources import LocDict

WHERE = Location("layouts/essex/layout.yaml", 1, 1)


def test_ratio_matches_wcag_reference_values():
    assert contrast_ratio(parse_colour("#000"), parse_colour("#fff")) == pytest.approx(21.0)
    assert contrast_ratio(parse_colour("#767676"), parse_colour("white")) == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio(parse_colour("rgb(0, 0, 255)"), parse_colour("#ffffff")) == pytest.approx(8.59, abs=0.01)


def test_accessible_palette_passes():
    tokens = {"colours": {"text": "#1d1d1b", "background": "#ffffff", "primary": "#005ea5",
                          "on_primary": "#ffffff", "link": "#1d70b8", "callout_bg": "#f3f2f1"}}
    assert check_layout_contrast(tokens, WHERE) == []


def test_each_failing_pair_is_an_error_at_the_colour_line():
    colours = LocDict({"text": "#777777", "background": "#ffffff", "primary": "#ffcc00",
                       "on_primary": "#ffffff", "link": "#1d70b8", "callout_bg": "#f3f2f1"})
    colours.value_locs = {k: Location("layouts/essex/layout.yaml", n, 11) for n, k in enumerate(colours, 4)}
    d = check_layout_contrast({"colours": colours}, WHERE)
    assert [x.code for x in d] == ["a11y.contrast"] * 3  # text/background, on_primary/primary, text/callout
    assert [x.location.line for x in d] == [4, 7, 4]
    assert "4.48:1" in d[0].message and all(x.is_error for x in d)


def test_large_text_pair_needs_only_3_to_1():
    tokens = {"colours": {"heading": "#767676", "background": "#ffffff"}}
    assert check_layout_contrast(tokens, WHERE) == []
    tokens = {"colours": {"heading": "#aaaaaa", "background": "#ffffff"}}
    assert [d.code for d in check_layout_contrast(tokens, WHERE)] == ["a11y.contrast"]


def test_unreadable_colour_is_reported():
    d = check_layout_contrast({"colours": {"text": "dark blue", "background": "#fff"}}, WHERE)
    assert [x.code for x in d] == ["a11y.colour"]
