"""The link checker's vocabulary: statuses, one occurrence of a link (`LinkRef`), its verdict
(`LinkResult`), and the normalised address that groups spellings of one target."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from enum import Enum
from urllib.parse import urlsplit, urlunsplit

from ...diagnostics import Location


class Status(str, Enum):
    BROKEN = "broken"
    INVALID = "invalid"
    REDIRECTED = "redirected"
    BLOCKED = "blocked"
    RATE_LIMITED = "rate-limited"
    TIMEOUT = "timeout"
    PARKED = "parked"              # a lapsed domain showing a for-sale or parking page
    PLACEHOLDER = "placeholder"
    BARE_DOMAIN = "bare-domain"
    SOFT_404 = "soft-404"          # answers 200 but the page says it was not found
    MISSING_FRAGMENT = "missing-fragment"
    PRIVATE = "private"            # on a private network: readers elsewhere cannot open it
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
    # How it is written: inline [t](u), reference [t][1], autolink <u>, bare (an address
    # in running text, linked by linkify), code-span-mentioned (inside `...`), field (a
    # URL field of a review or layout).
    kind: str = "inline"
    bare: bool = False   # written as an address in running text: its link text is the address
    written: str = ""    # the target as typed, when the published href differs (%20 for a space)


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
    host = _ascii_host(parts.hostname or "")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = (userinfo + "@" if userinfo else "") + host
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        netloc += f":{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def _ascii_host(host: str) -> str:
    """The host in its punycode spelling, so 'bücher.de' and 'xn--bcher-kva.de' are one."""
    host = host.lower()
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def group_refs(refs: list[LinkRef]) -> dict[str, list[LinkRef]]:
    """Occurrences grouped by normalised target, in first-seen order."""
    groups: dict[str, list[LinkRef]] = {}
    for _ in new_targets(refs, groups):
        pass
    return groups


def new_targets(refs, groups: dict[str, list[LinkRef]]):
    """Add each reference to `groups` under its normalised target, yielding a target's key
    the first time it is seen (so a caller can start on it before the rest are grouped)."""
    for ref in refs:
        key = normalise_url(ref.uri)
        if key in groups:
            groups[key].append(ref)
        else:
            groups[key] = [ref]
            yield key
