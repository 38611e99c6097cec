"""Turn host names into addresses, addresses into 'public or private', and the machine's own
network state into 'online or offline'.

Offline is decided from the network itself, never from the publication's hosts: a lapsed
partner domain must come out as a dead link, not as 'no network'. The probe asks whether
this machine has a route to the internet and whether any of a few well-known names
resolve. Tests pass their own `Network` (a table of names and a fixed answer to 'online?'),
so they never need the internet.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass, field

# Names that only mean something inside a network (cloud metadata services, mDNS,
# site-internal zones). Reserved names such as .invalid are left to DNS: they do not exist.
PRIVATE_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa")
PRIVATE_NAMES = {"localhost", "metadata", "metadata.google.internal", "instance-data"}
# Where the probe looks: public resolvers' addresses (a UDP 'connect' sends no packet but
# fails at once without a route) and names that always resolve when DNS works.
ROUTE_PROBES = ("1.1.1.1", "8.8.8.8", "2606:4700:4700::1111")
NAME_PROBES = ("one.one.one.one", "dns.google", "www.gov.uk")


class NameNotFound(Exception):
    """The name does not exist in DNS (as opposed to DNS not answering)."""


class NameLookupFailed(Exception):
    """DNS did not answer: a temporary failure, or no DNS at all."""


def parse_networks(values) -> list:
    """ip_network objects from strings such as '127.0.0.0/8' or '10.1.2.3'; ValueError
    names the first that is not one."""
    return [ipaddress.ip_network(str(v).strip(), strict=False) for v in values or []]


def private_name(host: str) -> bool:
    host = host.lower().strip("[]").rstrip(".")
    return host in PRIVATE_NAMES or host.endswith(PRIVATE_SUFFIXES) or "." not in host


def is_public_host(host: str) -> bool:
    """False for loopback, private, link-local, shared (CGNAT) and unique-local addresses,
    and for reserved or network-internal names."""
    host = host.lower().strip("[]").rstrip(".")
    try:
        return ipaddress.ip_address(host).is_global
    except ValueError:
        return not private_name(host)


@dataclass
class AddressPolicy:
    """Which addresses may be requested: public ones, and any in `allowed`
    (`links: allow_private:` in bulletin.yaml)."""

    allowed: list = field(default_factory=list)

    def private(self, address: str) -> bool:
        """True when `address` is not public and not allowed."""
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if ip.is_global:
            return False
        return not any(ip.version == net.version and ip in net for net in self.allowed)

    def private_host(self, host: str) -> bool:
        """For a name (before it is resolved): True when it is a network-internal name."""
        if not private_name(host):
            return False
        if host.lower().rstrip(".") == "localhost":
            return self.private("127.0.0.1")
        return True


class Network:
    """The real network: name lookup through the system resolver, and the offline probe."""

    def __init__(self, timeout: float = 3.0):
        self.timeout = timeout
        self._online: asyncio.Task | None = None

    async def resolve(self, host: str, port: int) -> list[str]:
        """The addresses of `host`; NameNotFound or NameLookupFailed."""
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(self.timeout):
                infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except TimeoutError:
            raise NameLookupFailed(f"looking up '{host}' took more than {self.timeout:g} s") from None
        except socket.gaierror as exc:
            if exc.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)):
                raise NameNotFound(host) from None
            raise NameLookupFailed(f"looking up '{host}' failed ({exc.strerror})") from None
        except UnicodeError:
            raise NameNotFound(host) from None
        return list(dict.fromkeys(info[4][0] for info in infos))

    async def online(self) -> bool:
        """Asked at most once a run, and only after a request could not be made."""
        if self._online is None:
            self._online = asyncio.ensure_future(self._probe())
        return await asyncio.shield(self._online)

    async def _probe(self) -> bool:
        if not any(_has_route(address) for address in ROUTE_PROBES):
            return False
        for name in NAME_PROBES:
            try:
                await self.resolve(name, 443)
                return True
            except (NameNotFound, NameLookupFailed):
                continue
        return False


def _has_route(address: str) -> bool:
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as sock:
            sock.connect((address, 53))  # UDP: chooses a route, sends nothing
        return True
    except OSError:
        return False


class FixedNetwork(Network):
    """A network for tests and benchmarks: `names` maps a host to its addresses (a missing
    name does not exist), `is_online` is the probe's answer."""

    def __init__(self, names: dict[str, list[str]] | None = None, is_online: bool = True):
        super().__init__()
        self.names = {k.lower(): v for k, v in (names or {}).items()}
        self.is_online = is_online
        self.probes = 0
        self.lookups: list[str] = []

    async def resolve(self, host: str, port: int) -> list[str]:
        self.lookups.append(host)
        if not self.is_online:
            raise NameLookupFailed(f"looking up '{host}' failed (no DNS)")
        if host.lower() not in self.names:
            raise NameNotFound(host)
        return self.names[host.lower()]

    async def _probe(self) -> bool:
        self.probes += 1
        return self.is_online
