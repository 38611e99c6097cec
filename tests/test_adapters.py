"""The adapters that hold every use of a library's private API, exercised on the installed
versions: an upgrade that renames or reshapes what they read fails here, by name."""

import re
from pathlib import Path

import weasyprint

from bulletin.render.weasyprint_adapter import page_area

SRC = Path(__file__).resolve().parents[1] / "src" / "bulletin"

PAGE = """<!DOCTYPE html><html><head><style>
@page { size: 200px 300px; margin: 20px; @bottom-left { content: "footer" } }
body, p { margin: 0; font-size: 10px; line-height: 20px; }
nav { height: 40px; }
</style></head><body><nav><p>contents</p></nav><p>one</p><p>two</p></body></html>"""


def test_weasyprint_page_area_reads_the_laid_out_boxes():
    document = weasyprint.HTML(string=PAGE).render()
    area = page_area(document.pages[0])
    assert (area.top, area.height) == (20, 260)  # the content box inside the 20px margins
    nav = [b for b in area.flow if b.tag == "nav" and b.block]
    assert len(nav) == 1 and (nav[0].top, nav[0].height, nav[0].bottom) == (20, 40, 60)
    lines = [b for b in area.flow if b.line]
    assert len(lines) == 3  # 'contents', 'one', 'two': the footer's line is not in the flow
    assert max(b.bottom for b in lines) == 100  # nav (40) + two 20px lines below it


def test_weasyprint_private_names_are_read_only_in_the_adapter():
    private = re.compile(r"\._page_box\b|weasyprint\.formatting_structure|weasyprint\.layout\b")
    users = {p.relative_to(SRC).as_posix() for p in SRC.rglob("*.py") if private.search(p.read_text())}
    assert users == {"render/weasyprint_adapter.py"}


def test_python_docx_private_handles_work_on_the_installed_version():
    import docx
    from docx.oxml.ns import qn

    from bulletin.render.docx import xml as X

    document = docx.Document()
    X.clear_body(document)
    assert document.paragraphs == []
    paragraph = document.add_paragraph()
    X.set_paragraph_style(paragraph, "Heading1")
    assert paragraph.style.name == "Heading 1"
    assert X.paragraph_properties(paragraph).tag == qn("w:pPr")
    assert X.style_paragraph_properties(document.styles["Normal"]).tag == qn("w:pPr")
    run = X.detached_run(paragraph)
    run.text = "placed by hand"
    X.set_run_style(run, "Strong")
    assert paragraph.runs == []  # made through the paragraph, but not in it
    X.append_to_paragraph(paragraph, X.run_element(run))
    assert paragraph.text == "placed by hand" and paragraph.runs[0].style.name == "Strong"
    note = X.element("w:footnote")
    assert X.new_paragraph(note, X.body_story(document)).text == "" and len(note) == 1
    table = document.add_table(2, 3)
    X.set_table_style(table, "TableGrid")
    assert table.style.name == "Table Grid"
    assert len(X.table_cells(table)) == 6
    fonts = next(rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/fontTable"))
    X.set_part_blob(fonts, b"<w:fonts/>")
    assert fonts.blob == b"<w:fonts/>"
    from docx.enum.style import WD_STYLE_TYPE
    added = X.add_style(document, "Callout Heading", WD_STYLE_TYPE.PARAGRAPH)
    assert document.styles["Callout Heading"].style_id == added.style_id == "CalloutHeading"
    X.add_style(document, "Heading 7", WD_STYLE_TYPE.PARAGRAPH)  # a built-in's name, as Word spells it inside
    assert document.styles["Heading 7"].element.name_val == "heading 7"


def test_python_docx_private_attributes_are_read_only_in_docx_xml():
    private = re.compile(r"(?<!self)(?<!cls)\._(?:p|r|tbl|tr|tc|body|blob|cells|element|inline|rels)\b")
    folders = [SRC / "render", SRC / "importer", SRC / "checks"]
    users = {p.relative_to(SRC).as_posix() for folder in folders for p in folder.rglob("*.py")
             if private.search(p.read_text())}
    assert users == {"render/docx/xml.py"}


def test_a_word_package_written_in_one_pass_is_the_package_python_docx_saves():
    import io
    import zipfile

    import docx

    from bulletin.render.docx import xml as X

    document = docx.Document()
    document.add_paragraph("written once")
    X.replace_children(document.styles.element, X.part_xml(docx.Document().styles.element))
    saved = io.BytesIO()
    document.save(saved)
    ours = X.package_bytes(document)
    with zipfile.ZipFile(saved) as theirs, zipfile.ZipFile(io.BytesIO(ours)) as mine:
        assert [i.filename for i in mine.infolist()] == [i.filename for i in theirs.infolist()]
        assert all(mine.read(name) == theirs.read(name) for name in theirs.namelist())
        assert {i.date_time for i in mine.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert docx.Document(io.BytesIO(ours)).paragraphs[0].text == "written once"
    assert X.package_bytes(document) == ours
