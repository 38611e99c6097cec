"""`bulletin check` reports what `build` would, short of rendered files, and says what it skipped."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

from bulletin.build import build
from bulletin.check import check
from bulletin.cli import main

TESTS = Path(__file__).parent
TINY = TESTS / "bad_inputs" / "_project"
PUB = "sources/publications/child-a-briefing.yaml"


def tiny(tmp_path) -> Path:
    root = tmp_path / "tiny"
    shutil.copytree(TINY, root)
    return root


def run_check(root: Path) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        status = main(["--root", str(root), "check", "--offline"])
    return status, err.getvalue()


def test_a_misspelt_override_in_a_seven_minute_briefing_fails_check(tmp_path):
    root = tiny(tmp_path)
    path = root / PUB
    path.write_text(path.read_text().replace("kind: briefing", "kind: seven-minute")
                    + "overrides:\n  backgound: Shorter text.\n")
    status, err = run_check(root)
    assert status == 1
    assert (f"{PUB}:7:3: error: unknown overrides entry 'backgound' (did you mean 'background'?) "
            "[source.unknown-key]") in err


def test_check_finds_template_errors_without_writing_anything(tmp_path):
    root = tiny(tmp_path)
    (root / "layouts" / "tiny" / "templates").mkdir()
    (root / "layouts" / "tiny" / "templates" / "briefing.html.j2").write_text(
        '{% extends "base/briefing.html.j2" %}\n{% block content %}\n'
        '{{ cycler.__init__.__globals__.os.system("echo pwned") }}\n{% endblock %}\n')
    status, err = run_check(root)
    assert status == 1
    assert "layouts/tiny/templates/briefing.html.j2:3:1: error: template tried something the sandbox forbids" in err
    assert not any(p.suffix in (".html", ".pdf", ".docx") for p in (root / "dist").rglob("tiny-*"))


def test_check_applies_the_projects_severities_and_says_what_it_could_not_check(tmp_path):
    root = tiny(tmp_path)
    result = check(root, offline=True)
    codes = {d.code: d.severity.value for d in result.diagnostics}
    assert codes.get("a11y.reading-grade") in (None, "info")  # bulletin.yaml lowers it, as build does
    [skipped] = [d for d in result.diagnostics if d.code == "check.not-checked"]
    assert skipped.severity.value == "info" and "PDF tags" in skipped.message and "Word" in skipped.message


def test_check_reports_every_source_diagnostic_build_reports(tmp_path):
    root = tmp_path / "a11y-breaks"
    shutil.copytree(TESTS / "roots" / "a11y-breaks", root)
    built = build(root, formats=("html",), offline=True, axe=False)
    checked = check(root, offline=True)

    def from_sources(diagnostics):  # what build found in sources, not in the files it wrote
        return {str(d) for d in diagnostics if not d.location.path.startswith("dist")
                and d.code != "check.not-checked"}

    assert from_sources(built.diagnostics) <= from_sources(checked.diagnostics)
    assert from_sources(built.diagnostics)
