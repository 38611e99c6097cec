"""The seed text check, and the five reference publications built from sources reproducing every seed line."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import seedtext  # noqa: E402
from corpus import SEEDS, needs_seeds  # noqa: E402
from seedtext import missing_lines, normalise_words, read_html, seed_lines  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


# seed file prefix -> the publication in sources/publications/ that reproduces it
PUBLICATIONS = {
    "000": "family-e-briefing",
    "001": "child-f-briefing",
    "002": "essex-briefing-2017-07",
    "003": "scr-w-handout",
    "004": "family-x-bulletin",
}

SAMPLE = """\


## **Serious Case Review Learning Bulletin**

**Published by SSCB on 8<sup>th</sup> November 2017 . The SSCB expects much.**

<b>Date Published</b>\tWednesday 8 <sup>th</sup> November 2017
<p><b>Family History</b></p> <ul> <li>• The family is White British</li> <li>• 2 Fathers</li> </ul>
- Supporting the CSP to develop models.<sup>1</sup> This will include standards.
- Promoted the ‘Whole Essex Framework’ – Protocol: <https://weisf.example.org/Pages/default.aspx>
2. The Board will review the [Core Standards](https://example.org/standards) by April 2018
Read about [Professional Curiosity](#) here.
 - Adult-focused practice
-

---

<sup>1</sup> (X reference with the plan – Theme 4.1 & 4.2)
"""


@pytest.fixture
def sample(tmp_path) -> Path:
    path = tmp_path / "sample.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def _reader_text(path: Path) -> tuple[str, set[str]]:
    """What a perfect output of a seed says: every line's text, every URL as a link."""
    lines = seed_lines(path)
    return "\n".join(line.text for line in lines), {u for line in lines for u in line.urls}


# --- seed_lines -----------------------------------------------------------------------

def test_seed_lines_strip_markup_and_keep_line_numbers(sample):
    lines = {(line.line, line.text) for line in seed_lines(sample)}
    assert (3, "Serious Case Review Learning Bulletin") in lines
    assert (7, "Date Published") in lines
    assert (7, "Wednesday 8 November 2017") in lines
    assert (8, "Family History") in lines
    assert (8, "The family is White British") in lines
    assert (8, "2 Fathers") in lines
    assert (12, "Read about Professional Curiosity here.") in lines
    assert (13, "Adult-focused practice") in lines
    texts = [text for _, text in lines]
    assert not any(t in ("", "-", "---") for t in texts)
    assert not any("<" in t or "**" in t or "•" in t for t in texts)


def test_seed_lines_normalise_words(sample):
    by_line = {line.line: line for line in seed_lines(sample)}
    assert by_line[5].words[:7] == ("published", "by", "sscb", "on", "8", "november", "2017")
    # footnote reference inside a line is a word; the footnote's own number is dropped
    assert "models 1 this will" in " ".join(by_line[9].words)
    assert by_line[18].words[0] == "x"
    assert by_line[10].words[:5] == ("promoted", "the", "whole", "essex", "framework")
    assert by_line[11].words[0] == "the"  # list number dropped


def test_seed_lines_collect_urls_but_not_placeholders(sample):
    by_line = {line.line: line for line in seed_lines(sample)}
    assert by_line[10].urls == ("https://weisf.example.org/Pages/default.aspx",)
    assert by_line[11].urls == ("https://example.org/standards",)
    assert by_line[12].urls == ()


def test_normalise_words_folds_quotes_dashes_ordinals_and_case():
    assert normalise_words("Family ‘E’ – Child’s 8th co-ordinated, SCR's") == [
        "family", "e", "childs", "8", "co", "ordinated", "scrs"]
    assert normalise_words("Theme 1 – Co-ordinated") == normalise_words("theme 1 - co ordinated")


@needs_seeds
def test_every_seed_has_reading_lines():
    for prefix in PUBLICATIONS:
        (path,) = SEEDS.glob(f"{prefix}_*.txt")
        lines = seed_lines(path)
        assert len(lines) > 20, path
        assert all(line.words or line.urls for line in lines)


# --- missing_lines --------------------------------------------------------------------

def test_a_faithful_output_misses_nothing(sample):
    text, links = _reader_text(sample)
    assert missing_lines(sample, text, links) == []


def test_a_deleted_sentence_is_reported_with_its_line(sample):
    text, links = _reader_text(sample)
    text = text.replace("This will include standards.", "")
    assert missing_lines(sample, text, links) == [
        "sample.txt:9: text not in output: "
        "'Supporting the CSP to develop models. 1 This will include standards.'"]


def test_a_changed_word_is_reported(sample):
    text, links = _reader_text(sample)
    text = text.replace("2 Fathers", "3 Fathers")
    problems = missing_lines(sample, text, links)
    assert len(problems) == 1 and problems[0].startswith("sample.txt:8:")


def test_a_split_line_is_checked_in_order(sample):
    text, links = _reader_text(sample)
    # the same words, out of order, are not the line
    text = text.replace("Wednesday 8 November 2017", "8 November 2017 Wednesday")
    assert [p.split(":")[1] for p in missing_lines(sample, text, links)] == ["7"]


def test_a_missing_link_target_is_reported(sample):
    text, links = _reader_text(sample)
    links.discard("https://example.org/standards")
    assert missing_lines(sample, text, links) == [
        "sample.txt:11: link target not in output: https://example.org/standards"]


def test_an_empty_output_misses_every_line(sample):
    problems = missing_lines(sample, "", set())
    lines = seed_lines(sample)
    assert len(problems) >= len(lines)
    assert {int(p.split(":")[1]) for p in problems} == {line.line for line in lines}


# --- reading outputs -----------------------------------------------------------------

def test_read_html_keeps_words_whole_and_blocks_apart():
    html = ("<html><head><title>Nope</title><style>p{}</style></head><body>"
            "<h2>Theme 1</h2><p>on 8<sup>th</sup> Nov, <strong>effect</strong>ive "
            '<a href="https://x.example/a">the <em>guide</em></a>.</p><p>Next</p></body></html>')
    text, links = read_html(html)
    assert normalise_words(text) == ["theme", "1", "on", "8", "nov", "effective", "the", "guide",
                                     "next"]
    assert links == {"https://x.example/a"}


def test_running_lines_do_not_break_a_sentence_over_a_page():
    pages = [[(50, "Body starts and runs"), (64, "to discuss"), (800, "WSCB Briefing Page 1 of 2")],
             [(50, "differences of views."), (64, "Recommendations:"), (800, "WSCB Briefing Page 2 of 2")]]
    text = seedtext._drop_running_lines(pages)
    assert "to discuss differences of views" in " ".join(normalise_words(text))
    assert "wscb" not in normalise_words(text)


def test_body_lines_that_repeat_are_not_running_lines():
    top, bottom = (40, "Title"), (800, "Page 1")
    pages = [[top, (50, "a"), (60, "b"), (300, "Theme 1"), (310, "c"), (320, "d"), bottom],
             [top, (50, "e"), (60, "f"), (300, "Theme 2"), (310, "g"), (320, "h"), bottom]]
    assert normalise_words(seedtext._drop_running_lines(pages)) == [
        "a", "b", "theme", "1", "c", "d", "e", "f", "theme", "2", "g", "h"]


def test_read_docx_numbers_footnotes_and_collects_links(tmp_path):
    import zipfile

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' \
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    rels = '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' \
           '<Relationship Id="rId9" Target="https://x.example/plan" TargetMode="External" Type="h"/>' \
           '</Relationships>'
    path = tmp_path / "t.docx"
    with zipfile.ZipFile(path, "w") as docx:
        docx.writestr("word/document.xml", f"<w:document {w}><w:body>"
                      "<w:p><w:r><w:t>practice models.</w:t></w:r><w:r><w:footnoteReference w:id='7'/>"
                      "</w:r><w:r><w:t xml:space='preserve'> This will</w:t></w:r></w:p>"
                      "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Theme of SCR</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
                      "</w:body></w:document>")
        docx.writestr("word/_rels/document.xml.rels", rels.replace("rId9", "rId1"))
        docx.writestr("word/footnotes.xml", f"<w:footnotes {w}>"
                      "<w:footnote w:type='separator' w:id='-1'><w:p><w:r><w:t>---</w:t></w:r></w:p></w:footnote>"
                      "<w:footnote w:id='7'><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>(X reference with the </w:t>"
                      "</w:r><w:hyperlink r:id='rId9'><w:r><w:t>Business Plan</w:t></w:r></w:hyperlink></w:p></w:footnote>"
                      "</w:footnotes>")
        docx.writestr("word/_rels/footnotes.xml.rels", rels)
    text, links = seedtext.read_docx(path)
    assert text.splitlines() == ["practice models.1 This will", "Theme of SCR",
                                 "(X reference with the Business Plan"]
    assert links == {"https://x.example/plan"}


# --- the reference publications ------------------------------------------------------

def _html_text(path: Path) -> tuple[str, set[str]]:
    return read_html(path.read_text(encoding="utf-8"))


def _output(dist: Path, publication: str, suffix: str) -> Path:
    found = sorted(dist.glob(f"*{publication}{suffix}"))
    log = (dist.parent / "build.log").read_text()[-2000:]
    assert found, f"no {suffix} for {publication} in {dist}; the build said:\n{log}"
    return found[0]


def _seed(prefix: str) -> Path:
    (seed,) = SEEDS.glob(f"{prefix}_*.txt")
    return seed


@pytest.mark.parametrize("prefix", sorted(PUBLICATIONS))
@needs_seeds
def test_reference_html_reproduces_every_seed_line(reference_dist, prefix):
    text, links = _html_text(_output(reference_dist, PUBLICATIONS[prefix], ".html"))
    assert missing_lines(_seed(prefix), text, links) == []


@pytest.mark.parametrize("prefix", sorted(PUBLICATIONS))
@needs_seeds
def test_reference_pdf_reproduces_every_seed_line(reference_dist, prefix):
    text, links = seedtext.read_pdf(_output(reference_dist, PUBLICATIONS[prefix], ".pdf"))
    assert missing_lines(_seed(prefix), text, links) == []


@pytest.mark.parametrize("prefix", sorted(PUBLICATIONS))
@needs_seeds
def test_reference_docx_reproduces_every_seed_line(reference_dist, prefix):
    text, links = seedtext.read_docx(_output(reference_dist, PUBLICATIONS[prefix], ".docx"))
    assert missing_lines(_seed(prefix), text, links) == []


@needs_seeds
def test_the_check_would_see_a_lost_sentence_in_a_real_output(reference_dist):
    seed = _seed("000")
    text, links = seedtext.read_pdf(_output(reference_dist, "family-e-briefing", ".pdf"))
    assert missing_lines(seed, text, links) == []
    lost = "The neglect the children were exposed to was not effectively addressed."
    assert lost in " ".join(text.split())
    cut = " ".join(text.split()).replace(lost, "")
    assert missing_lines(seed, cut, links) == [f"{seed.name}:31: text not in output: {lost!r}"]
    # and one publication does not pass for another
    other, other_links = _html_text(_output(reference_dist, "child-f-briefing", ".html"))
    assert len(missing_lines(seed, other, other_links)) > 30
