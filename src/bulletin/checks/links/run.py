"""Turn link references into one result per occurrence: static checks, allow rules, the
cache, then the network for whatever is left, each distinct target checked once."""

from __future__ import annotations

import asyncio
import concurrent.futures
import itertools
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from urllib.parse import unquote, urlsplit

from ...diagnostics import Diagnostic, info
from .cache import CacheEntry, describe_age, load_cache, save_cache
from .records import LinkRef, LinkResult, Status, new_targets, normalise_url
from .settings import LinkSettings, find_rule, load_allowlist, load_settings
from .static import check_static

if TYPE_CHECKING:
    from .net import NetOutcome


@dataclass
class _Verdict:
    status: Status
    info: str = ""
    http_status: int | None = None
    final_uri: str = ""
    notes: list[str] = field(default_factory=list)
    anchors: set[str] | None = None


def _run_async(coro):
    """asyncio.run, or the same in a worker thread when a loop is already running here
    (a notebook, or an async caller)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _judge_without_network(uri: str, static, cfg: LinkSettings, rules, cache, offline: bool,
                           now: float) -> _Verdict | None:
    """A verdict from the text (`static`, check_static's), the allow rules or the cache;
    None when a request is due."""
    if static.status is not None:
        return _Verdict(static.status, static.info)
    rule = find_rule(rules, uri)
    if rule and not rule.accept:
        return _Verdict(Status.IGNORED, f"listed in {cfg.allowlist}"
                        + (f" ({rule.reason})" if rule.reason else ""))
    hit = cache.get(normalise_url(uri))
    if hit is not None:
        age = describe_age(now - hit.checked_at)
        if hit.status is Status.REDIRECTED:
            # A cached move still needs the source changing, so it stays a warning.
            return _Verdict(Status.REDIRECTED, f"{hit.info} (cached {age} ago)", hit.http_status,
                            hit.final_uri, static.notes)
        return _Verdict(Status.CACHED, f"{hit.info}, checked {age} ago", hit.http_status,
                        hit.final_uri, static.notes)
    if offline:
        return _Verdict(Status.OFFLINE, "not checked: offline", notes=static.notes)
    return None


def _fragment_result(ref: LinkRef, v: _Verdict) -> LinkResult:
    """The result for one occurrence: a page that was read in full and has no element with
    the occurrence's #fragment gets a warning (others sharing the page may be fine)."""
    fragment = unquote(urlsplit(ref.uri).fragment) if "#" in ref.uri else ""
    if fragment and v.anchors is not None and v.status is Status.WORKING \
            and fragment not in v.anchors and fragment not in ("top", ""):
        return LinkResult(ref, Status.MISSING_FRAGMENT, f"the page has no '#{fragment}' on it "
                          f"({v.info})", v.http_status, v.final_uri, list(v.notes))
    return LinkResult(ref, v.status, v.info, v.http_status, v.final_uri, list(v.notes))


def _from_network(got: NetOutcome, uri: str, static_notes, rules, cfg, now) -> _Verdict:
    verdict = _Verdict(got.status, got.info, got.http_status, got.final_uri, static_notes, got.anchors)
    rule = find_rule(rules, uri)
    if rule and got.status not in (Status.WORKING, Status.OFFLINE) \
            and rule.accepts(got.status, got.http_status):
        verdict = _Verdict(Status.IGNORED, f"{got.info}; accepted by {cfg.allowlist}"
                           + (f" ({rule.reason})" if rule.reason else ""),
                           got.http_status, got.final_uri)
    return verdict


def run_checks(refs: list[LinkRef], root: Path, *, offline: bool, settings: dict,
               traces=(), network=None) -> tuple[list[LinkResult], list[Diagnostic]]:
    """(one result per occurrence in the order given, notes about the run itself)."""
    cfg, notes = load_settings(settings)
    rules, allow_problems = load_allowlist(root, cfg.allowlist)
    notes += allow_problems
    now = time.time()
    cache = load_cache(root, cfg.max_age, now) if cfg.cache else {}
    groups: dict[str, list[LinkRef]] = {}
    verdicts: dict[str, _Verdict] = {}
    due: dict[str, str] = {}
    static_notes: dict[str, list[str]] = {}

    def targets_to_request():
        """Each distinct target judged without the network, yielding those that need a
        request as they are found: the first requests leave while the rest of a long list
        is still being read (on a busy machine that reading was a tenth of a second)."""
        for key in new_targets(refs, groups):
            first = groups[key][0]
            static = check_static(first.uri, first.kind)
            verdict = _judge_without_network(first.uri, static, cfg, rules, cache, offline, now)
            if verdict is None:
                due[key] = first.uri.strip()
                static_notes[key] = static.notes
                yield due[key]
            else:
                verdicts[key] = verdict

    pending = targets_to_request()
    first_due = next(pending, None)  # no event loop, session or socket unless one is due
    if first_due is None:
        for _ in pending:
            pass
    else:
        from .net import check_urls  # deferred: aiohttp loads only when a link must go to the network
        started = time.monotonic()
        outcomes, went_offline, requests = _run_async(
            check_urls(itertools.chain([first_due], pending), cfg, traces, network))
        fresh, dead = {}, {}
        for key, uri in due.items():
            got = outcomes[uri]
            verdicts[key] = verdict = _from_network(got, uri, static_notes[key], rules, cfg, now)
            if got.dead_host:
                dead[got.dead_host] = verdict
            if verdict.status in (Status.WORKING, Status.REDIRECTED):
                fresh[key] = CacheEntry(verdict.status, got.http_status, got.final_uri, got.info, now)
        # A cached answer never hides a domain found dead in this same run.
        for key, v in verdicts.items() if dead else ():
            host = (urlsplit(key).hostname or "").lower()
            if host in dead and v.status in (Status.CACHED, Status.REDIRECTED) and key not in due:
                verdicts[key] = _Verdict(dead[host].status, dead[host].info, notes=v.notes)
        if cfg.cache and fresh:
            save_cache(root, fresh, cfg.max_age, now)
        if went_offline:
            first = groups[next(iter(due))][0]
            skipped = sum(v.status is Status.OFFLINE for v in verdicts.values())
            notes.append(info("links.offline",
                              f"no network: this machine has no route to the internet or no "
                              f"working name lookup, so {skipped} web link target"
                              f"{'s were' if skipped != 1 else ' was'} not checked "
                              f"({time.monotonic() - started:.1f} s, {requests} request"
                              f"{'s' if requests != 1 else ''}); run again online, or use "
                              "--offline to skip the attempt", first.location,
                              publication=first.publication))

    if offline:
        skipped = [groups[k][0] for k, v in verdicts.items() if v.status is Status.OFFLINE]
        if skipped:
            notes.append(info("links.offline", f"{len(skipped)} web link target"
                              f"{'s' if len(skipped) != 1 else ''} not checked: offline",
                              skipped[0].location, publication=skipped[0].publication))

    results = []
    for key, occurrences in groups.items():
        results.extend(_fragment_result(ref, verdicts[key]) for ref in occurrences)
    order = {id(ref): i for i, ref in enumerate(refs)}
    results.sort(key=lambda r: order[id(r.ref)])
    return results, notes
