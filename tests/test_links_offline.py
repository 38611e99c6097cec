"""Offline: --offline opens no sockets; a machine without a network goes offline at once, and
only a machine without a network: lapsed domains are dead links."""

from __future__ import annotations

import socket
import time

from bulletin.checks.links import LinkRef, Status, check_links, normalise_url
from bulletin.checks.links.cache import CACHE_FILE, CacheEntry, save_cache
from bulletin.checks.links.network import FixedNetwork
from bulletin.diagnostics import Location
from links_servers import FAST, RequestLog, local_server

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


UNREACHABLE = OSError(101, "Network is unreachable")


def test_a_machine_without_a_network_goes_offline_at_once_and_says_so_once(tmp_path):
    log = RequestLog(fail={"*": UNREACHABLE})
    network = FixedNetwork(is_online=False)
    results, diagnostics = check_links(refs(PUBLIC), tmp_path, offline=False,
                                       settings={"retries": 3}, traces=log.traces, network=network)
    assert {r.status for r in results} == {Status.OFFLINE}
    assert [d.code for d in diagnostics] == ["links.offline"]
    assert "no network" in diagnostics[0].message and not diagnostics[0].is_error
    assert "20 web link targets were not checked" in diagnostics[0].message
    assert log.hosts == [] and network.probes == 1  # no name resolved, so no request was tried


def test_lapsed_domains_are_dead_links_not_a_sign_of_being_offline(tmp_path):
    """Three old board domains first, then a local 404: three errors and the 404."""
    dead = ["https://www.old-board-1.org.uk/", "https://www.old-board-2.org.uk/a",
            "https://lscb-old.gov.uk/x"]
    with local_server("127.0.0.1") as server:
        server.expect_request("/missing").respond_with_data("no", 404)
        urls = dead + [server.url_for("/missing")]
        results, diagnostics = check_links(refs(urls), tmp_path, offline=False,
                                           settings={**FAST, "cache": True},
                                           network=FixedNetwork(is_online=True))
    assert [r.status for r in results] == [Status.BROKEN] * 4
    assert all("no longer exists" in r.info for r in results[:3])
    assert results[3].http_status == 404
    assert "links.offline" not in [d.code for d in diagnostics]
    assert [d.code for d in diagnostics if d.is_error] == ["links.broken"] * 4


def test_a_cached_answer_never_hides_a_domain_found_dead_in_the_same_run(tmp_path):
    (tmp_path / CACHE_FILE).parent.mkdir(parents=True)
    key = normalise_url("https://www.lapsed.org.uk/old")
    save_cache(tmp_path, {key: CacheEntry(Status.WORKING, 200, "", "200 OK", time.time())}, 86400)
    urls = ["https://www.lapsed.org.uk/old", "https://www.lapsed.org.uk/new"]
    results, diagnostics = check_links(refs(urls), tmp_path, offline=False, settings={},
                                       network=FixedNetwork(is_online=True))
    assert [r.status for r in results] == [Status.BROKEN, Status.BROKEN]
    assert "no longer exists" in results[0].info
    assert "links.offline" not in [d.code for d in diagnostics]


def test_failing_hosts_never_switch_the_run_offline_while_the_network_works(tmp_path):
    urls = [f"https://www.partner{h}.gov.uk/x" for h in range(5)]
    names = {f"www.partner{h}.gov.uk": ["81.2.69.142"] for h in range(5)}
    results, diagnostics = check_links(refs(urls), tmp_path, offline=False, settings={},
                                       traces=RequestLog(fail={"*": UNREACHABLE}).traces,
                                       network=FixedNetwork(names, is_online=True))
    assert {r.status for r in results} == {Status.BROKEN}
    assert all("Network is unreachable" in r.info for r in results)
    assert "links.offline" not in [d.code for d in diagnostics]
