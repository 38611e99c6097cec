"""The Word writer: publication HTML in, an accessible, on-brand .docx out."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from pdftext import pdf_text
from lxml import etree

from bulletin.contract import ELEMENTS
from bulletin.model import layout_from_mapping
from bulletin.render.docx.writer import DocxContractError, DocxError, docx_bytes
from bulletin.render.measure import text_width_mm
from bulletin.render.docx.contract import KNOWN
from bulletin.render.docx.tree import parse_html

FIXTURES = Path(__file__).parent / "fixtures" / "publication"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}
LAYOUT = layout_from_mapping({
    "partnership": "Wolverhampton Safeguarding Children Board",
    "short_name": "WSCB", "website": "https://www.wolverhamptonsafeguarding.org.uk",
    "footer": "WSCB Learning Lessons Briefing",
    "colours": {"primary": "#5a2a82", "on_primary": "#ffffff", "accent": "#efe6f6", "link": "#5a2a82",
                "text": "#1a1a1a", "muted": "#4a4a4a", "callout_bg": "#f6f0fa"},
    "fonts": {"body": "Atkinson Hyperlegible", "fallback": "Arial", "size_pt": 11},
    "page": {"margin_mm": 20},
}, name="wolverhampton")


def wrap(body: str, head: str = "<title>T</title>") -> str:
    return f'<!DOCTYPE html>\n<html lang="en-GB">\n<head>{head}</head>\n<body>\n{body}\n</body></html>'


@pytest.fixture(scope="module")
def full_html() -> str:
    return (FIXTURES / "full.html").read_text()


@pytest.fixture(scope="module")
def full(full_html) -> bytes:
    return docx_bytes(full_html, LAYOUT)


@pytest.fixture(scope="module")
def document(full):
    return docx.Document(io.BytesIO(full))


def part_xml(data: bytes, name: str):
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def body_paragraphs(document):
    return [p for p in document.paragraphs if p.text.strip()]


# -- the contract -------------------------------------------------------------------

def test_writer_maps_every_element_and_class_of_the_contract():
    missing = [(tag, cls) for tag, classes in ELEMENTS.items() for cls in classes
               if cls not in KNOWN.get(tag, ())]
    assert missing == []


def test_fixtures_use_every_element_and_class_of_the_contract():
    seen = set()
    for path in FIXTURES.glob("*.html"):
        seen |= {(n.tag, n.cls) for n in parse_html(path.read_text()).iter()}
    unused = [(tag, cls) for tag, classes in ELEMENTS.items() for cls in classes
              if (tag, cls) not in seen]
    assert unused == []


def test_unknown_element_is_an_error_naming_it_and_its_line():
    html = wrap('<p>fine</p>\n<marquee>gone?</marquee>')
    with pytest.raises(DocxContractError) as caught:
        docx_bytes(html, LAYOUT)
    assert "<marquee>" in str(caught.value)
    assert caught.value.line == 6


def test_unknown_class_is_an_error_naming_it_and_its_line():
    html = wrap('<p>fine</p>\n<p>also fine</p>\n<aside class="callout sidebar"><p>x</p></aside>')
    with pytest.raises(DocxContractError) as caught:
        docx_bytes(html, LAYOUT)
    assert "'callout sidebar'" in str(caught.value) and "<aside>" in str(caught.value)
    assert caught.value.line == 7


def test_footnote_nobody_references_is_an_error_not_a_silent_drop():
    html = wrap('<p>Text.</p>\n<section class="footnotes"><ol class="footnote-list">\n'
                '<li class="footnote" id="fn-1">Orphan note.</li></ol></section>')
    with pytest.raises(DocxError) as caught:
        docx_bytes(html, LAYOUT)
    assert "fn-1" in str(caught.value) and caught.value.line == 7


def test_svg_picture_is_an_error_naming_it():
    html = wrap('<figure><img src="data:image/svg+xml,%3Csvg%2F%3E" alt="Chart"></figure>')
    with pytest.raises(DocxError, match="not PNG, JPEG or GIF"):
        docx_bytes(html, LAYOUT)


# -- structure ---------------------------------------------------------------------

def test_headings_use_heading_styles_without_skipped_levels(document):
    levels = [int(p.style.name.split()[-1]) for p in document.paragraphs
              if p.style.name.startswith("Heading")]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:]))
    headings = [(p.style.name, p.text) for p in document.paragraphs
                if p.style.name.startswith("Heading")]
    assert ("Heading 1", "Serious Case Review: Family E") in headings
    assert ("Heading 4", "What this means for practice") in headings


def test_no_bold_paragraph_pretends_to_be_a_heading(document):
    for p in document.paragraphs:
        if p.text.strip() and all(r.bold for r in p.runs if r.text.strip()):
            assert p.style.name not in ("Normal", "List Paragraph"), p.text


def test_classes_become_named_styles(document):
    style_of = {p.text: p.style.name for p in document.paragraphs}
    assert style_of["Learning Lessons Briefing"] == "Kicker"
    assert style_of["What practitioners need to know"] == "Subtitle"
    assert style_of["Published 8 November 2017"] == "Meta"
    assert style_of["DRAFT: not for circulation"] == "Draft Mark"
    assert style_of["Plain callout text."] == "Callout"
    assert style_of["Call the front door on 01902 555392."] == "Callout Contact"
    assert style_of["Scan to read the full report"] == "Caption"


def test_lists_are_numbered_paragraphs_that_nest_and_restart(document):
    def numbering(text):
        p = next(p for p in document.paragraphs if p.text == text)
        num = p._p.pPr.numPr
        return p.style.name, num.numId.val, num.ilvl.val

    style, first_list, level = numbering("Share early.")
    assert style == "List Paragraph" and level == 0
    assert numbering("Use the escalation policy.")[2] == 1
    assert numbering("Check what others know.")[1] == first_list
    assert numbering("A second list starts again at one.")[1] != first_list
    numbering_xml = document.part.numbering_part.element
    num = [n for n in numbering_xml.findall(f"{{{W}}}num")
           if n.get(f"{{{W}}}numId") == str(numbering("A second list starts again at one.")[1])][0]
    assert num.find(f"{{{W}}}lvlOverride/{{{W}}}startOverride").get(f"{{{W}}}val") == "1"


def test_text_keeps_html_white_space_rules(document):
    texts = [p.text for p in document.paragraphs]
    assert ("The family had several agencies involved, and the full report is on the "
            "board's reviews page.\nRead it with your team.") in texts


def test_inline_emphasis_becomes_run_formatting(document):
    p = next(p for p in document.paragraphs if p.text.startswith("This briefing summarises"))
    assert [r.text for r in p.runs if r.bold] == ["Family E"]
    p = next(p for p in document.paragraphs if p.text.startswith("The family had"))
    assert [r.text for r in p.runs if r.italic] == ["several"]


# -- links ----------------------------------------------------------------------------

def hyperlinks(data: bytes):
    root = part_xml(data, "word/document.xml")
    rels = {r.get("Id"): r.get("Target")
            for r in part_xml(data, "word/_rels/document.xml.rels")}
    for link in root.iter(f"{{{W}}}hyperlink"):
        text = "".join(t.text or "" for t in link.iter(f"{{{W}}}t"))
        rid = link.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        target = rels.get(rid) if rid else "#" + link.get(f"{{{W}}}anchor")
        styles = {s.get(f"{{{W}}}val") for s in link.iter(f"{{{W}}}rStyle")}
        yield text, target, styles


def test_links_are_real_styled_hyperlinks_with_meaningful_text(full):
    found = {text: (target, styles) for text, target, styles in hyperlinks(full)}
    assert found["board's reviews page"][0] == "https://www.wolverhamptonsafeguarding.org.uk/reviews"
    assert found["e-mail the board"][0] == "mailto:wscb@wolverhampton.gov.uk"
    assert found["board's reviews page"][1] == {"Hyperlink"}
    for text, target, _ in hyperlinks(full):
        assert text.strip() and text.strip() != target


def test_internal_links_reach_a_bookmark(full):
    root = part_xml(full, "word/document.xml")
    bookmarks = {b.get(f"{{{W}}}name") for b in root.iter(f"{{{W}}}bookmarkStart")}
    anchors = [t for _, t, _ in hyperlinks(full) if t.startswith("#")]
    assert anchors and all(a[1:] in bookmarks for a in anchors)


def test_toc_is_a_word_field_with_outline_and_hyperlink_switches(full):
    root = part_xml(full, "word/document.xml")
    instructions = "".join(t.text for t in root.iter(f"{{{W}}}instrText"))
    assert re.search(r'TOC \\o "1-3" \\h', instructions)
    begin = [f for f in root.iter(f"{{{W}}}fldChar")
             if f.get(f"{{{W}}}fldCharType") == "begin"][0]
    assert begin.get(f"{{{W}}}dirty") == "true"


def _toc_entries(data: bytes) -> list[tuple[str, str, str]]:
    """(entry text, PAGEREF target, cached page) of each contents paragraph."""
    root = part_xml(data, "word/document.xml")
    out = []
    for p in root.iter(f"{{{W}}}p"):
        style = p.find(f"{{{W}}}pPr/{{{W}}}pStyle")
        if style is None or not re.fullmatch(r"TOC\d", style.get(f"{{{W}}}val", "")):
            continue
        instr = " ".join(t.text for t in p.iter(f"{{{W}}}instrText"))
        ref = re.search(r"PAGEREF (\S+)", instr)
        texts = [t.text for t in p.iter(f"{{{W}}}t")]
        out.append((texts[0] if texts else "", ref.group(1) if ref else "", "".join(texts[1:])))
    return out


def test_contents_entries_show_the_pdf_page_numbers_and_word_updates_them(full_html):
    from bulletin.render.docx.xml import bookmark_name

    ids = re.findall(r'class="toc-link" href="#([^"]+)"', full_html)
    pages = {anchor: n for n, anchor in enumerate(ids, 2)}
    data = docx_bytes(full_html, LAYOUT, pages=pages)
    entries = _toc_entries(data)
    assert [(ref, page) for _, ref, page in entries] == [(bookmark_name(a), str(n)) for a, n in pages.items()]
    settings = part_xml(data, "word/settings.xml")
    flag = settings.find(f"{{{W}}}updateFields")
    assert flag is not None and flag.get(f"{{{W}}}val") == "true"
    tags = [etree.QName(child).localname for child in settings]
    assert tags.index("updateFields") < tags.index("compat")  # CT_Settings order, or Word repairs the file
    tabs = part_xml(data, "word/styles.xml").iter(f"{{{W}}}tab")
    assert any(t.get(f"{{{W}}}leader") == "dot" and t.get(f"{{{W}}}val") == "right" for t in tabs)
    # without PDF numbers the fields are still there, empty until Word updates them
    assert {page for _, _, page in _toc_entries(docx_bytes(full_html, LAYOUT))} == {""}


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_shows_the_contents_page_numbers_on_opening(full_html, tmp_path):
    from bulletin.render.docx.libreoffice import docx_to_pdf

    ids = re.findall(r'class="toc-link" href="#([^"]+)"', full_html)
    pdf = docx_to_pdf(docx_bytes(full_html, LAYOUT, pages={anchor: 7 for anchor in ids}))
    lines = [line for line in pdf_text(pdf).splitlines() if "....." in line]
    assert len(lines) == len(ids)
    assert all(re.search(r"\.{5,}\s*7$", line) for line in lines), lines


# -- footnotes, tables, pictures -----------------------------------------------------

def test_footnotes_are_real_word_footnotes(full):
    body = part_xml(full, "word/document.xml")
    refs = [r.get(f"{{{W}}}id") for r in body.iter(f"{{{W}}}footnoteReference")]
    assert refs == ["1"]
    notes = part_xml(full, "word/footnotes.xml")
    note = [n for n in notes if n.get(f"{{{W}}}id") == "1"][0]
    text = "".join(t.text for t in note.iter(f"{{{W}}}t"))
    assert "Police, health and children's social care" in text
    assert "Back to text" not in text
    # The footnote list itself is not repeated in the body.
    assert "Police, health" not in "".join(t.text or "" for t in body.iter(f"{{{W}}}t"))


def test_header_rows_repeat_and_tables_have_captions(document):
    tables = document.tables
    captions = [t._tbl.tblPr.find(f"{{{W}}}tblCaption").get(f"{{{W}}}val") for t in tables]
    assert captions == ["Recommendations for the board", "Family X in brief",
                        "Themes by review", "Board actions", "Plain table"]
    repeats = [bool(t.rows[0]._tr.trPr is not None
                    and t.rows[0]._tr.trPr.find(f"{{{W}}}tblHeader") is not None)
               for t in tables]
    # The fact table has row headings only, so no header row to repeat.
    assert repeats == [True, False, True, True, True]
    assert tables[0].cell(0, 0).paragraphs[0].style.name == "Table Heading"
    assert tables[1].cell(0, 0).paragraphs[0].style.name == "Row Heading"
    assert [p.text for p in tables[1].cell(1, 1).paragraphs] == [
        "Family history:", "Two fathers", "Large sibling group"]


def test_pictures_carry_alt_text(full):
    root = part_xml(full, "word/document.xml")
    alts = [d.get("descr") for d in root.iter(f"{{{NS['wp']}}}docPr")]
    assert alts == ["Wolverhampton Safeguarding Children Board",
                    "QR code linking to the board's reviews page", "The board's logo"]


def test_empty_alt_marks_the_picture_decorative():
    png = (FIXTURES / "full.html").read_text().split('src="')[1].split('"')[0]
    data = docx_bytes(wrap(f'<figure><img src="{png}" alt=""></figure>'), LAYOUT)
    root = part_xml(data, "word/document.xml")
    assert root.find(".//{http://schemas.microsoft.com/office/drawing/2017/decorative}"
                     "decorative") is not None


# -- metadata, language, brand, page -----------------------------------------------------

def test_core_properties_come_from_the_html_head(document):
    props = document.core_properties
    assert props.title == "Learning Lessons Briefing: Family E"
    assert props.author == "Wolverhampton Safeguarding Children Board"
    assert props.subject == "Learning from the serious case review of Family E"
    assert props.keywords == "neglect, information sharing, voice of the child"
    assert props.language == "en-GB"


def test_language_is_en_gb_in_document_defaults_and_nowhere_en_us(full):
    styles = part_xml(full, "word/styles.xml")
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(f"{{{W}}}val") == "en-GB"
    with zipfile.ZipFile(io.BytesIO(full)) as package:
        for name in ("word/styles.xml", "word/settings.xml", "word/document.xml"):
            assert b"en-US" not in package.read(name), name


def test_fonts_name_the_layout_font_with_a_fallback(full):
    styles = part_xml(full, "word/styles.xml")
    fonts = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert fonts.get(f"{{{W}}}ascii") == "Atkinson Hyperlegible"
    assert not any("Theme" in k for f in styles.iter(f"{{{W}}}rFonts") for k in f.attrib)
    table = part_xml(full, "word/fontTable.xml")
    entry = [f for f in table if f.get(f"{{{W}}}name") == "Atkinson Hyperlegible"][0]
    assert entry.find("w:altName", NS).get(f"{{{W}}}val") == "Arial"


def test_styles_take_the_brand_colours(document):
    assert str(document.styles["Heading 1"].font.color.rgb) == "5A2A82"
    assert str(document.styles["Hyperlink"].font.color.rgb) == "5A2A82"
    callout = document.styles["Callout"].element.pPr
    assert callout.find(f"{{{W}}}shd").get(f"{{{W}}}fill") == "f6f0fa"


def test_pages_are_a4_with_layout_margins_header_and_page_number(document, full):
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.top_margin.mm) == 20
    # the sides leave a column of 75 characters of 11 pt text, as the PDF does
    column = section.page_width.mm - section.left_margin.mm - section.right_margin.mm
    assert abs(column - text_width_mm(11, 75)) < 0.5 and section.left_margin.mm > 20
    assert "Wolverhampton Safeguarding Children Board" in section.header.paragraphs[0].text
    assert "DRAFT" in section.header.paragraphs[0].text
    footer = section.footer._element
    assert "PAGE" in "".join(t.text for t in footer.iter(f"{{{W}}}instrText"))


def test_missing_tokens_fall_back_to_the_default_layout():
    default = layout_from_mapping({})
    data = docx_bytes(wrap("<h1>Title</h1><p>Body.</p>"), default)
    document = docx.Document(io.BytesIO(data))
    assert [p.text for p in document.paragraphs] == ["Title", "Body."]
    assert round(document.sections[0].top_margin.mm) == default.page.margin_mm == 18  # layouts/default/layout.yaml
    assert "DRAFT" not in document.sections[0].header.paragraphs[0].text


def test_minimal_publication_builds(tmp_path):
    html = (FIXTURES / "minimal.html").read_text()
    document = docx.Document(io.BytesIO(docx_bytes(html, LAYOUT)))
    assert document.core_properties.title == "Child F: learning briefing"
    assert document.paragraphs[0].style.name == "Heading 1"


def test_same_html_gives_the_same_document_part(full_html, full):
    again = docx_bytes(full_html, LAYOUT)
    with zipfile.ZipFile(io.BytesIO(full)) as a, zipfile.ZipFile(io.BytesIO(again)) as b:
        for name in ("word/document.xml", "word/styles.xml", "word/numbering.xml"):
            assert a.read(name) == b.read(name)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_opens_it_and_keeps_the_text(full, tmp_path):
    (tmp_path / "full.docx").write_bytes(full)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(tmp_path / "full.docx")], check=True, capture_output=True, timeout=120)
    text = pdf_text(tmp_path / "full.pdf")
    for expected in ("Serious Case Review: Family E", "Share early.", "Develop a neglect",
                     "Police, health and children's social care"):
        assert expected in text


def test_spanning_cells_are_merged_and_keep_their_text():
    html = wrap('<table><caption>Spans</caption>'
                '<tr><th scope="col" colspan="2">Both</th><th scope="col">C</th></tr>'
                '<tr><td rowspan="2">Tall</td><td>b1</td><td>c1</td></tr>'
                '<tr><td>b2</td><td>c2</td></tr></table>')
    table = docx.Document(io.BytesIO(docx_bytes(html, LAYOUT))).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Both", "Both", "C"]
    assert [c.text for c in table.rows[2].cells] == ["Tall", "b2", "c2"]


def test_a_built_word_file_carries_the_pdf_page_numbers_in_its_contents(tmp_path):
    from bulletin.build import build

    root = tmp_path / "project"
    shutil.copytree(Path(__file__).parent / "roots" / "compendium-sample", root)
    result = build(root, ["northshire-learning-2023"], formats=("docx",), dist=root / "dist", force=True,
                   links=False)
    assert [p.status for p in result.publications] == ["built"]
    [word] = (root / "dist").glob("*.docx")  # a compendium: contents always, so Word alone lays it out
    pages = [page for _, _, page in _toc_entries(word.read_bytes())]
    assert pages and all(page.isdigit() for page in pages), pages
    assert pages[0] == "1" and int(pages[-1]) > 1


def _grid_shares(data: bytes) -> list[list[float]]:
    root = part_xml(data, "word/document.xml")
    out = []
    for grid in root.iter(f"{{{W}}}tblGrid"):
        widths = [int(c.get(f"{{{W}}}w")) for c in grid.findall(f"{{{W}}}gridCol")]
        out.append([round(w / sum(widths), 2) for w in widths])
    return out


def test_column_widths_set_on_header_cells_are_word_column_widths():
    table = ('<table class="action-plan"><caption>Actions agreed</caption><thead><tr>'
             '<th scope="col" style="width: 56%">Action agreed</th><th scope="col" style="width: 26%">By whom</th>'
             '<th scope="col" style="width: 18%">By when</th></tr></thead><tbody><tr><td></td><td></td><td></td></tr>'
             '</tbody></table>')
    plain = table.replace(' style="width: 56%"', "")
    assert _grid_shares(docx_bytes(wrap(f"<main>{table}</main>"), LAYOUT)) == [[0.56, 0.26, 0.18]]
    assert _grid_shares(docx_bytes(wrap(f"<main>{plain}</main>"), LAYOUT)) == [[0.33, 0.33, 0.33]]


def test_the_seven_minute_action_plan_gives_actions_the_widest_column_in_word_and_pdf():
    template = (Path(__file__).parents[1] / "src" / "bulletin" / "templates" / "seven-minute.html.j2").read_text()
    heads = re.findall(r'<th scope="col" style="width: (\d+)%">([^<]+)</th>', template)
    widths = {name: int(pct) for pct, name in heads}
    assert max(widths, key=widths.get) == "Action agreed"
    assert widths["Action agreed"] > 2 * widths["By when"]


def test_bulletin_facts_are_one_layout_table_of_heading_and_content(tmp_path):
    from bulletin.checks.accessibility.docx import check_docx
    # 12 points of three lines each: well over a third of a page in the 70% column
    long = "<ul>" + "".join(f"<li>Point {n}: {'words ' * 30}</li>" for n in range(12)) + "</ul>"
    facts = "".join(f'<section class="fact"><h3 id="f{n}">{label}</h3>{body}</section>\n'
                    for n, (label, body) in enumerate([("Theme", "<p>Neglect.</p>"),
                                                       ("Published", "<p>8 November 2017</p>"),
                                                       ("Key points", f"<h4>Learning</h4>{long}")]))
    html = wrap(f'<main><h1>T</h1><p>Before.</p><section class="case"><h2>Case</h2>\n{facts}</section>'
                '<p>After.</p></main>')
    data = docx_bytes(html, LAYOUT)
    root = part_xml(data, "word/document.xml")
    [table] = root.iter(f"{{{W}}}tbl")
    rows = table.findall(f"{{{W}}}tr")
    styles = [[p.find(f"{{{W}}}pPr/{{{W}}}pStyle").get(f"{{{W}}}val") for p in tr.iter(f"{{{W}}}p")][0]
              for tr in rows]
    assert styles == ["Heading3"] * 3
    assert ["".join(t.text for t in tr.find(f"{{{W}}}tc").iter(f"{{{W}}}t")) for tr in rows] == \
        ["Theme", "Published", "Key points"]
    look = table.find(f"{{{W}}}tblPr/{{{W}}}tblLook")
    assert (look.get(f"{{{W}}}firstRow"), look.get(f"{{{W}}}firstColumn")) == ("0", "1")
    assert table.find(f"{{{W}}}tblPr/{{{W}}}tblCaption") is None  # a caption would announce data
    kept = [tr.find(f"{{{W}}}trPr/{{{W}}}cantSplit") is not None for tr in rows]
    assert kept == [True, True, False]  # the row taller than a third of a page may run on
    assert _grid_shares(data) == [[0.3, 0.7]]
    # the text reads in order around it: before, the table, after
    body_text = [("".join(t.text for t in p.iter(f"{{{W}}}t"))) for p in root.find(f"{{{W}}}body")]
    assert body_text.index("Before.") < body_text.index("Case") < body_text.index("After.")
    path = tmp_path / "facts.docx"
    path.write_bytes(data)
    assert [d.code for d in check_docx(path, "T") if d.code.startswith("a11y.docx-table")] == []


def test_a_labelled_row_is_kept_whole_only_when_a_third_of_a_page_or_less():
    from bulletin.kinds import paper
    from bulletin.render.docx.tables import FACT_WIDTHS, row_is_short
    from bulletin.render.docx.tree import parse_html, body_of
    from bulletin.render.measure import page_geometry

    geometry = page_geometry(18, None, 11, paper("bulletin"))
    column = (geometry.width_mm - 2 * geometry.side_mm) * 1440 / 25.4 * FACT_WIDTHS[1]

    def fact(items: int):
        html = wrap('<main><section class="fact"><h3>Case</h3><ul>'
                    + f"<li>{'word ' * 14}</li>" * items + "</ul></section></main>")
        return next(n for n in body_of(parse_html(html)).iter() if getattr(n, "tag", "") == "section")

    assert row_is_short(fact(3), column, geometry)
    # Sunderland's case details: eight points, two lines each in a 75-character column
    assert not row_is_short(fact(16), column, geometry)
