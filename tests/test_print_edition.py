"""The print edition: every link's address or a decodable QR code on paper, page count, DRAFT marks."""

from __future__ import annotations

import base64
import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from pdftext import decode_qr_codes, page_count, page_images, page_lines, pdf_text

from bulletin.build import build
from bulletin.contract import check_contract
from bulletin.model import Layout
from bulletin.render.print_edition import (LINKS_HEADING, QR_MIN_MM, QR_MODULE_MM, page_count_text, print_html,
                                           printed_address, qr_image, rewrite_links)

SAMPLE = Path(__file__).parent / "roots" / "publish-sample"
TOOLKIT = "https://www.example.org.uk/resources/neglect/practitioner-toolkit-2024.pdf"


def squeezed(text: str) -> str:
    """Text with all white space gone, so an address wrapped over two lines reads whole."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The sample project built once: print editions, e-mail PDFs and HTML, drafts included."""
    root = tmp_path_factory.mktemp("print") / "project"
    shutil.copytree(SAMPLE, root)
    result = build(root, ["alpha-handout", "beta-briefing"], formats=("pdf", "html", "print"),
                   dist=root / "dist", force=True, links=False)
    assert [p.status for p in result.publications] == ["built", "built"]
    return root / "dist"


def test_printed_address_is_what_a_reader_types():
    assert printed_address("https://www.example.org.uk/") == "www.example.org.uk"
    assert printed_address("https://www.example.org.uk/a/b") == "www.example.org.uk/a/b"
    assert printed_address("http://www.escb.co.uk/") == "http://www.escb.co.uk"
    assert printed_address("mailto:learning@example.org.uk?subject=x") == "learning@example.org.uk"


def test_links_get_their_address_inline_or_as_numbered_notes():
    html = ('<main><p><a href="https://www.example.org.uk">our website</a>. '
            f'<a href="{TOOLKIT}">the toolkit</a> and <a href="{TOOLKIT}">again</a>. '
            '<a href="mailto:a@example.org.uk">a@example.org.uk</a> '
            '<a href="https://www.example.org.uk/x">https://www.example.org.uk/x</a> '
            '<a class="footnote-ref" href="#fn-1">1</a></p>'
            '<li><a class="footnote-back" href="#r">Back to text for note 1</a></li></main>')
    out, notes, inline = rewrite_links(html)
    assert "our website</a> (www.example.org.uk)." in out
    assert "the toolkit</a> [1]" in out and "again</a> [1]" in out  # one address, one note
    assert [(n.number, n.address) for n in notes] == [(1, TOOLKIT[len("https://"):])]
    assert "a@example.org.uk</a> (" not in out  # the text already is the address
    assert 'href="#fn-1">1</a></p>' in out
    assert "Back to text" not in out
    assert inline == [("our website", "www.example.org.uk")]


def test_print_html_keeps_to_the_template_contract(sample):
    html = (sample / "sample-alpha-handout.html").read_text(encoding="utf-8")
    context = {"publication": {"kind": "handout"}, "layout": Layout(website="https://www.example.org.uk",
                                                                     partnership="Sample"),
               "reviews": [{"subject": "Child A", "report": {"url": "https://www.example.org.uk/r"}}]}
    printed = print_html(html, context, pages=2)
    assert check_contract(printed) == []
    assert printed.count('<img class="qr"') == 3  # the report, the website, the long toolkit address
    assert 'alt="QR code for Sample website: https://www.example.org.uk"' in printed
    assert '<p class="page-count">This handout is 2 pages: print it double-sided on one sheet of A4.</p>' in printed


def test_every_link_is_printed_as_an_address_or_a_qr_code(sample, tmp_path):
    pdf = sample / "sample-alpha-handout.print.pdf"
    text = pdf_text(pdf)
    assert LINKS_HEADING in text
    assert squeezed("[1]") in squeezed(text)
    html = (sample / "sample-alpha-handout.html").read_text(encoding="utf-8")
    targets = set(re.findall(r'<a href="((?:https?|mailto):[^"]+)"', html))
    assert TOOLKIT in targets and len(targets) >= 3
    codes = decode_qr_codes(pdf)
    assert codes == {"https://www.example.org.uk/reviews/child-a", "https://www.example.org.uk", TOOLKIT}
    for target in targets:
        assert squeezed(printed_address(target)) in squeezed(text) or target in codes, target


def test_the_embedded_qr_png_decodes_to_the_address():
    import zxingcpp
    from PIL import Image

    uri = qr_image(TOOLKIT).uri
    image = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
    assert [code.text for code in zxingcpp.read_barcodes(image)] == [TOOLKIT]


# A 230-character address (a search page with its query), which needs a version 11 code:
# 61 modules and the quiet zone, 69 squares across.
LONG = ("https://www.example.org.uk/resources/search?collection=practice-guidance&topic=neglect"
        "&audience=practitioners&format=pdf&published=2019-2024&sort=newest&page=1"
        "&utm_source=print-edition&utm_medium=qr-code&utm_campaign=learning-briefing-2024")


def test_a_dense_qr_code_is_printed_large_enough_for_its_modules():
    short, long = qr_image("https://www.example.org.uk"), qr_image(LONG)
    assert short.width_mm == QR_MIN_MM  # a small code keeps the 20 mm floor
    assert long.modules == 69
    assert long.width_mm == 69 * QR_MODULE_MM == 34.5
    assert 'style="width: 34.5mm; height: 34.5mm"' in long.img("QR code")


def _printed_qr(width_mm: float | None) -> bytes:
    """A print-edition page whose only link is LONG, its code at its own size or at `width_mm`."""
    from bulletin.render.pdf import render_document, write_document

    html = (f'<html lang="en"><head><title>t</title></head><body><main><h1>Links</h1><p>See '
            f'<a href="{escape_attr(LONG)}">the guidance search</a>.</p></main></body></html>')
    context = {"publication": {"kind": "handout"}, "layout": Layout()}
    printed = print_html(html, context)
    if width_mm is not None:  # the size every code had before, whatever its density
        printed = re.sub(r'style="width: [\d.]+mm; height: [\d.]+mm"',
                         f'style="width: {width_mm}mm; height: {width_mm}mm"', printed)
    document, _ = render_document(printed, Path.cwd())
    return write_document(document)[0]


def escape_attr(text: str) -> str:
    return text.replace("&", "&amp;")


def _read_as_printed(pdf: bytes, dpi: int = 150, spread_mm: float = 0.15) -> set[str]:
    """The QR codes a phone reads off the printed page: the page at `dpi`, each edge softened
    by `spread_mm` of ink spread and camera blur (a bare render is sharper than any print)."""
    import zxingcpp
    from PIL import ImageFilter

    blur = ImageFilter.GaussianBlur(dpi / 25.4 * spread_mm)
    return {code.text for image in page_images(pdf, dpi) for code in zxingcpp.read_barcodes(image.filter(blur))}


@pytest.mark.slow
def test_a_long_address_qr_code_decodes_from_a_150_dpi_page():
    sized = _printed_qr(None)
    assert decode_qr_codes(sized, dpi=150) == {LONG}
    assert _read_as_printed(sized) == {LONG}
    # at the fixed 20 mm every code used to have, its 0.29 mm modules blur together
    assert _read_as_printed(_printed_qr(20)) == set()


def test_a_handout_states_its_page_count(sample):
    text = pdf_text(sample / "sample-alpha-handout.print.pdf")
    pages = page_count(sample / "sample-alpha-handout.print.pdf")
    assert page_count_text("handout", pages) in " ".join(text.split())
    assert page_count_text("seven-minute", 3) == "This briefing is 3 pages: print it double-sided on 2 sheets of A4."


@pytest.mark.parametrize("guess", [3, pytest.param(5, marks=pytest.mark.slow)])
def test_a_handout_states_its_measured_count_when_the_first_guess_is_wrong(tmp_path, monkeypatch, guess):
    from bulletin import kinds

    monkeypatch.setitem(kinds.KINDS["handout"]["print"], "typical_pages", guess)
    root = tmp_path / "project"
    shutil.copytree(SAMPLE, root)
    result = build(root, ["alpha-handout"], formats=("print",), dist=root / "dist", force=True, links=False)
    assert [p.status for p in result.publications] == ["built"]
    pdf = root / "dist" / "sample-alpha-handout.print.pdf"
    pages = page_count(pdf)
    assert pages != guess
    assert page_count_text("handout", pages) in " ".join(pdf_text(pdf).split())


def test_draft_mark_is_on_every_page_of_both_pdfs(sample):
    for suffix in (".pdf", ".print.pdf"):
        pdf = sample / f"sample-beta-briefing{suffix}"
        pages = page_count(pdf)
        for page in range(1, pages + 1):
            assert "DRAFT – not for circulation" in pdf_text(pdf, page), (suffix, page)
    assert "DRAFT" not in pdf_text(sample / "sample-alpha-handout.print.pdf")


def test_draft_mark_is_in_the_word_file(tmp_path):
    pytest.importorskip("bulletin.render.docx.writer")
    root = tmp_path / "project"
    shutil.copytree(SAMPLE, root)
    result = build(root, ["beta-briefing"], formats=("docx",), dist=root / "dist", force=True, links=False)
    assert result.publications[0].status == "built"
    with zipfile.ZipFile(io.BytesIO((root / "dist" / "sample-beta-briefing.docx").read_bytes())) as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    assert "DRAFT – not for circulation" in re.sub(r"<[^>]+>", "", body)


def test_the_closing_note_of_a_sheet_keeps_its_width_beside_its_codes(sample):
    """On a sheet in columns the codes stand above the closing note, not beside it."""
    lines = [text for page in page_lines(sample / "sample-alpha-handout.print.pdf") for _, text in page]
    [published] = [line for line in lines if line.startswith("Published by")]
    assert len(published) >= 45, published  # floated codes left it a word or two a line
