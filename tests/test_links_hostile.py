"""The link checker on servers that behave like the real web: hostile redirects, private
networks, pages that lie about their status, bot walls, cookie walls and long rate limits.
Every server is on 127.0.0.x; loopback is allowed through `links: allow_private`."""

from __future__ import annotations

import json
import os
import stat
import time

import pytest
from werkzeug import Request, Response

from bulletin.checks.links import Status, check_links
from bulletin.checks.links.cache import describe_age
from bulletin.checks.links.network import FixedNetwork
from bulletin.checks.links.report import summarise_links, write_links_report
from links_servers import FAST, RequestLog, local_server, refs_for, requests_to

NOT_FOUND_PAGE = "<html><head><title>Page not found | Partner</title></head><body>Sorry</body></html>"
FOR_SALE_PAGE = "<html><head><title>oldboard.org.uk</title></head><body><h2>This domain is for sale!</h2></body></html>"
CHALLENGE_PAGE = "<html><head><title>Just a moment...</title></head><body>Checking</body></html>"
PAGE = "<html><head><title>Procedures</title></head><body><h2 id='escalation'>Escalation</h2></body></html>"


def html(body: str, status: int = 200, headers=None):
    return lambda request: Response(body, status=status, headers=headers or {},
                                    content_type="text/html; charset=utf-8")


@pytest.fixture(scope="module")
def site():
    with local_server("127.0.0.1") as server:
        def redirect(path, location, code=302):
            server.expect_request(path).respond_with_data("", code, {"Location": location})
        redirect("/to-js", "javascript:alert(1)")
        redirect("/to-mailto", "mailto:someone@example.org")
        redirect("/to-tel", "tel:+441234567890")
        redirect("/to-data", "data:text/html,hello")
        redirect("/to-file", "file:///etc/passwd", 301)
        redirect("/to-metadata", "http://169.254.169.254/latest/meta-data/")
        redirect("/to-parking", "https://www.sedoparking.com/oldboard.org.uk", 301)
        server.expect_request("/bad-port").respond_with_response(
            AsWritten("", 302, {"Location": "http://127.0.0.1:99999/x"}))
        server.expect_request("/bad-gzip").respond_with_data(
            b"not gzip at all", 200, {"Content-Encoding": "gzip"}, content_type="text/html")
        server.expect_request("/missing").respond_with_data("no", 404)
        server.expect_request("/head-lies", method="HEAD").respond_with_data("", 200)
        server.expect_request("/head-lies", method="GET").respond_with_data("gone", 404)
        server.expect_request("/soft-404").respond_with_handler(html(NOT_FOUND_PAGE))
        server.expect_request("/for-sale").respond_with_handler(html(FOR_SALE_PAGE))
        server.expect_request("/page").respond_with_handler(html(PAGE))
        server.expect_request("/challenge").respond_with_handler(
            html(CHALLENGE_PAGE, 503, {"cf-mitigated": "challenge"}))
        server.expect_request("/cookie-wall").respond_with_handler(cookie_wall)
        server.expect_request("/consent").respond_with_data(
            "", 302, {"Location": "/cookie-wall", "Set-Cookie": "consent=yes; Path=/"})
        server.expect_request("/slow-body").respond_with_handler(slow_body)
        yield server


class AsWritten(Response):
    """A response whose headers go out as written (werkzeug would refuse a bad port)."""

    def get_wsgi_headers(self, environ):
        return self.headers


def cookie_wall(request: Request) -> Response:
    if request.cookies.get("consent") == "yes":
        return Response(PAGE, content_type="text/html")
    return Response("", status=302, headers={"Location": "/consent"})


def slow_body(request: Request) -> Response:
    def trickle():
        yield b"<html><head><title>Procedures</title></head><body>"
        time.sleep(1.5)
        yield b"</body></html>"
    return Response(trickle(), content_type="text/html")


def check(tmp_path, *urls, traces=(), network=None, **settings):
    results, diagnostics = check_links(refs_for(*urls), tmp_path, offline=False,
                                       settings={**FAST, **settings}, traces=traces,
                                       network=network or FixedNetwork())
    return results, [d for d in diagnostics if d.code != "links.http"]


def test_a_redirect_to_javascript_beside_a_real_404_gives_two_errors_and_a_whole_report(site, tmp_path):
    urls = [site.url_for("/to-js"), site.url_for("/missing")]
    results, diagnostics = check(tmp_path, *urls)
    assert [d.code for d in diagnostics] == ["links.broken", "links.broken"]
    assert "redirects to a javascript: address" in results[0].info
    assert results[1].http_status == 404
    report = tmp_path / "reports" / "links.jsonl"
    write_links_report(results, report)
    assert [json.loads(line)["status"] for line in report.read_text().splitlines()] == ["broken", "broken"]


@pytest.mark.parametrize("path, words", [
    ("/to-mailto", "redirects to a mailto: address"),
    ("/to-tel", "redirects to a tel: address"),
    ("/to-data", "redirects to a data: address"),
    ("/to-file", "redirects to a file: address"),
])
def test_a_redirect_anywhere_but_the_web_is_an_error_never_a_crash_or_a_move(site, tmp_path, path, words):
    url = site.url_for(path)
    results, diagnostics = check(tmp_path, url, site.url_for("/page"))
    assert results[0].status is Status.BROKEN and words in results[0].info
    assert results[1].status is Status.WORKING  # the other verdicts are kept
    assert [d.code for d in diagnostics] == ["links.broken"]


def test_an_invalid_port_or_an_undecodable_body_is_one_verdict_not_a_crash(site, tmp_path):
    urls = [site.url_for("/bad-port"), site.url_for("/bad-gzip"), site.url_for("/missing")]
    results, diagnostics = check(tmp_path, *urls)
    assert results[0].status is Status.BROKEN and "not a usable address" in results[0].info
    assert results[1].status is Status.BROKEN
    assert "the page cannot be decompressed (it is marked 'gzip')" in results[1].info
    assert results[2].http_status == 404
    assert [d.code for d in diagnostics] == ["links.broken"] * 3


def test_a_redirect_into_cloud_metadata_is_an_error_and_never_requested(site, tmp_path):
    log = RequestLog()
    results, _ = check(tmp_path, site.url_for("/to-metadata"), traces=log.traces)
    assert results[0].status is Status.BROKEN
    assert "private network" in results[0].info and "169.254.169.254" in results[0].info
    assert log.hosts == ["127.0.0.1"]  # the redirect was asked for, its target never


def test_a_redirect_from_an_allowed_host_into_another_private_one_is_not_followed(tmp_path):
    with local_server("127.0.0.2") as public, local_server("127.0.0.3") as private:
        private.expect_request("/secret").respond_with_data("secret")
        public.expect_request("/go").respond_with_data("", 302, {"Location": private.url_for("/secret")})
        results, _ = check(tmp_path, public.url_for("/go"), allow_private=["127.0.0.2/32"])
        assert results[0].status is Status.BROKEN and "private network" in results[0].info
        assert private.log == []


def test_a_link_whose_own_host_is_private_is_a_warning_and_is_not_requested(tmp_path):
    log = RequestLog()
    results, diagnostics = check(tmp_path, "http://10.1.2.3/intranet", "http://localhost:9/x",
                                 "https://metadata.google.internal/", traces=log.traces, allow_private=[])
    assert [r.status for r in results] == [Status.PRIVATE] * 3
    assert log.hosts == []
    assert all(d.code == "links.private" and not d.is_error for d in diagnostics)
    assert "readers outside your network cannot open this" in diagnostics[0].message


def test_head_200_with_get_404_is_broken(site, tmp_path):
    results, _ = check(tmp_path, site.url_for("/head-lies"))
    assert (results[0].status, results[0].http_status) == (Status.BROKEN, 404)


def test_a_soft_404_is_a_warning_and_a_for_sale_page_an_error(site, tmp_path):
    results, diagnostics = check(tmp_path, site.url_for("/soft-404"), site.url_for("/for-sale"))
    assert [r.status for r in results] == [Status.SOFT_404, Status.PARKED]
    assert [(d.code, d.is_error) for d in diagnostics] == [("links.soft-404", False), ("links.parked", True)]
    assert "Page not found" in results[0].info


def test_a_redirect_to_a_parking_host_is_parked_never_offered_as_the_new_address(site, tmp_path):
    results, diagnostics = check(tmp_path, site.url_for("/to-parking"))
    assert results[0].status is Status.PARKED and diagnostics[0].is_error
    assert "replace it with the new address" not in diagnostics[0].message


def test_a_missing_fragment_is_flagged_and_a_present_one_is_not(site, tmp_path):
    results, diagnostics = check(tmp_path, site.url_for("/page") + "#escalation",
                                 site.url_for("/page") + "#neglect")
    assert [r.status for r in results] == [Status.WORKING, Status.MISSING_FRAGMENT]
    assert len(requests_to(site, "/page")) >= 1
    assert [d.code for d in diagnostics] == ["links.missing-fragment"]


def test_a_cookie_wall_resolves_like_a_browser_instead_of_a_redirect_loop(site, tmp_path):
    results, _ = check(tmp_path, site.url_for("/cookie-wall"))
    assert results[0].status is Status.WORKING


def test_a_challenge_page_is_a_bot_wall_warning_not_an_error(site, tmp_path):
    results, diagnostics = check(tmp_path, site.url_for("/challenge"))
    assert results[0].status is Status.BLOCKED and "bot-wall" in results[0].info
    assert not diagnostics[0].is_error
    assert requests_to(site, "/challenge") == ["GET"]  # a challenge is not retried


def test_a_slow_body_after_a_good_status_line_is_still_working(site, tmp_path):
    results, _ = check(tmp_path, site.url_for("/slow-body"), timeout=1.0)
    assert results[0].status is Status.WORKING


def test_a_long_retry_after_holds_back_the_whole_host_for_the_run(tmp_path):
    with local_server("127.0.0.4") as server:
        server.expect_request("/a").respond_with_data("", 429, {"Retry-After": "3600"})
        server.expect_request("/b").respond_with_data("ok")
        server.expect_request("/c").respond_with_data("ok")
        results, _ = check(tmp_path, *(server.url_for(p) for p in ("/a", "/b", "/c")), per_host=1)
        assert [r.status for r in results] == [Status.RATE_LIMITED] * 3
        assert len(server.log) == 1


def test_counts_use_normalised_addresses_so_idn_spellings_are_one(tmp_path):
    results, _ = check_links(refs_for("https://bücher.example.de/", "https://xn--bcher-kva.example.de/"),
                             tmp_path, offline=True)
    assert "(1 distinct)" in summarise_links(results)


def test_ages_under_a_minute_are_given_in_seconds():
    assert describe_age(2) == "2 s" and describe_age(90) == "2 min"


def test_the_links_report_has_the_permissions_of_every_other_output(tmp_path):
    results, _ = check_links(refs_for("https://example.org/"), tmp_path, offline=True)
    path = tmp_path / "links.jsonl"
    write_links_report(results, path)
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask
