"""Turn saves of a review under a running `bulletin watch` into seconds from save to reload message.

Starts `bulletin watch` on a copy of the reference project (HTML only, its default, and
again with every default format), waits for its first build, then saves edits of the
Child F review (which reaches two publications) and polls the page's version address,
the one the served page asks every 500 ms, every 5 ms until the version goes up: that is
the moment a browser's next poll is told to reload, and the page it then gets shows the
edit (the preview). Each save is made once the watcher has finished the last one's build
(its report line is printed) and half a second has passed, as between a person's saves;
the time from the save to that report line is the build's, which writes dist/ after the
preview. The browser's own poll interval comes on top (0-500 ms, 250 ms on average), and
is printed beside the figure.
"""

from __future__ import annotations

import json
import queue
import statistics
import subprocess
import sys
import threading
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


def _lines(process) -> queue.Queue:
    """The watcher's output lines as they come, each with the moment it was read (the
    pipe is always drained, so the watcher never blocks on it)."""
    lines: queue.Queue = queue.Queue()

    def read():
        for line in process.stdout:
            lines.put((time.perf_counter(), line))
    threading.Thread(target=read, daemon=True).start()
    return lines


def _next_report(lines: queue.Queue, timeout: float) -> float | None:
    """The moment the watcher printed its next "[hh:mm:ss] rebuilt ..." line: a build done."""
    deadline = time.perf_counter() + timeout
    while True:
        try:
            when, line = lines.get(timeout=max(0.0, deadline - time.perf_counter()))
        except queue.Empty:
            return None
        if "] rebuilt " in line:
            return when


def bench_watch(root: Path, saves: int = 10, formats: str = "html") -> None:
    process = subprocess.Popen([sys.executable, "-m", "bulletin.cli", "--root", str(root), "watch", "--port", "0",
                                "--format", formats],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    delays, builds = [], []
    try:
        port = None
        for line in process.stdout:  # "... open http://127.0.0.1:PORT/ (Ctrl+C to stop)"
            if "http://127.0.0.1:" in line:
                port = int(line.split("http://127.0.0.1:", 1)[1].split("/", 1)[0])
                break
        lines = _lines(process)
        if port is None or _next_report(lines, 300) is None:
            print("watch: the first build did not finish; no figure")
            return
        review = root / "sources" / "reviews" / "child-f.yaml"
        original = review.read_text(encoding="utf-8")
        for number in range(saves):
            time.sleep(0.5)  # the watcher is idle: its last build printed its report
            before = _version(port) or 0
            edited = original.replace("Child F died", f"Child F died{' ' * (number % 2 + 1)}", 1)
            if edited == original:
                edited = original + f"\n# save {number}\n"
            saved = time.perf_counter()
            review.write_text(edited, encoding="utf-8")
            reloaded = _wait_for(port, before, 60)
            built = _next_report(lines, 120)
            if reloaded is not None:
                delays.append(reloaded - saved)
            if built is not None:
                builds.append(built - saved)
        review.write_text(original, encoding="utf-8")
    finally:
        process.terminate()
        process.wait(timeout=30)
    if not delays:
        print("watch: no save was rebuilt; no figure")
        return
    delays.sort()
    built = (f"; the build writing dist/ done after a median {statistics.median(builds):.2f} s"
             if builds else "")
    print(f"bulletin watch --format {formats}, save of the Child F review (2 publications) to the HTML "
          f"preview's reload message, {len(delays)} of {saves} saves: median {statistics.median(delays):.2f} s "
          f"(fastest {delays[0]:.2f} s, slowest {delays[-1]:.2f} s); the page's own poll adds "
          f"0-{BROWSER_POLL_S:.1f} s{built}")
