"""Local HTTP servers and settings for the link checker's tests: every case on 127.0.0.x,
never the internet."""

from __future__ import annotations

import socket
import threading
import time
from types import SimpleNamespace
from contextlib import contextmanager

import aiohttp
from pytest_httpserver import HTTPServer
from pytest_httpserver.httpserver import METHOD_ALL  # noqa: F401 (used by test_links_net)
from werkzeug import Request, Response

from bulletin.checks.links import LinkRef
from bulletin.diagnostics import Location

# Small timeouts and caps so that the slow cases end in about a second.
FAST = {
    "timeout": 0.5, "connect_timeout": 0.5, "retries": 1, "backoff": 0.01,
    "retry_after_max": 1, "wait_budget": 3, "host_interval": 0, "deadline": 20,
    "per_host": 4, "cache": False,
    # The test servers are on loopback, which the checker refuses unless told (docs/links.md).
    "allow_private": ["127.0.0.0/8"],
}


@contextmanager
def local_server(host: str = "127.0.0.1"):
    """A threaded pytest-httpserver on an ephemeral port of `host`."""
    server = HTTPServer(host=host, port=0, threaded=True)
    server.start()
    try:
        yield server
    finally:
        server.clear()
        server.stop()


@contextmanager
def several_servers(hosts: list[str]):
    """One server per host, stopped together (each stop waits out a poll interval)."""
    servers = [HTTPServer(host=host, port=0, threaded=True) for host in hosts]
    for server in servers:
        server.start()
    try:
        yield servers
    finally:
        stops = [threading.Thread(target=server.stop) for server in servers]
        for thread in stops:
            thread.start()
        for thread in stops:
            thread.join()


class RequestLog:
    """Notes every request the checker starts, as its HTTP client sees it: when, and to
    which host. `traces` goes to check_links; `fail` (host -> OSError) makes requests to a
    host fail to connect as if the network said so, without any packet being sent."""

    def __init__(self, fail: dict | None = None):
        self.starts: list[float] = []
        self.hosts: list[str] = []
        self.fail = fail or {}
        trace = aiohttp.TraceConfig()
        trace.on_request_start.append(self._started)
        self.traces = [trace]

    async def _started(self, session, context, params):
        self.starts.append(time.monotonic())
        self.hosts.append(params.url.host)
        error = self.fail.get(params.url.host) or self.fail.get("*")
        if error is not None:
            key = SimpleNamespace(host=params.url.host, port=params.url.port, ssl=True)
            raise aiohttp.ClientConnectorError(key, error)


def refused_url() -> str:
    """An address on which nothing listens: the port was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/nothing-here"


def refs_for(*urls: str, publication: str = "pub") -> list[LinkRef]:
    """One markdown reference per URL, on lines 1, 2, 3... of t.yaml."""
    return [LinkRef(url, f"link {i}", Location("t.yaml", i, 1), publication, "markdown")
            for i, url in enumerate(urls, 1)]


def requests_to(server: HTTPServer, path: str) -> list[str]:
    """The methods of the requests the server saw for a path, in order."""
    return [req.method for req, _ in server.log if req.path == path]


def answer_sequence(*responses):
    """A handler answering each request with the next (status, headers) in turn, the last
    one for ever after."""
    lock, calls = threading.Lock(), []

    def handler(request: Request) -> Response:
        with lock:
            status, headers = responses[min(len(calls), len(responses) - 1)]
            calls.append(request.method)
        return Response("", status=status, headers=headers)
    return handler


def slow(seconds: float, status: int = 200):
    def handler(request: Request) -> Response:
        time.sleep(seconds)
        return Response("late", status=status)
    return handler


class InFlight:
    """A handler that records how many requests it is serving at once, and when each came."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.lock = threading.Lock()
        self.now = 0
        self.most = 0
        self.arrivals: list[float] = []

    def __call__(self, request: Request) -> Response:
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
            self.arrivals.append(time.monotonic())
        time.sleep(self.seconds)
        with self.lock:
            self.now -= 1
        return Response("ok")
