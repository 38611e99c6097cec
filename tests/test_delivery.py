"""Delivery checks: size budget, handout length with reasons, PDF metadata, fonts, file names."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from types import SimpleNamespace

import pikepdf
import pytest
import weasyprint

from bulletin.build import build
from bulletin.checks import delivery, page_quality
from bulletin.diagnostics import Severity
from bulletin.model import Config, Publication, load_project

SAMPLE = Path(__file__).parent / "roots" / "publish-sample"


def fake(kind="handout", name="alpha-handout", files=None, config=None, **data):
    project = SimpleNamespace(config=config or Config())
    publication = Publication(name=name, display=f"sources/publications/{name}.yaml", kind=kind, layout="sample",
                              **data)
    return project, publication, SimpleNamespace(files=files or {})


def long_pdf() -> bytes:
    """Several sides of A4: a short section, a long one, a middling one."""
    para = "<p>" + "Words that fill the page up. " * 40 + "</p>"
    html = (f"<html lang='en-GB'><head><title>Long</title></head><body><h1>Long handout</h1>"
            f"<h2>Background</h2>{para}<h2>Key Theme 1</h2>{para * 9}<h2>Training</h2>{para * 3}</body></html>")
    return weasyprint.HTML(string=html).write_pdf()


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory) -> bytes:
    root = tmp_path_factory.mktemp("delivery") / "project"
    shutil.copytree(SAMPLE, root)
    build(root, ["alpha-briefing"], formats=("pdf",), dist=root / "dist", force=True, links=False, checks=lambda *a: [])
    return (root / "dist" / "sample-alpha-briefing.pdf").read_bytes()


def test_settings_default_and_from_bulletin_yaml(tmp_path):
    assert delivery.delivery_settings(SimpleNamespace(config=Config()))[0] == {"size_budget_kb": 1000, "handout_pages": 2}
    root = tmp_path / "p"
    shutil.copytree(SAMPLE, root)
    (root / "bulletin.yaml").write_text("delivery:\n  size_budget_kb: 500\n  size_budjet: 3\n  handout_pages: none\n")
    settings, diags = delivery.delivery_settings(load_project(root))
    assert settings["size_budget_kb"] == 500
    assert [str(d) for d in diags] == [
        "bulletin.yaml:3:3: error: unknown delivery setting 'size_budjet' (did you mean 'size_budget_kb'?); "
        "known: size_budget_kb, handout_pages [delivery.config]",
        "bulletin.yaml:4:18: error: delivery setting 'handout_pages' must be a whole number above 0, got 'none' "
        "[delivery.config]"]


def test_size_budget_warns_with_the_figure(sample_pdf):
    project, publication, rendered = fake(files={".pdf": sample_pdf})
    assert delivery.check_size_budget(project, publication, rendered) == []
    tiny = {"size_budget_kb": 1, "handout_pages": 2}
    [diag] = delivery.check_size_budget(project, publication, rendered, tiny)
    assert diag.severity is Severity.WARNING and diag.code == "delivery.size-budget"
    assert f"sample-alpha-handout.pdf is {len(sample_pdf) / 1024:,.0f} KB, over the e-mail budget of 1 KB" in diag.message
    assert "fonts" in diag.message and diag.extra["bytes"] == len(sample_pdf)


def test_size_breakdown_counts_fonts(sample_pdf):
    parts = delivery.size_breakdown(sample_pdf)
    assert parts["fonts"] > 5000 and sum(parts.values()) == len(sample_pdf)


def test_fonts_are_embedded_as_subsets(sample_pdf):
    with pikepdf.open(io.BytesIO(sample_pdf)) as pdf:
        names = {str(font.get("/BaseFont")) for page in pdf.pages
                 for font in page.Resources.get("/Font", {}).values()}
    assert names and all(name[1:8].endswith("+") for name in names), names  # ABCDEF+Family


def test_metadata_of_a_built_pdf_is_complete(sample_pdf):
    project, publication, rendered = fake(files={".pdf": sample_pdf})
    assert delivery.check_metadata(project, publication, rendered) == []
    with pikepdf.open(io.BytesIO(sample_pdf)) as pdf:
        assert str(pdf.docinfo["/Title"]) == "Learning from Child A"
        assert str(pdf.docinfo["/Author"]) == "Sample Safeguarding Children Partnership"
        assert "Neglect" in str(pdf.docinfo["/Keywords"]) and str(pdf.Root.Lang) == "en-GB"


def test_xmp_metadata_carries_language_and_subjects(sample_pdf):
    """Catalogues and document stores that read only XMP see the language and themes too."""
    with pikepdf.open(io.BytesIO(sample_pdf)) as pdf:
        meta = pdf.open_metadata()
        assert "en-GB" in str(meta.get("dc:language"))
        assert "Neglect" in str(meta.get("dc:subject"))


def test_metadata_gaps_are_named():
    bare = weasyprint.HTML(string="<p>No title, no language</p>").write_pdf()
    project, publication, rendered = fake(files={".pdf": bare})
    [diag] = delivery.check_metadata(project, publication, rendered)
    assert diag.code == "delivery.metadata"
    assert "no title (from the publication's 'title')" in diag.message
    assert "no author" in diag.message and "no language" in diag.message


def test_long_handout_warns_naming_its_longest_sections():
    data = long_pdf()
    pages = len(pikepdf.open(io.BytesIO(data)).pages)
    project, publication, rendered = fake(files={".print.pdf": data})
    diags = delivery.check_handout_length(project, publication, rendered)
    assert [d.code for d in diags] == ["delivery.page-count", "delivery.handout-length"]
    message = diags[1].message
    assert pages > 2 and message.startswith(
        f"sample-alpha-handout.print.pdf runs to {pages} sides of A4; a handout should fit 2")
    assert message.index("'Key Theme 1'") < message.index("'Training'") < message.index("'Background'")


def test_a_briefing_may_be_long():
    project, publication, rendered = fake(kind="briefing", files={".pdf": long_pdf()})
    assert [d.code for d in delivery.check_handout_length(project, publication, rendered)] == ["delivery.page-count"]


def test_section_lengths_add_up_to_the_pages():
    pages, lengths = delivery.section_lengths(long_pdf())
    assert pages > 2 and abs(sum(length for _, length in lengths) - pages) < 0.15
    assert [title for title, _ in lengths] == ["Long handout", "Background", "Key Theme 1", "Training"]


def test_file_names_that_e_mail_mangles_are_reported():
    assert delivery.check_file_name(*fake(name="alpha-handout")) == []
    [diag] = delivery.check_file_name(*fake(name="Child F handout"))
    assert "rename sources/publications/Child F handout.yaml" in diag.message
    assert "'sample-child-f-handout'" in diag.message


def test_unknown_seven_minute_override_is_an_error():
    project, publication, rendered = fake(kind="seven-minute", overrides={"practise": "x", "questions": "y"})
    [diag] = delivery.check_overrides(project, publication, rendered)
    assert diag.severity is Severity.ERROR
    assert "no section 'practise' in a 7-minute briefing (did you mean 'practice'?)" in diag.message


PAGES = Path(__file__).parent / "roots" / "pages-quality"


def _page_findings(diags) -> set[tuple[str, str, int]]:
    return {(d.code, d.extra["file"], d.extra["page"]) for d in diags if "file" in d.extra}


@pytest.fixture(scope="module")
def pages_build(tmp_path_factory):
    """The pages-quality project (each layout misbehaves on purpose), PDF only."""
    root = tmp_path_factory.mktemp("pages") / "project"
    shutil.copytree(PAGES, root)
    result = build(root, formats=("pdf",), dist=root / "dist", force=True, links=False,
                   checks=delivery.check_delivery)
    return result.diagnostics


@pytest.mark.parametrize("name, expected", [
    ("fill-briefing", {("delivery.page-fill", "fill-briefing.pdf", 2)}),
    ("heading-briefing", {("delivery.heading-at-foot", "heading-briefing.pdf", 1)}),
    ("split-briefing", {("delivery.split-fragment", "split-briefing.pdf", 2)}),
])
def test_each_page_problem_is_named_at_its_page(pages_build, name, expected):
    found = [d for d in pages_build if d.publication == name]
    assert _page_findings(found) == expected
    [diag] = [d for d in found if d.code in {code for code, _, _ in expected}]
    assert diag.severity is Severity.WARNING and str(diag.location) == f"sources/publications/{name}.yaml:1:1"
    assert f"{name}.pdf: " in diag.message and f"page {next(iter(expected))[2]}" in diag.message


def test_a_seven_minute_briefing_over_two_sides_warns(pages_build):
    [diag] = [d for d in pages_build if d.publication == "long-seven-minute" and d.code == "delivery.handout-length"]
    assert diag.extra["pages"] > 2 and diag.extra["limit"] == 2
    assert f"long-seven-minute.pdf runs to {diag.extra['pages']} sides of A4" in diag.message


def test_a_well_made_page_is_not_flagged():
    """A short last page with real content, a heading with its text, a box kept whole."""
    para = "<p>" + "Words that fill the page up. " * 40 + "</p>"
    html = (f"<html lang='en-GB'><body><h1>Fine</h1>{para * 8}<h2>Heading</h2>{para * 3}"
            f"<div style='background:#eef;break-inside:avoid'>{para * 2}</div>{para * 3}</body></html>")
    layout = page_quality.read_layout(weasyprint.HTML(string=html).write_pdf())
    assert len(layout.pages) > 2 and page_quality.page_findings(layout) == []


def test_without_libreoffice_the_word_pages_are_skipped_and_said_once(monkeypatch, sample_pdf):
    import bulletin.render.docx.libreoffice as docx_pdf
    monkeypatch.setattr(docx_pdf, "find_soffice", lambda: None)
    monkeypatch.delenv("BULLETIN_WORD_PAGES", raising=False)
    said = []
    for name in ("alpha-briefing", "beta-briefing"):
        project, publication, rendered = fake(name=name, files={".pdf": sample_pdf, ".docx": b"not read"})
        project.publications = {"alpha-briefing": None, "beta-briefing": None}
        said += delivery.check_delivery(project, publication, rendered)
    [note] = [d for d in said if d.code == "delivery.word-pages-unmeasured"]
    assert note.severity is Severity.INFO and note.publication == "alpha-briefing"
    assert "LibreOffice is not installed" in note.message


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_word_edition_longer_than_the_pdf_is_named(tmp_path, monkeypatch):
    monkeypatch.delenv("BULLETIN_WORD_PAGES", raising=False)
    root = tmp_path / "project"
    shutil.copytree(PAGES, root)
    result = build(root, ["small-briefing", "long-seven-minute"], formats=("pdf", "docx"), dist=root / "dist",
                   force=True, links=False, checks=delivery.check_delivery)
    found = _page_findings(result.diagnostics)
    pdf_pages = len(pikepdf.open(next((root / "dist").glob("*small-briefing.pdf"))).pages)
    [word_pages] = [page for code, name, page in found if (code, name) == ("delivery.word-pages", "small-briefing.docx")]
    assert word_pages > pdf_pages
    assert ("delivery.handout-length", "long-seven-minute.docx", 3) in found


PAGE_CODES = {"delivery.page-fill", "delivery.heading-at-foot", "delivery.split-fragment", "delivery.word-pages",
              "delivery.handout-length"}


@pytest.mark.slow
def test_the_reference_publications_have_no_page_quality_warnings(tmp_path, monkeypatch):
    """PDF, print edition and (where LibreOffice is installed) Word."""
    monkeypatch.delenv("BULLETIN_WORD_PAGES", raising=False)
    repo = Path(__file__).parent.parent
    for part in ("sources", "layouts"):
        shutil.copytree(repo / part, tmp_path / part)
    shutil.copy(repo / "bulletin.yaml", tmp_path / "bulletin.yaml")
    result = build(tmp_path, formats=("pdf", "print", "docx"), force=True, links=False,
                   checks=delivery.check_delivery)
    assert [str(d) for d in result.diagnostics if d.code in PAGE_CODES] == []
    assert all(p.status == "built" for p in result.publications)
