"""Accessibility reports: JSON Lines, the build summary line and the accessibility statement."""

import json

from bulletin.checks.accessibility.report import accessibility_statement, summarise_a11y, write_a11y_report
from bulletin.checks.severity import apply_severities
from bulletin.diagnostics import Location, error, warning

DIAGS = [error("a11y.link-text", "link text 'here' does not say where it goes", Location("s.yaml", 3, 4), publication="p"),
         warning("a11y.sentence-length", "sentence has 30 words", Location("s.yaml", 5, 1), publication="p"),
         warning("a11y.sentence-length", "sentence has 28 words", Location("s.yaml", 9, 1), publication="p"),
         warning("links.redirected", "moved", Location("s.yaml", 5, 1))]


def test_report_is_json_lines_of_our_diagnostics(tmp_path):
    path = write_a11y_report(DIAGS, tmp_path / "reports" / "accessibility.jsonl")
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert [r["code"] for r in records] == ["a11y.link-text", "a11y.sentence-length", "a11y.sentence-length"]
    assert {"file": "s.yaml", "line": 3, "col": 4, "severity": "error", "publication": "p"}.items() <= records[0].items()
    assert list(tmp_path.joinpath("reports").iterdir()) == [path]  # no temporary file left


def test_summary_counts_and_names_the_commonest_codes():
    assert summarise_a11y(DIAGS) == ("accessibility and content checks: 1 error, 2 warnings "
                                     "(most: a11y.sentence-length ×2, a11y.link-text ×1)")
    assert summarise_a11y([]) == "accessibility and content checks: no problems found"


def test_statement_lists_known_issues_and_decisions():
    tuned = apply_severities(DIAGS, {"a11y.sentence-length": {"severity": "info",
                                                              "reason": "quoted from the review"}},
                             Location("bulletin.yaml"))
    text = accessibility_statement("Child F briefing", tuned)
    assert text.startswith("## Child F briefing\n")
    assert "1 problem(s) that fail" in text and "`a11y.link-text`" in text
    assert "- `a11y.sentence-length`: quoted from the review" in text
    assert "no problems" not in text


def test_statement_for_a_clean_publication():
    assert "found no problems" in accessibility_statement("T", [])
