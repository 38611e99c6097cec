"""The format registry: every format's writer and checks are real, and a new format is one entry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bulletin import formats
from bulletin.checks.registry import OUTPUT_CHECKS

ROOT = Path(__file__).resolve().parent / "roots" / "links-kinds"


def write_text(html, project, layout, context, session):
    """A test format's writer: the publication's title and subject as plain text."""
    review = context["review"] or {}
    return f"{context['publication']['title']}\n{review.get('subject', '')}\n".encode("utf-8"), []


def test_every_format_has_a_writer_a_file_of_its_own_and_known_checks():
    assert formats.names() == ("pdf", "docx", "html", "print")  # what a build makes by default
    assert len({f.suffix for f in formats.FORMATS.values()}) == len(formats.FORMATS)
    for fmt in formats.FORMATS.values():
        assert callable(formats.writer(fmt.name)), fmt.name
        assert set(fmt.checks) <= set(OUTPUT_CHECKS), fmt.name
        assert formats.by_suffix(fmt.suffix) is fmt
    assert [f.catalogue_name for f in formats.listed()] == ["html", "pdf", "print-pdf", "docx"]
    # the PDF accessibility rules read both PDFs; Word parity only the Word file
    assert formats.suffixes_checked_by("a11y.pdf") == (".pdf", ".print.pdf")
    assert formats.suffixes_checked_by("parity") == (".docx",)


def test_the_command_line_offers_the_registrys_formats():
    from bulletin.cli import _formats
    assert _formats("pdf, html") == ("pdf", "html")
    with pytest.raises(Exception, match="choose from pdf, docx, html, print"):
        _formats("epub")


@pytest.fixture
def text_format():
    fmt = formats.register(formats.Format("text", ".txt", "test_formats:write_text", "text",
                                          "Plain text", 5))
    try:
        yield fmt
    finally:
        formats.unregister("text")
    assert "text" not in formats.FORMATS


def test_a_format_added_in_one_place_is_built_listed_and_offered(tmp_path, text_format):
    from bulletin.build import build
    from bulletin.catalogue import write_catalogue
    from bulletin.cli import _formats

    root = tmp_path / "project"
    shutil.copytree(ROOT, root)
    assert _formats("html,text") == ("html", "text")
    result = build(root, formats=("html", "text"), force=True, links=False, axe=False)
    assert [p.status for p in result.publications] == ["built"]
    page = root / "dist" / "sample-child-k-briefing.txt"
    assert page.read_text(encoding="utf-8").splitlines()[1] == "Child K"
    write_catalogue(result, root / "dist")
    catalogue = (root / "dist" / "catalogue.json").read_text(encoding="utf-8")
    assert '"label": "Plain text"' in catalogue and '"href": "sample-child-k-briefing.txt"' in catalogue


def test_a_format_is_refused_when_its_name_or_file_ending_is_taken():
    with pytest.raises(ValueError, match="exists already"):
        formats.register(formats.Format("pdf2", ".pdf", "x:y", "pdf2", "PDF again", 9))
    with pytest.raises(ValueError, match="built-in"):
        formats.unregister("html")
