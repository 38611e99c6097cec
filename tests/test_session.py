"""The render session: each publication carries its own parsed Markdown, layouts and warnings,
whatever order the stages of several publications run in; nothing is kept between them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin import markup
from bulletin.build import render_publication
from bulletin.compose import compose
from bulletin.model import load_project
from bulletin.render import pdf
from bulletin.render.contents import add_contents_if_long, has_contents
from bulletin.render.html import render_publication_html
from bulletin.render.writers import write_pdf
from bulletin.session import Session

SAMPLE = Path(__file__).parent / "roots" / "compendium-sample"
A, B = "child-a-briefing", "child-c-briefing"


@pytest.fixture(scope="module")
def project():
    return load_project(SAMPLE.resolve())


@pytest.fixture
def counted(monkeypatch):
    """How many times each kind of work was done: WeasyPrint layouts and Markdown parses."""
    done = {"layouts": 0, "parses": 0}
    render_document, parse = pdf.render_document, markup._parse

    def counting_render(*args, **kwargs):
        done["layouts"] += 1
        return render_document(*args, **kwargs)

    def counting_parse(*args, **kwargs):
        done["parses"] += 1
        return parse(*args, **kwargs)
    monkeypatch.setattr(pdf, "render_document", counting_render)
    monkeypatch.setattr(markup, "_parse", counting_parse)
    return done


def _decided(project, name: str, session: Session) -> tuple[str, dict]:
    """A publication composed, rendered and its contents list decided (the PDF not yet written)."""
    publication = project.publications[name]
    context = compose(project, publication, session)
    html, diags = render_publication_html(context, project.layouts[publication.layout].folder,
                                          publication.display)
    assert html is not None, diags
    return add_contents_if_long(project, publication, context, html, session), context


def _texts(session: Session) -> set[str]:
    """The source strings a session holds parsed Markdown of."""
    return {value for _, args in session.markdown for _, value in args if isinstance(value, str)}


def test_two_publications_made_interleaved_keep_their_own_markdown_and_layouts(project, counted):
    """A's compose, B's compose, A's PDF, B's PDF: each is laid out once (the layout its
    contents decision measured is the one its PDF writes), and each one's source text is
    parsed once, though the other publication was made in between. The module caches this
    replaced kept one layout and one publication's Markdown, so A was laid out again and
    its text parsed again after B."""
    layout = project.layouts["northshire"]
    alone = render_publication(project, project.publications[A], ("pdf",))[0].files[".pdf"]
    counted["layouts"] = counted["parses"] = 0

    first, second = Session(A), Session(B)
    html_a, context_a = _decided(project, A, first)
    html_b, context_b = _decided(project, B, second)
    assert counted["layouts"] == 2 and first.contents is False and second.contents is False
    parsed = counted["parses"]
    background_a = project.reviews["child-a"].background
    background_b = project.reviews["child-c"].background
    # A's text as compose rendered it is still A's after B was composed: nothing parsed again
    assert markup.render_markdown(background_a, "fn-child-a", session=first) == context_a["review"]["background"]
    assert counted["parses"] == parsed
    # what the checks read (its links) is parsed once in A's session, however often asked
    assert markup.source_links(background_a, first) == markup.source_links(background_a, first)
    assert counted["parses"] == parsed + 1
    assert str(background_a) in _texts(first) and str(background_b) in _texts(second)
    assert str(background_a) not in _texts(second) and str(background_b) not in _texts(first)

    pdf_a, logs_a = write_pdf(html_a, project, layout, context_a, first)
    pdf_b, logs_b = write_pdf(html_b, project, layout, context_b, second)
    assert counted["layouts"] == 2, "a PDF laid its publication out again"
    assert pdf_a == alone and pdf_a != pdf_b
    assert first.layouts == {} and second.layouts == {}  # written: their memory let go
    assert not has_contents(html_a) and logs_a == [] and logs_b == []


def test_warnings_stay_with_the_file_that_made_them(project):
    """WeasyPrint's warnings while laying out A are A's, even when B is laid out between
    A's layout and A's PDF."""
    first, second = Session(A), Session(B)
    odd = "<html lang=\"en\"><head><style>p { colour: red }</style></head><body><p>A</p></body></html>"
    plain = "<html lang=\"en\"><body><p>B</p></body></html>"
    pdf.lay_out(odd, project.root, None, first)
    pdf.lay_out(plain, project.root, None, second)
    _, logs_a = pdf.pdf_bytes(odd, project.root, None, first)
    _, logs_b = pdf.pdf_bytes(plain, project.root, None, second)
    assert any("colour" in line for line in logs_a), logs_a
    assert logs_b == []


def test_no_module_keeps_a_publication_between_calls():
    """The state this replaced is gone: nothing at module level remembers a publication."""
    assert not hasattr(markup, "start_publication") and not hasattr(markup, "_memos")
    assert not hasattr(pdf, "_last_layout")


def test_the_checks_read_the_source_text_through_the_publications_session(project, counted):
    """Five source rules read each text's links; in the publication's session they are
    parsed once per text, as the renderer's were."""
    from bulletin.checks.accessibility.build import check_sources, publication_texts

    publication = project.publications[A]
    rendered, _ = render_publication(project, publication, ())
    assert rendered.session is not None and rendered.session.publication == A
    texts = {str(t) for t in publication_texts(project, publication) if t and str(t).strip()}
    parsed = counted["parses"]
    found = check_sources(project, publication, rendered.session)
    assert counted["parses"] - parsed <= len(texts)
    assert [str(d) for d in found] == [str(d) for d in check_sources(project, publication)]
    assert counted["parses"] - parsed > len(texts)  # without it, each rule parses again
