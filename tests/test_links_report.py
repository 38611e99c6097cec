"""Diagnostics, the JSON Lines report, the summary, and the checker's settings files."""

from __future__ import annotations

import json

import pytest

from bulletin.checks.links import LinkRef, LinkResult, Status, check_links
from bulletin.checks.links.report import (diagnose_result, diagnose_results, summarise_links,
                                          write_links_report)
from bulletin.checks.links.settings import (USER_AGENT, LinkSettings, load_allowlist,
                                            load_settings, parse_duration)
from bulletin.diagnostics import Location, Severity
from bulletin.sources import load_yaml


def result(uri, status, pub="child-f-briefing", line=3, **kw):
    ref = LinkRef(uri, kw.pop("text", ""), Location("sources/reviews/child-f.yaml", line, 5), pub,
                  kw.pop("kind", "markdown"))
    return LinkResult(ref, status, **kw)


RESULTS = [
    result("#", Status.PLACEHOLDER, text="WSSCP Neglect Training"),
    result("https://example.org/gone", Status.BROKEN, line=7, info="404 Not Found", http_status=404),
    result("https://example.org/", Status.WORKING, info="200 OK", http_status=200),
    result("http://old.example.org/", Status.REDIRECTED, pub="essex-bulletin", line=9,
           info="200 OK at https://new.example.org/", http_status=200,
           final_uri="https://new.example.org/", notes=["http"]),
]


def test_a_placeholder_says_what_to_fill_in_and_can_be_made_an_error():
    [d] = diagnose_result(RESULTS[0])
    assert str(d) == ("sources/reviews/child-f.yaml:3:5: warning: link target is a placeholder "
                      "'#': fill in the real address for 'WSSCP Neglect Training' or remove the "
                      "link [links.placeholder]")
    assert diagnose_result(RESULTS[0], placeholders_are_errors=True)[0].severity is Severity.ERROR


def test_every_status_has_its_severity_and_code():
    severities = {status: diagnose_result(result("https://x.example.org/", status))[0]
                  for status in Status}
    assert {s for s, d in severities.items() if d.is_error} == {
        Status.BROKEN, Status.INVALID, Status.PARKED}
    assert {s for s, d in severities.items() if d.severity is Severity.WARNING} == {
        Status.REDIRECTED, Status.BLOCKED, Status.RATE_LIMITED, Status.TIMEOUT,
        Status.PLACEHOLDER, Status.BARE_DOMAIN, Status.SOFT_404, Status.MISSING_FRAGMENT,
        Status.PRIVATE}
    assert all(d.code == f"links.{s.value}" for s, d in severities.items())


def test_a_redirect_to_https_needs_no_separate_plain_http_warning():
    assert [d.code for d in diagnose_result(RESULTS[3])] == ["links.redirected"]
    plain = result("http://example.org/", Status.WORKING, notes=["http"])
    assert [d.code for d in diagnose_result(plain)] == ["links.working", "links.http"]


def test_info_lines_appear_only_when_verbose():
    assert [d.code for d in diagnose_results(RESULTS)] == [
        "links.placeholder", "links.broken", "links.redirected"]
    assert len(diagnose_results(RESULTS, verbose=True)) == 4


def test_the_report_has_one_json_record_per_occurrence(tmp_path):
    path = tmp_path / "dist" / "reports" / "links.jsonl"
    write_links_report(RESULTS, path)
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert records[1] == {
        "file": "sources/reviews/child-f.yaml", "line": 7, "col": 5,
        "publication": "child-f-briefing", "status": "broken", "code": 404,
        "uri": "https://example.org/gone", "final_uri": "", "info": "404 Not Found",
        "kind": "markdown", "text": "",
    }
    assert [r["status"] for r in records] == ["placeholder", "broken", "working", "redirected"]


def test_the_summary_groups_by_publication_and_lists_problems_worst_first():
    assert summarise_links(RESULTS).splitlines() == [
        "Links: 4 in the sources (4 distinct): 1 broken, 1 placeholder, 1 redirected, 1 working",
        "  child-f-briefing: 1 broken, 1 placeholder, 1 working",
        "    broken: https://example.org/gone (sources/reviews/child-f.yaml:7:5) 404 Not Found",
        "    placeholder: '#' for 'WSSCP Neglect Training' (sources/reviews/child-f.yaml:3:5)",
        "  essex-bulletin: 1 redirected",
        "    redirected: http://old.example.org/ (sources/reviews/child-f.yaml:9:5) "
        "200 OK at https://new.example.org/",
    ]
    assert summarise_links([]) == "Links: none found."


def test_settings_default_to_polite_values_with_an_honest_user_agent():
    settings, problems = load_settings({})
    assert problems == [] and settings == LinkSettings()
    assert USER_AGENT.startswith("bulletin/") and USER_AGENT.endswith("(+link checker)")


def test_settings_come_from_yaml_with_a_diagnostic_for_each_bad_key(tmp_path):
    (tmp_path / "bulletin.yaml").write_text(
        "links:\n  per_host: 2\n  timeout: 5s\n  max_age: 12h\n  head: false\n"
        "  retires: 3\n  concurrency: lots\n")
    config, _ = load_yaml(tmp_path / "bulletin.yaml", "bulletin.yaml")
    settings, problems = load_settings(config["links"])
    assert (settings.per_host, settings.timeout, settings.max_age, settings.head) == (2, 5.0, 43200.0, False)
    assert [str(p) for p in problems] == [
        "bulletin.yaml:6:12: error: unknown links setting 'retires' (did you mean 'retries'?) [links.config]",
        "bulletin.yaml:7:16: error: links setting 'concurrency' must be a whole number, got 'lots' [links.config]",
    ]


@pytest.mark.parametrize("text, seconds", [(10, 10.0), ("0.5", 0.5), ("50ms", 0.05), ("1d", 86400.0)])
def test_durations_are_read_with_units(text, seconds):
    assert parse_duration(text) == pytest.approx(seconds)


def test_the_allowlist_is_read_with_locations_for_its_mistakes(tmp_path):
    (tmp_path / "links-allow.yaml").write_text(
        "- pattern: https://www.linkedin.com/*\n  accept: [999, blocked]\n  reason: LinkedIn\n"
        "- accept: [403]\n"
        "- pattern: https://x.example.org/*\n  acept: [403]\n  accept: [sometimes]\n")
    rules, problems = load_allowlist(tmp_path)
    assert [r.pattern for r in rules] == ["https://www.linkedin.com/*", "https://x.example.org/*"]
    assert rules[0].accept == {999, "blocked"} and rules[0].matches("https://WWW.LinkedIn.com/in/x")
    assert [(p.code, p.location.line) for p in problems] == [
        ("links.allowlist", 4), ("links.allowlist", 6), ("links.allowlist", 5)]
    assert "did you mean 'accept'" in problems[1].message


def test_settings_problems_reach_the_build_as_diagnostics(tmp_path):
    _, diagnostics = check_links([], tmp_path, offline=True, settings={"per_hots": 2})
    assert [d.code for d in diagnostics] == ["links.config"]
