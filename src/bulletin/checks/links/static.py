"""Turn a link target into a verdict without the network: placeholder, invalid, bare domain,
mail address syntax, or 'needs a request'.

Mail servers are never contacted: a mailto link is judged on its syntax alone, because
probing SMTP is slow, unreliable and looks like spam to the receiving partner.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from .records import Status

# What people type when the real address is not known yet.
PLACEHOLDERS = {"", "#", "tbc", "tba", "todo", "url", "link", "http://", "https://", "about:blank",
                "http://#", "https://#"}
NETWORK_SCHEMES = {"http", "https"}
_LABEL = re.compile(r"^(?!-)[a-z0-9\-]{1,63}(?<!-)$", re.IGNORECASE)
_LOCAL_PART = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-]+)*$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-.]{4,}$")


@dataclass
class StaticVerdict:
    """`status` None means the target needs an HTTP request to judge."""

    status: Status | None
    info: str = ""
    notes: list[str] = field(default_factory=list)


_SPACE = re.compile(r"\s")


@functools.lru_cache(maxsize=4096)  # a publication links to few hosts, many times each
def valid_hostname(host: str) -> bool:
    """True for a DNS name with at least one dot (or localhost) or an IP literal."""
    if not host:
        return False
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        pass
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    labels = host.rstrip(".").split(".")
    if len(labels) < 2 and host != "localhost":
        return False
    return all(_LABEL.match(label) for label in labels)


def check_mail_address(address: str) -> str:
    """'' when an address is well formed, else what is wrong with it."""
    if address.count("@") != 1:
        return "an e-mail address needs exactly one '@'"
    local, domain = address.split("@")
    if not local or len(local) > 64 or not _LOCAL_PART.match(local):
        return f"'{local}' is not a valid name before the '@'"
    if "." not in domain or not valid_hostname(domain) or domain.replace(".", "").isdigit():
        return f"'{domain}' is not a valid mail domain"
    return ""


def _check_mailto(uri: str) -> StaticVerdict:
    addresses = unquote(uri.split(":", 1)[1].split("?", 1)[0])
    if not addresses.strip():
        return StaticVerdict(Status.INVALID, "the mailto link has no address")
    for address in addresses.split(","):
        problem = check_mail_address(address.strip())
        if problem:
            return StaticVerdict(Status.INVALID, problem)
    return StaticVerdict(Status.WORKING, "address is well formed (mail servers are never contacted)")


def check_static(uri: str, kind: str = "markdown") -> StaticVerdict:
    """The verdict on a target that needs no request, or status None for http(s)."""
    target = uri.strip()
    if target.lower() in PLACEHOLDERS:
        return StaticVerdict(Status.PLACEHOLDER, f"placeholder '{target}'")
    if re.match(r"(?i)^www\.", target):
        return StaticVerdict(Status.BARE_DOMAIN, f"https://{target}")
    if target.startswith("#"):
        return StaticVerdict(Status.IGNORED, "a link within the page is not checked")
    written_scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.\-]*):", target)
    scheme = written_scheme.group(1).lower() if written_scheme else ""
    if scheme == "mailto":
        return _check_mailto(target)
    if scheme == "tel":
        number = unquote(target.split(":", 1)[1])
        if _PHONE.match(number):
            return StaticVerdict(Status.WORKING, "telephone number is well formed")
        return StaticVerdict(Status.INVALID, f"'{number}' is not a telephone number")
    if _SPACE.search(target):
        return StaticVerdict(Status.INVALID, "an address cannot contain spaces (write them as %20)")
    try:
        parts = urlsplit(target)
        parts.port  # raises ValueError on a bad port
    except ValueError as exc:
        return StaticVerdict(Status.INVALID, f"cannot be read as an address ({exc})")
    if not scheme:
        return StaticVerdict(Status.INVALID, "no scheme: a link in an e-mailed document needs a "
                             "full address starting https://")
    if scheme not in NETWORK_SCHEMES:
        return StaticVerdict(Status.INVALID, f"unsupported scheme '{scheme}:' (use https://, "
                             "mailto: or tel:)")
    if not valid_hostname(parts.hostname or ""):
        host = parts.hostname or ""
        return StaticVerdict(Status.INVALID, f"'{host}' is not a valid host name" if host
                             else "the address has no host name")
    notes = ["http"] if scheme == "http" else []
    return StaticVerdict(None, notes=notes)
