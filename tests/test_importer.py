"""`bulletin import`: Word briefings become draft sources that build, keep bold, links and lists, and say what needs a look; the reference publications survive the round trip."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from bulletin.cli import main
from bulletin.importer.read import Block, read_docx
from bulletin.importer.text import find_date, markdown
from bulletin.importer.write import yaml_text
from bulletin.model import load_project
from bulletin.scaffold import create

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))


def add_link(paragraph, url: str, text: str, bold: bool = False) -> None:
    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    if bold:
        props = OxmlElement("w:rPr")
        props.append(OxmlElement("w:b"))
        run.append(props)
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def briefing_docx(path: Path) -> Path:
    """A Word briefing as a partnership might write it by hand."""
    document = docx.Document()
    document.core_properties.keywords = "Neglect, Information sharing"
    document.add_heading("Learning Briefing: Child Q", level=1)
    document.add_paragraph("8 March 2023")
    document.add_paragraph("Please share this briefing with your team.")
    document.add_heading("Background", level=2)
    document.add_paragraph("Child Q lived with her mother and two brothers.")
    document.add_heading("Theme 1 – Sharing information", level=2)
    intro = document.add_paragraph("Agencies held ")
    intro.add_run("important").bold = True
    intro.add_run(" information that was not shared.")
    document.add_heading("What does this mean for practice?", level=3)
    document.add_paragraph("Always ask who else needs to know", style="List Bullet")
    item = document.add_paragraph("Read the ", style="List Bullet")
    add_link(item, "https://example.org/procedures", "information sharing procedures")
    document.add_heading("Useful contacts", level=2)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "MASH", "Call the front door on the number below."
    table.cell(1, 0).text, table.cell(1, 1).text = "Training", "Book on the learning hub."
    document.sections[0].header.paragraphs[0].text = "OFFICIAL - SENSITIVE"
    document.save(path)
    return path


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    create(root, "review", "placeholder")  # a project with a theme vocabulary and nothing else
    (root / "sources/reviews/placeholder.yaml").unlink()
    return root


def test_a_hand_written_briefing_becomes_draft_sources_that_build(project, tmp_path, capsys):
    source = briefing_docx(tmp_path / "Child Q briefing.docx")
    assert main(["--root", str(project), "import", str(source), "--name", "child-q-briefing"]) == 0
    out = capsys.readouterr().out
    assert "created sources/reviews/child-q.yaml" in out
    assert "created sources/publications/child-q-briefing.yaml" in out
    assert "Needs a human look" in out and "OFFICIAL - SENSITIVE" in out
    project_data = load_project(project)
    assert not [d for d in project_data.diagnostics if d.is_error], project_data.diagnostics
    review = project_data.reviews["child-q"]
    publication = project_data.publications["child-q-briefing"]
    assert publication.status == "draft" and publication.kind == "briefing"
    assert publication.title == "Learning Briefing: Child Q"
    assert publication.date.iso() == "2023-03-08"
    assert "Please share this briefing" in publication.intro
    assert review.subject == "Child Q"
    assert review.background.strip() == "Child Q lived with her mother and two brothers."
    assert review.themes == ["neglect", "information-sharing"]
    (theme,) = review.learning
    assert theme.title == "Sharing information"
    assert theme.finding.strip() == "Agencies held **important** information that was not shared."
    assert theme.practice.splitlines() == [
        "- Always ask who else needs to know",
        "- Read the [information sharing procedures](https://example.org/procedures)"]
    # a two-column table: one section a row, label as heading
    after = publication.after
    assert [(s.heading, s.body.strip()) for s in after] == [
        ("MASH", "Call the front door on the number below."), ("Training", "Book on the learning hub.")]
    text = (project / "sources/publications/child-q-briefing.yaml").read_text()
    assert text.startswith("# Imported from Child Q briefing.docx") and "# TO CHECK" in text
    capsys.readouterr()
    assert main(["--root", str(project), "build", "--format", "html", "--offline"]) == 0, capsys.readouterr()
    page = next((project / "dist").glob("*child-q-briefing.html")).read_text()
    assert 'href="https://example.org/procedures"' in page and "<strong>important</strong>" in page


def test_import_never_overwrites(project, tmp_path, capsys):
    source = briefing_docx(tmp_path / "child-q.docx")
    assert main(["--root", str(project), "import", str(source)]) == 0
    before = (project / "sources/publications/child-q.yaml").read_text()
    assert main(["--root", str(project), "import", str(source)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert (project / "sources/publications/child-q.yaml").read_text() == before


def test_not_a_word_file_is_one_line(project, tmp_path, capsys):
    fake = tmp_path / "notes.docx"
    fake.write_text("not a zip")
    assert main(["--root", str(project), "import", str(fake)]) == 2
    err = capsys.readouterr().err
    assert "could not be read as a Word document" in err and len(err.strip().splitlines()) == 1


def test_read_keeps_bold_links_lists_and_footnote_markers(tmp_path):
    document = docx.Document()
    p = document.add_paragraph("Use the ")
    p.add_run("escalation").bold = True
    p.add_run(" policy* ")
    add_link(p, "https://example.org/a b", "here", bold=True)
    document.add_paragraph("first", style="List Number")
    document.add_paragraph("nested", style="List Bullet 2")
    path = tmp_path / "x.docx"
    document.save(path)
    blocks = read_docx(path).blocks
    assert blocks[0].text == r"Use the **escalation** policy\* [**here**](https://example.org/a%20b)"
    assert [(b.kind, b.level, b.ordered) for b in blocks[1:]] == [("item", 0, True), ("item", 1, False)]
    assert markdown(blocks[1:]) == "1. first\n   - nested\n"


def test_markdown_nests_lists_and_keeps_paragraphs_apart():
    blocks = [Block("para", "Intro"), Block("item", "a"), Block("item", "b", level=1),
              Block("para", "Continued", style="List Paragraph"), Block("para", "After")]
    assert markdown(blocks) == "Intro\n\n- a\n  - b\n\n    Continued\n\nAfter\n"
    assert markdown([Block("para", "- not a list")]) == "\\- not a list\n"


def test_dates_in_words():
    assert find_date("Wednesday 8th November 2017") == ("2017-11-08", "")
    assert find_date("First edition – July 2017") == ("2017-07", "First edition")
    assert find_date("no date here")[0] is None


def test_yaml_text_round_trips_through_the_loader(tmp_path):
    data = {"title": "Family 'E': a review", "date": "2017-07", "themes": ["neglect"],
            "intro": "Para one.\n\n- **bold** point\n", "after": [{"heading": "H", "body": "B\n", "box": True}]}
    path = tmp_path / "p.yaml"
    path.write_text(yaml_text(data))
    import yaml
    assert yaml.safe_load(path.read_text()) == {**data, "date": "2017-07"}


# --- the round trip ---------------------------------------------------------------------

PUBLICATIONS = {"000": "family-e-briefing", "001": "child-f-briefing", "002": "essex-briefing-2017-07",
                "003": "scr-w-handout", "004": "family-x-bulletin"}


def _seeds() -> Path | None:
    from corpus import find_seeds
    return find_seeds()


def _bulletin(root: Path, *words: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from bulletin.cli import main; raise SystemExit(main())",
                           "--root", str(root), *words], capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_importing_each_reference_word_output_reproduces_every_seed_line(tmp_path):
    """Build the reference publications as Word, import each .docx into an empty project,
    build the imports, and check no line of the original publication is lost."""
    pytest.importorskip("bulletin.render.docx.writer")
    from seedtext import missing_lines, read_docx as docx_text, read_html
    seeds = _seeds()
    if seeds is None:
        pytest.skip("no seed corpus: set BULLETIN_SEEDS or put the five seed files in tests/seeds/")
    reference = tmp_path / "reference"
    for part in ("sources", "layouts"):
        shutil.copytree(REPO / part, reference / part)
    built = _bulletin(reference, "build", "--format", "docx", "--offline", *PUBLICATIONS.values())
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    imported = tmp_path / "imported"
    shutil.copytree(REPO / "layouts", imported / "layouts")
    (imported / "sources").mkdir()
    shutil.copy(REPO / "sources/themes.yaml", imported / "sources/themes.yaml")
    for publication in PUBLICATIONS.values():
        (word,) = (reference / "dist").glob(f"*{publication}.docx")
        result = _bulletin(imported, "import", str(word), "--name", publication)
        assert result.returncode == 0, result.stderr
    built = _bulletin(imported, "build", "--format", "html,docx", "--offline")
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    problems = []
    for prefix, publication in PUBLICATIONS.items():
        (seed,) = seeds.glob(f"{prefix}_*.txt")
        (page,) = (imported / "dist").glob(f"*{publication}.html")
        problems += missing_lines(seed, *read_html(page.read_text(encoding="utf-8")))
        problems += missing_lines(seed, *docx_text(page.with_suffix(".docx")))
        status = load_project(imported).publications[publication].status
        assert status == "draft"
    assert problems == []
