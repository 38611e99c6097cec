"""Verdicts that need no network: placeholders, invalid addresses, mail syntax, bare domains."""

from __future__ import annotations

import socket

import pytest

from bulletin.checks.links import LinkRef, Status, check_links
from bulletin.checks.links.static import check_mail_address, check_static
from bulletin.diagnostics import Location


@pytest.mark.parametrize("uri, status, info", [
    ("#", Status.PLACEHOLDER, "placeholder '#'"),
    ("", Status.PLACEHOLDER, "placeholder ''"),
    ("TBC", Status.PLACEHOLDER, "placeholder 'TBC'"),
    ("https://", Status.PLACEHOLDER, "placeholder 'https://'"),
    ("www.escb.co.uk", Status.BARE_DOMAIN, "https://www.escb.co.uk"),
    ("#section-2", Status.IGNORED, "a link within the page is not checked"),
    ("htp://example.org", Status.INVALID, "unsupported scheme 'htp:'"),
    ("javascript:alert(1)", Status.INVALID, "unsupported scheme 'javascript:'"),
    ("file:///C:/Users/report.pdf", Status.INVALID, "unsupported scheme 'file:'"),
    ("reports/child-f.pdf", Status.INVALID, "no scheme"),
    ("https://exa mple.org", Status.INVALID, "cannot contain spaces"),
    ("https://example.org:99999/", Status.INVALID, "cannot be read as an address"),
    ("https://localhost_/x", Status.INVALID, "'localhost_' is not a valid host name"),
    ("https:///path", Status.INVALID, "no host name"),
    ("https://intranet/x", Status.INVALID, "'intranet' is not a valid host name"),
    ("mailto:escb@essex.gov.uk", Status.WORKING, "mail servers are never contacted"),
    ("mailto:a@example.org,b@example.org?subject=Hi", Status.WORKING, "well formed"),
    ("mailto:escb.essex.gov.uk", Status.INVALID, "exactly one '@'"),
    ("mailto:", Status.INVALID, "has no address"),
    ("mailto:someone@localhost", Status.INVALID, "not a valid mail domain"),
    ("tel:+44 1245 430000", Status.WORKING, "well formed"),
    ("tel:call-us", Status.INVALID, "not a telephone number"),
])
def test_targets_judged_without_the_network(uri, status, info):
    verdict = check_static(uri)
    assert verdict.status is status
    assert info in verdict.info


def test_http_and_https_need_a_request_and_plain_http_is_noted():
    assert check_static("https://example.org/").status is None
    assert check_static("https://example.org/").notes == []
    assert check_static("http://example.org/").notes == ["http"]


def test_a_link_target_typed_without_https_is_a_bare_domain():
    assert check_static("www.example.gov.uk/page").status is Status.BARE_DOMAIN
    assert check_static("www.example.gov.uk/page").info == "https://www.example.gov.uk/page"


@pytest.mark.parametrize("address, problem", [
    ("first.last@partner.gov.uk", ""),
    ("first..last@partner.gov.uk", "is not a valid name before the '@'"),
    ("@partner.gov.uk", "is not a valid name before the '@'"),
    ("someone@-partner.gov.uk", "is not a valid mail domain"),
    ("someone@192.168.1.1", "is not a valid mail domain"),
])
def test_mail_addresses_are_checked_by_syntax(address, problem):
    found = check_mail_address(address)
    assert (problem in found) if problem else found == ""


def test_static_problems_are_found_without_opening_a_socket(tmp_path, monkeypatch):
    def no_sockets(*args, **kwargs):
        raise AssertionError("a static check opened a socket")
    monkeypatch.setattr(socket, "socket", no_sockets)
    monkeypatch.setattr(socket, "getaddrinfo", no_sockets)
    refs = [LinkRef("#", "WSSCP Neglect Training", Location("s.yaml", 4, 8), "pub"),
            LinkRef("mailto:escb@essex.gov.uk", "", Location("s.yaml", 5, 1), "pub", "email"),
            LinkRef("htp://x.org", "x", Location("s.yaml", 6, 1), "pub")]
    results, diagnostics = check_links(refs, tmp_path, offline=False, settings={})
    assert [r.status for r in results] == [Status.PLACEHOLDER, Status.WORKING, Status.INVALID]
    assert [str(d) for d in diagnostics] == [
        "s.yaml:4:8: warning: link target is a placeholder '#': fill in the real address for "
        "'WSSCP Neglect Training' or remove the link [links.placeholder]",
        "s.yaml:6:1: error: link target 'htp://x.org' is not a usable address (unsupported "
        "scheme 'htp:' (use https://, mailto: or tel:)): correct it or remove the link [links.invalid]",
    ]
