"""Turn the first 64 KB of a web page into what it says about the link: a parked or for-sale
domain, a 'page not found' answered with 200 (a soft 404), a bot-wall challenge, and the
ids a `#fragment` can point at.

Only signals a person would agree with are used: the page's title and first heading for
'not found', well-known parking hosts and for-sale wording for parked domains, and the
headers and titles the big bot walls send.
"""

from __future__ import annotations

import html
import re

BODY_LIMIT = 65536

# Hosts that only ever serve parked or for-sale domains (a redirect there means the
# partner's domain has lapsed), matched on the host and its parents.
PARKING_HOSTS = {
    "sedoparking.com", "sedo.com", "parkingcrew.net", "bodis.com", "dan.com", "afternic.com",
    "hugedomains.com", "above.com", "parklogic.com", "undeveloped.com", "buydomains.com",
    "domainmarket.com", "uniregistry.com", "perfectdomain.com", "parked.com", "domainnamesales.com",
    "efty.com", "squadhelp.com", "atom.com", "namecheapparking.com", "parkingpage.namecheap.com",
    "ww25.com", "smartname.com", "trafficparking.com", "domainparking.ru",
}
_PARKED = re.compile(
    r"this domain (?:name )?(?:is|may be) for sale|domain (?:name )?is for sale|buy this domain"
    r"|this domain (?:has been|is) parked|parked free|domain parking|is parked (?:free|courtesy)"
    r"|the domain [\w.\-]+ (?:is|may be) for sale|make an offer on this domain"
    r"|this (?:web ?site|domain) (?:is|has) expired|renew (?:this|your) domain", re.I)
_NOT_FOUND = re.compile(
    r"\b(?:page|file|document|content|resource)\s+(?:was\s+|is\s+|could\s+)?not\s+(?:be\s+)?found\b"
    r"|\b404\b|\bnot\s+found\b|page (?:cannot|can'?t|could not) be found"
    r"|(?:page|document) (?:no longer|does not|doesn'?t) exists?|sorry,? we can'?t find", re.I)
_CHALLENGE = re.compile(r"just a moment|attention required|checking your browser"
                        r"|verify you are (?:a )?human|ddos protection by", re.I)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title", re.I | re.S)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")
_ANCHOR = re.compile(r"""<[a-z][^>]*?\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def _visible(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def heading_text(body: str) -> str:
    """The page's title and first heading, as a reader sees them."""
    parts = [m.group(1) for m in (_TITLE.search(body), _H1.search(body)) if m]
    return " | ".join(_visible(p) for p in parts)


def parking_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    labels = host.split(".")
    return any(".".join(labels[i:]) in PARKING_HOSTS for i in range(len(labels) - 1))


def parked_page(body: str) -> str:
    """The for-sale or parking wording a page shows, or ''."""
    m = _PARKED.search(_visible(body[:BODY_LIMIT]))
    return m.group(0) if m else ""


def soft_404(body: str) -> str:
    """The title or heading that says 'not found', or ''."""
    heading = heading_text(body)
    return heading if heading and _NOT_FOUND.search(heading) else ""


def challenge(headers, body: str) -> bool:
    """True for a bot-wall challenge page (Cloudflare and the like)."""
    if headers.get("cf-mitigated", "").lower() == "challenge":
        return True
    return bool(_CHALLENGE.search(heading_text(body)))


def anchors(body: str) -> set[str]:
    """Every id and name a fragment can point at."""
    return {html.unescape(next(g for g in m.groups() if g is not None)) for m in _ANCHOR.finditer(body)}


def is_html(content_type: str) -> bool:
    return content_type.split(";", 1)[0].strip().lower() in ("text/html", "application/xhtml+xml", "")


def decode(body: bytes, content_type: str) -> str:
    """Text from bytes, trusting a declared charset and falling back to UTF-8 with
    replacement, so a bad encoding never stops the check."""
    m = re.search(r"charset=([\w\-]+)", content_type, re.I)
    try:
        return body.decode(m.group(1) if m else "utf-8", errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")
