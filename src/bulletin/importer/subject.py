"""Turn a briefing's title (or, failing that, its other opening lines) into the review's pseudonym and review type.

Titles come in many forms: "Child Safeguarding Practice Review: Child M", "Local Child
Safeguarding Practice Review – Child M", "Rapid Review: Family Z", "SCR Child F",
"Learning from the case of Child F", "Serious Case Review 'Family E'", "Serious Case
Review W". A pseudonym is a word such as Child, Children, Baby, Family or Young Person
followed by a code of capitals ("M", "AB", "Q1", "A and B"), possibly quoted; a code on
its own right after the review's type; or a quoted first name ("Jacob"). Anything found
outside the title, or only as a first name, is a guess the importer lists for a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import schema

_WORD = r"(?i:child(?:ren)?|bab(?:y|ies)|infant|family|young\s+(?:person|people)|sibling(?:s|\s+group)?|adult)"
_CODE = r"[A-Z]{1,3}\d{0,2}(?![A-Za-z0-9])"
_QUOTED_CODE = rf"(?:['‘]{_CODE}['’]|\"{_CODE}\"|“{_CODE}”|{_CODE})"
_CODES = rf"{_QUOTED_CODE}(?:\s*(?:,|and|&)\s*{_QUOTED_CODE})*"
LETTER = re.compile(rf"(?<![A-Za-z])(?P<word>{_WORD})\s+(?P<code>{_CODES})")
# the whole pseudonym in quotes: Serious Case Review 'Family E'
QUOTED_WHOLE = re.compile(rf"['‘\"“](?P<inner>{_WORD}\s+{_CODES})['’\"”]")
# review types as titles word them, longest first so "Local Child..." is one match
TYPES = {
    "local child safeguarding practice review": "child-safeguarding-practice-review",
    "child safeguarding practice review": "child-safeguarding-practice-review",
    "safeguarding practice review": "child-safeguarding-practice-review",
    "lcspr": "child-safeguarding-practice-review",
    "cspr": "child-safeguarding-practice-review",
    "serious case review": "serious-case-review",
    "scr": "serious-case-review",
    "partnership learning review": "partnership-learning-review",
    "rapid review": "rapid-review",
    "learning review": "learning-review",
}
_TYPE = "|".join(re.escape(t) for t in sorted(TYPES, key=len, reverse=True))
# a bare code right after the type: "Serious Case Review W", "SCR W: learning handout"
AFTER_TYPE = re.compile(rf"(?i:\b(?:{_TYPE})\b)(?:\s+(?i:in\s+respect\s+of|of|into|for))?\s*[:–—\-|]?\s*"
                        rf"(?P<code>{_CODE})(?=\s*(?:$|[:–—\-|,(]))")
QUOTED_NAME = re.compile(r"(?:^|[\s(:–—-])['‘\"“](?P<name>[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)['’\"”]")
NAMED = re.compile(r"(?<![A-Za-z])(?P<word>Baby|Child|Family)\s+(?P<name>[A-Z][a-z]{2,})\b")
# capitalised words after Child/Family/Baby in titles that are not names
NOT_NAMES = {"safeguarding", "protection", "practice", "death", "review", "reviews", "learning", "sexual",
             "criminal", "exploitation", "abuse", "neglect", "services", "care", "health", "in", "and",
             "court", "support", "help", "hub", "network", "partnership", "partnerships", "board",
             "panel", "case", "cases", "deaths", "mental", "social", "early", "friendly", "centred"}


@dataclass
class Found:
    """A pseudonym, and why a person should check it (None: it was read from the title)."""

    subject: str
    doubt: str | None = None


def pseudonym(text: str) -> Found | None:
    """The pseudonym one line of text names, if any."""
    text = re.sub(r"\s+", " ", text.replace("*", "")).strip()
    whole = QUOTED_WHOLE.search(text)
    if whole:
        return Found(_tidy(LETTER.match(whole.group("inner"))))
    letter = LETTER.search(text)
    if letter:
        return Found(_tidy(letter))
    after = AFTER_TYPE.search(text)
    if after:
        return Found(after.group("code"))
    quoted = QUOTED_NAME.search(text)
    if quoted:
        return Found(quoted.group("name"), "a first name in quotes was taken as the pseudonym")
    for named in NAMED.finditer(text):
        if named.group("name").casefold() not in NOT_NAMES:
            return Found(f"{named.group('word')} {named.group('name')}",
                         "a first name was taken as the pseudonym")
    return None


def _tidy(match: re.Match) -> str:
    """Child, Children, Family... in title case however the title shouted it."""
    word = " ".join(w.capitalize() for w in match.group("word").split())
    return f"{word} {match.group('code')}"


def find_subject(title: str, elsewhere: list[tuple[str, str]]) -> Found | None:
    """The pseudonym from the title, else from the first of `elsewhere` ((where, text)) that names one."""
    found = pseudonym(title)
    if found:
        return found
    for where, text in elsewhere:
        found = pseudonym(text)
        if found:
            doubt = found.doubt or "the title names no pseudonym"
            return Found(found.subject, f"{doubt}; it was read from {where}")
    return None


def review_type(texts: list[str]) -> str | None:
    """The review type the first of `texts` to name one names (None: no text does)."""
    for text in texts:
        found = re.search(rf"\b(?:{_TYPE})\b", text, re.I)
        if found:
            return TYPES[found.group(0).casefold()]
        for key, label in schema.REVIEW_TYPES.items():
            if label.casefold() in text.casefold():
                return key
    return None
