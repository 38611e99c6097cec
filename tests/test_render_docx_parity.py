"""Parity: the Word file has the HTML's headings, text, links, pictures and notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin.model import layout_from_mapping
from bulletin.render.docx import writer as writer_module
from bulletin.render.docx.writer import docx_bytes
from bulletin.render.docx.parity import docx_outline, html_outline, outline_differences

FIXTURES = Path(__file__).parent / "fixtures" / "publication"
LAYOUT = layout_from_mapping({"partnership": "Test Partnership", "colours": {"primary": "#1d4f91"}})


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.html")))
def test_word_outline_equals_html_outline(name, tmp_path):
    html = (FIXTURES / name).read_text()
    path = tmp_path / "out.docx"
    path.write_bytes(docx_bytes(html, LAYOUT))
    expected, got = html_outline(html), docx_outline(path)
    assert outline_differences(expected, got) == []
    assert expected == got


def test_outline_holds_what_a_reader_needs():
    outline = html_outline((FIXTURES / "full.html").read_text())
    assert outline["headings"][:3] == [[1, "Serious Case Review: Family E"],
                                       [2, "Background"],
                                       [3, "Theme 1: Information sharing"]]
    assert "Use the escalation policy." in outline["texts"]
    assert "Neglect; domestic abuse" in outline["texts"]
    assert outline["links"][0] == "https://www.wolverhamptonsafeguarding.org.uk/reviews"
    assert outline["footnotes"] == [
        "Police, health and children's social care; see the business plan."]
    assert outline["toc"] == "Contents"
    # Footnote markers and back links are navigation, not text.
    assert not any("Back to text" in t for t in outline["texts"])


def test_parity_fails_when_the_writer_drops_list_items(monkeypatch):
    html = (FIXTURES / "full.html").read_text()
    monkeypatch.setattr(writer_module._Writer, "list_item", lambda self, node, ctx: None)
    got = docx_outline(docx_bytes(html, LAYOUT))
    problems = outline_differences(html_outline(html), got)
    assert problems and problems[0].startswith("texts[")


def test_parity_fails_when_the_writer_loses_a_heading_level(monkeypatch):
    html = (FIXTURES / "minimal.html").read_text()
    styles = dict(writer_module.PARAGRAPH_STYLES)
    styles[("h2", "")] = "Heading 3"
    monkeypatch.setattr(writer_module, "PARAGRAPH_STYLES", styles)
    problems = outline_differences(html_outline(html), docx_outline(docx_bytes(html, LAYOUT)))
    assert problems == ["headings[1]: HTML [2, 'Theme 1 – Co-ordinated Sharing of "
                        "Information'] but Word [3, 'Theme 1 – Co-ordinated Sharing of "
                        "Information']"]


def test_parity_diagnostics_are_one_line_errors_at_the_source(monkeypatch):
    from bulletin.render.docx.parity import parity_diagnostics

    html = (FIXTURES / "minimal.html").read_text()
    assert parity_diagnostics(html, docx_bytes(html, LAYOUT), "sources/child-f.yaml") == []
    monkeypatch.setattr(writer_module._Writer, "list_item", lambda self, node, ctx: None)
    found = parity_diagnostics(html, docx_bytes(html, LAYOUT), "sources/child-f.yaml")
    assert found and all(str(d).startswith("sources/child-f.yaml: error: the Word file") for d in found)
    assert {d.code for d in found} == {"docx.parity"}
