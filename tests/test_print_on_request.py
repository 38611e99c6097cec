"""The print edition is made when asked for or published, so a plain `bulletin build` lays each publication out once."""

from __future__ import annotations

from bulletin import formats
from bulletin.cli import main
from bulletin.synthetic import write_synthetic_project


def test_build_without_format_makes_pdf_word_and_html_but_no_print_edition(tmp_path, monkeypatch):
    monkeypatch.setenv("BULLETIN_WORD_PAGES", "off")  # LibreOffice's layout of the Word file is not the point here
    root = write_synthetic_project(tmp_path / "project", 1)
    assert main(["--root", str(root), "build", "--offline", "--no-axe"]) == 0
    made = {p.name for p in (root / "dist").iterdir() if p.is_file() and "child-0001-briefing" in p.name}
    assert made == {f"eastvale-child-0001-briefing{s}" for s in (".pdf", ".docx", ".html")}


def test_the_print_edition_is_still_a_format_to_ask_for_and_to_publish():
    assert "print" in formats.names() and "print" not in formats.defaults()
    assert formats.defaults() == tuple(n for n in formats.names() if n != "print")
