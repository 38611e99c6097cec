"""Turn a reference publication (seed text) into the lines a reader sees, and find which are missing from an output.

The seeds in /work/shared/seeds/ are text extracted from published PDFs and Word files,
so they carry layout noise: `<b>`/`<p>`/`<ul>`/`<li>` fragments from a table layout,
`•` bullets, `<sup>th</sup>` ordinals, Markdown headings, bold and links, page-break
splits. `seed_lines` strips that noise and keeps, for every line a reader would read, its
seed line number, its words and the link targets it carries. `missing_lines` then says
which of those lines a built output does not reproduce.

Normalisation (the same function is applied to seed and output, so it only has to be
consistent, not pretty):

- case folded; curly quotes folded to straight ones;
- apostrophes deleted inside and around words (`Children's` -> `childrens`,
  `Family 'E'` -> `family e`);
- every other character that is not a letter or a digit (punctuation, dashes of every
  width, slashes, bullets, `↩` back-links) separates words;
- ordinals lose their suffix (`8th` -> `8`), and `<sup>th</sup>` in the seed is dropped
  (`8<sup>th</sup>` and `8 <sup>th</sup>` -> `8`);
- a footnote marker `<sup>1</sup>` inside a line becomes the word `1` (outputs print the
  reference as `1` or `[1]`); at the start of a line it is the footnote's own number and
  is dropped, as list numbers are.

A seed line is reproduced when its word sequence occurs contiguously in the output's
word sequence (so a sentence split over two seed lines by a page break is checked as two
halves, each of which must be there) and every URL it carries (`<https://...>` autolinks
and `[text](https://...)` targets; `#` placeholders are not URLs) is a link target of the
output.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "′": "'", "“": '"', "”": '"', "„": '"'})
_ORDINAL = re.compile(r"^(\d+)(st|nd|rd|th)$")
_SUP_ORDINAL = re.compile(r"\s*<sup>\s*(st|nd|rd|th)\s*</sup>", re.I)
_SUP_NUMBER = re.compile(r"<sup>\s*(\d+)\s*</sup>", re.I)
# Tags that end one thing a reader sees and start another (table cells come as tabs).
_BLOCK_TAG = re.compile(r"</?(?:p|ul|ol|li|br|div|tr|td|th|table)\b[^>]*>|\t", re.I)
_INLINE_TAG = re.compile(r"</?(b|i|em|strong|span|u|sup|sub)\b[^>]*>", re.I)
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_MD_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")
_HEADING = re.compile(r"^#{1,6}\s*")
_RULE = re.compile(r"^(-{3,}|\*{3,}|_{3,})$")
_MARKER = re.compile(r"^(?:[-*•·▪●]\s*|\d+[.)]\s+|\d+[.)]$)+")


@dataclass(frozen=True)
class SeedLine:
    """One line of reading text from a seed: where it is, what it says, where it links."""

    line: int
    text: str
    words: tuple[str, ...]
    urls: tuple[str, ...]


def normalise_words(text: str) -> list[str]:
    """Split text into normalised words (see the module docstring for the rules)."""
    text = html.unescape(text).translate(_QUOTES).casefold()
    text = text.replace("'", "")
    words = []
    for word in re.split(r"[\W_]+", text):
        if not word:
            continue
        ordinal = _ORDINAL.match(word)
        words.append(ordinal.group(1) if ordinal else word)
    return words


def _split_items(raw: str) -> list[str]:
    """Split one seed line into the separate pieces of text it holds (list items, cells)."""
    raw = _SUP_ORDINAL.sub("", raw)
    raw = raw.strip()
    # A number in superscript at the very start is the footnote's own number.
    raw = re.sub(r"^<sup>\s*\d+\s*</sup>", "", raw, flags=re.I)
    raw = _SUP_NUMBER.sub(r" \1", raw)
    return [piece for piece in _BLOCK_TAG.split(raw) if piece.strip()]


def _clean_piece(piece: str) -> tuple[str, tuple[str, ...]]:
    """Strip Markdown and list markers from a piece of a line; return its text and URLs."""
    urls = [m.group(1) for m in _AUTOLINK.finditer(piece)]
    piece = _AUTOLINK.sub(" ", piece)
    urls += [m.group(2) for m in _MD_LINK.finditer(piece) if m.group(2) not in ("", "#")]
    piece = _MD_LINK.sub(lambda m: m.group(1), piece)
    piece = _INLINE_TAG.sub("", piece)
    piece = piece.strip()
    if _RULE.match(piece):
        return "", ()
    piece = _HEADING.sub("", piece)
    piece = piece.replace("**", "").replace("__", "")
    piece = _MARKER.sub("", piece.strip()).strip()
    return piece, tuple(urls)


def seed_lines(path: str | Path) -> list[SeedLine]:
    """Read a seed file into the lines of reading text it holds, in order."""
    lines = []
    text = Path(path).read_text(encoding="utf-8")
    for number, raw in enumerate(text.splitlines(), start=1):
        for piece in _split_items(raw):
            clean, urls = _clean_piece(piece)
            words = tuple(normalise_words(clean))
            if words or urls:
                lines.append(SeedLine(number, clean, words, urls))
    return lines


def missing_lines(seed_path: str | Path, output_text: str, output_links: set[str]) -> list[str]:
    """Say which seed lines the output does not reproduce, as `seed:line: ...` messages."""
    haystack = " " + " ".join(normalise_words(output_text)) + " "
    name = Path(seed_path).name
    problems = []
    for seed in seed_lines(seed_path):
        if seed.words and " " + " ".join(seed.words) + " " not in haystack:
            problems.append(f"{name}:{seed.line}: text not in output: {seed.text!r}")
        for url in seed.urls:
            if url not in output_links:
                problems.append(f"{name}:{seed.line}: link target not in output: {url}")
    return problems


class _TextParser(HTMLParser):
    """Collect the reading text of an HTML body and the targets of its links."""

    INLINE = {"a", "abbr", "b", "cite", "code", "em", "i", "mark", "q", "small", "span",
              "strong", "sub", "sup", "u"}
    SKIP = {"head", "script", "style", "title", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: set[str] = set()
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skipping += 1
        elif tag not in self.INLINE:
            self.parts.append("\n")
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.add(href)

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag not in self.INLINE:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def read_html(text: str) -> tuple[str, set[str]]:
    """Turn an HTML page into its reading text and the set of its link targets."""
    parser = _TextParser()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts), parser.links


def _drop_running_lines(pages: list[list[tuple[int, str]]]) -> str:
    """Join page lines without the running header/footer lines.

    A running line is the same text (page numbers aside) at the same height among the
    first or last two lines of most pages; left in, it would sit in the middle of a sentence that runs over a page."""
    def key(y: int, line: str) -> tuple[int, str]:
        return y, re.sub(r"\d+", "#", line.strip())

    counts: dict[tuple[int, str], int] = {}
    for page in pages:
        # only a page's first and last two lines can be running lines
        for k in {key(y, line) for y, line in page[:2] + page[-2:]}:
            counts[k] = counts.get(k, 0) + 1
    running = {k for k, n in counts.items() if len(pages) > 1 and n > len(pages) / 2}
    return "\n".join(line for page in pages for y, line in page if key(y, line) not in running)


def read_pdf(path: str | Path) -> tuple[str, set[str]]:
    """Turn a PDF into its reading text and link targets, running headers and footers dropped.

    Lines keep a word broken at a hyphen over a line end as printed ("non-" + "accidental"),
    where some extractors would join it into "nonaccidental" and so change the text."""
    from pdftext import link_targets, page_lines

    return _drop_running_lines(page_lines(Path(path))), link_targets(Path(path))


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _docx_part(docx, name: str) -> tuple[object | None, dict[str, str]]:
    """One XML part of a Word file and its relationship targets (id -> target)."""
    from xml.etree import ElementTree

    if name not in docx.namelist():
        return None, {}
    rels_name = name.replace("word/", "word/_rels/") + ".rels"
    rels = (ElementTree.fromstring(docx.read(rels_name)) if rels_name in docx.namelist() else [])
    return ElementTree.fromstring(docx.read(name)), {r.get("Id"): r.get("Target") for r in rels}


def _docx_lines(root, targets: dict[str, str], links: set[str], counter: list[int]) -> list[str]:
    """The paragraphs under `root` as text; footnote references print as Word numbers them."""
    lines = []
    for paragraph in root.iter(f"{_W}p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{_W}t" and node.text:
                parts.append(node.text)
            elif node.tag in (f"{_W}tab", f"{_W}br"):
                parts.append(" ")
            elif node.tag == f"{_W}footnoteReference":
                counter[0] += 1
                parts.append(str(counter[0]))
            elif node.tag == f"{_W}hyperlink" and node.get(f"{_R}id") in targets:
                links.add(targets[node.get(f"{_R}id")])
            elif node.tag == f"{_W}instrText" and node.text and "HYPERLINK" in node.text:
                found = re.search(r'HYPERLINK\s+"([^"]+)"', node.text)
                if found:
                    links.add(found.group(1))
        lines.append("".join(parts))
    return lines


def read_docx(path: str | Path) -> tuple[str, set[str]]:
    """Turn a Word file into its reading text and the targets of its hyperlinks.

    Body paragraphs (tables included) in order, one line each; a footnote reference is
    its number, as Word shows it; the footnotes' own text follows the body, as on the
    page. Links are hyperlink relationships and HYPERLINK fields."""
    import zipfile

    links: set[str] = set()
    with zipfile.ZipFile(path) as docx:
        body, targets = _docx_part(docx, "word/document.xml")
        notes, note_targets = _docx_part(docx, "word/footnotes.xml")
    lines = _docx_lines(body, targets, links, [0])
    if notes is not None:
        for note in notes.findall(f"{_W}footnote"):
            # separator and continuation notes carry a type; real notes do not
            if note.get(f"{_W}type") in (None, "normal"):
                lines += _docx_lines(note, note_targets, links, [0])
    return "\n".join(lines), links
