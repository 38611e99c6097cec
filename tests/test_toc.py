"""Heading ids, the contents list, PDF bookmarks and page numbers, and the Word TOC field."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from pdftext import pdf_text

from bulletin import markup

from bulletin.render import contents as toc
from bulletin.compose import compose
from bulletin.contract import check_contract
from bulletin.model import load_project
from bulletin.render.html import render_publication_html

SAMPLE = Path(__file__).parent / "roots" / "compendium-sample"


def render(project, name: str) -> str:
    publication = project.publications[name]
    context = compose(project, publication)
    html, diags = render_publication_html(context, project.layouts[publication.layout].folder,
                                          publication.display)
    assert not diags, [str(d) for d in diags]
    return html


@pytest.fixture(scope="module")
def project():
    return load_project(SAMPLE.resolve())


@pytest.fixture(scope="module")
def compendium(project) -> str:
    return render(project, "northshire-learning-2023")


@pytest.mark.parametrize("text, slug", [
    ("Family 'E' (Rapid Review)", "family-e-rapid-review"),
    ("What does this mean for practice?", "what-does-this-mean-for-practice"),
    ("Examples of actions taken – 2017:", "examples-of-actions-taken-2017"),
    ("7-minute briefing", "s-7-minute-briefing"),
])
def test_slugify(text, slug):
    assert markup.slugify(text) == slug


def test_a_repeated_heading_gets_the_next_free_number():
    taken = ["contents"]
    ids = [markup.unique_heading_id(t, taken) for t in ("Contents", "Child J", "Child J", "Child J", "2019")]
    assert ids == ["contents-2", "child-j", "child-j-2", "child-j-3", "s-2019"]
    assert taken == ["contents"] + ids


def test_every_heading_has_a_unique_id_from_its_text(compendium):
    headings = toc.read_headings(compendium)
    ids = [h.id for h in headings if h.level > 1]
    assert ids and len(ids) == len(set(ids))
    for h in headings[1:]:
        # The macro's rule is markup.slugify; a repeated text gets -2, -3...
        assert re.fullmatch(re.escape(markup.slugify(h.text)) + r"(-\d+)?", h.id), h
    assert [h.id for h in headings if h.text == "Key learning"] == ["key-learning", "key-learning-2"]


def test_ids_do_not_carry_over_between_documents(project, compendium):
    # The macros module is imported with context: a second render starts afresh.
    assert render(project, "northshire-learning-2023") == compendium


def test_contents_lists_the_level_2_and_3_headings_in_order(compendium):
    entries = toc.read_contents(compendium)
    headings = [h for h in toc.read_headings(compendium) if h.level in (2, 3)]
    assert entries == headings
    assert [e.text for e in entries if e.level == 3][:2] == [
        "Child A (Child Safeguarding Practice Review)", "Child B"]
    # Accessible: a labelled nav whose heading is a level-2 heading.
    assert '<nav class="toc" aria-labelledby="contents">\n<h2 id="contents">Contents</h2>' in compendium


def test_short_single_review_publication_has_no_contents(project):
    html = render(project, "child-a-briefing")
    assert not toc.has_contents(html)
    assert toc.add_contents_if_long(project, project.publications["child-a-briefing"],
                                    compose(project, project.publications["child-a-briefing"]), html) == html


def test_a_publication_past_the_page_limit_gets_contents(project, monkeypatch):
    publication = project.publications["child-a-briefing"]
    context = compose(project, publication)
    html = render(project, "child-a-briefing")
    monkeypatch.setattr(toc, "MAX_PAGES_WITHOUT_CONTENTS", 0)  # a one-page briefing is now "long"
    longer = toc.add_contents_if_long(project, publication, context, html)
    assert toc.has_contents(longer)
    assert context["publication"]["toc"] is True
    assert check_contract(longer) == []
    assert [e.text for e in toc.read_contents(longer)][:1] == ["Background"]


@pytest.mark.parametrize("kind, pages, wanted", [
    ("compendium", 1, True), ("briefing", 2, False), ("briefing", 3, True), ("handout", 2, False)])
def test_contents_rule(kind, pages, wanted):
    assert toc.wants_contents(kind, pages) is wanted


def test_pdf_bookmarks_match_headings_and_contents_page_numbers_are_right(project, compendium):
    from bulletin.render.pdf import pdf_bytes

    pdf, _ = pdf_bytes(compendium, project.root, project.layouts["northshire"].folder)
    outline = toc.read_outline(pdf)
    headings = toc.read_headings(compendium)
    # Every heading is a bookmark, nested by level (the contents heading is not).
    assert [(level, title) for level, title, _ in outline] == [(h.level, h.text) for h in headings]
    first = pdf_text(pdf, 1)
    printed = {m.group(1).strip(): int(m.group(2))
               for m in re.finditer(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$", first, re.M)}
    pages = {title: page for _, title, page in outline}
    entries = toc.read_contents(compendium)
    assert len(printed) == len(entries)
    for entry in entries:
        assert printed[entry.text] == pages[entry.text], entry


def test_word_renders_the_contents_as_a_toc_field_linking_to_bookmarks(project, compendium):
    from bulletin.render.docx.writer import docx_bytes

    data = docx_bytes(compendium, project.layouts["northshire"])
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert re.search(r"<w:instrText[^>]*>\s*TOC \\o", xml)
    anchors = re.findall(r'<w:hyperlink [^>]*w:anchor="([^"]+)"', xml)
    bookmarks = set(re.findall(r'<w:bookmarkStart [^>]*w:name="([^"]+)"', xml))
    assert len(anchors) >= len(toc.read_contents(compendium))
    assert set(anchors) <= bookmarks


@pytest.mark.parametrize("first", [False, pytest.param(True, marks=pytest.mark.slow)],
                         ids=["rendered-plain", "rendered-with-contents"])
@pytest.mark.parametrize("name", ["child-f-briefing", *(pytest.param(n, marks=pytest.mark.slow) for n in (
    "family-e-briefing", "family-x-bulletin", "scr-w-handout", "child-f-seven-minute"))])
def test_contents_decision_matches_the_counted_pages(name, first):
    """Whichever way the HTML was first rendered and whatever shortcut the decision takes,
    the answer is the one counting the plain layout's pages gives: contents exactly when
    the publication without them runs past two pages."""
    from bulletin.render.pdf import lay_out
    from conftest import REPO
    reference = load_project(REPO)
    publication = reference.publications[name]
    layout = reference.layouts[publication.layout]
    context = compose(reference, publication)
    plain, _ = render_publication_html(context, layout.folder, publication.display)
    pages = len(lay_out(plain, reference.root, layout.folder)[0].pages)
    lay_out("<p>another document</p>", reference.root)  # no help from the kept layout
    context = compose(reference, publication)
    context["publication"]["toc"] = first
    html, _ = render_publication_html(context, layout.folder, publication.display)
    decided = toc.add_contents_if_long(reference, publication, context, html)
    wanted = toc.wants_contents(publication.kind, pages)
    assert toc.has_contents(decided) is wanted and context["publication"]["toc"] is wanted, pages


def test_a_layout_with_contents_proves_length_only_when_the_text_runs_on(project):
    """The shortcut says 'long' for a briefing whose text fills three pages, and 'not sure'
    for one whose contents list is what pushes it on to a third page."""
    from bulletin.render.pdf import lay_out
    para = "<p>" + "Words that fill the page up. " * 40 + "</p>"
    nav = "<nav class='toc'><h2>Contents</h2><ol>" + "<li><a href='#a'>Entry</a></li>" * 30 + "</ol></nav>"
    long_text = lay_out(f"<html><body>{nav}<h1 id='a'>T</h1>{para * 14}</body></html>", project.root)[0]
    pushed = lay_out(f"<html><body>{nav}<h1 id='a'>T</h1>{para * 6}</body></html>", project.root)[0]
    plain = lay_out(f"<html><body><h1 id='a'>T</h1>{para * 6}</body></html>", project.root)[0]
    assert len(long_text.pages) >= 4 and toc._long_without_contents(long_text)
    assert len(pushed.pages) == 3 and len(plain.pages) == 2 and not toc._long_without_contents(pushed)


def test_a_sub_heading_repeated_under_every_theme_is_left_out_of_the_contents():
    """Family 'E': 'Recommendations:' under each of five themes said nothing five times."""
    reference = load_project(Path(__file__).parent.parent.resolve())
    publication = reference.publications["family-e-briefing"]
    context = compose(reference, publication)
    html = toc.add_contents_if_long(reference, publication, context, render(reference, "family-e-briefing"))
    entries = [e.text for e in toc.read_contents(html)]
    assert entries[:2] == ["Background", "Theme 1"] and "Recommendations:" not in entries
    assert sum(h.text == "Recommendations:" for h in toc.read_headings(html)) == 5  # still headings
