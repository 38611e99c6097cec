"""Word pages at the PDF's standard: rows that do not split, brand-coloured headings at
every level, the kind registry's footer label, a 7-minute briefing on two sides."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from bulletin.build import build
from bulletin.checks.page_quality import page_count
from bulletin.render.docx.libreoffice import docx_to_pdf

SAMPLE = Path(__file__).parent / "roots" / "publish-sample"


@pytest.fixture(scope="module")
def word_files(tmp_path_factory) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("word-pages") / "project"
    shutil.copytree(SAMPLE, root)
    build(root, ["alpha-briefing", "alpha-seven-minute"], formats=("docx",), dist=root / "dist", force=True,
          links=False, checks=lambda *a: [])
    return {name: (root / "dist" / f"sample-{name}.docx").read_bytes()
            for name in ("alpha-briefing", "alpha-seven-minute")}


def test_no_table_row_splits_across_pages(word_files):
    document = docx.Document(io.BytesIO(word_files["alpha-seven-minute"]))
    rows = [row for table in document.tables for row in table.rows]
    assert rows
    for row in rows:
        props = [child.tag for child in row._tr.trPr]
        assert qn("w:cantSplit") in props
        if qn("w:tblHeader") in props:  # the schema's order: cantSplit before tblHeader
            assert props.index(qn("w:cantSplit")) < props.index(qn("w:tblHeader"))


def test_every_heading_level_is_in_the_brand_colour(word_files):
    document = docx.Document(io.BytesIO(word_files["alpha-briefing"]))
    primary = document.styles["Heading 1"].font.color.rgb
    for level in (2, 3, 4):
        assert document.styles[f"Heading {level}"].font.color.rgb == primary


def _footer(data: bytes) -> str:
    return docx.Document(io.BytesIO(data)).sections[0].footer.paragraphs[0].text


def test_footer_label_comes_from_the_kind(word_files):
    assert _footer(word_files["alpha-seven-minute"]).startswith("7-minute briefing\tPage ")
    assert not _footer(word_files["alpha-briefing"]).startswith("7-minute briefing")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_the_reference_seven_minute_briefing_is_two_sides_in_word(reference_dist):
    data = (reference_dist / "wolverhampton-child-f-seven-minute.docx").read_bytes()
    assert page_count(docx_to_pdf(data)) == 2


def test_the_brand_font_is_embedded_and_readable_once_unobfuscated(word_files):
    import zipfile

    from bulletin.assets import FONT_DIR
    from bulletin.render.docx.fonts import obfuscate

    with zipfile.ZipFile(io.BytesIO(word_files["alpha-briefing"])) as package:
        table = package.read("word/fontTable.xml").decode()
        stored = package.read("word/fonts/font1.odttf")
        settings = package.read("word/settings.xml").decode()
    key = table.split('w:embedRegular ')[1].split('w:fontKey="')[1].split('"')[0]
    original = (FONT_DIR / "AtkinsonHyperlegible-Regular.ttf").read_bytes()
    assert stored != original and obfuscate(stored, key) == original  # XOR undoes itself
    assert "<w:embedTrueTypeFonts/>" in settings
