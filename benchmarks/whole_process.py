"""Turn whole-process commands into paired figures: `bulletin build NAME` against WeasyPrint's own command line on the same HTML.

What a user runs is a whole process: interpreter start, imports, the build, its checks,
the files written. The anchor is `python -m weasyprint` on the HTML that build wrote,
with the same fonts (dist/assets/fonts, which the HTML's @font-face rules name) and the
same PDF/UA-1 options (`--pdf-variant pdf/ua-1 --pdf-tags`), so both lay out the same
pages. Runs are paired and alternate which goes first; medians are compared, and so is
the median of each pair's ratio, because the machine is shared and one run alone varies
by a quarter. Where valgrind is installed, the same two commands are also counted in
instructions (callgrind, the main process only), which do not vary with load.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BULLETIN = [sys.executable, "-m", "bulletin.launcher"]  # what the installed `bulletin` script runs
PDF_UA = ["--pdf-variant", "pdf/ua-1", "--pdf-tags"]  # what render/pdf.py's PDF_OPTIONS asks of WeasyPrint


def machine() -> str:
    """The date and the machine, printed with every set of figures."""
    cpu = "unknown CPU"
    memory = 0.0
    try:
        cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), cpu)
        memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal")) / 1024 ** 2
    except (OSError, StopIteration, ValueError):
        pass
    return (f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores (nproc), "
            f"{cpu}, {memory:.0f} GiB RAM, {platform.system()} {platform.release()}, Python {platform.python_version()}")


@dataclass
class Run:
    seconds: float      # wall-clock
    cpu: float          # user + system of the process and the children it waited for
    peak_mb: float      # largest resident size among them (ru_maxrss)
    code: int


def run(command: list[str], cwd: Path | None = None, env: dict | None = None) -> Run:
    """One whole process, timed from fork to exit, with its own resource usage (wait4)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode)


def paired(first: list[str], second: list[str], pairs: int, cwd: Path | None = None,
           env: dict | None = None) -> tuple[list[Run], list[Run]]:
    """`pairs` runs of each command, alternating which goes first in each pair."""
    ones, twos = [], []
    for number in range(pairs):
        if number % 2 == 0:
            ones.append(run(first, cwd, env))
            twos.append(run(second, cwd, env))
        else:
            twos.append(run(second, cwd, env))
            ones.append(run(first, cwd, env))
    return ones, twos


def ratio_line(label: str, ours: list[Run], anchor: list[Run], served: bool = False) -> str:
    """A comparison's line. For a `served` command, CPU and memory are not given: the work is
    done in a fork of the resident, which wait4 does not count."""
    median = statistics.median
    wall, cpu = median(r.seconds for r in ours), median(r.cpu for r in ours)
    wall_a, cpu_a = median(r.seconds for r in anchor), median(r.cpu for r in anchor)
    pair_ratios = sorted(o.seconds / a.seconds for o, a in zip(ours, anchor))
    failed = sum(r.code not in (0, 1) for r in ours) + sum(r.code != 0 for r in anchor)
    own = ("CPU and memory in the resident's fork, not counted" if served else
           f"CPU {cpu:5.2f} s, largest process {median(r.peak_mb for r in ours):4.0f} MB")
    return (f"  {label}: bulletin {wall:5.2f} s ({own})"
            f" / WeasyPrint {wall_a:5.2f} s (CPU {cpu_a:5.2f} s, {median(r.peak_mb for r in anchor):4.0f} MB)"
            f" = {wall / wall_a:.2f}x wall" + ("" if served else f", {cpu / cpu_a:.2f}x CPU") + "; each pair's ratio "
            f"{pair_ratios[0]:.2f}-{pair_ratios[-1]:.2f}x, median {median(pair_ratios):.2f}x"
            + (f"; {failed} runs FAILED" if failed else ""))


def build_command(root: Path, name: str, formats: str | None) -> list[str]:
    return [*BULLETIN, "--root", str(root), "build", name, "--force", "--offline", "--no-axe",
            *(["--format", formats] if formats else [])]


def weasyprint_command(root: Path, name: str, out: Path) -> list[str]:
    """WeasyPrint alone on the HTML the build wrote, with the same fonts and PDF/UA options."""
    html = next((root / "dist").glob(f"*{name}.html"))
    return [sys.executable, "-m", "weasyprint", "-u", f"{root / 'dist'}/", *PDF_UA, str(html), str(out)]


def default_formats() -> tuple[str, ...]:
    """What `bulletin build` makes when no --format is given (the format registry's defaults)."""
    from bulletin import formats
    return tuple(getattr(formats, "defaults", formats.names)())


def formats_registry_names() -> tuple[str, ...]:
    from bulletin import formats
    return formats.names()


def bench_against_weasyprint(root: Path, name: str, pairs: int) -> None:
    """`bulletin build NAME` (PDF and HTML; then every default format) against WeasyPrint
    alone: each in a fresh process (BULLETIN_RESIDENT=off), and served by a resident
    process (bulletin/resident.py), as every build after the first at a terminal is."""
    out = root.parent / f"{name}-weasyprint.pdf"
    fresh = {**os.environ, "BULLETIN_RESIDENT": "off"}
    run(build_command(root, name, "pdf,html"), env=fresh)  # writes the HTML for the anchor; warms the disk cache
    anchor = weasyprint_command(root, name, out)
    if run(anchor).code != 0:
        print(f"  {name}: WeasyPrint's command line failed on the built HTML; no comparison")
        return
    print(f"{name}, whole processes, {pairs} alternating pairs, medians:")
    defaults = f"default formats ({','.join(default_formats())})"
    every = ",".join(formats_registry_names())
    with tempfile.TemporaryDirectory(prefix="bulletin-bench-runtime-") as runtime:
        served = {**os.environ, "BULLETIN_RESIDENT": "on", "BULLETIN_RUNTIME_DIR": runtime}
        started = run(build_command(root, name, "pdf,html"), env=served)  # no resident yet: runs here, starts one
        # the first command it serves waits for it to load and warm up: not counted
        waited = run(build_command(root, name, "pdf,html"), env=served)
        print(f"  the first build at a terminal, which starts the resident: {started.seconds:.2f} s; "
              f"the next, waiting for it to load: {waited.seconds:.2f} s (not counted below)")
        # the Word page check lays the .docx out in LibreOffice (where installed): its share, apart
        word_off = {"BULLETIN_WORD_PAGES": "off"}
        try:
            for label, formats, extra in (("PDF + HTML", "pdf,html", {}), (defaults, None, {}),
                                          (defaults + ", Word's pages not measured (BULLETIN_WORD_PAGES=off)",
                                           None, word_off),
                                          (f"every format ({every}, what publish makes)", every, {})):
                for how, env in (("a fresh process", fresh), ("served by a resident", served)):
                    ours, alone = paired(build_command(root, name, formats), anchor, pairs, env={**env, **extra})
                    print(ratio_line(f"{label}, {how}", ours, alone, served=env is served))
        finally:
            _stop_residents(Path(runtime))


def _stop_residents(runtime: Path) -> None:
    import signal
    for pid_file in runtime.glob("bulletin-*/*.pid"):
        try:
            os.kill(int(pid_file.read_text().split()[0]), signal.SIGTERM)
        except (OSError, ValueError):
            pass


def bench_instructions(root: Path, name: str) -> None:
    """The PDF + HTML comparison in instructions (callgrind, the main process; no worker is
    started for one publication)."""
    if not shutil.which("valgrind"):
        print("instructions: skipped (valgrind is not installed: apt-get install valgrind)")
        return
    with tempfile.TemporaryDirectory(prefix="bulletin-callgrind-") as tmp:
        commands = {"bulletin": build_command(root, name, "pdf,html"),
                    "WeasyPrint": weasyprint_command(root, name, Path(tmp) / "alone.pdf")}
        processes = {label: subprocess.Popen(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/{label}.out", *command],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for label, command in commands.items()}
        counts = {}
        for label, process in processes.items():
            process.wait()
            dump = Path(tmp) / f"{label}.out"
            totals = [line for line in dump.read_text().splitlines() if line.startswith(("totals:", "summary:"))] \
                if dump.is_file() else []
            counts[label] = int(totals[0].split()[1]) if totals else None
    if None in counts.values():
        print("instructions: callgrind wrote no counts")
        return
    ours, alone = counts["bulletin"], counts["WeasyPrint"]
    print(f"  PDF + HTML in instructions (callgrind, whole process): bulletin {ours / 1e9:.2f} G / "
          f"WeasyPrint {alone / 1e9:.2f} G = {ours / alone:.2f}x")
