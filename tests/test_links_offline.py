"""Offline: --offline opens no sockets; a machine without a network goes offline at once."""

from __future__ import annotations

import socket

import httpx

from bulletin.checks.links import LinkRef, Status, check_links
from bulletin.diagnostics import Location

PUBLIC = [f"https://www.partner{h}.gov.uk/page{p}" for h in range(5) for p in range(4)]


def refs(urls):
    return [LinkRef(u, "", Location("s.yaml", i, 1), "pub") for i, u in enumerate(urls, 1)]


def test_offline_opens_no_sockets_and_says_so_once(tmp_path, monkeypatch):
    def no_sockets(*args, **kwargs):
        raise AssertionError("--offline opened a socket")
    monkeypatch.setattr(socket, "socket", no_sockets)
    monkeypatch.setattr(socket, "getaddrinfo", no_sockets)
    monkeypatch.setattr(socket, "create_connection", no_sockets)
    urls = PUBLIC[:3] + ["#", "http://www.escb.co.uk/x"]
    results, diagnostics = check_links(refs(urls), tmp_path, offline=True, settings={})
    assert [r.status for r in results] == [Status.OFFLINE] * 3 + [Status.PLACEHOLDER, Status.OFFLINE]
    assert [d.code for d in diagnostics] == ["links.offline", "links.placeholder", "links.http"]
    assert diagnostics[0].message == "4 web link targets not checked: offline"


def unreachable(request: httpx.Request):
    raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)


def test_when_the_first_hosts_all_fail_to_resolve_the_run_goes_offline_at_once(tmp_path):
    calls = []
    transport = httpx.MockTransport(lambda request: calls.append(request.url.host) or unreachable(request))
    results, diagnostics = check_links(refs(PUBLIC), tmp_path, offline=False,
                                       settings={"retries": 3}, transport=transport)
    assert {r.status for r in results} == {Status.OFFLINE}
    assert [d.code for d in diagnostics] == ["links.offline"]
    assert "no network" in diagnostics[0].message and not diagnostics[0].is_error
    assert "(www.partner0.gov.uk, www.partner1.gov.uk, www.partner2.gov.uk)" in diagnostics[0].message
    # Only the probe hosts' first requests (and any already started) were tried.
    assert len(calls) < len(PUBLIC) and "www.partner0.gov.uk" in calls


def test_one_reachable_probe_host_keeps_the_run_online(tmp_path):
    def answer(request):
        if request.url.host == "www.partner1.gov.uk":
            return httpx.Response(200)
        return unreachable(request)
    results, diagnostics = check_links(refs(PUBLIC), tmp_path, offline=False,
                                       settings={"cache": False}, transport=httpx.MockTransport(answer))
    statuses = {r.ref.uri: r.status for r in results}
    assert statuses["https://www.partner1.gov.uk/page0"] is Status.WORKING
    assert statuses["https://www.partner0.gov.uk/page0"] is Status.BROKEN
    assert "links.offline" not in [d.code for d in diagnostics]


def test_failing_local_hosts_never_switch_the_run_offline(tmp_path):
    urls = [f"http://127.0.0.{h}:9/x" for h in range(2, 6)]
    transport = httpx.MockTransport(unreachable)
    results, _ = check_links(refs(urls), tmp_path, offline=False, settings={}, transport=transport)
    assert {r.status for r in results} == {Status.BROKEN}
