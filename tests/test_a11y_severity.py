"""Per-project severity tuning from bulletin.yaml's checks: section."""

from bulletin.checks.severity import apply_severities
from bulletin.diagnostics import Location, Severity, error, warning
from bulletin.sources import load_yaml

WHERE = Location("bulletin.yaml", 1, 1)
DIAGS = [warning("a11y.reading-grade", "grade 12", Location("s.yaml", 3, 1)),
         warning("a11y.acronym", "'MASH'", Location("s.yaml", 4, 1)),
         error("a11y.axe.color-contrast", "contrast", Location("dist/x.html")),
         warning("links.redirected", "moved", Location("s.yaml", 5, 1))]


def test_severity_changes_with_reasons_are_applied_and_recorded(tmp_path):
    cfg = tmp_path / "bulletin.yaml"
    cfg.write_text("checks:\n"
                   "  a11y.reading-grade: {severity: info, reason: practitioners' audience}\n"
                   "  a11y.acronym: {severity: off, reason: glossary printed on the back}\n"
                   "  a11y.axe.*: {severity: warning, reason: axe is advisory here}\n")
    data, problems = load_yaml(cfg, "bulletin.yaml")
    assert problems == []
    out = apply_severities(DIAGS, data["checks"], WHERE)
    assert [(d.code, d.severity) for d in out] == [
        ("a11y.reading-grade", Severity.INFO), ("a11y.axe.color-contrast", Severity.WARNING),
        ("links.redirected", Severity.WARNING)]
    assert out[0].extra == {"default_severity": "warning", "reason": "practitioners' audience"}


def test_change_without_reason_is_itself_a_warning_at_its_line(tmp_path):
    cfg = tmp_path / "bulletin.yaml"
    cfg.write_text("title: x\nchecks:\n  a11y.acronym: {severity: info}\n")
    data, _ = load_yaml(cfg, "bulletin.yaml")
    out = apply_severities(DIAGS[:2], data["checks"], WHERE)
    assert out[1].severity is Severity.INFO
    assert out[-1].code == "config.checks-reason" and out[-1].location.line == 3


def test_bad_severity_and_misspelt_code_are_reported():
    out = apply_severities(DIAGS[:1], {"a11y.reading-grade": {"severity": "loud", "reason": "x"},
                                      "a11y.acronyms": {"severity": "off", "reason": "x"}}, WHERE)
    assert out[0].severity is Severity.WARNING  # unchanged
    assert [d.code for d in out[1:]] == ["config.checks", "config.checks"]
    assert any("did you mean 'a11y.acronym'" in d.message for d in out)
    assert any("got 'loud'" in d.message for d in out)


def test_no_config_changes_nothing():
    assert apply_severities(DIAGS, None, WHERE) == DIAGS
