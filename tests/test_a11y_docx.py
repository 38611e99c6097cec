"""Word checks on .docx files made with python-docx, fixed up in OOXML the way the Word writer must."""

import io
import struct
import zlib

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches

from bulletin.checks.accessibility.run import check_docx

TITLE = "Child F briefing"


def png() -> bytes:
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def add_link(paragraph, text, url):
    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def good_document():
    d = docx.Document()
    d.core_properties.title = TITLE
    d.core_properties.language = "en-GB"
    d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")) \
        .find(qn("w:lang")).set(qn("w:val"), "en-GB")
    d.add_heading(TITLE, 1)
    d.add_heading("Background", 2)
    p = d.add_paragraph("Read the ")
    add_link(p, "full report", "https://a.org/r")
    p = d.add_paragraph()
    run = p.add_run("This whole paragraph is bold for emphasis, and it ends with a full stop.")
    run.bold = True
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).paragraphs[0].add_run("What").bold = True
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))
    d.add_picture(io.BytesIO(png()), width=Inches(1))
    d.inline_shapes[0]._inline.docPr.set("descr", "A black square")
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    return d


def save(d, tmp_path, name="out.docx"):
    path = tmp_path / name
    d.save(path)
    return path


def codes(path):
    return sorted(x.code for x in check_docx(path, TITLE))


def test_good_document_passes(tmp_path):
    assert check_docx(save(good_document(), tmp_path), TITLE) == []


def test_stock_python_docx_defaults_fail_title_and_language(tmp_path):
    d = docx.Document()
    d.add_heading(TITLE, 1)
    assert codes(save(d, tmp_path)) == ["a11y.docx-lang", "a11y.docx-lang", "a11y.docx-title"]


def test_heading_skip_and_fake_heading_name_the_paragraph(tmp_path):
    d = good_document()
    d.add_heading("Skipped to four", 4)
    d.add_paragraph().add_run("Recommendations:").bold = True
    found = check_docx(save(d, tmp_path), TITLE)
    assert [(x.code, x.extra["paragraph"]) for x in found] == [
        ("a11y.docx-heading-order", 11), ("a11y.docx-fake-heading", 12)]  # table cells count


def test_picture_needs_alt_text_unless_decorative(tmp_path):
    d = good_document()
    d.add_picture(io.BytesIO(png()), width=Inches(1))
    assert codes(save(d, tmp_path, "a.docx")) == ["a11y.docx-image-alt"]
    doc_pr = d.inline_shapes[1]._inline.docPr
    ext_lst = OxmlElement("a:extLst")
    ext = OxmlElement("a:ext")
    ext.set("uri", "{C183D7F6-B498-43B3-948B-1728B52AA6E4}")
    flag = ext.makeelement("{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative",
                           {"val": "1"})
    ext.append(flag)
    ext_lst.append(ext)
    doc_pr.append(ext_lst)
    assert codes(save(d, tmp_path, "b.docx")) == []


def test_table_rules(tmp_path):
    d = good_document()
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1))
    table.cell(1, 0).add_table(rows=1, cols=1)
    # the new table and the nested one both lack a header row
    assert codes(save(d, tmp_path)) == ["a11y.docx-merged-cells", "a11y.docx-nested-table",
                                        "a11y.docx-table-header", "a11y.docx-table-header"]


def _labelled_rows(d, look: dict, label_style: str = "Heading 3"):
    """A two-column table whose rows are (label | text), with the given w:tblLook flags."""
    table = d.add_table(rows=2, cols=2)
    for row, (label, text) in zip(table.rows, [("Theme", "Neglect."), ("Published", "2017.")]):
        row.cells[0].paragraphs[0].text = label
        row.cells[0].paragraphs[0].style = d.styles[label_style]
        row.cells[1].paragraphs[0].text = text
    tbl_look = table._tbl.tblPr.find(qn("w:tblLook"))
    for key, value in look.items():
        tbl_look.set(qn(f"w:{key}"), value)
    return table


def test_a_layout_table_with_headings_in_its_first_column_needs_no_header_row(tmp_path):
    d = good_document()
    _labelled_rows(d, {"firstRow": "0", "firstColumn": "1"})
    assert codes(save(d, tmp_path, "layout.docx")) == []


@pytest.mark.parametrize("look, label_style", [
    ({"firstRow": "1", "firstColumn": "1"}, "Heading 3"),   # its look says the first row is a header
    ({"firstRow": "0", "firstColumn": "0"}, "Heading 3"),   # no header column either
    ({"firstRow": "0", "firstColumn": "1"}, "Normal"),      # labels that are not headings: data
])
def test_a_data_table_still_needs_its_header_row(tmp_path, look, label_style):
    d = good_document()
    _labelled_rows(d, look, label_style)
    assert codes(save(d, tmp_path, "data.docx")) == ["a11y.docx-table-header"]


def test_layout_by_spaces_and_empty_paragraphs_warn_once_each(tmp_path):
    d = good_document()
    d.add_paragraph("")
    d.add_paragraph("")
    d.add_paragraph("Name:\t\tAddress")
    found = check_docx(save(d, tmp_path), TITLE)
    assert sorted(x.code for x in found) == ["a11y.docx-empty-paragraph", "a11y.docx-spaces"]
    assert all(x.severity.value == "warning" for x in found)
    assert "2 empty paragraph(s)" in next(x.message for x in found if x.code == "a11y.docx-empty-paragraph")


@pytest.mark.parametrize("text", ["https://b.org/", "click here"])
def test_link_text_that_is_an_address_or_generic(tmp_path, text):
    d = good_document()
    add_link(d.add_paragraph("See "), text, "https://a.org/r")
    assert codes(save(d, tmp_path)) == ["a11y.docx-link-text"]


@pytest.mark.parametrize("text", ["https://a.org/r", "a.org/r"])
def test_a_link_that_is_its_own_address_is_left_to_the_source_rule(tmp_path, text):
    """A bare address in a source becomes a link whose text is its address; it is reported
    once, at its source line (links.bare), not again by every output's check."""
    d = good_document()
    add_link(d.add_paragraph("See "), text, "https://a.org/r")
    assert codes(save(d, tmp_path)) == []


def test_floating_picture_warns(tmp_path):
    d = good_document()
    inline = d.inline_shapes[0]._inline
    inline.tag = qn("wp:anchor")
    assert codes(save(d, tmp_path)) == ["a11y.docx-floating"]
