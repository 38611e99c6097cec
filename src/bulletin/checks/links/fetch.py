"""Turn one HTTP request into an `Answer` (status, headers, the first 64 KB of a page),
with the pieces of politeness that wrap it: per-host gates, small per-origin connection
pools, Retry-After parsing and a host-interleaved order."""

from __future__ import annotations

import asyncio
import email.utils
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from .pages import BODY_LIMIT, decode, is_html

# A slow body after a good status line does not turn a working link into a time-out: the
# status is what matters, the body only refines it, so reading it stops after this long.
BODY_SECONDS = 3.0


@dataclass
class Answer:
    """What one request got: `body` is the decoded start of an HTML page ('' otherwise),
    `complete` whether that is the whole page (so a missing #fragment can be trusted)."""

    status_code: int
    reason: str
    headers: httpx.Headers
    body: str = ""
    complete: bool = False
    location: str | None = None


async def set_location_aside(response: httpx.Response) -> None:
    """A response hook: move Location out of the headers before httpx reads it. httpx
    builds the next request from every redirect, and raises on a Location such as
    `javascript:alert(1)` or a port of 99999, which would lose the answer; redirects are
    followed (and judged) by hand instead."""
    location = response.headers.get("location")
    if location is not None:
        response.extensions["bulletin.location"] = location
        del response.headers["location"]


async def send(client: httpx.AsyncClient, method: str, url: str, timeout: float) -> Answer:
    """One request: the answer headers within `timeout`, then at most BODY_LIMIT bytes of
    an HTML page within BODY_SECONDS. A PDF or other file is never downloaded."""
    request = client.build_request(method, url)
    async with asyncio.timeout(timeout):
        response = await client.send(request, stream=True)
    location = response.extensions.get("bulletin.location")
    try:
        content_type = response.headers.get("content-type", "")
        if method == "GET" and is_html(content_type):
            chunks, size, complete = [], 0, False
            try:
                async with asyncio.timeout(min(BODY_SECONDS, timeout)):
                    async for chunk in response.aiter_bytes():
                        chunks.append(chunk)
                        size += len(chunk)
                        if size >= BODY_LIMIT:
                            break
                    else:
                        complete = True
            except (TimeoutError, httpx.HTTPError):
                pass  # a slow, cut or undecodable body: judged on the status and what arrived
            raw = b"".join(chunks)[:BODY_LIMIT]
            return Answer(response.status_code, response.reason_phrase, response.headers,
                          decode(raw, content_type), complete, location)
        # A small body is read so the connection can be reused; a large one (a PDF
        # report) is abandoned rather than downloaded.
        size = response.headers.get("content-length", "")
        if method == "HEAD" or (size.isdigit() and int(size) <= BODY_LIMIT):
            try:
                async with asyncio.timeout(min(BODY_SECONDS, timeout)):
                    await response.aread()
            except (TimeoutError, httpx.HTTPError):
                pass
        return Answer(response.status_code, response.reason_phrase, response.headers,
                      location=location)
    finally:
        await response.aclose()


def explain_connect_error(exc: BaseException, host: str) -> tuple[str, bool]:
    """(plain words for a failed connection, whether the host answered at all: a refusal or
    a TLS failure proves the network works, so it needs no offline probe)."""
    chain, seen = exc, 0
    while chain is not None and seen < 10:
        if isinstance(chain, socket.gaierror):
            return f"the host name '{host}' was not found", False
        if isinstance(chain, ConnectionRefusedError):
            return f"'{host}' refused the connection (nothing is listening)", True
        if isinstance(chain, ssl.SSLCertVerificationError):
            return f"the site's security certificate is not valid ({chain.verify_message})", True
        if isinstance(chain, ssl.SSLError):
            return f"the secure connection failed ({chain.reason or chain})", True
        chain, seen = chain.__cause__ or chain.__context__, seen + 1
    return f"could not connect to '{host}' ({exc or type(exc).__name__})", False


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



class HostGate:
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


class PoolPerHost(httpx.AsyncBaseTransport):
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


