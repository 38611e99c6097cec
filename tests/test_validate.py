"""Validation turns text into typed values and names every problem where it is written."""

from __future__ import annotations

import pytest

from bulletin import schema
from bulletin.diagnostics import Location
from bulletin.sources import load_yaml
from bulletin.validate import PartialDate, parse_date, validate


def check(tmp_path, text: str, spec=schema.REVIEW):
    path = tmp_path / "r.yaml"
    path.write_text(text)
    raw, _ = load_yaml(path, "r.yaml")
    return validate(raw, spec, "review", Location("r.yaml", 1, 1))


GOOD = """subject: Child F
review_type: serious-case-review
partnership: wolverhampton
published: 2017-11-08
themes: [neglect]
background: Known to services.
"""


def test_a_good_review_validates_with_typed_values(tmp_path):
    data, diags = check(tmp_path, GOOD)
    assert diags == []
    assert data["published"] == PartialDate(2017, 11, 8)
    assert str(data["published"]) == "8 November 2017"
    assert data["published"].weekday_text() == "Wednesday 8 November 2017"


@pytest.mark.parametrize("text, reason", [
    ("2017-02-29", "has day 29, but February 2017 has 28 days"),
    ("2017-13", "has month 13"),
    ("June 2017", "must be a date written YYYY-MM-DD"),
    ("8th November 2017", "must be a date written YYYY-MM-DD"),
])
def test_impossible_and_wordy_dates_are_refused(text, reason):
    assert reason in parse_date(text)


def test_month_precision_dates_are_kept_as_months():
    assert str(parse_date("2018-12")) == "December 2018"
    assert parse_date("2016-02-29") == PartialDate(2016, 2, 29)


def test_unknown_keys_suggest_the_nearest_field(tmp_path):
    _, [diag] = check(tmp_path, GOOD + "findngs: x\n")
    assert diag.code == "source.unknown-key"
    assert diag.message == "unknown field 'findngs' in review (did you mean 'findings'?)"
    assert str(diag.location) == "r.yaml:7:1"


def test_missing_required_fields_are_named_with_their_help(tmp_path):
    _, diags = check(tmp_path, GOOD.replace("background: Known to services.\n", ""))
    assert [d.message for d in diags] == ["review needs 'background': What happened, briefly"]


def test_a_typo_of_a_required_key_is_reported_once(tmp_path):
    _, diags = check(tmp_path, GOOD.replace("background:", "backgound:"))
    assert [d.code for d in diags] == ["source.unknown-key"]
    assert "did you mean 'background'" in diags[0].message


def test_wrong_types_are_explained(tmp_path):
    _, diags = check(tmp_path, GOOD + "learning: some text\nfindings:\n  - a list\n")
    messages = sorted(d.message for d in diags)
    assert messages == ["'findings' must be text, not a list",
                        "'learning' must be a list (lines starting with '- ')"]


def test_a_single_theme_is_accepted_as_a_list_of_one(tmp_path):
    data, diags = check(tmp_path, GOOD.replace("themes: [neglect]", "themes: neglect"))
    assert diags == [] and data["themes"] == ["neglect"]


def test_names_must_be_lower_case_with_hyphens(tmp_path):
    _, [diag] = check(tmp_path, GOOD.replace("partnership: wolverhampton", "partnership: Wolverhampton SCB"))
    assert diag.code == "source.name" and str(diag.location) == "r.yaml:3:14"


def test_empty_text_is_an_error_not_a_silent_gap(tmp_path):
    _, [diag] = check(tmp_path, GOOD.replace("subject: Child F", "subject: ''"))
    assert diag.code == "source.empty-value"


def test_a_null_value_is_an_empty_value_where_it_is_written(tmp_path):
    _, [diag] = check(tmp_path, GOOD.replace("subject: Child F", "subject: null"))
    assert diag.code == "source.empty-value" and str(diag.location) == "r.yaml:1:10"


def test_year_zero_is_refused_before_it_reaches_a_calendar():
    assert "has year 0000" in parse_date("0000-01-01")


def test_markdown_nested_deeper_than_the_renderer_prints_is_an_error(tmp_path):
    deep = "".join("  " + "  " * i + f"- level {i + 1}\n" for i in range(11))
    _, [diag] = check(tmp_path, GOOD + "findings: |\n" + deep)
    assert diag.code == "source.markdown-depth" and str(diag.location) == "r.yaml:17:21"
    _, diags = check(tmp_path, GOOD + "findings: |\n" + "".join(deep.split("\n")[:8]) + "\n")
    assert diags == []


def test_unknown_labels_and_config_keys_suggest_the_nearest(tmp_path):
    _, [diag] = check(tmp_path, "kind: briefing\nlayout: x\ntitle: T\nreview: r\nlabels:\n  practise: P\n",
                      schema.PUBLICATION)
    assert diag.message == "unknown labels entry 'practise' (did you mean 'practice'?)"
    assert str(diag.location) == "r.yaml:6:3"
    _, [diag] = check(tmp_path, "chekcs: {}\n", schema.CONFIG)
    assert diag.message == "unknown field 'chekcs' in review (did you mean 'checks'?)"


def test_a_label_the_kind_never_prints_is_reported(tmp_path):
    from bulletin.model import load_project
    root = tmp_path / "p"
    import shutil
    from pathlib import Path
    shutil.copytree(Path(__file__).parent / "bad_inputs" / "_project", root)
    pub = root / "sources" / "publications" / "child-a-briefing.yaml"
    pub.write_text(pub.read_text().replace("kind: briefing", "kind: seven-minute")
                   + "labels:\n  family_history: The family\n  footnotes: Notes\n")
    [diag] = load_project(root).diagnostics
    assert diag.code == "source.label-unused" and str(diag.location).endswith("child-a-briefing.yaml:7:3")
    assert diag.severity.value == "warning"
