"""`bulletin init`: a new partnership's project builds with no warnings, colours are checked at once, and nothing is overwritten."""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import pytest

from bulletin.cli import main
from bulletin.init import InitError, Partnership, ask, colour_problems, create, initials, layout_name

NAME = "Northshire Safeguarding Children Partnership"
OPTIONS = ["--name", NAME, "--website", "https://www.northshire-scp.org.uk",
           "--email", "scp@northshire.example.org", "--colour", "#6a1b4d", "--accent", "#f3e6ee"]


def _png(path: Path) -> Path:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\x6a\x1b\x4d" * 30 for _ in range(10))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 30, 10, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


@pytest.fixture
def made(tmp_path, capsys) -> Path:
    folder = tmp_path / "northshire"
    assert main(["init", str(folder), *OPTIONS, "--logo", str(_png(tmp_path / "brand.png"))]) == 0
    capsys.readouterr()
    return folder


def test_init_writes_a_project_of_its_own(made):
    layout = (made / "layouts/northshire/layout.yaml").read_text()
    assert f'partnership: "{NAME}"' in layout and 'short_name: "NSCP"' in layout
    assert "website: https://www.northshire-scp.org.uk" in layout and "email: scp@northshire" in layout
    assert 'primary: "#6a1b4d"' in layout and "file: logo.png" in layout
    assert (made / "layouts/northshire/logo.png").read_bytes().startswith(b"\x89PNG")
    settings = (made / "bulletin.yaml").read_text()
    live = [line for line in settings.splitlines() if not line.lstrip().startswith("#")]
    assert live == ["checks: {}"], live          # no check lowered, so no borrowed reason
    assert "word for word" not in "\n".join(live)
    themes = (made / "sources/themes.yaml").read_text()
    assert "Understanding what the child's daily life is like" in themes
    assert "Critical thinking and challenge" in themes
    review = (made / "sources/reviews/example-child-a.yaml").read_text()
    briefing = (made / "sources/publications/example-child-a-briefing.yaml").read_text()
    assert review.startswith("# EXAMPLE") and briefing.startswith("# EXAMPLE")
    assert "status: draft" in briefing and "Example" in briefing
    assert '"yaml.schemas"' in (made / ".vscode/settings.json").read_text()
    assert (made / "schema/review.schema.json").is_file()
    assert not (made / "sources/reviews/child-f.yaml").exists()  # nothing of the reference project


def test_the_new_project_builds_with_no_warnings_and_no_errors(made, capsys):
    assert main(["--root", str(made), "build", "--offline", "--format", "html,pdf"]) == 0
    captured = capsys.readouterr()
    assert "0 errors, 0 warnings" in captured.out, captured
    assert not re.search(r": (warning|error): ", captured.err), captured.err
    assert (made / "dist/northshire-example-child-a-briefing.pdf").stat().st_size > 1000


@pytest.mark.slow
def test_the_new_project_builds_in_every_format_with_no_warnings(made, capsys):
    assert main(["--root", str(made), "build", "--offline", "--format", "pdf,docx,html,print"]) == 0
    captured = capsys.readouterr()
    assert "0 errors, 0 warnings" in captured.out, captured
    for suffix in (".pdf", ".docx", ".html", ".print.pdf"):
        assert (made / f"dist/northshire-example-child-a-briefing{suffix}").is_file()


def test_colours_that_fail_contrast_are_refused_with_the_ratio_and_a_colour_that_passes(tmp_path, capsys):
    folder = tmp_path / "orange"
    options = [o if o != "#6a1b4d" else "#f39200" for o in OPTIONS]
    assert main(["init", str(folder), *options]) == 2
    err = capsys.readouterr().err
    assert "2.35:1" in err and "4.5:1" in err
    suggestion = re.search(r"try --colour (#[0-9a-f]{6})", err).group(1)
    assert not folder.exists()                   # nothing written
    assert colour_problems(suggestion, "#f3e6ee") == []
    assert main(["init", str(folder), *[o if o != "#6a1b4d" else suggestion for o in OPTIONS]]) == 0


def test_a_dark_second_colour_is_refused_with_a_lighter_one(tmp_path):
    problems = colour_problems("#6a1b4d", "#444444")
    assert any("1.79:1" in p for p in problems)
    lighter = re.search(r"try --accent (#[0-9a-f]{6})", " ".join(problems)).group(1)
    assert colour_problems("#6a1b4d", lighter) == []


def test_refuses_a_folder_that_is_already_a_project_and_writes_nothing(made, capsys):
    before = sorted(p.relative_to(made) for p in made.rglob("*"))
    assert main(["init", str(made), *OPTIONS]) == 2
    assert "already a project" in capsys.readouterr().err
    assert sorted(p.relative_to(made) for p in made.rglob("*")) == before


def test_a_folder_with_other_files_is_fine_but_a_clash_is_refused(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    create(folder, Partnership(NAME, "NSCP"))
    assert (folder / "notes.txt").read_text() == "mine"
    other = tmp_path / "other"
    other.mkdir()
    (other / ".gitignore").write_text("mine")
    with pytest.raises(InitError, match=r"\.gitignore"):
        create(other, Partnership(NAME, "NSCP"))
    assert (other / ".gitignore").read_text() == "mine" and not (other / "layouts").exists()


def test_at_a_terminal_each_missing_answer_is_asked_and_bad_colours_asked_again(capsys):
    answers = iter([NAME, "", "https://www.northshire-scp.org.uk", "scp@northshire.example.org",
                    "#f39200", "", "#6a1b4d", "", ""])
    partnership = ask(Partnership("", ""), set(), read=lambda prompt: next(answers))
    assert partnership.short_name == "NSCP"        # the suggested initials, accepted with Enter
    assert partnership.primary == "#6a1b4d" and partnership.logo is None
    assert "2.35:1" in capsys.readouterr().out


def test_names_from_the_partnership():
    assert initials(NAME) == "NSCP"
    assert layout_name(NAME, "NSCP") == "northshire"
    assert layout_name("The Safeguarding Children Partnership", "SCP") == "scp"


def test_a_bright_second_colour_that_init_accepts_builds_without_a_contrast_error(tmp_path, capsys):
    """What init accepts the build accepts: a yellow accent passes every pair the stylesheet
    can make, the draft mark included (it sits on its own white box)."""
    folder = tmp_path / "yellow"
    options = [o if o != "#f3e6ee" else "#f2c14e" for o in OPTIONS]
    assert main(["init", str(folder), *options, "--logo", str(_png(tmp_path / "brand.png"))]) == 0
    capsys.readouterr()
    assert main(["--root", str(folder), "build", "--offline", "--format", "html"]) == 0
    assert "[a11y.contrast]" not in capsys.readouterr().err


def test_the_logo_says_more_than_the_name_printed_beside_it(made):
    """Alt text equal to the partnership's name, printed next to the logo, is read twice
    (axe's image-redundant-alt): by default it names the logo."""
    assert f'alt: "{NAME} logo"' in next((made / "layouts").glob("*/layout.yaml")).read_text()
