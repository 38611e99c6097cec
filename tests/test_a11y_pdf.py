"""PDF/UA checks on PDFs made with WeasyPrint (pdf/ua-1), one good and several broken."""

import pikepdf
import pytest
from weasyprint import HTML

from bulletin.checks.accessibility.run import check_pdf

SQUARE = ("data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' width='10' "
          "height='10'><rect width='10' height='10'/></svg>")
GOOD = f"""<!doctype html><html lang="en-GB"><head><title>Child F briefing</title></head><body>
<h1>Child F briefing</h1><p>See the <a href="https://a.org/r">full report</a>.</p>
<h2>Recommendations</h2>
<table><caption>Actions</caption><thead><tr><th scope="col">What</th></tr></thead>
<tbody><tr><td>Audit</td></tr></tbody></table>
<img src="{SQUARE}" alt="A black square"></body></html>"""
BAD = f"""<!doctype html><html><head></head><body>
<h1>Child F briefing</h1><h3>Skipped</h3>
<p><a href="https://a.org/r"><strong>Bold</strong> link</a></p>
<table><tr><td>No header</td></tr></table>
<img src="{SQUARE}" alt=""></body></html>"""


def render(tmp_path_factory, name, html):
    path = tmp_path_factory.mktemp("pdf") / f"{name}.pdf"
    HTML(string=html).write_pdf(path, pdf_variant="pdf/ua-1")
    return path


@pytest.fixture(scope="module")
def good_pdf(tmp_path_factory):
    return render(tmp_path_factory, "good", GOOD)


@pytest.fixture(scope="module")
def bad_pdf(tmp_path_factory):
    return render(tmp_path_factory, "bad", BAD)


def test_good_pdf_passes(good_pdf):
    assert check_pdf(good_pdf, "Child F briefing") == []


def test_wrong_title_is_reported(good_pdf):
    [d] = check_pdf(good_pdf, "Child G briefing")
    assert d.code == "a11y.pdf-title" and "Child F briefing" in d.message


def test_bad_pdf_is_reported_rule_by_rule(bad_pdf):
    codes = sorted(d.code for d in check_pdf(bad_pdf, "Child F briefing"))
    assert codes == ["a11y.pdf-figure-alt", "a11y.pdf-heading-order", "a11y.pdf-lang",
                     "a11y.pdf-link-tag", "a11y.pdf-table-headers", "a11y.pdf-title"]


def test_running_footer_is_reported_as_untagged(tmp_path_factory):
    html = GOOD.replace("<head>", '<head><style>@page { @bottom-center { content: "Essex" } }</style>')
    codes = [d.code for d in check_pdf(render(tmp_path_factory, "footer", html), "Child F briefing")]
    assert codes == ["a11y.pdf-untagged"]


def test_long_pdf_without_bookmarks_warns(tmp_path_factory):
    html = ('<html lang="en-GB"><head><title>T</title></head><body>'
            + "".join(f'<p style="break-after: page">Page {n}</p>' for n in range(3)) + "</body></html>")
    codes = [d.code for d in check_pdf(render(tmp_path_factory, "long", html), "T")]
    assert codes == ["a11y.pdf-bookmarks"]


def test_untagged_pdf_and_missing_ua_claims(tmp_path_factory, good_pdf):
    plain = tmp_path_factory.mktemp("plain") / "plain.pdf"
    HTML(string=GOOD).write_pdf(plain)  # no PDF/UA variant
    codes = set(d.code for d in check_pdf(plain, "Child F briefing"))
    assert {"a11y.pdf-tagged", "a11y.pdf-ua-id", "a11y.pdf-structure"} <= codes


def test_link_without_contents_and_display_title(tmp_path_factory, good_pdf):
    broken = tmp_path_factory.mktemp("edit") / "edited.pdf"
    with pikepdf.open(good_pdf) as pdf:
        for annot in pdf.pages[0].Annots:
            del annot["/Contents"]
        pdf.Root.ViewerPreferences.DisplayDocTitle = False
        pdf.save(broken)
    codes = sorted(d.code for d in check_pdf(broken, "Child F briefing"))
    assert codes == ["a11y.pdf-display-title", "a11y.pdf-link-contents"]


def test_weasyprint_log_lines_become_diagnostics(good_pdf):
    d = check_pdf(good_pdf, "Child F briefing", ["ERROR: Failed to load image at 'x.png'",
                                                 "WARNING: Ignored `foo: bar`"])
    assert [(x.code, x.severity.value) for x in d] == [("a11y.pdf-render", "error"),
                                                       ("a11y.pdf-render", "warning")]


def test_unreadable_file(tmp_path):
    path = tmp_path / "x.pdf"
    path.write_bytes(b"not a pdf")
    assert [d.code for d in check_pdf(path, "T")] == ["a11y.pdf-open"]


def test_caption_split_from_its_table_is_named(tmp_path_factory):
    filler = '<p style="height: 245mm; margin: 0">Filler</p>'
    html = GOOD.replace("<h2>Recommendations</h2>", "<h2>Recommendations</h2>" + filler)
    html = html.replace("<caption>", '<caption style="break-after: page">')
    found = check_pdf(render(tmp_path_factory, "split", html), "Child F briefing")
    assert [d.code for d in found if "caption" in d.message] == ["a11y.pdf-table-headers"]


def test_fast_content_scan_agrees_with_parsing():
    """The regular-expression scan of content streams and pikepdf's parser find the same
    loose text and orphan marks, before the footer fix-up and after it."""
    import io

    import pikepdf
    import weasyprint

    from bulletin.checks.accessibility.pdf import _untagged_content, _untagged_content_parsed
    from bulletin.render.pdf import _referenced_mcids, finish_pdf

    html = ("<html lang='en-GB'><head><title>T</title><style>@page { @bottom-left { content: 'Footer' } }"
            "</style></head><body><h1>T</h1><p>Text <b>bold</b></p><ul><li>One</li></ul></body></html>")
    raw = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    found = []
    for data in (raw, finish_pdf(raw)):
        with pikepdf.open(io.BytesIO(data)) as pdf:
            used = _referenced_mcids(pdf.Root.StructTreeRoot)
            for page in pdf.pages:
                fast = _untagged_content(page, used)
                assert fast == _untagged_content_parsed(page, used)
                found.append(fast)
    assert found == [(0, 1), (0, 0)]  # the footer's mark is an orphan until finish_pdf makes it an artifact
