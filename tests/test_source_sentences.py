"""Every sentence of every source field a publication prints reaches its HTML and its PDF.

The field lists say what each kind prints (docs/sources.md, "Where things print"). The
one documented omission: a bulletin prints a review's family history in its case
details row, and its background only when there is no family history. Seven-minute
briefings are digests of a review and have their own tests.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from bulletin.markup import plain_text
from bulletin.model import Record, load_project, review_names

sys.path.insert(0, str(Path(__file__).parent))
from seedtext import normalise_words, read_html, read_pdf  # noqa: E402

REPO = Path(__file__).parents[1]
REVIEW_FIELDS = ["background", "findings", "report.text", "learning.*.title", "learning.*.finding",
                 "learning.*.practice", "learning.*.practice_heading", "key_learning",
                 "further_learning.intro", "further_learning.points", "family_history",
                 "risk_indicators", "review_learning", "recommendations.heading",
                 "recommendations.items.*.text", "recommendations.items.*.owner", "questions.*",
                 "sections.*.heading", "sections.*.body", "footnotes.*"]
PUBLICATION_FIELDS = ["title", "kicker", "subtitle", "edition", "intro", "before.*.heading",
                      "before.*.body", "recurring_themes.heading", "recurring_themes.intro",
                      "recurring_themes.items.*.heading", "recurring_themes.items.*.body",
                      "after.*.heading", "after.*.body"]


def values(data, path: str):
    """Every value at a dotted path, where `*` walks a list's items or a map's values."""
    head, _, rest = path.partition(".")
    if data is None:
        return []
    if head == "*":
        items = data.values() if isinstance(data, dict) else data
        return [v for item in items for v in (values(item, rest) if rest else [item])]
    value = getattr(data, head, None) if isinstance(data, Record) else None
    return values(value, rest) if rest else ([] if value is None else [value])


def printed_texts(project, publication):
    for path in PUBLICATION_FIELDS:
        yield from ((f"{publication.name}: {path}", v) for v in values(publication, path))
    for name in review_names(project, publication):
        review = project.reviews[name]
        skip = {"background"} if publication.kind == "bulletin" and review.family_history else set()
        for path in REVIEW_FIELDS:
            if path not in skip:
                yield from ((f"{name}: {path}", v) for v in values(review, path))


# Where a source text's paragraphs and list items start: each is set as its own block,
# and a page may end between two of them (with a float of the next part beside it).
BLOCK_START = re.compile(r"\n\s*\n|\n\s*(?:[-*+]|\d+[.)])\s+")


def sentences(text: str):
    for block in BLOCK_START.split("\n" + str(text)):
        for sentence in re.split(r"(?<=[.!?])\s+", plain_text(block)):
            words = normalise_words(sentence)
            if words:
                yield sentence, words


def contains(haystack: list[str], needle: list[str]) -> bool:
    joined = " " + " ".join(haystack) + " "
    return " " + " ".join(needle) + " " in joined


PROJECT = load_project(REPO)
CASES = sorted(n for n, p in PROJECT.publications.items() if p.kind != "seven-minute")


@pytest.mark.parametrize("name", CASES)
def test_every_printed_sentence_reaches_html_and_pdf(name, reference_dist):
    publication = PROJECT.publications[name]
    html_file = next(reference_dist.glob(f"*{name}.html"))
    outputs = {"HTML": read_html(html_file.read_text(encoding="utf-8"))[0],
               "PDF": read_pdf(html_file.with_suffix(".pdf"))[0]}
    words = {fmt: normalise_words(text) for fmt, text in outputs.items()}
    checked = [(where, sentence, needle) for where, text in printed_texts(PROJECT, publication)
               for sentence, needle in sentences(text)]
    missing = [f"{fmt}: {where}: {sentence!r}" for where, sentence, needle in checked
               for fmt in outputs if not contains(words[fmt], needle)]
    assert len(checked) >= 20, "the field lists no longer match the sources"
    assert missing == []


def test_list_items_are_checked_one_by_one():
    items = [sentence for sentence, _ in sentences("- The family is White British\n- 2 Fathers\n\nOne. Two.")]
    assert items == ["The family is White British", "2 Fathers", "One.", "Two."]


def test_the_check_notices_a_missing_sentence():
    assert not contains(normalise_words("Child F was known to services."),
                        normalise_words("Child F was not known"))
    assert contains(normalise_words("Child F, aged two, was known."), normalise_words("aged two"))
