"""Network checks against local servers: every status the checker can give, per-host
politeness, Retry-After and the caps that keep a hostile host from hanging the build."""

from __future__ import annotations

import time

import pytest

from bulletin.checks.links import Status, check_links
from bulletin.checks.links.fetch import parse_retry_after
from bulletin.checks.links.network import FixedNetwork, is_public_host
from links_servers import (FAST, METHOD_ALL, RequestLog, several_servers, InFlight, answer_sequence, local_server, refs_for, refused_url,
                           requests_to, slow)


@pytest.fixture(scope="module")
def site():
    with local_server("127.0.0.1") as server:
        def ok(path, status=200, headers=None, method=METHOD_ALL):
            server.expect_request(path, method=method).respond_with_data("x", status, headers)

        ok("/ok")
        ok("/r1", 301, headers={"Location": "/r2"})
        ok("/r2", 302, headers={"Location": "/ok"})
        ok("/temp", 302, headers={"Location": "/ok"})
        ok("/loop-a", 301, headers={"Location": "/loop-b"})
        ok("/loop-b", 301, headers={"Location": "/loop-a"})
        ok("/hop1", 302, headers={"Location": "/hop2"})
        ok("/hop2", 302, headers={"Location": "/hop3"})
        ok("/hop3", 302, headers={"Location": "/ok"})
        ok("/missing", 404)
        ok("/gone", 410)
        ok("/forbidden", 403)
        ok("/linkedin", 999)
        ok("/head-refused", 405, method="HEAD")
        ok("/head-refused", 200, method="GET")
        server.expect_request("/busy-then-ok").respond_with_handler(
            answer_sequence((429, {"Retry-After": "0"}), (200, {})))
        server.expect_request("/busy-forever").respond_with_handler(
            answer_sequence((429, {"Retry-After": "0"})))
        server.expect_request("/busy-a-second").respond_with_handler(
            answer_sequence((429, {"Retry-After": "1"})))
        server.expect_request("/busy-for-an-hour").respond_with_handler(
            answer_sequence((429, {"Retry-After": "3600"})))
        server.expect_request("/flaky").respond_with_handler(
            answer_sequence((500, {}), (200, {})))
        server.expect_request("/always-500").respond_with_handler(answer_sequence((500, {})))
        server.expect_request("/slow").respond_with_handler(slow(2.0))
        yield server


@pytest.fixture(scope="module")
def hosts():
    """Four more servers, on 127.0.0.2 to 127.0.0.5, for per-host behaviour."""
    with several_servers(["127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"]) as servers:
        yield servers


def check(tmp_path, *urls, **settings):
    """Results by URL, and the diagnostics other than plain-http warnings (every local
    test server speaks plain http)."""
    results, diagnostics = check_links(refs_for(*urls), tmp_path, offline=False,
                                       settings={**FAST, **settings}, network=FixedNetwork())
    return {r.ref.uri: r for r in results}, [d for d in diagnostics if d.code != "links.http"]


def test_a_working_page_is_checked_with_get_and_an_honest_user_agent(site, tmp_path):
    url = site.url_for("/ok")
    results, diagnostics = check(tmp_path, url)
    assert results[url].status is Status.WORKING
    assert results[url].http_status == 200
    assert diagnostics == []  # working links are info, shown only when verbose
    request = next(req for req, _ in site.log if req.path == "/ok")
    assert request.method == "GET"  # HEAD alone is not trusted
    assert request.headers["User-Agent"].startswith("bulletin/")
    assert "(+link checker)" in request.headers["User-Agent"]


def test_a_chain_with_a_permanent_redirect_is_reported_with_its_final_address(site, tmp_path):
    url = site.url_for("/r1")
    results, diagnostics = check(tmp_path, url)
    assert results[url].status is Status.REDIRECTED
    assert results[url].final_uri == site.url_for("/ok")
    [d] = diagnostics
    assert d.code == "links.redirected" and d.severity.value == "warning"
    assert f"moved permanently to '{site.url_for('/ok')}'" in d.message
    assert str(d.location) == "t.yaml:1:1"


def test_a_temporary_redirect_alone_is_working(site, tmp_path):
    url = site.url_for("/temp")
    results, _ = check(tmp_path, url)
    assert results[url].status is Status.WORKING
    assert results[url].final_uri == site.url_for("/ok")


def test_a_redirect_loop_is_broken_and_named(site, tmp_path):
    url = site.url_for("/loop-a")
    results, diagnostics = check(tmp_path, url)
    assert results[url].status is Status.BROKEN
    assert "redirect loop" in results[url].info
    assert diagnostics[0].code == "links.broken" and diagnostics[0].is_error


def test_a_chain_longer_than_the_limit_is_broken(site, tmp_path):
    url = site.url_for("/hop1")
    results, _ = check(tmp_path, url, max_redirects=2)
    assert results[url].status is Status.BROKEN
    assert "more than 2 redirects" in results[url].info


@pytest.mark.parametrize("path, status, code", [
    ("/missing", Status.BROKEN, 404),
    ("/gone", Status.BROKEN, 410),
    ("/forbidden", Status.BLOCKED, 403),
    ("/linkedin", Status.BLOCKED, 999),
])
def test_error_answers_come_from_one_get(site, tmp_path, path, status, code):
    url = site.url_for(path)
    results, diagnostics = check(tmp_path, url)
    assert (results[url].status, results[url].http_status) == (status, code)
    assert requests_to(site, path)[-1:] == ["GET"]
    assert diagnostics[0].code == f"links.{status.value}"


def test_a_page_is_judged_by_get_whatever_head_says(site, tmp_path):
    url = site.url_for("/head-refused")
    results, _ = check(tmp_path, url)
    assert results[url].status is Status.WORKING
    assert requests_to(site, "/head-refused") == ["GET"]


def test_429_then_200_is_retried_and_working(site, tmp_path):
    url = site.url_for("/busy-then-ok")
    results, _ = check(tmp_path, url)
    assert results[url].status is Status.WORKING
    assert len(requests_to(site, "/busy-then-ok")) == 2


def test_429_forever_gives_up_after_the_retries(site, tmp_path):
    url = site.url_for("/busy-forever")
    started = time.monotonic()
    results, diagnostics = check(tmp_path, url)
    assert results[url].status is Status.RATE_LIMITED
    assert len(requests_to(site, "/busy-forever")) == FAST["retries"] + 1
    assert diagnostics[0].code == "links.rate-limited" and not diagnostics[0].is_error
    assert time.monotonic() - started < 10  # a guard against hanging, not a benchmark


def test_a_retry_after_longer_than_the_cap_is_not_waited_for(site, tmp_path):
    url = site.url_for("/busy-for-an-hour")
    results, _ = check(tmp_path, url)
    assert results[url].status is Status.RATE_LIMITED
    assert "3600" in results[url].info
    assert len(requests_to(site, "/busy-for-an-hour")) == 1


def test_the_wait_budget_caps_retrying_for_the_whole_run(site, tmp_path):
    url = site.url_for("/busy-a-second")
    results, _ = check(tmp_path, url, retries=5, wait_budget=0.5)
    assert results[url].status is Status.RATE_LIMITED
    assert "budget" in results[url].info
    assert len(requests_to(site, "/busy-a-second")) == 1


def test_500_then_200_is_retried_and_working(site, tmp_path):
    url = site.url_for("/flaky")
    results, _ = check(tmp_path, url, head=False)
    assert results[url].status is Status.WORKING
    assert requests_to(site, "/flaky") == ["GET", "GET"]


def test_500_every_time_is_broken_after_the_retries(site, tmp_path):
    url = site.url_for("/always-500")
    results, _ = check(tmp_path, url)
    assert results[url].status is Status.BROKEN
    assert requests_to(site, "/always-500") == ["GET", "GET"]


def test_a_response_slower_than_the_timeout_is_a_timeout(site, tmp_path):
    url = site.url_for("/slow")
    started = time.monotonic()
    results, diagnostics = check(tmp_path, url, timeout=0.2)
    assert results[url].status is Status.TIMEOUT
    assert "2 tries" in results[url].info
    assert diagnostics[0].code == "links.timeout" and not diagnostics[0].is_error
    assert time.monotonic() - started < 10  # a guard against hanging, not a benchmark


def test_a_refused_connection_is_broken(tmp_path):
    url = refused_url()
    results, diagnostics = check(tmp_path, url)
    assert results[url].status is Status.BROKEN
    assert "refused the connection" in results[url].info
    assert diagnostics[0].is_error


def test_https_to_a_server_without_tls_is_broken_with_the_reason(site, tmp_path):
    url = site.url_for("/ok").replace("http://", "https://")
    results, diagnostics = check(tmp_path, url)
    assert results[url].status is Status.BROKEN
    assert "secure connection failed" in results[url].info
    assert diagnostics[0].is_error


def test_an_unknown_host_is_broken_not_offline(tmp_path):
    url = "https://no-such-host.invalid/page"
    results, diagnostics = check(tmp_path, url)
    assert results[url].status is Status.BROKEN
    assert "the domain 'no-such-host.invalid' no longer exists" in results[url].info
    assert [d.code for d in diagnostics] == ["links.broken"]


def test_each_host_is_looked_up_once_a_run_and_connected_at_that_address(site, tmp_path):
    """Names resolve through the checker's own lookup (FixedNetwork here: the system has
    never heard of these names), once per host however many links and spellings it has."""
    port = site.port
    network = FixedNetwork({"partner.test": ["127.0.0.1"], "bücher.test": ["127.0.0.1"]})
    urls = [f"http://partner.test:{port}/ok?i={i}" for i in range(5)] + [
        f"http://bücher.test:{port}/ok", f"http://xn--bcher-kva.test:{port}/ok?again"]
    results, _ = check_links(refs_for(*urls), tmp_path, offline=False, settings=FAST, network=network)
    assert {r.status for r in results} == {Status.WORKING}
    assert sorted(network.lookups) == ["bücher.test", "partner.test"]


def test_one_target_written_twice_is_requested_once_and_reported_twice(site, tmp_path):
    url = site.url_for("/missing") + "?twice"
    spelled_otherwise = url.replace("http://", "HTTP://") + "#part"
    results, diagnostics = check_links(refs_for(url, spelled_otherwise), tmp_path, offline=False,
                                       settings=FAST)
    assert [r.status for r in results] == [Status.BROKEN, Status.BROKEN]
    assert [(d.code, str(d.location)) for d in diagnostics] == [
        ("links.broken", "t.yaml:1:1"), ("links.http", "t.yaml:1:1"),
        ("links.broken", "t.yaml:2:1"), ("links.http", "t.yaml:2:1")]
    assert len([r for r, _ in site.log if r.query_string == b"twice"]) == 1


def test_the_allowlist_accepts_listed_answers_and_skips_listed_sites(site, tmp_path):
    (tmp_path / "links-allow.yaml").write_text(
        "- pattern: http://127.0.0.1:*/forbidden*\n  accept: [403]\n  reason: bot wall\n"
        "- pattern: re:/intranet/\n  reason: staff only\n")
    forbidden, intranet = site.url_for("/forbidden") + "?allow", site.url_for("/intranet/x")
    results, diagnostics = check(tmp_path, forbidden, intranet)
    assert results[forbidden].status is Status.IGNORED
    assert "bot wall" in results[forbidden].info
    assert results[intranet].status is Status.IGNORED
    assert requests_to(site, "/intranet/x") == []
    assert diagnostics == []


def test_per_host_concurrency_is_bounded_while_other_hosts_proceed(hosts, tmp_path):
    first, second = InFlight(0.1), InFlight(0.1)
    a, b = hosts[0], hosts[1]
    a.expect_request("/busy").respond_with_handler(first)
    b.expect_request("/busy").respond_with_handler(second)
    urls = [a.url_for(f"/busy?i={i}") for i in range(6)] + [b.url_for(f"/busy?i={i}") for i in range(6)]
    results, _ = check(tmp_path, *urls, per_host=2)
    assert {r.status for r in results.values()} == {Status.WORKING}
    assert first.most == 2 and second.most == 2


def test_request_starts_to_one_host_are_spaced(hosts, tmp_path):
    server = hosts[2]
    server.expect_request("/spaced").respond_with_data("ok")
    log = RequestLog()
    check_links(refs_for(*[server.url_for(f"/spaced?i={i}") for i in range(4)]), tmp_path,
                offline=False, settings={**FAST, "host_interval": 0.1}, traces=log.traces)
    gaps = [b - a for a, b in zip(log.starts, log.starts[1:])]
    # Spacing is enforced where a request leaves the host gate; the client sees it a
    # few scheduling steps later, so allow a little slack below the 0.1 s interval.
    assert len(gaps) == 3 and min(gaps) >= 0.08


def test_retry_after_is_honoured(hosts, tmp_path):
    arrivals = []
    answer = answer_sequence((429, {"Retry-After": "1"}), (200, {}))
    server = hosts[3]
    server.expect_request("/later").respond_with_handler(
        lambda request: arrivals.append(time.monotonic()) or answer(request))
    results, _ = check(tmp_path, server.url_for("/later"), retry_after_max=2)
    assert [r.status for r in results.values()] == [Status.WORKING]
    assert len(arrivals) == 2 and arrivals[1] - arrivals[0] >= 0.95


def test_retry_after_accepts_seconds_and_dates():
    assert parse_retry_after("120") == 120
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480 - 60) == 60
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_loopback_private_shared_and_internal_names_are_not_public():
    assert not is_public_host("127.0.0.3") and not is_public_host("localhost")
    assert not is_public_host("10.1.2.3") and not is_public_host("100.64.0.1")
    assert not is_public_host("169.254.169.254") and not is_public_host("[fd00::1]")
    assert not is_public_host("metadata.google.internal")
    assert is_public_host("www.escb.co.uk") and is_public_host("8.8.8.8")
