"""The Word corpus in tests/fixtures/import/: every briefing imports with its pseudonym, and its lines reach the built outputs.

Each file is imported into an empty project and the drafts are built with the real
pipeline. For each file, its text lines (body paragraphs and table cells, as
`seedtext.read_docx` reads them, typed list markers dropped) are split into sentences
and normalised; a line reaches an output when every one of its sentences is in that
output's text. The default test builds HTML only; the slow one builds HTML, PDF and Word.

    python tests/test_importer_corpus.py      # prints the per-file table
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from bulletin.cli import main
from bulletin.importer.command import import_docx
from bulletin.importer.write import write_draft, yaml_text
from bulletin.scaffold import create

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "fixtures" / "import"
sys.path[:0] = [str(HERE), str(CORPUS)]
from briefings import BRIEFINGS, EXPECTED  # noqa: E402  (the corpus's own description)
from seedtext import normalise_words, read_docx, read_html, read_pdf  # noqa: E402

HOW_MADE = {
    "styled-headings": "Word heading and list styles (python-docx)",
    "bold-paragraphs": "bold Normal paragraphs as headings, Word list styles",
    "typed-bullets": "bold lines, typed •, –, 1., 1), a), (i)",
    "layout-tables": "banner cell, 2x2 grid of sections, label/content rows",
    "libreoffice": "HTML converted by LibreOffice 7.4 (soffice --convert-to docx)",
    "title-style-headings": "Title, Heading 1/2, practice sub-headings",
}
TYPED_MARKER = re.compile(r"^\s*(?:[•·▪●◦\-–—*]|\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)])\s+")
SENTENCE_END = re.compile(r"(?<=[.?!:])\s+")
READERS = {"html": lambda p: read_html(p.read_text(encoding="utf-8")), "pdf": read_pdf, "docx": read_docx}


def file_lines(path: Path) -> list[str]:
    """The reading lines of a Word file: body paragraphs and table cells, markers dropped."""
    text, _ = read_docx(path)
    return [TYPED_MARKER.sub("", line).strip() for line in text.splitlines() if line.strip()]


def reached(lines: list[str], output: str) -> list[bool]:
    """For each line: is every sentence of it, normalised, in the output?"""
    haystack = " " + " ".join(normalise_words(output)) + " "
    result = []
    for line in lines:
        sentences = [normalise_words(s) for s in SENTENCE_END.split(line)]
        result.append(all(" " + " ".join(words) + " " in haystack for words in sentences if words))
    return result


def import_and_build(root: Path, formats: str) -> dict[str, dict]:
    """Import every corpus file into a new project at `root`, build it; per file, the draft and outputs."""
    create(root, "review", "placeholder")  # a project with a theme vocabulary and nothing else
    (root / "sources/reviews/placeholder.yaml").unlink()
    results = {}
    for name in BRIEFINGS:
        path = CORPUS / f"{name}.docx"
        draft = import_docx(root, path, name)
        write_draft(root, draft, path, name)
        results[name] = {"draft": draft, "lines": file_lines(path)}
    code = main(["--root", str(root), "build", "--format", formats, "--offline", "--no-axe", "--jobs", "1"])
    assert code == 0, f"the imported drafts did not build (exit {code})"
    for name, result in results.items():
        for fmt in formats.split(","):
            (output,) = (root / "dist").glob(f"*-{name}.{fmt}")
            text, _ = READERS[fmt](output)
            result[fmt] = reached(result["lines"], text)
    return results


def table(results: dict[str, dict], formats: list[str]) -> str:
    rows = ["| file | how made | pseudonym found | " + " | ".join(f"lines reaching {f}" for f in formats)
            + " | items for a human |", "|---" * (4 + len(formats)) + "|"]
    for name, result in results.items():
        subject = result["draft"].reviews[0]["data"]["subject"]
        shares = [f"{sum(result[f])}/{len(result[f])} ({100 * sum(result[f]) / len(result[f]):.1f}%)" for f in formats]
        rows.append(f"| {name}.docx | {HOW_MADE[name]} | {subject} | " + " | ".join(shares)
                    + f" | {len(result['draft'].notes)} |")
    return "\n".join(rows)


def check(results: dict[str, dict], formats: list[str]) -> list[str]:
    problems = []
    for name, result in results.items():
        pseudonym, styled = EXPECTED[name]
        subject = result["draft"].reviews[0]["data"]["subject"]
        if subject != pseudonym:
            problems.append(f"{name}: pseudonym {subject!r}, expected {pseudonym!r}")
        if any(note.startswith("subject:") for note in result["draft"].notes):
            problems.append(f"{name}: the pseudonym was read from the title, yet is listed as a guess")
        floor = 0.98 if styled else 0.90
        for fmt in formats:
            share = sum(result[fmt]) / len(result[fmt])
            if share < floor:
                lost = [line for line, ok in zip(result["lines"], result[fmt]) if not ok]
                problems.append(f"{name}: {share:.1%} of lines reach {fmt} (needs {floor:.0%}); lost: {lost}")
    return problems


def test_every_corpus_file_is_between_40_and_120_lines():
    for name in BRIEFINGS:
        assert 40 <= len(file_lines(CORPUS / f"{name}.docx")) <= 120, name


# (review type, learning themes) each file's import must give
STRUCTURE = {
    "styled-headings": ("child-safeguarding-practice-review", 3),
    "bold-paragraphs": ("child-safeguarding-practice-review", 4),
    "typed-bullets": ("rapid-review", 0),
    "layout-tables": ("serious-case-review", 0),
    "libreoffice": ("serious-case-review", 4),
    "title-style-headings": (None, 3),  # the title names no review type: a guess, listed
}


@pytest.mark.parametrize("name", list(BRIEFINGS))
def test_each_corpus_file_fills_the_fields_its_sections_name(tmp_path, name):
    root = tmp_path / "project"
    create(root, "review", "placeholder")
    draft = import_docx(root, CORPUS / f"{name}.docx", name)
    (entry,) = draft.reviews
    review, publication = entry["data"], draft.publication
    review_type, themes = STRUCTURE[name]
    assert "To be written" not in review["background"] and len(review["background"]) > 200
    assert review.get("findings") or review.get("key_learning")
    assert len(review.get("learning", [])) == themes
    assert all(item.get("practice") for item in review.get("learning", [])) or name in (
        "bold-paragraphs", "libreoffice")  # their themes have no practice heading: the bullets stay in the finding
    assert len(review["recommendations"]["items"]) >= 2
    assert len(review["questions"]) >= 2 and all(q.endswith("?") for q in review["questions"])
    assert "https://" in review["further_learning"]["points"]
    assert publication["title"] == dict(l.split(" ", 1) for l in BRIEFINGS[name].splitlines())["title"]
    everything = yaml_text(review) + yaml_text(publication)
    assert not re.search(r"^\s*(?:- )?[•–]", everything, re.M), "a typed bullet was left as a character"
    guessed = any(note.startswith("review_type:") for note in draft.notes)
    assert (review["review_type"] == review_type) if review_type else guessed


@pytest.mark.slow  # the corpus's shapes are imported by the default tests above; this builds them
def test_corpus_imports_with_its_pseudonyms_and_its_lines_reach_the_html(tmp_path):
    results = import_and_build(tmp_path / "project", "html")
    print("\n" + table(results, ["html"]))
    assert check(results, ["html"]) == [], table(results, ["html"])


@pytest.mark.slow
def test_corpus_lines_reach_html_pdf_and_word(tmp_path):
    results = import_and_build(tmp_path / "project", "html,pdf,docx")
    print("\n" + table(results, ["html", "pdf", "docx"]))
    assert check(results, ["html", "pdf", "docx"]) == [], table(results, ["html", "pdf", "docx"])


if __name__ == "__main__":
    import tempfile
    formats = sys.argv[1] if len(sys.argv) > 1 else "html,pdf,docx"
    with tempfile.TemporaryDirectory() as work:
        found = import_and_build(Path(work) / "project", formats)
        print(table(found, formats.split(",")))
        print("\n".join(check(found, formats.split(","))) or "all files pass")
