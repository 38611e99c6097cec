"""The command line: where the project is, where options may be typed, exit statuses."""

from __future__ import annotations

import pytest

from bulletin.cli import main
from bulletin.synthetic import write_synthetic_project


@pytest.mark.parametrize("where", ["/", "empty"])
def test_a_folder_that_is_not_a_project_is_refused(tmp_path, capsys, where):
    folder = tmp_path if where == "empty" else tmp_path.anchor
    assert main(["--root", str(folder), "build"]) == 2
    assert "is not a bulletin project" in capsys.readouterr().err
    assert not (tmp_path / "dist").exists()


def test_root_may_follow_the_command(tmp_path):
    root = write_synthetic_project(tmp_path / "project", 1)
    assert main(["build", "--root", str(root), "--offline", "--no-axe", "--format", "html"]) == 0
    assert (root / "dist" / "eastvale-child-0001-briefing.html").is_file()


def test_doctor_needs_no_project(tmp_path):
    assert main(["doctor", "--root", str(tmp_path), "--offline"]) in (0, 1)
