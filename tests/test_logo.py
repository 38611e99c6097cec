"""The layout's logo on the cover of every format, with the layout's alternative text;
a missing or unreadable logo file is an error at its line."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pikepdf
import pytest

from bulletin.build import build
from bulletin.model import load_project

ROOT = Path(__file__).parent / "roots" / "pages-logo"
ALT = "Sample Safeguarding Children Partnership logo"


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("logo") / "project"
    shutil.copytree(ROOT, root)
    result = build(root, formats=("pdf", "print", "docx", "html"), dist=root / "dist", force=True,
                   links=False, checks=lambda *a: [])
    assert [p.status for p in result.publications] == ["built"], [str(d) for d in result.diagnostics]
    return root / "dist"


def test_html_cover_has_the_logo_with_its_alt_text(dist):
    html = (dist / "sample-alpha-briefing.html").read_text()
    masthead = html[html.index('<header class="masthead">'):html.index("</header>")]
    assert f'<img class="logo" src="data:image/png;base64,' in masthead and f'alt="{ALT}"' in masthead


@pytest.mark.parametrize("suffix", [".pdf", ".print.pdf"])
def test_pdf_cover_has_the_logo_as_a_figure_with_alt_text(dist, suffix):
    with pikepdf.open(dist / f"sample-alpha-briefing{suffix}") as pdf:
        first = pdf.pages[0]
        images = [x for x in first.Resources.get("/XObject", {}).values() if x.get("/Subtype") == "/Image"]
        alts = [str(o.get("/Alt")) for o in pdf.objects
                if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/Figure" and "/Alt" in o]
    assert images and ALT in alts


def test_word_cover_has_the_logo_with_its_alt_text(dist):
    document = docx.Document(io.BytesIO((dist / "sample-alpha-briefing.docx").read_bytes()))
    first = document.paragraphs[0]._p.xml + document.paragraphs[1]._p.xml
    assert "<pic:pic" in first and f'descr="{ALT}"' in first


@pytest.mark.parametrize("file, why", [("missing.png", "is not in the layout folder"),
                                       ("layout.yaml", "is not a PNG or JPEG image")])
def test_a_missing_or_unreadable_logo_is_an_error_at_its_line(tmp_path, file, why):
    root = tmp_path / "project"
    shutil.copytree(ROOT, root)
    layout = root / "layouts" / "sample" / "layout.yaml"
    layout.write_text(layout.read_text().replace("file: logo.png", f"file: {file}"))
    [diag] = [d for d in load_project(root).diagnostics if d.code == "layout.logo"]
    assert str(diag).startswith(f"layouts/sample/layout.yaml:8:9: error: logo file '{file}' {why}")


def _pdf_logo_height_mm(pdf: Path) -> float:
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    document = pypdfium2.PdfDocument(pdf)
    try:
        [image] = list(document[0].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))
        left, bottom, right, top = image.get_bounds()
    finally:
        document.close()
    return (top - bottom) * 25.4 / 72


def _word_logo_height_mm(path: Path) -> float:
    document = docx.Document(io.BytesIO(path.read_bytes()))
    [shape] = [s for s in document.inline_shapes]
    return shape.height / 36000


def test_the_logo_is_16_mm_tall_unless_the_layout_says(dist, tmp_path):
    assert abs(_pdf_logo_height_mm(dist / "sample-alpha-briefing.pdf") - 16) < 0.2
    assert abs(_word_logo_height_mm(dist / "sample-alpha-briefing.docx") - 16) < 0.2
    root = tmp_path / "project"
    shutil.copytree(ROOT, root)
    layout = root / "layouts" / "sample" / "layout.yaml"
    layout.write_text(layout.read_text().replace("file: logo.png", "file: logo.png\n  height_mm: 24"))
    result = build(root, formats=("pdf", "docx", "html"), dist=root / "dist", force=True, links=False,
                   checks=lambda *a: [])
    assert [p.status for p in result.publications] == ["built"]
    assert abs(_pdf_logo_height_mm(root / "dist" / "sample-alpha-briefing.pdf") - 24) < 0.2
    assert abs(_word_logo_height_mm(root / "dist" / "sample-alpha-briefing.docx") - 24) < 0.2
    assert "img.logo { display: block; height: 24mm;" in (root / "dist" / "sample-alpha-briefing.html").read_text()


def test_a_logo_height_out_of_bounds_is_an_error_at_its_line(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(ROOT, root)
    layout = root / "layouts" / "sample" / "layout.yaml"
    layout.write_text(layout.read_text().replace("file: logo.png", "file: logo.png\n  height_mm: 90"))
    found = [str(d) for d in load_project(root).diagnostics if d.is_error]
    assert found and found[0].startswith("layouts/sample/layout.yaml:9:14: error:"), found
