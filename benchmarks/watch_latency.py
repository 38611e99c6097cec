"""Turn saves of a review under a running `bulletin watch` into seconds from save to reload message.

Starts `bulletin watch` (HTML only, its default) on a copy of the reference project, waits
for its first build, then saves an edit of the Child F review (which reaches two
publications) and polls the page's version address, the one the served page asks every
500 ms, every 5 ms until the version goes up: that is the moment a browser's next poll
is told to reload. The browser's own poll interval comes on top (0-500 ms, 250 ms on
average), and is printed beside the figure.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

VERSION_PATH = "/__bulletin/version"
BROWSER_POLL_S = 0.5  # the reload script's interval (watch.py's RELOAD_SCRIPT)


def _version(port: int) -> int | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{VERSION_PATH}", timeout=2) as answer:
            return json.load(answer)["version"]
    except OSError:
        return None


def _wait_for(port: int, above: int, timeout: float) -> float | None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        version = _version(port)
        if version is not None and version > above:
            return time.perf_counter()
        time.sleep(0.005)
    return None


def bench_watch(root: Path, saves: int = 10) -> None:
    process = subprocess.Popen([sys.executable, "-m", "bulletin.cli", "--root", str(root), "watch", "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        port = None
        for line in process.stdout:  # "... open http://127.0.0.1:PORT/ (Ctrl+C to stop)"
            if "http://127.0.0.1:" in line:
                port = int(line.split("http://127.0.0.1:", 1)[1].split("/", 1)[0])
                break
        if port is None or _wait_for(port, 0, 300) is None:
            print("watch: the first build did not finish; no figure")
            return
        review = root / "sources" / "reviews" / "child-f.yaml"
        original = review.read_text(encoding="utf-8")
        delays = []
        for number in range(saves):
            time.sleep(1.0)  # let the watcher settle, as between a person's saves
            before = _version(port) or 0
            edited = original.replace("Child F died", f"Child F died{' ' * (number % 2 + 1)}", 1)
            if edited == original:
                edited = original + f"\n# save {number}\n"
            saved = time.perf_counter()
            review.write_text(edited, encoding="utf-8")
            reloaded = _wait_for(port, before, 60)
            if reloaded is not None:
                delays.append(reloaded - saved)
        review.write_text(original, encoding="utf-8")
    finally:
        process.terminate()
        process.wait(timeout=30)
    if not delays:
        print("watch: no save was rebuilt; no figure")
        return
    delays.sort()
    print(f"bulletin watch, HTML preview, save of the Child F review (2 publications) to reload message, "
          f"{len(delays)} of {saves} saves: median {statistics.median(delays):.2f} s "
          f"(fastest {delays[0]:.2f} s, slowest {delays[-1]:.2f} s); the page's own poll adds 0-{BROWSER_POLL_S:.1f} s")
