"""What the machine lacks is a notice about the machine, never a publication's warning; `bulletin doctor` says it all."""

from __future__ import annotations

import dataclasses

import pytest

from bulletin import environment
from bulletin.build import build
from bulletin.cli import main
from bulletin.diagnostics import Severity
from bulletin.synthetic import write_synthetic_project


@pytest.fixture
def without_harfbuzz_subset(monkeypatch):
    """A machine without HarfBuzz-subset, as WeasyPrint and bulletin see it."""
    import weasyprint.pdf.fonts  # where WeasyPrint 70 decides how to subset

    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    missing = dataclasses.replace(environment.harfbuzz_subset(), found=False, detail="not found",
                                  install=environment.HARFBUZZ_SUBSET_INSTALL)
    monkeypatch.setattr(environment, "harfbuzz_subset", lambda: missing)


def test_a_missing_harfbuzz_subset_is_one_notice_and_no_publication_warning(tmp_path, without_harfbuzz_subset):
    root = write_synthetic_project(tmp_path / "project", 1)
    result = build(root, formats=("pdf",), offline=True, axe=False)
    notices = [d for d in result.diagnostics if d.code == "env.harfbuzz-subset"]
    assert len(notices) == 1 and notices[0].severity is Severity.INFO and notices[0].publication == ""
    assert "apt-get install libharfbuzz-subset0" in notices[0].message
    assert not [str(d) for d in result.diagnostics if "HarfBuzz" in d.message and d.publication]
    assert {p.status for p in result.publications} == {"built"}


@pytest.mark.slow
def test_the_notice_does_not_fail_a_strict_publish(tmp_path, without_harfbuzz_subset, capsys):
    root = write_synthetic_project(tmp_path / "project", 1)
    assert main(["--root", str(root), "publish", "--offline"]) == 0, capsys.readouterr().err
    assert "bulletin: notice: HarfBuzz-subset is not installed" in capsys.readouterr().err


def test_doctor_says_what_is_missing_and_how_to_install_it(tmp_path, monkeypatch, capsys, without_harfbuzz_subset):
    monkeypatch.setattr(environment, "network", lambda: pytest.fail("doctor --offline reached out"))
    assert main(["--root", str(tmp_path), "doctor", "--offline"]) == 0
    out = capsys.readouterr().out
    assert "HarfBuzz-subset" in out and "install: apt-get install libharfbuzz-subset0" in out
    assert out.rstrip().splitlines()[-1].startswith("bulletin can build here.")


def test_doctor_fails_when_the_build_cannot_run(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(environment, "pango", lambda: environment.Capability(
        "Pango", False, "libpango-1.0 not found", True, environment.PANGO_INSTALL))
    assert main(["--root", str(tmp_path), "doctor", "--offline"]) == 1
    out = capsys.readouterr().out
    assert "install: apt-get install libpango-1.0-0 libpangoft2-1.0-0" in out
    assert "bulletin cannot build here: Pango missing" in out
