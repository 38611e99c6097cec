"""Every link a reader sees is checked, and only those: the link targets in the HTML, PDF,
Word and print outputs equal the targets the link checker was given, on a root that writes
links every way (`[click here][1]`, a code span, an autolink, a bare address, a mailto with
a space) and on the reference project."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import docx
import pikepdf
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE

from bulletin.build import build

REPO = Path(__file__).parent.parent
_HREF = re.compile(r'<a\b[^>]*\bhref="([^"#][^"]*)"')


def html_targets(path: Path) -> set[str]:
    return {html.unescape(h) for h in _HREF.findall(path.read_text(encoding="utf-8"))
            if ":" in h.split("/", 1)[0]}


def pdf_targets(path: Path) -> set[str]:
    found = set()
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", []):
                action = annot.get("/A")
                if action is not None and "/URI" in action:
                    found.add(str(action.URI))
    return found


def docx_targets(path: Path) -> set[str]:
    rels = docx.Document(str(path)).part.rels.values()
    return {r.target_ref for r in rels if r.reltype == RELATIONSHIP_TYPE.HYPERLINK and r.is_external}


def outputs_equal_checked(root: Path, formats) -> dict:
    result = build(root, formats=formats, offline=True, jobs=1)
    checked: dict[str, set] = {}
    for r in result.link_results:
        # A placeholder ([text](#)) is reported by the checker and printed as plain text.
        if r.ref.uri.strip() not in ("", "#"):
            checked.setdefault(r.ref.publication, set()).add(r.ref.uri)
    dist = root / "dist"
    seen = {}
    for name, targets in checked.items():
        [stem] = {p.name.split(".")[0] for p in dist.glob(f"*{name}.html")}
        readers = {".html": html_targets, ".pdf": pdf_targets, ".docx": docx_targets,
                   ".print.pdf": pdf_targets}
        for suffix, read in readers.items():
            path = dist / (stem + suffix)
            if path.exists():
                seen[(name, suffix)] = (read(path), targets)
    return seen


def test_every_way_of_writing_a_link_reaches_every_output_and_the_checker(tmp_path):
    root = tmp_path / "links-kinds"
    shutil.copytree(REPO / "tests" / "roots" / "links-kinds", root)
    seen = outputs_equal_checked(root, ("pdf", "docx", "html", "print"))
    assert {suffix for _, suffix in seen} == {".html", ".pdf", ".docx", ".print.pdf"}
    for (name, suffix), (found, checked) in seen.items():
        assert found == checked, (suffix, found ^ checked)
    _, checked = seen[("child-k-briefing", ".html")]
    assert {"https://www.example.org.uk/reference", "https://www.example.org.uk/code-span",
            "https://www.example.org.uk/autolink", "https://www.example.org.uk/bare-address",
            "mailto:safeguarding%20team@example.org.uk"} <= checked


@pytest.mark.slow
def test_the_reference_project_publishes_exactly_the_links_it_checks(tmp_path):
    root = tmp_path / "reference"
    for part in ("sources", "layouts"):
        shutil.copytree(REPO / part, root / part)
    shutil.copy(REPO / "bulletin.yaml", root / "bulletin.yaml")
    seen = outputs_equal_checked(root, ("pdf", "docx", "html", "print"))
    assert seen
    for (name, suffix), (found, checked) in seen.items():
        assert found == checked, (name, suffix, found ^ checked)
