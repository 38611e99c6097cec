"""Turn distinct http(s) targets into verdicts over the network, politely, within caps, and
never into an internal error.

Politeness: a global limit on requests in flight, a per-host limit, and a minimum interval
between request starts to one host; a 429's Retry-After pushes back the whole host, and a
Retry-After longer than the cap holds the host back for the rest of the run. Caps: a total
timeout per request, a longest single Retry-After, a wait budget shared by every retry, and
a deadline for the whole phase.

Every page is fetched with GET and its first 64 KB read (HEAD alone is not trusted: servers
answer HEAD 200 for pages whose GET is 404), except addresses that look like files (a PDF
report), which are asked with HEAD first. Redirects are followed by hand: into a non-web
scheme, a private network or a parking host they stop, as errors. Offline comes from the
network's own state (network.Network.online), asked only when a host cannot be reached.
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import re
import ssl
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

import aiohttp
import yarl

from . import pages
from .fetch import (Answer, HostGate, explain_connect_error, open_session, parse_retry_after,
                    send)
from .network import AddressPolicy, NameLookupFailed, NameNotFound, Network
from .records import Status, normalise_url
from .settings import LinkSettings

REDIRECTS = {301, 302, 303, 307, 308}
PERMANENT = {301, 308}
BLOCKED = {401, 403, 999}
WEB_SCHEMES = ("http", "https")
_FILE_LIKE = re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|odt|zip|csv|mp4|mp3|jpe?g|png)$", re.I)
_FAILED = (aiohttp.ClientError, ValueError, UnicodeError, OSError, ssl.SSLError)


@dataclass
class NetOutcome:
    status: Status
    info: str
    http_status: int | None = None
    final_uri: str = ""
    anchors: set[str] | None = None   # ids on the page, when the whole page was read
    dead_host: str = ""               # the host whose name no longer exists
    notes: list[str] = field(default_factory=list)


def _tries(attempt: int) -> str:
    return f"{attempt + 1} tr{'y' if attempt == 0 else 'ies'}"


class NetChecker:
    """Checks distinct URLs with one shared session (`session`, set once it is open: one
    cookie jar per run, so cookie walls resolve as in a browser); `offline` is set when the
    network probe fails."""

    def __init__(self, settings: LinkSettings, network: Network, policy: AddressPolicy):
        self.settings, self.network, self.policy = settings, network, policy
        self.session: aiohttp.ClientSession | None = None
        self.slots = asyncio.Semaphore(settings.concurrency)
        self.gates: dict[str, HostGate] = {}
        self.held: dict[str, str] = {}   # host -> why it gets no more requests this run
        self.addresses: dict[str, asyncio.Task] = {}
        self.private: dict[str, str] = {}  # host -> its first private address, or ''
        self.wait_left = settings.wait_budget
        self.offline = asyncio.Event()
        self.requests = 0

    def _gate(self, host: str) -> HostGate:
        if host not in self.gates:
            self.gates[host] = HostGate(self.settings.per_host, self.settings.host_interval)
        return self.gates[host]

    async def _unreachable(self, words: str, host: str = "") -> NetOutcome:
        """A host could not be reached: offline if the network itself is down, else broken."""
        if not await self.network.online():
            self.offline.set()
            return NetOutcome(Status.OFFLINE, "not checked: no network")
        return NetOutcome(Status.BROKEN, words, dead_host=host)

    async def _where(self, host: str, port: int, redirected: bool) -> NetOutcome | None:
        """None when `host` may be requested; otherwise why not."""
        literal = _ip_literal(host)
        addresses = [literal] if literal else []
        if not literal:
            if self.policy.private_host(host):
                return _private(host, "a name only used inside networks", redirected)
            else:
                try:
                    addresses = await self.lookup(host, port)
                except NameNotFound:
                    return await self._unreachable(f"the domain '{host}' no longer exists (its name "
                                                   "does not resolve)", host)
                except NameLookupFailed as exc:
                    outcome = await self._unreachable(str(exc))
                    if outcome.status is Status.BROKEN:
                        outcome.status = Status.TIMEOUT
                    return outcome
        if host not in self.private:  # judged once a host, not once a link
            self.private[host] = next((a for a in addresses if self.policy.private(a)), "")
        return _private(host, self.private[host], redirected) if self.private[host] else None

    async def lookup(self, host: str, port: int) -> list[str]:
        """The addresses of `host`, looked up once a run however many links it has (an
        internationalised name and its punycode spelling are one host)."""
        key = _ascii_host(host)
        if key not in self.addresses:
            self.addresses[key] = asyncio.ensure_future(self.network.resolve(host, port))
        return await asyncio.shield(self.addresses[key])

    async def vetted(self, host: str, port: int) -> list[str]:
        """The session's resolver: the addresses `_where` allowed, so a connection only goes
        where the private-network check looked (a name that answers differently a moment
        later cannot slip a private address in)."""
        addresses = await self.lookup(host, port)
        if any(self.policy.private(a) for a in addresses):
            raise OSError(f"'{host}' is on a private network; not connected")
        return addresses

    async def _request(self, method: str, url: str) -> Answer | NetOutcome:
        """One request with retries: the final answer, or an outcome when none came."""
        host = (urlsplit(url).hostname or "").lower()
        gate, attempt = self._gate(host), 0
        while True:
            if host in self.held:
                return NetOutcome(Status.RATE_LIMITED, self.held[host], 429)
            failure, answer = None, None
            try:
                async with gate, self.slots:
                    if host in self.held:
                        return NetOutcome(Status.RATE_LIMITED, self.held[host], 429)
                    self.requests += 1
                    answer = await send(self.session, method, url, self.settings.timeout)
            except aiohttp.ConnectionTimeoutError:
                return await self._unreachable(f"could not connect to '{host}' within "
                                               f"{self.settings.connect_timeout:g} s")
            except aiohttp.ClientConnectorError as exc:
                words, answered = explain_connect_error(exc, host)
                if answered:
                    return NetOutcome(Status.BROKEN, words)
                return await self._unreachable(words)
            except TimeoutError:
                failure = NetOutcome(Status.TIMEOUT, f"no answer within {self.settings.timeout:g} s "
                                     f"({_tries(attempt)})")
            if answer is not None:
                code = answer.status_code
                if code in (403, 429, 503) and pages.challenge(answer.headers, answer.body):
                    return NetOutcome(Status.BLOCKED, f"{code}: a bot-wall challenge page", code)
                if code == 429:
                    asked = parse_retry_after(answer.headers.get("retry-after"))
                    if asked is not None and asked > self.settings.retry_after_max:
                        self.held[host] = (f"429 Too Many Requests: '{host}' asked to wait {asked:g} s, "
                                           f"more than the {self.settings.retry_after_max:g} s limit, "
                                           "so nothing more was asked of it this run")
                        return NetOutcome(Status.RATE_LIMITED, self.held[host], 429)
                    failure = NetOutcome(Status.RATE_LIMITED, f"429 Too Many Requests after "
                                         f"{_tries(attempt)}", 429)
                    gate.push_back(asked or 0.0)
                elif 500 <= code < 600 and method == "GET":
                    failure = NetOutcome(Status.BROKEN, f"{code} {answer.reason} after {_tries(attempt)}", code)
                else:
                    return answer
            if attempt >= self.settings.retries:
                return failure
            wait = self.settings.backoff * 2 ** attempt
            if failure.status is Status.RATE_LIMITED:
                wait = max(wait, parse_retry_after(answer.headers.get("retry-after")) or 0.0)
                gate.push_back(wait)
            if wait > self.wait_left:
                failure.info += "; the run's retry wait budget is spent"
                return failure
            self.wait_left -= wait
            await asyncio.sleep(wait)
            attempt += 1

    async def _follow(self, url: str, method: str) -> NetOutcome:
        """Follow redirects by hand, so loops, long chains and bad targets are named."""
        chain, current, permanent = [url], url, False
        # A visit is (address, cookies held): coming back to an address with a new cookie
        # is how cookie walls work, not a loop.
        visits = {(normalise_url(url), self._cookies())}
        for _ in range(self.settings.max_redirects + 1):
            parts = urlsplit(current)
            host = (parts.hostname or "").lower()
            if pages.parking_host(host):
                return NetOutcome(Status.PARKED, f"the domain is parked or for sale (it leads to {host})",
                                  None, current if current != url else "")
            refused = await self._where(host, parts.port or (443 if parts.scheme == "https" else 80),
                                        redirected=current != url)
            if refused is not None:
                return refused
            got = await self._request(method, current)
            if isinstance(got, NetOutcome):
                got.final_uri = got.final_uri or (current if current != url else "")
                return got
            location = got.location
            if got.status_code in REDIRECTS and location:
                target = urljoin(current, location.strip())
                moved = _bad_redirect(target, got.status_code)
                if moved is not None:
                    return moved
                seen = [normalise_url(u) for u in chain]
                visit = (normalise_url(target), self._cookies())
                if visit in visits:
                    loop = " -> ".join(chain[seen.index(normalise_url(target)):] + [target])
                    return NetOutcome(Status.BROKEN, f"redirect loop: {loop}", got.status_code, target)
                permanent = permanent or got.status_code in PERMANENT
                if got.status_code == 303:
                    method = "GET"
                chain.append(target)
                visits.add(visit)
                current = target
                continue
            return self._classify(got, url, current, permanent)
        return NetOutcome(Status.BROKEN, f"more than {self.settings.max_redirects} redirects",
                          None, current)

    def _cookies(self) -> frozenset:
        return frozenset((c["domain"], c["path"], c.key, c.value) for c in self.session.cookie_jar)

    def _classify(self, got: Answer, url: str, final: str, permanent: bool) -> NetOutcome:
        code = got.status_code
        words = f"{code} {got.reason}".strip()
        moved = final if final != url else ""
        at = f" at {final}" if moved else ""
        if code < 400:
            if got.unreadable:
                return NetOutcome(Status.BROKEN, f"{words}, but {got.unreadable}{at}", code, moved)
            parked = pages.parked_page(got.body)
            if parked:
                return NetOutcome(Status.PARKED, f"the page says '{parked}'{at}", code, moved)
            missing = pages.soft_404(got.body)
            if missing:
                return NetOutcome(Status.SOFT_404, f"{words}, but the page says '{missing[:80]}'{at}",
                                  code, moved)
            anchors = pages.anchors(got.body) if got.complete else None
            if moved and permanent:
                return NetOutcome(Status.REDIRECTED, f"{words}{at}", code, final, anchors)
            return NetOutcome(Status.WORKING, words + at, code, moved, anchors)
        if code in BLOCKED:
            return NetOutcome(Status.BLOCKED, words, code, moved)
        if code == 429:
            return NetOutcome(Status.RATE_LIMITED, words, code, moved)
        return NetOutcome(Status.BROKEN, words, code, moved)

    async def check(self, url: str) -> NetOutcome:
        """The verdict on one URL; whatever goes wrong becomes that URL's verdict."""
        try:
            if self.settings.head and _FILE_LIKE.search(urlsplit(url).path):
                outcome = await self._follow(url, "HEAD")
                if outcome.http_status is None or outcome.http_status < 400 \
                        or outcome.status is Status.RATE_LIMITED:
                    return outcome
            return await self._follow(url, "GET")
        except _FAILED as exc:
            return NetOutcome(Status.BROKEN, f"the check failed: {exc or type(exc).__name__}")


@functools.lru_cache(maxsize=4096)
def _ip_literal(host: str) -> str:
    """The address a host written as an IP address stands for, or '' for a name."""
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return ""


def _ascii_host(host: str) -> str:
    try:
        return host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return host.lower()


def _private(host: str, address: str, redirected: bool) -> NetOutcome:
    if redirected:
        return NetOutcome(Status.BROKEN, f"redirects into a private network ('{host}', {address}), "
                          "which was not followed")
    return NetOutcome(Status.PRIVATE, f"'{host}' is on a private network ({address})")


def _bad_redirect(target: str, code: int) -> NetOutcome | None:
    """An error for a redirect that must not be followed: a non-web scheme or a target that
    is not an address at all."""
    scheme = target.split(":", 1)[0].lower() if ":" in target else ""
    shown = unquote(target)[:80]
    if scheme not in WEB_SCHEMES:
        return NetOutcome(Status.BROKEN, f"{code}: redirects to a {scheme}: address ({shown}), "
                          "which is not a web page", code, "")
    try:
        parts = urlsplit(target)
        parts.port
        yarl.URL(target)
    except ValueError as exc:
        return NetOutcome(Status.BROKEN, f"{code}: redirects to '{shown}', which is not a usable "
                          f"address ({exc})", code, "")
    if not parts.hostname:
        return NetOutcome(Status.BROKEN, f"{code}: redirects to '{shown}', which has no host name", code, "")
    return None


async def check_urls(urls, settings: LinkSettings, traces=(),
                     network: Network | None = None) -> tuple[dict[str, NetOutcome], bool, int]:
    """(outcome by URL, whether the network was found to be down, requests made), for
    distinct `urls` (any iterable: each is started as it comes). `traces` are aiohttp
    TraceConfigs (tests watch or fail requests with them)."""
    network = network or Network(settings.connect_timeout)
    checker = NetChecker(settings, network, AddressPolicy(settings.allow_private))
    headers = {"User-Agent": settings.user_agent,
               "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8",
               "Accept-Language": "en-GB,en;q=0.8"}
    async with open_session(settings.concurrency, settings.per_host, settings.connect_timeout,
                            headers, checker.vetted, traces) as session:
        checker.session = session
        tasks, hosts = {}, set()
        for url in urls:
            tasks[url] = asyncio.ensure_future(checker.check(url))
            host = urlsplit(url).hostname
            if host not in hosts:
                # A host's first request sets the start of its polite schedule, so it
                # leaves now rather than after every other task has been created.
                hosts.add(host)
                await asyncio.sleep(0)
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
        if task.cancelled():
            outcomes[url] = (NetOutcome(Status.OFFLINE, "not checked: no network") if went_offline
                             else NetOutcome(Status.TIMEOUT, "not checked: the link check reached its "
                                             f"{settings.deadline:g} s deadline"))
        elif task.exception() is not None:  # a fault of ours: one verdict lost, never the run's
            exc = task.exception()
            outcomes[url] = NetOutcome(Status.BROKEN, f"the check failed ({type(exc).__name__}: {exc})")
        else:
            outcomes[url] = task.result()
    return outcomes, went_offline, checker.requests
