"""Turn plain source text into findings of identifiers: NHS numbers, street addresses, named people's e-mail addresses and first names beside a pseudonym.

Each finder takes the same-length plain text `plaintext.to_plain` makes (web addresses
blanked out) and yields `(offset, what, message)`, where `offset` is where the
identifier starts, so the caller reports it at the file:line:col the user typed.
`content.py` turns them into errors `content.identifier.<what>`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .names import is_given_name

Finding = tuple[int, str, str]

# An NHS number: 10 digits written 3-3-4 with spaces or dashes, or run together.
_NHS = re.compile(r"(?<![\w.,/+-])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\w/-]|[.,]\d)")


def nhs_check_digit_ok(digits: str) -> bool:
    """The NHS modulus-11 check: weights 10 down to 2 on the first nine digits; 11 minus
    the remainder is the tenth digit (11 counts as 0; 10 means no valid number)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def find_nhs_numbers(plain: str) -> Iterator[Finding]:
    for m in _NHS.finditer(plain):
        digits = m.group(1) + m.group(3) + m.group(4)
        if nhs_check_digit_ok(digits):
            yield (m.start(), "nhs-number",
                   f"'{m.group(0)}' is an NHS number (its check digit is valid): remove it, "
                   "it identifies a person")


# Street types, as Royal Mail lists the common ones. The first group is never a count of
# something ("3 Family Court hearings"), the second may be, so it needs the address to
# end there: at punctuation, the end of the text, or a word such as "in" or "with".
_STREETS = ("Street|St|Road|Rd|Avenue|Ave|Close|Lane|Ln|Drive|Dr|Crescent|Cres|Terrace|"
            "Grove|Mews|Boulevard|Parade|Rise|Vale|Wharf|Chase|Croft|Meadows|Gardens|Gdns")
_AMBIGUOUS = "Court|Ct|Place|Pl|Way|Walk|Park|Green|Hill|View|Square|Row|Gate|Mount|Yard|Circus"
_AFTER_ADDRESS = (r"(?=\s*(?:$|[,.;:)\]]|\n|\b(?:in|on|at|with|and|near|where|which|was|were|"
                  r"is|for|to|from|when|until|after|before|by|had|has|have|they|she|he)\b))")
_NAME_WORD = r"[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?"
_ADDRESS = re.compile(
    r"(?:\b(?:Flat|Apartment|Apt\.?|Unit|Room)\s+\d{1,4}[A-Za-z]?,?\s+)?"
    r"(?<![\w£$€.,/-])\d{1,4}[A-Za-z]?,?\s+"
    rf"(?:{_NAME_WORD}\s+){{1,3}}"
    rf"(?:(?:{_STREETS})\b|(?:{_AMBIGUOUS})\b{_AFTER_ADDRESS})")


def find_addresses(plain: str) -> Iterator[Finding]:
    for m in _ADDRESS.finditer(plain):
        shown = " ".join(m.group(0).split())
        yield (m.start(), "address",
               f"'{shown}' looks like a street address: remove it; say \"the family home\" "
               "or name the town only if the review does")


_EMAIL = re.compile(r"(?<![\w.+-])([\w.+-]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")


def is_personal_address(address: str) -> bool:
    """True for a named person's address: a given name before the @ (sarah@,
    sarah.jones@, sarah82@) or an initial and a surname (j.smith@). Role addresses
    (safeguarding@, info@, lscb@, duty.team@) name no one."""
    local = address.rsplit("@", 1)[0].lower()
    parts = [p for p in re.split(r"[._+-]+", local) if p]
    if not parts:
        return False
    first = re.sub(r"\d+$", "", parts[0])
    if first and is_given_name(first.capitalize()):
        return True
    return (len(parts) >= 2 and len(parts[0]) == 1 and parts[0].isalpha()
            and parts[1].isalpha() and len(parts[1]) > 2)


def find_personal_emails(plain: str, mailto: list[tuple[int, str]], allowed: set[str]) -> Iterator[Finding]:
    """Named people's addresses in the text and in mailto: links; `allowed` holds the
    partnership's own published addresses (lower case)."""
    found = [(m.start(), m.group(0)) for m in _EMAIL.finditer(plain)] + mailto
    for offset, address in sorted(found):
        address = address.split("?", 1)[0]
        if address.lower() not in allowed and is_personal_address(address):
            yield (offset, "email",
                   f"'{address}' is a named person's e-mail address: remove it, or give a "
                   "team's address (safeguarding@..., the board's own)")


# How sources name children and families: Child F, Family 'E', Baby X, Sibling 2.
PSEUDONYM = (r"\b(?:Child|Family|Baby|Infant|Sibling|Young\s+Person|Adult|Mother|Father|Parent)"
             r"\s+['‘\"“]?[A-Z0-9]{1,2}['’\"”]?(?![\w])")
_NAME = r"(?P<name>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
_SURNAME = r"(?:\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?)?"
_CALLED = (r"(?:(?:also\s+|who\s+(?:is|was)\s+|(?:is|was)\s+)?(?:known|referred\s+to)"
           r"(?:\s+(?:here|in\s+this\s+(?:review|report|briefing)))?\s+as|called|named)")
_RELATIVE = (r"(?:step-?|half-|great-|grand)?(?:mother|father|mum|dad|brother|sister|sibling|"
             r"parent|parents|grandparent|aunt|uncle|cousin|partner|boyfriend|girlfriend|"
             r"carer|son|daughter|baby|child|friend)")
_NOT_A_DATE = r"(?![\w-]|\s+\d)"
# "Child F, known as Jayden" · "Child F (known as Jayden)" · "Child F (Jayden)" ·
# "Jayden, referred to as Child F" · "Jayden (Child F)" · "Family E's mother, Sarah".
_BESIDE = [
    re.compile(rf"(?P<p>{PSEUDONYM})\s*[,(]?\s*{_CALLED}\s+['‘\"“]?{_NAME}{_NOT_A_DATE}"),
    re.compile(rf"(?P<p>{PSEUDONYM})\s*\(\s*['‘\"“]?{_NAME}{_SURNAME}['’\"”]?\s*\)"),
    re.compile(rf"\b{_NAME}{_SURNAME}\s*(?:,\s*|\s+){_CALLED}\s+(?:as\s+)?(?P<p>{PSEUDONYM})"),
    re.compile(rf"\b{_NAME}{_SURNAME}\s*\(\s*(?P<p>{PSEUDONYM})\s*\)"),
    re.compile(rf"(?P<p>{PSEUDONYM})['’]s\s+{_RELATIVE},?\s+{_NAME}{_NOT_A_DATE}"),
]


def find_names_beside_pseudonyms(plain: str) -> Iterator[Finding]:
    seen: set[int] = set()
    for pattern in _BESIDE:
        for m in pattern.finditer(plain):
            name, at = m.group("name"), m.start("name")
            if at in seen or not is_given_name(name):
                continue
            seen.add(at)
            pseudonym = " ".join(m.group("p").split())
            yield (at, "name",
                   f"'{name}' looks like a real first name given beside the pseudonym "
                   f"'{pseudonym}': remove it and use the pseudonym only")
