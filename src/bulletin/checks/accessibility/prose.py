"""Turn source prose into plain-English diagnostics: long sentences, reading grade, capitals, acronyms.

These follow GOV.UK's content design guidance: sentences of 25 words or fewer, a low
reading age, no block capitals (harder to read, shouted by some screen readers), and
acronyms spelled out the first time a reader meets them.
"""

from __future__ import annotations

import re

from bulletin.diagnostics import Diagnostic, warning
from bulletin.model import Layout
from bulletin.checks.plaintext import split_sentences, to_plain, words

MAX_SENTENCE_WORDS = 25
# Flesch-Kincaid is noise on a sentence or two; below this many words a field is not graded.
MIN_WORDS_FOR_GRADE = 40

# Abbreviations nearly every UK reader knows; a layout adds its own initials and its
# `known_acronyms`.
KNOWN_ACRONYMS = {
    "UK", "NHS", "PDF", "GP", "BBC", "URL", "HTML", "TV", "ID", "EU", "USA", "FAQ", "DNA",
    "HIV", "NSPCC", "OK", "PE", "IT", "CV", "DVD", "SMS", "AM", "PM", "BSL", "LGBT", "LGBTQ",
}
_ROMAN = re.compile(r"^[IVXLC]+$")
_ACRONYM = re.compile(r"(?<![\w'’&-])([A-Z][A-Z0-9]*[A-Z])(s|'s|’s)?(?![\w'’&-])")
_DEFINED_AFTER = re.compile(r"\(\s*([A-Z][A-Z0-9]*[A-Z])s?\s*\)")      # Full Name (ACR)
_EXPANDED_AFTER = re.compile(r"\s*\(\s*([^()]*?[a-z][^()]*)\)")      # ACR (full name)


def count_syllables(word: str) -> int:
    """Vowel groups, less a silent final e: the usual estimate for readability scores."""
    w = word.lower().strip("'’-")
    if not w:
        return 0
    if w.isdigit():
        return max(1, len(w) // 2)
    groups = re.findall(r"[aeiouy]+", w)
    n = len(groups)
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and n > 1:
        n -= 1
    if w.endswith(("ed", "es")) and len(w) > 3 and w[-3] not in "dt" and n > 1 \
            and not w.endswith(("ies", "ses", "zes", "ches", "shes", "ges", "ces", "xes")):
        n -= 1
    return max(1, n)


def reading_grade(plain: str, item_starts: list[int]) -> tuple[float, int]:
    """(Flesch-Kincaid grade, words). Each list item counts as a sentence."""
    spans = split_sentences(plain, item_starts)
    all_words = [w for a, b in spans for w in words(plain[a:b])]
    if not spans or not all_words:
        return 0.0, 0
    syllables = sum(count_syllables(w) for w in all_words)
    grade = 0.39 * len(all_words) / len(spans) + 11.8 * syllables / len(all_words) - 15.59
    return round(grade, 1), len(all_words)


def check_prose(text, publication: str, layout: Layout, session=None) -> list[Diagnostic]:
    """Sentence length, reading grade (per field) and block capitals in one source text."""
    out: list[Diagnostic] = []
    plain, item_starts = to_plain(text, session=session)
    for a, b in split_sentences(plain, item_starts):
        count = len(words(plain[a:b]))
        if count > MAX_SENTENCE_WORDS:
            out.append(warning(
                "a11y.sentence-length",
                f"sentence has {count} words (aim for {MAX_SENTENCE_WORDS} or fewer): split "
                f"it, starting '{' '.join(plain[a:b].split()[:6])}...'",
                text.loc_at(a), publication=publication))
    limit = layout.reading_grade
    if limit is not None:
        grade, count = reading_grade(plain, item_starts)
        if count >= MIN_WORDS_FOR_GRADE and grade > float(limit):
            out.append(warning(
                "a11y.reading-grade",
                f"reading grade {grade:g} is above this layout's limit of {float(limit):g}: "
                "use shorter sentences and everyday words",
                text.loc_at(0), publication=publication, extra={"grade": grade}))
    out.extend(_check_caps(text, plain, publication, layout))
    return out


def _known(layout: Layout) -> set[str]:
    """The abbreviations this layout's readers know: the common ones, the layout's own
    initials and its `known_acronyms`."""
    extra = [*layout.known_acronyms, *([layout.short_name] if layout.short_name else [])]
    return KNOWN_ACRONYMS | {str(a).upper() for a in extra}


_CAPS_RUN = re.compile(r"(?<![\w'’])[A-Z][A-Z'’&-]*[A-Z](?:[ \t]+[A-Z][A-Z'’&-]*[A-Z])+(?![\w'’])")


def _check_caps(text, plain: str, publication: str, layout: Layout) -> list[Diagnostic]:
    """Two or more words in block capitals, unless all are abbreviations we know."""
    out = []
    known = _known(layout)
    for m in _CAPS_RUN.finditer(plain):
        parts = m.group(0).split()
        if all(p in known for p in parts):
            continue
        out.append(warning(
            "a11y.caps",
            f"'{' '.join(parts)[:60]}' is in capitals: write it in sentence case "
            "(use **bold** for emphasis)", text.loc_at(m.start()), publication=publication))
    return out


def _acronym_uses(text, known: set[str], session=None):
    """(acronym, offset, defined_here) for each acronym in a text, skipping caps runs."""
    plain, _ = to_plain(text, session=session)
    in_runs = [(m.start(), m.end()) for m in _CAPS_RUN.finditer(plain)]
    defined_at = {m.start(1): m.group(1) for m in _DEFINED_AFTER.finditer(plain)}
    for m in _ACRONYM.finditer(plain):
        acr = m.group(1)
        if acr in known or _ROMAN.match(acr) or any(a <= m.start() < b for a, b in in_runs):
            continue
        here = defined_at.get(m.start()) == acr or bool(_EXPANDED_AFTER.match(plain, m.end()))
        yield acr, m.start(), here


def check_acronyms(texts, publication: str, layout: Layout, session=None) -> list[Diagnostic]:
    """Acronyms not spelled out where a reader of the publication first meets them."""
    known = _known(layout)
    first: dict[str, tuple] = {}
    defined: dict[str, tuple] = {}
    for text in texts:
        for acr, offset, here in _acronym_uses(text, known, session):
            first.setdefault(acr, (text, offset, here))
            if here:
                defined.setdefault(acr, (text, offset))
    out = []
    for acr, (text, offset, here) in first.items():
        if here:
            continue
        later = defined.get(acr)
        hint = (f" (it is spelled out later, at {later[0].loc_at(later[1])}: move that here)"
                if later else "")
        out.append(warning(
            "a11y.acronym",
            f"'{acr}' is not spelled out where it is first used: write the words in full "
            f"followed by ({acr}); if it is not an abbreviation, write it in normal case{hint}",
            text.loc_at(offset), publication=publication))
    return out
