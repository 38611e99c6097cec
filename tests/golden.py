"""Turn built publications into golden text: the heading outline and text of the HTML,
and the text of the PDF, one file each under tests/golden/.

Golden files hold extracted text, never pixels. They change only on purpose:
`invoke golden` rewrites them from a fresh build, and the diff is read before committing.
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from seedtext import read_pdf  # noqa: E402

GOLDEN = Path(__file__).parent / "golden"
BLOCKS = {"h1", "h2", "h3", "h4", "p", "li", "th", "td", "caption", "figcaption"}


class _Outline(HTMLParser):
    """Lines of `tag: text` for each block in <body>, in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines, self.stack, self.in_body, self.skip = [], [], False, 0

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.in_body = True
        if tag in ("style", "script"):
            self.skip += 1
        if tag in BLOCKS:
            if self.stack:  # a block inside a block (p in li): close the outer line first
                self._flush()
            self.stack.append([tag, []])
        elif tag == "br" and self.stack:
            self.stack[-1][1].append(" ")

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self.skip -= 1
        if tag in BLOCKS and self.stack and self.stack[-1][0] == tag:
            self._flush()
            self.stack.pop()

    def handle_data(self, data):
        if self.in_body and not self.skip and self.stack:
            self.stack[-1][1].append(data)

    def _flush(self):
        tag, parts = self.stack[-1]
        text = " ".join("".join(parts).split())
        if text:
            self.lines.append(f"{tag}: {text}")
        self.stack[-1][1] = []


def html_golden(html: str) -> str:
    parser = _Outline()
    parser.feed(html)
    return "\n".join(parser.lines) + "\n"


def pdf_golden(path: Path) -> str:
    text, _ = read_pdf(path)
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip()) + "\n"


def goldens(dist: Path) -> dict[str, str]:
    """golden file name -> text, for every publication HTML and PDF in `dist`."""
    out = {}
    for html in sorted(dist.glob("*.html")):
        if html.name == "index.html":
            continue
        out[f"{html.stem}.html.txt"] = html_golden(html.read_text(encoding="utf-8"))
        pdf = html.with_suffix(".pdf")
        if pdf.is_file():
            out[f"{html.stem}.pdf.txt"] = pdf_golden(pdf)
    return out


def update(dist: Path) -> None:
    GOLDEN.mkdir(exist_ok=True)
    for stale in GOLDEN.glob("*.txt"):
        stale.unlink()
    for name, text in goldens(dist).items():
        (GOLDEN / name).write_text(text, encoding="utf-8")
        print(f"wrote tests/golden/{name}")


if __name__ == "__main__":
    import shutil
    import tempfile

    from bulletin.build import build

    repo = Path(__file__).parents[1]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for part in ("sources", "layouts"):
            shutil.copytree(repo / part, root / part)
        shutil.copy(repo / "bulletin.yaml", root / "bulletin.yaml")
        build(root, formats=("pdf", "html"), offline=True, jobs=2)
        update(root / "dist")
