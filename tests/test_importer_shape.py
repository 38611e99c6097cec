"""Import of real Word files: titles of every form give the pseudonym (guesses listed), bold lines become headings, typed bullets lists, layout tables read in order."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.shared import Pt

from bulletin.cli import main
from bulletin.importer.labels import Labels
from bulletin.importer.read import Block, read_docx
from bulletin.importer.shape import is_layout_table, shape
from bulletin.importer.subject import find_subject, pseudonym, review_type
from bulletin.importer.text import markdown
from bulletin.scaffold import create

LABELS = Labels({})


@pytest.mark.parametrize("title, subject", [
    ("Child Safeguarding Practice Review: Child M", "Child M"),
    ("Local Child Safeguarding Practice Review – Child M", "Child M"),
    ("CHILD SAFEGUARDING PRACTICE REVIEW: CHILD M", "Child M"),
    ("Rapid Review: Family Z", "Family Z"),
    ("SCR Child F", "Child F"),
    ("Learning from the case of Child F", "Child F"),
    ("Serious Case Review 'Family E'", "Family E"),
    ("Serious Case Review In respect of Family 'E'", "Family 'E'"),
    ("Serious Case Review W", "W"),
    ("SCR W: learning handout", "W"),
    ("7 Minute Briefing – LCSPR Child T", "Child T"),
    ("Learning Briefing: Children A and B", "Children A and B"),
    ("Partnership Learning Review – Young Person Q", "Young Person Q"),
    ("Child Safeguarding Practice Review: Baby R2", "Baby R2"),
])
def test_titles_of_every_form_give_the_pseudonym_for_sure(title, subject):
    found = pseudonym(title)
    assert found is not None and found.subject == subject and found.doubt is None


@pytest.mark.parametrize("title, subject", [
    ("Learning from the case of 'Jacob'", "Jacob"),
    ("Rapid review into the death of Baby Tom", "Baby Tom"),
])
def test_a_first_name_is_a_guess(title, subject):
    found = pseudonym(title)
    assert found.subject == subject and found.doubt


def test_no_pseudonym_in_the_title_makes_whatever_is_found_elsewhere_a_guess():
    assert pseudonym("Child Safeguarding Practice Review") is None
    assert pseudonym("Thematic review: neglect") is None
    found = find_subject("Learning Briefing", [("the document's properties", "Child K")])
    assert found.subject == "Child K" and "title names no pseudonym" in found.doubt


def test_review_types_from_titles():
    assert review_type(["Local Child Safeguarding Practice Review – Child M"]) == "child-safeguarding-practice-review"
    assert review_type(["SCR Child F"]) == "serious-case-review"
    assert review_type(["Rapid Review: Family Z"]) == "rapid-review"
    assert review_type(["Learning from the case of Child F"]) is None


def _para(text, **kw):
    return Block("para", text, **kw)


def test_typed_bullets_and_numbers_become_nested_lists():
    blocks = shape([_para("Background", bold=True), _para("Text."),
                    _para("•\tfirst"), _para("– nested"), _para("• second"),
                    _para("1. one"), _para("a) sub"), _para("(i) deeper"), _para("2) two"),
                    _para("- dash")], LABELS)
    assert [(b.kind, b.level, b.ordered) for b in blocks[2:]] == [
        ("item", 0, False), ("item", 1, False), ("item", 0, False),
        ("item", 0, True), ("item", 1, True), ("item", 2, True), ("item", 0, True), ("item", 1, False)]
    assert markdown(blocks[2:5]) == "- first\n  - nested\n- second\n"


def test_a_paragraph_of_typed_lines_is_one_item_a_line():
    blocks = shape([_para("Intro"), _para("Points:\n• one\n• two")], LABELS)
    assert [(b.kind, b.text) for b in blocks[1:]] == [("para", "Points:"), ("item", "one"), ("item", "two")]


def test_short_bold_lines_alone_are_headings_and_bold_sentences_are_not():
    blocks = shape([_para("Learning briefing", bold=True), _para("Rapid Review: Family Z", bold=True, size=20),
                    _para("Intro text."), _para("Background", bold=True), _para("Text."),
                    _para("Always share information.", bold=True), _para("findings"),
                    _para("Text."), _para("**What happened next:**", bold=True)], LABELS)
    assert [(b.kind, b.level, b.text) for b in blocks if b.kind == "heading"] == [
        ("heading", 1, "Rapid Review: Family Z"), ("heading", 2, "Background"),
        ("heading", 2, "findings"), ("heading", 2, "What happened next")]


def test_headings_under_learning_are_its_themes_and_practice_sits_under_a_theme():
    blocks = shape([_para("Title", bold=True), _para("Learning", bold=True), _para("Sharing", bold=True),
                    _para("Text."), _para("What this means for practice", bold=True), _para("- do this"),
                    _para("Curiosity", bold=True), _para("Text."), _para("Recommendations", bold=True)], LABELS)
    assert [(b.level, b.text) for b in blocks if b.kind == "heading"] == [
        (1, "Title"), (2, "Learning"), (3, "Sharing"), (4, "What this means for practice"),
        (3, "Curiosity"), (2, "Recommendations")]


def test_layout_tables_are_read_cell_by_cell_and_data_tables_kept():
    layout = Block("table", rows=[[[_para("Background", bold=True), _para("Child M lived with..."),
                                    _para("More.")], [_para("Findings"), _para("Agencies...")]]])
    data = Block("table", rows=[[[_para("MASH")], [_para("Call the front door.")]],
                                [[_para("Training")], [_para("Book on the hub.")]]])
    assert is_layout_table(layout, LABELS) and not is_layout_table(data, LABELS)
    blocks = shape([_para("Title", bold=True), layout, data], LABELS)
    assert [(b.kind, b.text) for b in blocks[:6]] == [
        ("heading", "Title"), ("heading", "Background"), ("para", "Child M lived with..."), ("para", "More."),
        ("heading", "Findings"), ("para", "Agencies...")]
    assert blocks[-1].kind == "table"


def test_a_label_column_naming_sections_is_layout():
    table = Block("table", rows=[[[_para("Questions for reflection")], [_para("How do you...?")]],
                                 [[_para("Useful links")], [_para("[Site](https://example.org)")]]])
    assert is_layout_table(table, LABELS)


def test_the_reader_notes_bold_size_and_indent(tmp_path):
    document = docx.Document()
    run = document.add_paragraph().add_run("Background")
    run.bold, run.font.size = True, Pt(14)
    item = document.add_paragraph("•\tpoint")
    item.paragraph_format.left_indent = Pt(18)
    document.save(tmp_path / "x.docx")
    first, second = read_docx(tmp_path / "x.docx").blocks
    assert first.bold and first.size == 14 and second.indent == 360


def test_the_child_saf_title_imports_as_child_m_through_the_command(tmp_path, capsys):
    """The issue's case: an unstyled file titled 'Child Safeguarding Practice Review: Child M'."""
    root = tmp_path / "project"
    create(root, "review", "placeholder")
    document = docx.Document()
    document.add_paragraph().add_run("Child Safeguarding Practice Review: Child M").bold = True
    document.add_paragraph("June 2024")
    document.add_paragraph().add_run("Background").bold = True
    document.add_paragraph("Child M lived with his grandmother.")
    document.add_paragraph().add_run("Learning").bold = True
    document.add_paragraph("•\tShare information early.")
    document.add_paragraph("•\tSee the child alone.")
    document.save(tmp_path / "child-m.docx")
    assert main(["--root", str(root), "import", str(tmp_path / "child-m.docx")]) == 0
    review = (root / "sources/reviews/child-m.yaml").read_text()
    assert "subject: Child M\n" in review and "review_type: child-safeguarding-practice-review" in review
    assert "Child M lived with his grandmother." in review and "To be written" not in review
    assert "key_learning: |\n  - Share information early.\n  - See the child alone.\n" in review
    assert "subject:" not in capsys.readouterr().out  # read from the title: not a guess


def test_a_guessed_pseudonym_is_listed_for_a_human(tmp_path, capsys):
    root = tmp_path / "project"
    create(root, "review", "placeholder")
    document = docx.Document()
    document.core_properties.subject = "Child K"
    document.add_heading("Learning from a rapid review", level=1)
    document.add_heading("Background", level=2)
    document.add_paragraph("The family lived in a rural area.")
    document.save(tmp_path / "k.docx")
    assert main(["--root", str(root), "import", str(tmp_path / "k.docx")]) == 0
    out = capsys.readouterr().out
    looks = out.split("Needs a human look", 1)[1]
    assert "subject: 'Child K' is a guess" in looks and "document's properties" in looks
    assert "subject: Child K\n" in (root / "sources/reviews/k.yaml").read_text()


def test_bold_lines_above_a_styled_title_stay_its_masthead():
    blocks = shape([_para("Wolverhampton Safeguarding Children Board", bold=True, style="Partnership"),
                    _para("Learning Lessons Briefing", bold=True), Block("heading", "Serious Case Review W", 1),
                    Block("heading", "Background", 2), _para("Text.")], LABELS)
    assert [b.kind for b in blocks] == ["para", "para", "heading", "heading", "para"]


def test_a_link_whose_words_are_its_address_is_read_as_the_address(tmp_path):
    from test_importer import add_link
    document = docx.Document()
    paragraph = document.add_paragraph("Please go to ")
    add_link(paragraph, "https://www.example.org/", "www.example.org")
    paragraph.add_run(" or ")
    add_link(paragraph, "https://www.example.org/report", "the full report")
    document.save(tmp_path / "x.docx")
    (block,) = read_docx(tmp_path / "x.docx").blocks
    assert block.text == "Please go to www.example.org or [the full report](https://www.example.org/report)"
