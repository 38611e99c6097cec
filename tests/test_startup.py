"""Start-up: commands that lay nothing out never load WeasyPrint (about a second of imports per process)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bulletin.synthetic import write_synthetic_project

# Runs the command line in a fresh interpreter (this test process has WeasyPrint loaded
# already) and prints its exit status and which of WeasyPrint's modules it imported.
PROBE = """
import json, sys
from bulletin.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
heavy = sorted(m for m in sys.modules if m.split(".")[0] == "weasyprint")
print(json.dumps({"code": code, "heavy": heavy}))
"""


def run_command(*args: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120)
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("command", [["--help"], ["build", "--help"], ["check", "--help"]])
def test_help_never_imports_weasyprint(command):
    outcome = run_command(*command)
    assert outcome["code"] == 0
    assert outcome["heavy"] == []


def test_check_never_imports_weasyprint(tmp_path):
    # a briefing, whose contents list a build decides by laying it out: check must not
    root = write_synthetic_project(tmp_path / "project", 1)
    outcome = run_command("--root", str(root), "check", "--offline")
    assert outcome["code"] in (0, 1)  # it ran: 2 would mean the command itself was refused
    assert (root / "dist" / "reports").is_dir()
    assert outcome["heavy"] == []
