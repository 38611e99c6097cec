"""The link cache: a rerun within max-age asks no server anything; failures are never kept."""

from __future__ import annotations

import json

import pytest

from bulletin.checks.links import Status, check_links
from bulletin.checks.links.cache import CACHE_FILE, CacheEntry, load_cache, save_cache
from links_servers import FAST, local_server, refs_for

CACHED = {**FAST, "cache": True}


@pytest.fixture(scope="module")
def site():
    with local_server("127.0.0.6") as server:
        server.expect_request("/ok").respond_with_data("ok")
        server.expect_request("/moved").respond_with_data("", 301, {"Location": "/ok"})
        server.expect_request("/missing").respond_with_data("no", 404)
        yield server


def test_a_second_run_within_max_age_makes_no_requests_for_working_links(site, tmp_path):
    ok, moved = site.url_for("/ok"), site.url_for("/moved")
    first, _ = check_links(refs_for(ok, moved), tmp_path, offline=False, settings=CACHED)
    assert [r.status for r in first] == [Status.WORKING, Status.REDIRECTED]
    seen = len(site.log)
    second, diagnostics = check_links(refs_for(ok, moved), tmp_path, offline=False, settings=CACHED)
    assert len(site.log) == seen
    assert [r.status for r in second] == [Status.CACHED, Status.REDIRECTED]
    assert "cached" in second[1].info and second[1].final_uri == ok
    # A cached move still asks for the source to be changed.
    assert "links.redirected" in [d.code for d in diagnostics]


def test_failures_are_never_cached(site, tmp_path):
    missing = site.url_for("/missing")
    check_links(refs_for(missing), tmp_path, offline=False, settings=CACHED)
    seen = len(site.log)
    again, _ = check_links(refs_for(missing), tmp_path, offline=False, settings=CACHED)
    assert again[0].status is Status.BROKEN
    assert len(site.log) > seen
    entries = json.loads((tmp_path / CACHE_FILE).read_text())["entries"] if (tmp_path / CACHE_FILE).exists() else {}
    assert all("missing" not in key for key in entries)


def test_an_entry_older_than_max_age_is_checked_again(site, tmp_path):
    ok = site.url_for("/ok") + "?old"
    check_links(refs_for(ok), tmp_path, offline=False, settings=CACHED)
    seen = len(site.log)
    again, _ = check_links(refs_for(ok), tmp_path, offline=False, settings={**CACHED, "max_age": "0s"})
    assert again[0].status is Status.WORKING
    assert len(site.log) == seen + 1


def test_the_cache_answers_offline_runs_too(site, tmp_path):
    ok = site.url_for("/ok") + "?offline"
    check_links(refs_for(ok), tmp_path, offline=False, settings=CACHED)
    again, _ = check_links(refs_for(ok), tmp_path, offline=True, settings=CACHED)
    assert again[0].status is Status.CACHED


def test_saving_merges_replaces_atomically_and_drops_expired_entries(tmp_path):
    entry = lambda when: CacheEntry(Status.WORKING, 200, "", "200 OK", when)  # noqa: E731
    save_cache(tmp_path, {"https://a.example.org/": entry(1000.0)}, max_age=100, now=1000.0)
    save_cache(tmp_path, {"https://b.example.org/": entry(1150.0)}, max_age=100, now=1150.0)
    assert list(load_cache(tmp_path, max_age=100, now=1150.0)) == ["https://b.example.org/"]
    assert [p.name for p in (tmp_path / CACHE_FILE).parent.iterdir()] == ["links.json"]


def test_a_broken_cache_file_is_treated_as_empty(tmp_path):
    (tmp_path / CACHE_FILE).parent.mkdir()
    (tmp_path / CACHE_FILE).write_text("{not json")
    assert load_cache(tmp_path, max_age=100) == {}
    save_cache(tmp_path, {"https://a.example.org/": CacheEntry(Status.WORKING, 200, "", "", 5.0)},
               max_age=100, now=5.0)
    assert list(load_cache(tmp_path, max_age=100, now=5.0)) == ["https://a.example.org/"]


def test_failures_handed_to_the_cache_are_not_stored(tmp_path):
    save_cache(tmp_path, {"https://a.example.org/": CacheEntry(Status.BROKEN, 404, "", "", 5.0)},
               max_age=100, now=5.0)
    assert load_cache(tmp_path, max_age=100, now=5.0) == {}
