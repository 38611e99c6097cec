"""Turn source text and URL fields into link references, and references into checked results.

`find_links` reads a `LocStr` of Markdown source and returns every link in it with its
exact file:line:col: Markdown links `[text](url)`, autolinks `<https://...>`, bare
`https://...` addresses, mailto links and bare e-mail addresses, and bare domains such as
`www.example.org.uk` written in running text. `link_ref` wraps a URL field (a layout's
website, a review's report url). `check_links` is the one entry point for the build: static
checks first (links_static), then the cache (links_cache), then the network (links_net),
then one diagnostic per problem occurrence (links_report).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from ..diagnostics import Diagnostic, Location


class Status(str, Enum):
    BROKEN = "broken"
    INVALID = "invalid"
    REDIRECTED = "redirected"
    BLOCKED = "blocked"
    RATE_LIMITED = "rate-limited"
    TIMEOUT = "timeout"
    PLACEHOLDER = "placeholder"
    BARE_DOMAIN = "bare-domain"
    WORKING = "working"
    IGNORED = "ignored"
    CACHED = "cached"
    OFFLINE = "offline"


@dataclass(frozen=True)
class LinkRef:
    """One occurrence of a link in a source: what it points at and where it is written."""

    uri: str
    text: str
    location: Location
    publication: str = ""
    kind: str = "markdown"  # markdown | autolink | bare-domain | email | field


@dataclass
class LinkResult:
    """The verdict on one occurrence. `http_status` is the last HTTP answer (None when no
    request was made); `notes` holds extra warning codes such as 'http'."""

    ref: LinkRef
    status: Status
    info: str = ""
    http_status: int | None = None
    final_uri: str = ""
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- normalisation

_DEFAULT_PORTS = {"http": 80, "https": 443}


@functools.lru_cache(maxsize=16384)
def normalise_url(uri: str) -> str:
    """The key two spellings of one target share: scheme and host lower-cased, the
    default port and the fragment dropped. Anything unparsable is returned stripped.
    (Remembered: grouping, the cache and redirect-loop detection ask for the same URLs.)"""
    uri = uri.strip()
    try:
        parts = urlsplit(uri)
        port = parts.port
    except ValueError:
        return uri
    scheme = parts.scheme.lower()
    if scheme == "mailto":
        return "mailto:" + parts.path.lower()
    if not parts.netloc:
        return urlunsplit((scheme, "", parts.path, parts.query, ""))
    host = (parts.hostname or "").lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = (userinfo + "@" if userinfo else "") + host
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        netloc += f":{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def group_refs(refs: list[LinkRef]) -> dict[str, list[LinkRef]]:
    """Occurrences grouped by normalised target, in first-seen order."""
    groups: dict[str, list[LinkRef]] = {}
    for ref in refs:
        groups.setdefault(normalise_url(ref.uri), []).append(ref)
    return groups


# ---------------------------------------------------------------- extraction

# A Markdown inline link: [text](target "title"). Text may hold one level of nested
# brackets and escapes; the target may hold balanced parentheses (Wikipedia-style).
_MD_LINK = re.compile(
    r"""(?<![\\])(!?)\[((?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)\]
        \(\s*(<[^<>\n]*>|(?:[^()\s\\]|\\.|\([^()\s]*\))*)
        (?:\s+(?:"[^"]*"|'[^']*'|\([^()]*\)))?\s*\)""",
    re.VERBOSE,
)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>")
_AUTOLINK_EMAIL = re.compile(r"<([A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]+@[A-Za-z0-9\-.]+)>")
_BARE_URL = re.compile(r"(?<![\w/@.\-])(?:https?|ftp)://[^\s<>\"'`]+", re.IGNORECASE)
_EMAIL = re.compile(
    r"(?<![\w.+\-/:@])[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}\b")
# Bare domains: anything starting www., or a lower-case name under a UK public-sector
# or common generic suffix. Narrow on purpose: 'e.g.', 'report.pdf' and 'ASP.NET' are
# running text, not addresses.
_BARE_DOMAIN = re.compile(
    r"(?<![\w@/.\-])(?:(?i:www\.[a-z0-9\-]+(?:\.[a-z0-9\-]+)+)"
    r"|[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*\.(?:(?:gov|org|co|nhs|ac|sch|police|ltd|me|net)\.uk|com|org|net))"
    r"(?![\w\-@])(?:/[^\s<>\"'`]*)?"
)
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
_TRAILING = ".,;:!?'\"*_"


def _mask(text: str, start: int, end: int) -> str:
    """Blank a span (keeping newlines, so offsets and lines stay put)."""
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


def _trim_trailing(url: str) -> str:
    """Drop sentence punctuation and an unbalanced closing bracket from a bare address."""
    while url:
        if url[-1] in _TRAILING:
            url = url[:-1]
        elif url[-1] == ")" and url.count(")") > url.count("("):
            url = url[:-1]
        else:
            break
    return url


def _plain(text: str) -> str:
    """Link text as a reader sees it: emphasis markers and escapes gone, spaces collapsed."""
    text = re.sub(r"\\(.)", r"\1", text)
    text = re.sub(r"(\*\*|__|\*|_(?=\w)|(?<=\w)_)", "", text)
    return " ".join(text.split())


def find_links(text: str, publication: str) -> list[LinkRef]:
    """Every link written in a Markdown source string, in document order, each located
    at its first character through `text.loc_at` (a plain str gets an empty location)."""
    def where(offset: int) -> Location:
        if hasattr(text, "loc_at"):
            return text.loc_at(offset)
        return Location("", 0, 0)

    found: list[tuple[int, LinkRef]] = []
    scan = str(text)
    for m in _CODE_SPAN.finditer(scan):  # links inside `code` are examples, not links
        scan = _mask(scan, m.start(), m.end())

    for m in _MD_LINK.finditer(scan):
        target = m.group(3)
        if target.startswith("<") and target.endswith(">"):
            target = target[1:-1]
        target = re.sub(r"\\(.)", r"\1", target)
        found.append((m.start(), LinkRef(target, _plain(m.group(2)), where(m.start()),
                                         publication, "markdown")))
    for m in list(_MD_LINK.finditer(scan)):
        scan = _mask(scan, m.start(), m.end())

    for pattern, is_address in ((_AUTOLINK, False), (_AUTOLINK_EMAIL, True)):
        for m in list(pattern.finditer(scan)):
            uri = "mailto:" + m.group(1) if is_address else m.group(1)
            kind = "email" if uri.lower().startswith("mailto:") else "autolink"
            found.append((m.start(), LinkRef(uri, m.group(1), where(m.start()), publication, kind)))
            scan = _mask(scan, m.start(), m.end())

    for m in list(_BARE_URL.finditer(scan)):
        uri = _trim_trailing(m.group(0))
        found.append((m.start(), LinkRef(uri, uri, where(m.start()), publication, "autolink")))
        scan = _mask(scan, m.start(), m.start() + len(uri))

    for m in list(_EMAIL.finditer(scan)):
        found.append((m.start(), LinkRef("mailto:" + m.group(0), m.group(0), where(m.start()),
                                         publication, "email")))
        scan = _mask(scan, m.start(), m.end())

    for m in _BARE_DOMAIN.finditer(scan):
        uri = _trim_trailing(m.group(0))
        found.append((m.start(), LinkRef(uri, uri, where(m.start()), publication, "bare-domain")))

    found.sort(key=lambda pair: pair[0])
    return [ref for _, ref in found]


def link_ref(uri: str, publication: str, text: str = "", location: Location | None = None) -> LinkRef:
    """A reference for a URL field (a layout's website, a review's report url), located
    where the field's value is written, or at `location` for a value built from it
    (`mailto:` + a contact address)."""
    loc = location or getattr(uri, "loc", None) or Location("", 0, 0)
    return LinkRef(str(uri).strip(), text, loc, publication, "field")


# ---------------------------------------------------------------- the build's entry point

def check_links(refs: list[LinkRef], root: Path, *, offline: bool, settings: dict | None = None,
                placeholders_are_errors: bool = False, verbose: bool = False,
                transport=None) -> tuple[list[LinkResult], list[Diagnostic]]:
    """Check every reference: (one result per occurrence, diagnostics).

    Each distinct target is checked once. `offline` opens no sockets at all. Diagnostics
    cover warnings and errors per occurrence, plus a one-line note when the run went
    offline by itself; `verbose` adds an info line for every working, cached or ignored
    link too. `transport` is an httpx transport for tests."""
    # Imported here so that the extraction half stays cheap to import.
    from .links_report import diagnose_results
    from .links_run import run_checks

    results, notes = run_checks(refs, Path(root), offline=offline, settings=settings or {},
                                transport=transport)
    return results, notes + diagnose_results(results, placeholders_are_errors, verbose)
