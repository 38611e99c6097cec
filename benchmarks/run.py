"""Print build benchmark figures (nothing is asserted): `invoke bench` or `python benchmarks/run.py`.

Every figure comes with the date and the machine. Measures, on copies in a temporary
folder: a cold build of the reference project with the default formats, a no-op rebuild,
a one-review edit, the axe-core pass's added seconds and memory; serial against parallel
on a synthetic project of 24 reviews; whole-process `bulletin build NAME` against
WeasyPrint's own command line on the same HTML (whole_process.py) for the Child F
briefing and the Essex compendium, in seconds and, where valgrind is installed, in
instructions; a save under `bulletin watch` to its reload message (watch_latency.py);
time and peak memory of a synthetic project of 100 reviews, and of 500 with `--large`
(over five minutes on 2 cores). Then the link checker's benchmark, if present.
`--pairs N` sets the number of paired runs (default 5).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
from watch_latency import bench_watch  # noqa: E402
from whole_process import (bench_against_weasyprint, bench_instructions, default_formats,  # noqa: E402
                           machine, paired)

FORMATS = "pdf,docx,html,print"  # every format: the parallel and scale runs


def run_build(root: Path, *args: str) -> tuple[float, str]:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "bulletin.cli", "--root", str(root), "build",
                           "--offline", "--no-axe", *args], capture_output=True, text=True)
    return time.perf_counter() - started, proc.stdout + proc.stderr


def built_names(output: str) -> list[str]:
    return [line.split()[1] for line in output.splitlines() if line.strip().startswith("built ")]


def copy_reference(tmp: Path, name: str = "reference") -> Path:
    root = tmp / name
    root.mkdir()
    for part in ("sources", "layouts", "bulletin.yaml", "links-allow.yaml"):
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, root / part)
        elif source.is_file():
            shutil.copy(source, root / part)
    return root


def bench_reference(tmp: Path) -> None:
    root = copy_reference(tmp)
    cold, out = run_build(root)
    count = len(built_names(out))
    noop, _ = run_build(root)
    review = root / "sources" / "reviews" / "child-f.yaml"
    review.write_text(review.read_text().replace("Child F died", "Child F sadly died", 1))
    edit, out = run_build(root)
    print(f"reference project, {count} publications, default formats ({','.join(default_formats())}):")
    print(f"  cold build          {cold:6.2f} s")
    print(f"  no-op rebuild       {noop:6.2f} s  ({100 * noop / cold:.1f}% of cold)")
    print(f"  edit child-f review {edit:6.2f} s  rebuilt: {', '.join(built_names(out)) or 'nothing'}")
    sizes = ", ".join(f"{pdf.name} {pdf.stat().st_size / 1000:.0f} KB" for pdf in sorted((root / "dist").glob("*.pdf")))
    print(f"  PDF sizes (KB of 1,000 bytes; the e-mail budget is 500 KB): {sizes}")
    from bulletin.checks.accessibility.axe import axe_available
    why = axe_available()[2]
    if why:
        print(f"  axe-core pass: not measured ({why})")
        return
    # alternating pairs of whole --force builds, with and without the axe pass, with --jobs 1 so that
    # every process is one the build waits for (its Chromiums), whose CPU and peak memory wait4 reports
    command = [sys.executable, "-m", "bulletin.cli", "--root", str(root), "build", "--force", "--offline", "--jobs", "1"]
    axe_on = {**os.environ, "BULLETIN_AXE": "on"}
    plain, axe = paired([*command, "--no-axe"], command, 2, env=axe_on)
    median = statistics.median
    seconds, seconds_axe = median(r.seconds for r in plain), median(r.seconds for r in axe)
    cpu, cpu_axe = median(r.cpu for r in plain), median(r.cpu for r in axe)
    print(f"  --force build, --jobs 1, with the axe-core pass {seconds_axe:6.2f} s (CPU {cpu_axe:.2f} s), without "
          f"{seconds:6.2f} s (CPU {cpu:.2f} s): the pass adds {seconds_axe - seconds:.2f} s wall, "
          f"{cpu_axe - cpu:.2f} s CPU; largest process {max(r.peak_mb for r in axe):.0f} MB with it (a Chromium), "
          f"{max(r.peak_mb for r in plain):.0f} MB without (medians of 2 runs each)")


def bench_parallel(tmp: Path) -> None:
    from bulletin.synthetic import write_synthetic_project
    root = write_synthetic_project(tmp / "synthetic-24", 24)
    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"  # Word files carry a date; fix it to compare bytes

    def outputs():
        return {p.name: p.read_bytes() for p in (root / "dist").iterdir()
                if p.is_file() and p.name != ".manifest.json"}
    serial, _ = run_build(root, "--format", FORMATS, "--jobs", "1", "--force")
    serial_files = outputs()
    parallel, out = run_build(root, "--format", FORMATS, "--jobs", str(os.cpu_count()), "--force")
    same = serial_files == outputs()
    del os.environ["SOURCE_DATE_EPOCH"]
    print(f"synthetic project, {len(built_names(out))} publications, {os.cpu_count()} cores:")
    print(f"  serial (--jobs 1)   {serial:6.2f} s")
    print(f"  parallel (--jobs {os.cpu_count()}) {parallel:6.2f} s  ({serial / parallel:.2f}x); "
          f"outputs byte-identical: {same}")


def bench_scale(tmp: Path, sizes) -> None:
    from bulletin.synthetic import write_synthetic_project
    print(f"synthetic projects (cold build, {FORMATS}, all cores):")
    figures = []
    for size in sizes:
        root = write_synthetic_project(tmp / f"synthetic-{size}", size)
        publications = len(list((root / "sources" / "publications").glob("*.yaml")))
        out = subprocess.run([sys.executable, __file__, "--measure-build", str(root)],
                             capture_output=True, text=True, check=True).stdout
        seconds, parent_mb, worker_mb, built = out.split()
        per = float(seconds) / publications
        growth = f"; {per / figures[-1][0]:.2f}x the time per publication of the smaller run" if figures else ""
        print(f"  {size:4d} reviews, {publications} publications: {float(seconds):6.1f} s "
              f"({per * 1000:.0f} ms each), peak memory: main process {float(parent_mb):.0f} MB, "
              f"largest worker {float(worker_mb):.0f} MB, {built} built{growth}")
        figures.append((per, float(parent_mb), float(worker_mb), size))
    if len(figures) < 2:
        print("  500 reviews: not run (over five minutes on 2 cores; `python benchmarks/run.py --large`), "
              "so this run does not say whether memory grows with the project")
        return
    (_, parent_a, worker_a, small), (_, parent_b, worker_b, large) = figures[0], figures[-1]
    grows = parent_b > 1.1 * parent_a or worker_b > 1.1 * worker_a
    print(f"  memory {'GROWS' if grows else 'does not grow'} with the project (more than 10% counts): "
          f"{small} to {large} reviews, main process {parent_a:.0f} to {parent_b:.0f} MB "
          f"({parent_b / parent_a:.2f}x), largest worker {worker_a:.0f} to {worker_b:.0f} MB ({worker_b / worker_a:.2f}x)")


def descendants_peak_mb(pid: int) -> float:
    """The largest peak resident size (VmHWM) among the living descendants of `pid`.
    Workers are children of a fork server, not of the build, so RUSAGE_CHILDREN misses them."""
    parents, peaks = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(entry.name)] = int(fields.get("PPid", "0"))
        peaks[int(entry.name)] = int(fields.get("VmHWM", "0 kB").split()[0]) / 1024
    best = 0.0
    for child, peak in peaks.items():
        ancestor = parents.get(child)
        while ancestor and ancestor != pid:
            ancestor = parents.get(ancestor)
        if ancestor == pid:
            best = max(best, peak)
    return best


def measure_build(root: Path) -> None:
    """Run in a fresh process by bench_scale: build `root` with all cores and print
    seconds, the build's peak memory, the largest worker's peak and the number built."""
    import threading

    from bulletin.build import build
    worker_peak = [0.0]
    done = threading.Event()

    def watch():
        while not done.wait(0.2):
            worker_peak[0] = max(worker_peak[0], descendants_peak_mb(os.getpid()))
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    started = time.perf_counter()
    result = build(root, formats=tuple(FORMATS.split(",")), jobs=os.cpu_count(), offline=True)
    seconds = time.perf_counter() - started
    done.set()
    watcher.join()
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(seconds, parent, worker_peak[0], sum(p.status == "built" for p in result.publications))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", action="store_true", help="also the 500-review project (over five minutes)")
    parser.add_argument("--pairs", type=int, default=5, help="paired runs per whole-process comparison")
    parser.add_argument("--only", choices=("reference", "parallel", "weasyprint", "instructions", "watch",
                                           "scale", "links"), action="append", help="run only these parts")
    parser.add_argument("--measure-build", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure_build:
        return measure_build(args.measure_build)
    wanted = set(args.only or ("reference", "parallel", "weasyprint", "instructions", "watch", "scale", "links"))
    sys.stdout.reconfigure(line_buffering=True)
    print(f"bulletin benchmarks, {machine()}")
    # Figures are for the pipeline; the optional axe pass (Chromium per page) is timed apart.
    os.environ["BULLETIN_AXE"] = "off"
    with tempfile.TemporaryDirectory(prefix="bulletin-bench-") as tmp:
        tmp = Path(tmp)
        if "reference" in wanted:
            bench_reference(tmp)
        if "parallel" in wanted:
            bench_parallel(tmp)
        if wanted & {"weasyprint", "instructions"}:
            for name in ("child-f-briefing", "essex-briefing-2017-07"):
                root = copy_reference(tmp, f"whole-{name}")
                if "weasyprint" in wanted:
                    bench_against_weasyprint(root, name, args.pairs)
                if "instructions" in wanted and name == "child-f-briefing":
                    bench_instructions(root, name)
        if "watch" in wanted:
            bench_watch(copy_reference(tmp, "watch"))
            bench_watch(copy_reference(tmp, "watch-all"), formats=",".join(default_formats()))
        if "scale" in wanted:
            bench_scale(tmp, (100, 500) if args.large else (100,))
    links = REPO / "benchmarks" / "bench_links.py"
    if "links" in wanted and links.is_file():
        print("link checker:")
        subprocess.run([sys.executable, str(links), "--repeat", "3"], check=False)


if __name__ == "__main__":
    main()
