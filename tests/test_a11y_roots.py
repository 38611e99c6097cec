"""A sample project that breaks every source and content rule once, against its golden diagnostics."""

from pathlib import Path

from bulletin.build import build
from bulletin.checks.accessibility.build import check_rendered
from bulletin.checks.accessibility.contrast import check_layouts
from bulletin.checks.accessibility.rules import RULES
from bulletin.checks.severity import apply_severities
from bulletin.diagnostics import Location

ROOT = Path(__file__).parent / "roots" / "a11y-breaks"
OWN = ("a11y.", "content.", "config.checks")
# Rules that look at built files, the layout or the settings rather than at source text.
NOT_SOURCE = ("a11y.html", "a11y.pdf", "a11y.docx", "a11y.axe", "a11y.heading-order",
              "a11y.table-", "a11y.colour")


def source_diagnostic_lines(root: Path, dist: Path) -> list[str]:
    """The source-level accessibility and content lines a build of `root` reports
    (output files are left out: their findings follow the templates, not the sources)."""
    result = build(root, formats=("html",), dist=dist, checks=check_rendered)
    found = result.diagnostics + check_layouts(result.project)
    found = apply_severities(found, result.project.config.checks, Location("bulletin.yaml"))
    return [str(d) for d in found
            if d.code.startswith(OWN) and not d.location.path.startswith("dist/")]


def test_every_source_rule_fires_once_as_in_the_golden_file(tmp_path):
    expected = (ROOT / "expected-diagnostics.txt").read_text(encoding="utf-8").splitlines()
    assert source_diagnostic_lines(ROOT, tmp_path / "dist") == expected


def test_the_sample_covers_every_source_and_content_rule():
    golden = (ROOT / "expected-diagnostics.txt").read_text(encoding="utf-8")
    wanted = [code for code in RULES if not code.startswith(NOT_SOURCE)]
    missing = [code for code in wanted if f"[{code}]" not in golden]
    assert missing == []


def test_the_build_tunes_severities_and_writes_reports(tmp_path):
    import json
    from bulletin.checks.accessibility.report import summarise_a11y
    from bulletin.report import write_reports
    dist = tmp_path / "dist"
    result = build(ROOT, formats=("html",), dist=dist, links=False)
    write_reports(result, dist)
    caps = [d for d in result.diagnostics if d.code == "a11y.caps"]
    assert [d.severity.value for d in caps] == ["error"]  # raised by bulletin.yaml
    assert caps[0].extra["reason"] == "our style guide bans capitals"
    records = [json.loads(line) for line in (dist / "reports" / "accessibility.jsonl").read_text().splitlines()]
    assert {"a11y.contrast", "content.postcode", "config.checks-reason"} <= {r["code"] for r in records}
    # The sample breaks error rules (a postcode among them), so it is held back, and an
    # accessibility statement describes only what was written.
    assert [p.status for p in result.publications] == ["failed"]
    assert "Child B" not in (dist / "reports" / "accessibility-statement.md").read_text()
    assert summarise_a11y(result.diagnostics).startswith("accessibility and content checks: ")
