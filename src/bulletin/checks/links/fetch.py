"""Turn one HTTP request into an `Answer` (status, headers, the first 64 KB of a page),
with the pieces of politeness and speed that wrap it: per-host gates, one aiohttp session
with a keep-alive pool per host, names looked up once a run, and Retry-After parsing.

aiohttp rather than httpx: its parser is compiled, and on the link benchmark a request
costs about a fifth of the CPU time httpx and httpcore spend (their pool checks every
connection of a pool on each request, through anyio, and every request and response is
built as rich Python models); on a busy machine that CPU time, not the network, was what
set the pace at matched politeness.
"""

from __future__ import annotations

import asyncio
import email.utils
import functools
import socket
import ssl
import time
from dataclasses import dataclass

import aiohttp
from aiohttp.abc import AbstractResolver
from aiohttp.http_exceptions import ContentEncodingError

try:  # certifi comes with most installs; without it the system's authorities are used
    import certifi
except ImportError:
    certifi = None

from .pages import BODY_LIMIT, decode, is_html

# A slow body after a good status line does not turn a working link into a time-out: the
# status is what matters, the body only refines it, so reading it stops after this long.
BODY_SECONDS = 3.0
# Real sites send long headers (content security policies, many cookies): aiohttp's 8 KB
# default would turn them into errors.
HEADER_LIMIT = 65536


@dataclass
class Answer:
    """What one request got: `body` is the decoded start of an HTML page ('' otherwise),
    `complete` whether that is the whole page (so a missing #fragment can be trusted),
    `unreadable` why the page could not be decoded (bad compression), '' when it could."""

    status_code: int
    reason: str
    headers: object  # a case-insensitive mapping
    body: str = ""
    complete: bool = False
    location: str | None = None
    unreadable: str = ""


class VettedResolver(AbstractResolver):
    """Gives the connection pool the addresses the checker has already looked up and
    allowed (`lookup`, once per host a run), so a connection only ever goes to an address
    that passed the private-network check, and no name is looked up twice."""

    def __init__(self, lookup):
        self.lookup = lookup

    async def resolve(self, host: str, port: int = 0, family=socket.AF_INET) -> list[dict]:
        return [{"hostname": host, "host": address, "port": port, "proto": 0,
                 "family": socket.AF_INET6 if ":" in address else socket.AF_INET,
                 "flags": socket.AI_NUMERICHOST}
                for address in await self.lookup(host, port)]

    async def close(self) -> None:
        pass


@functools.cache
def tls_context() -> ssl.SSLContext:
    """One verifying TLS context for every run of this process (making one costs tens of
    milliseconds): certifi's authorities where installed, as browsers ship their own,
    else the system's."""
    return ssl.create_default_context(cafile=certifi.where() if certifi else None)


def open_session(concurrency: int, per_host: int, connect_timeout: float, headers: dict,
                 lookup, traces=()) -> aiohttp.ClientSession:
    """The run's one session: one cookie jar (cookie walls resolve as in a browser, and
    IP-addressed hosts keep cookies too), keep-alive connections at most `per_host` to a
    host, names from `lookup`. `traces` are aiohttp TraceConfigs, for tests."""
    connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=per_host, ssl=tls_context(),
                                     resolver=VettedResolver(lookup), use_dns_cache=False)
    return aiohttp.ClientSession(
        connector=connector, headers=headers, cookie_jar=aiohttp.CookieJar(unsafe=True),
        timeout=aiohttp.ClientTimeout(total=None, connect=connect_timeout, sock_connect=connect_timeout),
        trace_configs=list(traces) or None, max_line_size=HEADER_LIMIT, max_field_size=HEADER_LIMIT)


async def _read_page(response: aiohttp.ClientResponse, seconds: float) -> tuple[bytes, bool, str]:
    """(at most BODY_LIMIT bytes, whether that is the whole page, why it could not be decoded)."""
    chunks, size, complete, unreadable = [], 0, False, ""
    try:
        async with asyncio.timeout(seconds):
            while size < BODY_LIMIT:
                chunk = await response.content.read(BODY_LIMIT - size)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            complete = response.content.at_eof()
    except TimeoutError:
        pass  # a slow body: judged on the status and what arrived
    except aiohttp.ClientPayloadError as exc:
        # A cut body is judged on what arrived; one that cannot be decompressed is what a
        # browser shows as an error page.
        if isinstance(exc.__cause__, ContentEncodingError):
            unreadable = (f"the page cannot be decompressed (it is marked "
                          f"'{response.headers.get('Content-Encoding', '')}'), so browsers show an error")
    return b"".join(chunks), complete, unreadable


async def send(session: aiohttp.ClientSession, method: str, url: str, timeout: float) -> Answer:
    """One request: the answer headers within `timeout`, then at most BODY_LIMIT bytes of
    an HTML page within BODY_SECONDS. A PDF or other file is never downloaded. Location
    is read as written (redirects are followed, and judged, by the caller)."""
    async with asyncio.timeout(timeout):
        response = await session.request(method, url, allow_redirects=False)
    try:
        headers = response.headers
        content_type = headers.get("Content-Type", "")
        answer = Answer(response.status, response.reason or "", headers,
                        location=headers.get("Location"))
        if method == "GET" and is_html(content_type):
            raw, answer.complete, answer.unreadable = await _read_page(
                response, min(BODY_SECONDS, timeout))
            answer.body = decode(raw, content_type)
            return answer
        # A small body is read so the connection can be reused; a large one (a PDF
        # report) is abandoned rather than downloaded.
        size = headers.get("Content-Length", "")
        if method == "HEAD" or (size.isdigit() and int(size) <= BODY_LIMIT):
            try:
                async with asyncio.timeout(min(BODY_SECONDS, timeout)):
                    await response.read()
            except (TimeoutError, aiohttp.ClientError):
                pass
        return answer
    finally:
        response.release()


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception and what lies under it (aiohttp keeps the OS or TLS error aside)."""
    found, todo = [], [exc]
    while todo and len(found) < 10:
        one = todo.pop(0)
        if one is None or any(one is seen for seen in found):
            continue
        found.append(one)
        todo += [getattr(one, "certificate_error", None), getattr(one, "os_error", None),
                 one.__cause__, one.__context__]
    return [one for one in found if not isinstance(one, aiohttp.ClientError)] or found


def explain_connect_error(exc: BaseException, host: str) -> tuple[str, bool]:
    """(plain words for a failed connection, whether the host answered at all: a refusal or
    a TLS failure proves the network works, so it needs no offline probe)."""
    causes = _causes(exc)
    for chain in causes:
        if isinstance(chain, socket.gaierror):
            return f"the host name '{host}' was not found", False
        if isinstance(chain, ConnectionRefusedError):
            return f"'{host}' refused the connection (nothing is listening)", True
        if isinstance(chain, ssl.SSLCertVerificationError):
            return f"the site's security certificate is not valid ({chain.verify_message})", True
        if isinstance(chain, ssl.SSLError):
            return f"the secure connection failed ({chain.reason or chain})", True
    words = next((c.strerror for c in causes if isinstance(c, OSError) and c.strerror), "") \
        or str(exc) or type(exc).__name__
    return f"could not connect to '{host}' ({words})", False


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
