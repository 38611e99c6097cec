"""Turn source text into safeguarding content diagnostics: details that could identify a child, missing owners.

Published learning must never identify a child or family. These rules look for what
slips through pseudonymisation: postcodes, phone numbers, dates of birth, NHS numbers,
street addresses, named people's e-mail addresses and real names beside a pseudonym
(the last four found by `identifiers.py`). Every one is an error, so the publication is
not written until it is removed or the partnership records a decision in bulletin.yaml.
The partnership's own contact details (from the layout) are allowed.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from ..diagnostics import Diagnostic, Location, error, warning
from ..model import Layout
from .identifiers import (PSEUDONYM, find_addresses, find_names_beside_pseudonyms,
                          find_nhs_numbers, find_personal_emails)
from .names import is_given_name
from .plaintext import find_links, to_plain

_POSTCODE = re.compile(
    r"(?<![\w/.-])(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-HJKMNPR-Y\d]? ?\d[ABD-HJLNP-UW-Z]{2})(?![\w/-])")
# A candidate phone number: +44 or 0, then digits with spaces, dashes or brackets.
_PHONE = re.compile(r"(?<![\w.%/+-])(?:\+44[\s-]?(?:\(0\)[\s-]?)?|\(?0)\d[\d\s()-]{7,16}\d(?![\d\w])")
_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_FULL_DATE = (rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}\.?,?\s+\d{{4}}|{_MONTHS}\s+\d{{1,2}}"
              rf"(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}})")
_DOB = re.compile(rf"\bD\.?O\.?B\b\.?|\bdate\s+of\s+birth\b|\bborn\s+(?:on\s+)?(?:the\s+)?{_FULL_DATE}",
                  re.I)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
_URL_IN_TEXT = re.compile(r"(?:https?://|www\.)\S+", re.I)
_PSEUDONYM = re.compile(PSEUDONYM)
_NAME_PAIR = re.compile(r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+([A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]['’][A-Z][a-z]+)\b")
_NEAR = 200  # characters either side of a pseudonym searched for a real name
# Given names that are also times of year ("In June Child F...", "Summer Term") start
# no name pair: a first name beside a pseudonym is still found by identifiers.py.
_TIME_WORD = re.compile(rf"(?:{_MONTHS}|spring|summer|autumn|winter)", re.I)


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def _own_domains(layout: Layout) -> set[str]:
    """The domains of the layout's own e-mail address and website, lower case."""
    domains = set()
    email = layout.contact.email
    if email and "@" in str(email):
        domains.add(str(email).rsplit("@", 1)[1].lower())
    if layout.website:
        website = str(layout.website)
        host = urlparse(website if "//" in website else f"https://{website}").hostname or ""
        domains.add(host.lower().removeprefix("www."))
    return {d for d in domains if d}


def _own_numbers(layout: Layout) -> set[str]:
    """The layout's own telephone number, as national digits (no 44, no leading 0)."""
    phone = layout.contact.phone
    return {_digits(str(phone)).removeprefix("44").lstrip("0")} if phone else set()


def _own_text(layout: Layout) -> str:
    """The layout's contact block as one string (a postcode in it is the office's own)."""
    return " ".join(str(value) for _, value in layout.contact.written())


def _mask_urls(plain: str) -> str:
    return _URL_IN_TEXT.sub(lambda m: " " * len(m.group(0)), plain)


def _own_addresses(layout: Layout) -> set[str]:
    """The layout's own published e-mail address, lower case."""
    email = layout.contact.email
    return {str(email).strip().lower()} if email else set()


def _mailto_targets(text: str, links) -> list[tuple[int, str]]:
    """(offset of the address as written, address) for each mailto: link."""
    found = []
    for link in links:
        if link.href.lower().startswith("mailto:"):
            address = link.href[len("mailto:"):]
            at = text.find(address, link.start, link.end + 1)
            found.append((at if at >= 0 else link.start, address))
    return found


def check_content(text, publication: str, layout: Layout, session=None) -> list[Diagnostic]:
    """Postcodes, phone numbers, dates of birth, NHS numbers, street addresses, e-mail
    addresses and real names, each reported where it starts."""
    out: list[Diagnostic] = []
    links = find_links(text, session)
    plain, _ = to_plain(text, links)
    scan = _mask_urls(plain)
    own_text = _own_text(layout)

    def add(make, code, message, offset):
        out.append(make(code, message, text.loc_at(offset), publication=publication))

    for m in _POSTCODE.finditer(scan):
        if m.group(0) not in own_text:
            add(error, "content.postcode",
                f"'{m.group(0)}' looks like a postcode: remove it, it could identify a family",
                m.start())
    nhs = list(find_nhs_numbers(scan))
    nhs_at = {offset for offset, _, _ in nhs}
    own_numbers = _own_numbers(layout)
    for m in _PHONE.finditer(scan):
        d = _digits(m.group(0))
        national = (d[2:] if d.startswith("44") else d).lstrip("0")
        if not (9 <= len(national) <= 10) or national in own_numbers or m.start() in nhs_at:
            continue
        add(error, "content.phone",
            f"'{m.group(0).strip()}' looks like a phone number: remove it unless it is the "
            "partnership's own (then add it to the layout's contact details)", m.start())
    for m in _DOB.finditer(scan):
        add(error, "content.date-of-birth",
            f"'{m.group(0)}' gives a date of birth: remove it, use an age or a year at most",
            m.start())
    mailto = _mailto_targets(text, links)
    personal = list(find_personal_emails(plain, mailto, _own_addresses(layout)))
    personal_at = {offset for offset, _, _ in personal}
    own = _own_domains(layout)
    found = [(m.start(), m.group(0)) for m in _EMAIL.finditer(plain)] + mailto
    for offset, address in found:
        domain = address.rsplit("@", 1)[-1].lower()
        if offset in personal_at:
            continue
        if own and not any(domain == d or domain.endswith("." + d) for d in own):
            add(warning, "content.email",
                f"e-mail address '{address}' is not the partnership's own ({', '.join(sorted(own))}): "
                "keep a team's address only if it is meant to be public",
                offset)
    beside = list(find_names_beside_pseudonyms(scan))
    for offset, what, message in [*nhs, *find_addresses(scan), *personal, *beside]:
        add(error, f"content.identifier.{what}", message, offset)
    out.extend(_check_names(text, scan, publication, {offset for offset, _, _ in beside}))
    return sorted(out, key=lambda d: (d.location.line, d.location.col))


def _check_names(text, scan: str, publication: str, reported: set[int]) -> list[Diagnostic]:
    """Given-name + surname pairs within a few lines of a pseudonym such as 'Child F',
    named with the nearest pseudonym (a name already reported beside one is not repeated)."""
    pseudonyms = list(_PSEUDONYM.finditer(scan))
    out = []
    for m in _NAME_PAIR.finditer(scan) if pseudonyms else ():
        if (m.start() in reported or not is_given_name(m.group(1))
                or _TIME_WORD.fullmatch(m.group(1)) or _PSEUDONYM.match(scan, m.start(2))):
            continue
        def distance(p, m=m):
            return max(p.start() - m.end(), m.start() - p.end(), 0)
        p = min(pseudonyms, key=distance)
        if distance(p) <= _NEAR:
            out.append(error(
                "content.real-name",
                f"'{m.group(0)}' looks like a person's name near '{p.group(0)}': use the "
                "pseudonym or a role (Mother, the social worker) instead",
                text.loc_at(m.start()), publication=publication))
    return out


def check_recommendations(items, publication: str, hidden=()) -> list[Diagnostic]:
    """Each recommendation needs an owner (who will do it) and a due date (by when), unless
    the publication does not print that part (`labels: {due: hide}`)."""
    out = []
    for n, item in enumerate(items or [], 1):
        where = getattr(item, "loc", None) or Location("(recommendations)")
        get = item.get if isinstance(item, dict) else (lambda k, _i=item: getattr(_i, k, None))
        for field, what in (("owner", "who is responsible"), ("due", "when it is due")):
            if field not in hidden and not get(field):
                out.append(warning(
                    f"content.recommendation-{field}",
                    f"recommendation {n} has no '{field}': add {field}: saying {what}",
                    where, publication=publication))
    return out


def check_practice_content(has_practice: bool, publication: str, location: Location) -> list[Diagnostic]:
    """A learning publication must say what the learning means for practice."""
    if has_practice:
        return []
    return [warning("content.no-practice",
                    "publication has no 'what this means for practice' content: add practice "
                    "points (learning: practice, key_learning or a practice section)",
                    location, publication=publication)]
