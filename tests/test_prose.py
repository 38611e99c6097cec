"""Plain-English rules: sentence length, reading grade, capitals, acronyms on first use."""

import dataclasses

from bulletin.checks.accessibility.run import check_publication_texts, check_source_text
from bulletin.checks.accessibility.prose import count_syllables, reading_grade
from bulletin.checks.plaintext import to_plain
from bulletin.diagnostics import Location
from bulletin.model import layout_from_mapping
from bulletin.sources import LocStr

LAYOUT = layout_from_mapping({})  # the default layout: reading grade 9, initials SCP


def loc(text: str, line: int = 1, col: int = 3) -> LocStr:
    lines = tuple((line + i, col) for i in range(text.count("\n") + 1))
    return LocStr(text, Location("sources/reviews/r.yaml", line, col), lines=lines)


def of(diagnostics, code):
    return [d for d in diagnostics if d.code == code]


LONG = "Every " + " ".join(["word"] * 25) + "."
SHORT = "The child was seen at home. Nobody asked about the father."


def test_sentence_over_25_words_warns_where_it_starts():
    d = of(check_source_text(loc(SHORT + " " + LONG), "p", LAYOUT), "a11y.sentence-length")
    assert len(d) == 1 and "26 words" in d[0].message
    assert d[0].location.col == 3 + len(SHORT) + 1


def test_sentences_of_25_words_and_bullets_pass():
    text = " ".join(["word"] * 25) + ".\n\n- " + " ".join(["w"] * 20) + "\n- " + " ".join(["w"] * 20)
    assert of(check_source_text(loc(text), "p", LAYOUT), "a11y.sentence-length") == []


def test_syllable_estimate():
    assert [count_syllables(w) for w in ("child", "family", "safeguarding", "the", "made")] == [1, 3, 4, 1, 1]


HARD = ("Multi-agency safeguarding arrangements necessitate comprehensive interdisciplinary "
        "communication, systematic information-sharing protocols and authoritative managerial "
        "oversight of professional decision-making regarding vulnerable children. ") * 3
EASY = ("The baby was hurt. Dad had hit him. The nurse saw a mark on his arm. She told her boss. "
        "They did not tell the school. Ask who lives in the home. Ask about dad. ") * 3


def test_reading_grade_over_the_layout_limit_warns_once_per_field():
    grade, words = reading_grade(*to_plain(HARD))
    assert grade > 15 and words > 40
    d = of(check_source_text(loc(HARD), "p", LAYOUT), "a11y.reading-grade")
    assert len(d) == 1 and d[0].location.line == 1


def test_plain_text_and_layouts_without_a_limit_pass():
    assert of(check_source_text(loc(EASY), "p", LAYOUT), "a11y.reading-grade") == []
    assert LAYOUT.reading_grade == 9
    no_limit = dataclasses.replace(LAYOUT, reading_grade=None)
    assert of(check_source_text(loc(HARD), "p", no_limit), "a11y.reading-grade") == []


def test_short_fields_are_not_graded():
    short = "Comprehensive interdisciplinary communication necessitates authoritative oversight."
    assert of(check_source_text(loc(short), "p", LAYOUT), "a11y.reading-grade") == []


def test_block_capitals_warn_but_known_acronym_pairs_do_not():
    d = of(check_source_text(loc("Please DO NOT SHARE this briefing."), "p", LAYOUT), "a11y.caps")
    assert len(d) == 1 and d[0].location.col == 3 + len("Please ")
    assert of(check_source_text(loc("The NHS UK guidance applies."), "p", LAYOUT), "a11y.caps") == []


def test_acronym_not_spelled_out_on_first_use_warns_and_points_at_the_definition():
    a = loc("The ESCB met.", line=5)
    b = loc("The Essex Safeguarding Children Board (ESCB) agreed.", line=30)
    d = of(check_publication_texts([a, b], "p", LAYOUT), "a11y.acronym")
    assert len(d) == 1 and d[0].location.line == 5 and "r.yaml:30" in d[0].message


def test_acronyms_spelled_out_either_way_known_or_plural_pass():
    texts = [loc("The Essex Safeguarding Children Board's (ESCB) briefing."),
             loc("The ESCB and its SCR (Serious Case Review) sub-group; two SCRs and the SCR's plan."),
             loc("Plans were not SMART (specific, measurable, achievable, realistic and timely)."),
             loc("See your GP or the NHS; the PDF is on the UK site.")]
    assert of(check_publication_texts(texts, "p", LAYOUT), "a11y.acronym") == []


def test_layout_can_name_acronyms_its_readers_know():
    texts = [loc("The MASH took the referral.")]
    assert len(of(check_publication_texts(texts, "p", LAYOUT), "a11y.acronym")) == 1
    known = layout_from_mapping({"known_acronyms": ["MASH"]})
    assert of(check_publication_texts(texts, "p", known), "a11y.acronym") == []
    # the layout's own initials are known to its readers too
    own = layout_from_mapping({"partnership": "Multi-Agency Safeguarding Hub", "short_name": "MASH"})
    assert of(check_publication_texts(texts, "p", own), "a11y.acronym") == []
