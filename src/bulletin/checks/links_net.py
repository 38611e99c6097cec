"""Turn distinct http(s) targets into verdicts over the network, politely and within caps.

Politeness: a global limit on requests in flight, a per-host limit, and a minimum
interval between request starts to one host; a 429's Retry-After pushes back the whole
host, not just the one link. Caps: a total timeout per request (httpx's own timeouts are
per read, so a server trickling bytes could otherwise hold us forever), a longest single
Retry-After, a wait budget shared by every retry of the run, and a deadline for the
whole phase. A host that answers 429 forever therefore costs at most the caps.

Offline: the first few public hosts are the probe. If every one of them fails name
lookup or connection, nothing else is going to work either, so the run stops at once
and the rest is reported as offline rather than waiting out timeouts link by link.
"""

from __future__ import annotations

import asyncio
import email.utils
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from .links import Status, normalise_url
from .links_settings import LinkSettings

REDIRECTS = {301, 302, 303, 307, 308}
PERMANENT = {301, 308}
BLOCKED = {401, 403, 999}
# Names that can never resolve publicly (RFC 2606, RFC 6761): their failure says
# nothing about whether this machine is online.
RESERVED_SUFFIXES = (".invalid", ".test", ".example", ".localhost", ".local")


@dataclass
class NetOutcome:
    status: Status
    info: str
    http_status: int | None = None
    final_uri: str = ""
    unreachable: bool = False  # name lookup or connection failed: evidence of no network


class _Unreachable(Exception):
    """A request that never reached a server; the message says why in plain words."""


def is_public_host(host: str) -> bool:
    """False for loopback, private and link-local addresses and reserved names."""
    host = host.lower().strip("[]").rstrip(".")
    if host == "localhost" or host.endswith(RESERVED_SUFFIXES):
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return True
    return address.is_global


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _explain_connect_error(exc: BaseException, host: str) -> tuple[str, bool]:
    """(plain words, whether it means 'unreachable') for a failed connection."""
    chain, seen = exc, 0
    while chain is not None and seen < 10:
        if isinstance(chain, socket.gaierror):
            return f"the host name '{host}' was not found", True
        if isinstance(chain, ConnectionRefusedError):
            return f"'{host}' refused the connection (nothing is listening)", True
        if isinstance(chain, ssl.SSLCertVerificationError):
            return f"the site's security certificate is not valid ({chain.verify_message})", False
        if isinstance(chain, ssl.SSLError):
            return f"secure connection failed ({chain.reason or chain})", False
        chain, seen = chain.__cause__ or chain.__context__, seen + 1
    return f"could not connect to '{host}' ({exc or type(exc).__name__})", True


class _HostGate:
    """Per-host concurrency and spacing between request starts."""

    def __init__(self, per_host: int, interval: float):
        self.slots = asyncio.Semaphore(per_host)
        self.interval = interval
        self.next_start = 0.0

    def push_back(self, seconds: float) -> None:
        self.next_start = max(self.next_start, time.monotonic() + seconds)

    async def __aenter__(self):
        await self.slots.acquire()
        now = time.monotonic()
        start = max(now, self.next_start)
        self.next_start = start + self.interval  # reserve the slot before sleeping
        if start > now:
            await asyncio.sleep(start - now)

    async def __aexit__(self, *exc):
        self.slots.release()


class _PoolPerHost(httpx.AsyncBaseTransport):
    """One small connection pool per origin, sharing one TLS context.

    httpcore's pool does work proportional to the square of its connection count on every
    request; with one pool for ten hosts kept alive at once, a run of 500 links spent
    seconds of CPU there. Small pools stay fast, and match the per-host limit anyway."""

    def __init__(self, per_host: int):
        self.limits = httpx.Limits(max_connections=per_host * 2, max_keepalive_connections=per_host)
        self.pools: dict[tuple, httpx.AsyncHTTPTransport] = {}
        self.tls: ssl.SSLContext | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        key = (request.url.scheme, request.url.host, request.url.port)
        pool = self.pools.get(key)
        if pool is None:
            secure = request.url.scheme == "https"
            if secure and self.tls is None:
                self.tls = httpx.create_ssl_context()  # costly: made once, only if needed
            pool = httpx.AsyncHTTPTransport(verify=self.tls if secure else False, limits=self.limits)
            self.pools[key] = pool
        return await pool.handle_async_request(request)

    async def aclose(self) -> None:
        for pool in self.pools.values():
            await pool.aclose()


class NetChecker:
    """Checks distinct URLs with one shared client; `offline` turns true by itself when
    the probe hosts all fail to resolve or connect."""

    def __init__(self, settings: LinkSettings, client: httpx.AsyncClient, probe_hosts: list[str]):
        self.settings = settings
        self.client = client
        self.slots = asyncio.Semaphore(settings.concurrency)
        self.gates: dict[str, _HostGate] = {}
        self.wait_left = settings.wait_budget
        self.probe_hosts = set(probe_hosts)
        self.probe_failed: set[str] = set()
        self.online = False
        self.offline = asyncio.Event()
        self.requests = 0

    def _gate(self, host: str) -> _HostGate:
        if host not in self.gates:
            self.gates[host] = _HostGate(self.settings.per_host, self.settings.host_interval)
        return self.gates[host]

    def _note_host(self, host: str, reachable: bool) -> None:
        if host not in self.probe_hosts or self.online:
            return
        if reachable:
            self.online = True
        else:
            self.probe_failed.add(host)
            if self.probe_failed == self.probe_hosts:
                self.offline.set()

    async def _send(self, method: str, url: str) -> httpx.Response:
        request = self.client.build_request(method, url)
        response = await self.client.send(request, stream=True)
        try:
            # The body must be read for the connection to be reused: always for HEAD (it
            # is empty), for GET only when small; a large one (a PDF report) is abandoned
            # rather than downloaded.
            size = response.headers.get("content-length", "")
            if method == "HEAD" or (size.isdigit() and int(size) <= 65536):
                await response.aread()
        finally:
            await response.aclose()
        return response

    async def _request(self, method: str, url: str, retry_5xx: bool) -> httpx.Response | NetOutcome:
        """One request with retries: the final response, or an outcome when none came."""
        host = (urlsplit(url).hostname or "").lower()
        gate = self._gate(host)
        attempt = 0
        while True:
            failure = None
            try:
                async with gate, self.slots, asyncio.timeout(self.settings.timeout):
                    self.requests += 1
                    response = await self._send(method, url)
                self._note_host(host, True)
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                words, unreachable = _explain_connect_error(exc, host)
                if isinstance(exc, httpx.ConnectTimeout):
                    words = f"could not connect to '{host}' within {self.settings.connect_timeout:g} s"
                self._note_host(host, not unreachable)
                return NetOutcome(Status.BROKEN, words, unreachable=unreachable)
            except (asyncio.TimeoutError, httpx.TimeoutException):
                self._note_host(host, True)
                failure = NetOutcome(Status.TIMEOUT, f"no answer within {self.settings.timeout:g} s "
                                     f"({attempt + 1} tr{'y' if attempt == 0 else 'ies'})")
                response = None
            except httpx.HTTPError as exc:
                self._note_host(host, True)
                return NetOutcome(Status.BROKEN, f"the server's answer could not be read ({exc})")
            wait = None
            if response is not None:
                code = response.status_code
                if code == 429:
                    asked = parse_retry_after(response.headers.get("retry-after"))
                    if asked is not None and asked > self.settings.retry_after_max:
                        return NetOutcome(Status.RATE_LIMITED, f"429 Too Many Requests: asked to "
                                          f"wait {asked:g} s, more than the {self.settings.retry_after_max:g} s "
                                          "limit", 429)
                    wait = asked
                    failure = NetOutcome(Status.RATE_LIMITED, "429 Too Many Requests after "
                                         f"{attempt + 1} tr{'y' if attempt == 0 else 'ies'}", 429)
                elif 500 <= code < 600 and retry_5xx:
                    failure = NetOutcome(Status.BROKEN, f"{code} {response.reason_phrase} after "
                                         f"{attempt + 1} tr{'y' if attempt == 0 else 'ies'}", code)
                else:
                    return response
            if attempt >= self.settings.retries:
                return failure
            wait = max(wait or 0.0, self.settings.backoff * 2 ** attempt)
            if wait > self.wait_left:
                failure.info += "; the run's retry wait budget is spent"
                return failure
            self.wait_left -= wait
            if failure.status is Status.RATE_LIMITED:
                gate.push_back(wait)
            await asyncio.sleep(wait)
            attempt += 1

    async def _follow(self, url: str, method: str) -> NetOutcome:
        """Follow redirects by hand, so that loops and long chains are named."""
        chain, current, permanent = [url], url, False
        for _ in range(self.settings.max_redirects + 1):
            got = await self._request(method, current, retry_5xx=(method == "GET"))
            if isinstance(got, NetOutcome):
                got.final_uri = current if current != url else ""
                return got
            code, location = got.status_code, got.headers.get("location")
            if code in REDIRECTS and location:
                target = urljoin(current, location.strip())
                seen = [normalise_url(u) for u in chain]
                if normalise_url(target) in seen:
                    loop = " -> ".join(chain[seen.index(normalise_url(target)):] + [target])
                    return NetOutcome(Status.BROKEN, f"redirect loop: {loop}", code, target)
                permanent = permanent or code in PERMANENT
                if code == 303:
                    method = "GET"
                chain.append(target)
                current = target
                if urlsplit(target).scheme.lower() not in ("http", "https"):
                    return NetOutcome(Status.REDIRECTED, f"{code}: redirects to {target}", code, target)
                continue
            return self._classify(got, url, current, permanent)
        return NetOutcome(Status.BROKEN, f"more than {self.settings.max_redirects} redirects",
                          None, current)

    def _classify(self, response: httpx.Response, url: str, final: str, permanent: bool) -> NetOutcome:
        code = response.status_code
        words = f"{code} {response.reason_phrase}".strip()
        moved = final if final != url else ""
        if code < 400:
            if moved and permanent:
                return NetOutcome(Status.REDIRECTED, f"{words} at {final}", code, final)
            return NetOutcome(Status.WORKING, words + (f" at {final}" if moved else ""), code, moved)
        if code in BLOCKED:
            return NetOutcome(Status.BLOCKED, words, code, moved)
        if code == 429:
            return NetOutcome(Status.RATE_LIMITED, words, code, moved)
        return NetOutcome(Status.BROKEN, words, code, moved)

    async def check(self, url: str) -> NetOutcome:
        """The verdict on one URL: HEAD first where allowed, GET when HEAD is refused."""
        if self.settings.head:
            outcome = await self._follow(url, "HEAD")
            refused = (outcome.http_status is not None and outcome.http_status >= 400
                       and outcome.status is not Status.RATE_LIMITED)
            if not refused:
                return outcome
        return await self._follow(url, "GET")


def order_by_host(urls: list[str]) -> list[str]:
    """Round-robin over hosts, so every host starts early and the probe hosts go first."""
    queues: dict[str, list[str]] = {}
    for url in urls:
        queues.setdefault((urlsplit(url).hostname or "").lower(), []).append(url)
    ordered = []
    while queues:
        for host in list(queues):
            ordered.append(queues[host].pop(0))
            if not queues[host]:
                del queues[host]
    return ordered


async def check_urls(urls: list[str], settings: LinkSettings,
                     transport=None) -> tuple[dict[str, NetOutcome], list[str], int]:
    """(outcome by URL, the probe hosts when the run went offline by itself, else [],
    requests made)."""
    urls = order_by_host(urls)
    hosts = list(dict.fromkeys((urlsplit(u).hostname or "").lower() for u in urls))
    probe = [h for h in hosts if is_public_host(h)][: settings.offline_probe_hosts]
    timeout = httpx.Timeout(settings.timeout, connect=settings.connect_timeout)
    limits = httpx.Limits(max_connections=settings.concurrency,
                          max_keepalive_connections=settings.concurrency)
    headers = {"User-Agent": settings.user_agent,
               "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8",
               "Accept-Language": "en-GB,en;q=0.8"}
    async with httpx.AsyncClient(timeout=timeout, limits=limits, headers=headers,
                                 follow_redirects=False,
                                 transport=transport or _PoolPerHost(settings.per_host)) as client:
        checker = NetChecker(settings, client, probe)
        tasks = {url: asyncio.ensure_future(checker.check(url)) for url in urls}
        everything = asyncio.gather(*tasks.values(), return_exceptions=True)
        offline_watch = asyncio.ensure_future(checker.offline.wait())
        await asyncio.wait({everything, offline_watch}, timeout=settings.deadline,
                           return_when=asyncio.FIRST_COMPLETED)
        offline_watch.cancel()
        everything.cancel()  # cancels whatever is still running; finished tasks keep results
        await asyncio.gather(everything, offline_watch, return_exceptions=True)
    went_offline = checker.offline.is_set()
    outcomes = {}
    for url, task in tasks.items():
        host = (urlsplit(url).hostname or "").lower()
        if task.cancelled():
            outcomes[url] = (NetOutcome(Status.OFFLINE, "not checked: no network") if went_offline
                             else NetOutcome(Status.TIMEOUT, "not checked: the link check reached its "
                                             f"{settings.deadline:g} s deadline"))
            continue
        if task.exception() is not None:
            raise task.exception()
        outcome = task.result()
        if went_offline and outcome.unreachable and is_public_host(host):
            outcome = NetOutcome(Status.OFFLINE, "not checked: no network")
        outcomes[url] = outcome
    return outcomes, (probe if went_offline else []), checker.requests
