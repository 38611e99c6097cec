"""Print build benchmark figures (nothing is asserted): `invoke bench` or `python benchmarks/run.py`.

Measures, on copies in a temporary folder: a cold build of the reference project, a
no-op rebuild, a one-review edit, serial against parallel on a synthetic project of
24 reviews, the pipeline's time for one publication against WeasyPrint alone on the
same final HTML (and, where valgrind is installed, the same in instructions, which do not
vary with the machine's load), and synthetic projects of 100 and 500 reviews (time and
peak memory).
Then the link checker's benchmark, if present. `--quick` skips the 500-review run.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FORMATS = "pdf,docx,html,print"


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
    cold, out = run_build(root, "--format", FORMATS)
    count = len(built_names(out))
    noop, _ = run_build(root, "--format", FORMATS)
    review = root / "sources" / "reviews" / "child-f.yaml"
    review.write_text(review.read_text().replace("Child F died", "Child F sadly died", 1))
    edit, out = run_build(root, "--format", FORMATS)
    shutil.rmtree(root / "dist")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bulletin.cli", "--root", str(root), "build", "--offline",
                    "--format", FORMATS], capture_output=True, text=True,
                   env={**os.environ, "BULLETIN_AXE": "on"})
    with_axe = time.perf_counter() - started
    print(f"reference project, {count} publications ({FORMATS}):")
    print(f"  cold build          {cold:6.2f} s")
    print(f"  no-op rebuild       {noop:6.2f} s  ({100 * noop / cold:.1f}% of cold)")
    print(f"  edit child-f review {edit:6.2f} s  rebuilt: {', '.join(built_names(out)) or 'nothing'}")
    from bulletin.checks.axe import axe_available
    if not axe_available()[2]:
        print(f"  cold build with axe {with_axe:6.2f} s  (the optional axe-core pass, Chromium per page)")


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


def bench_overhead(tmp: Path) -> None:
    """Whole pipeline for one publication (in-process, warm) against WeasyPrint alone
    writing the PDF of the same final HTML, in this process. Runs alternate, and the
    fastest of each is compared: on a shared virtual machine single runs of the same
    work varied by 25%, and the fastest is the one least disturbed."""
    import weasyprint
    from bulletin.build import build
    from bulletin.render.pdf import VIRTUAL_BASE, ProjectFetcher
    root = copy_reference(tmp, "overhead")
    build(root, ["child-f-briefing"], formats=("pdf", "html"), force=True, offline=True)  # warm caches
    html = next((root / "dist").glob("*child-f-briefing.html")).read_text()
    fetcher = ProjectFetcher(root, root / "layouts" / "wolverhampton")
    runs, ours, alone = 9, [], []
    for _ in range(runs):
        started = time.perf_counter()
        build(root, ["child-f-briefing"], formats=("pdf", "html"), force=True, offline=True)
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        weasyprint.HTML(string=html, base_url=VIRTUAL_BASE, url_fetcher=fetcher).write_pdf(
            pdf_variant="pdf/ua-1", pdf_tags=True)
        alone.append(time.perf_counter() - started)
    ours, alone = min(ours), min(alone)
    print(f"one publication (child-f-briefing, PDF + HTML with checks), fastest of {runs} warm runs:")
    print(f"  bulletin pipeline   {ours:6.3f} s")
    print(f"  WeasyPrint alone    {alone:6.3f} s  (pipeline = {ours / alone:.2f}x WeasyPrint)")


def bench_instructions(tmp: Path) -> None:
    """The overhead comparison again, in instructions counted by callgrind (the same
    count on every run, whatever else the machine is doing): one warm build of
    child-f-briefing against WeasyPrint alone on its final HTML."""
    header = Path("/usr/include/valgrind/callgrind.h")
    if not (shutil.which("valgrind") and shutil.which("cc") and header.is_file()):
        print("instructions: skipped (needs valgrind and a C compiler: apt-get install valgrind gcc)")
        return
    library = tmp / "libcallgrind_toggle.so"
    subprocess.run(["cc", "-shared", "-fPIC", "-O1", "-o", str(library),
                    str(REPO / "benchmarks" / "callgrind_toggle.c")], check=True)
    root = copy_reference(tmp, "instructions")
    runs = {}
    for mode in ("pipeline", "weasyprint"):
        out = tmp / f"callgrind-{mode}"
        runs[mode] = (out, subprocess.Popen(
            ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}.%p",
             sys.executable, __file__, "--count-instructions", mode, str(root), str(library)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    counts = {}
    for mode, (out, process) in runs.items():
        process.wait()
        dumps = sorted(out.parent.glob(out.name + ".*.1"))
        totals = [line for d in dumps for line in d.read_text().splitlines() if line.startswith("totals:")]
        counts[mode] = int(totals[0].split()[1]) if totals else None
    if None in counts.values():
        print("instructions: callgrind wrote no counts")
        return
    ours, alone = counts["pipeline"], counts["weasyprint"]
    print("one publication (child-f-briefing, PDF + HTML with checks), instructions (callgrind):")
    print(f"  bulletin pipeline   {ours / 1e9:6.3f} G")
    print(f"  WeasyPrint alone    {alone / 1e9:6.3f} G  (pipeline = {ours / alone:.3f}x WeasyPrint)")


def count_instructions(mode: str, root: Path, library: Path) -> None:
    """Run under callgrind by bench_instructions: warm up, then count one run."""
    import ctypes

    import weasyprint
    from bulletin.build import build
    from bulletin.render.pdf import VIRTUAL_BASE, ProjectFetcher
    toggle = ctypes.CDLL(str(library))
    build(root, ["child-f-briefing"], formats=("pdf", "html"), force=True, offline=True)
    html = next((root / "dist").glob("*child-f-briefing.html")).read_text()
    fetcher = ProjectFetcher(root, root / "layouts" / "wolverhampton")

    def work():
        if mode == "pipeline":
            build(root, ["child-f-briefing"], formats=("pdf", "html"), force=True, offline=True)
        else:
            weasyprint.HTML(string=html, base_url=VIRTUAL_BASE, url_fetcher=fetcher).write_pdf(
                pdf_variant="pdf/ua-1", pdf_tags=True)
    work()
    toggle.cg_start()
    work()
    toggle.cg_stop()


def bench_scale(tmp: Path, sizes) -> None:
    from bulletin.synthetic import write_synthetic_project
    print("synthetic projects (cold build, all formats, all cores):")
    previous = None
    for size in sizes:
        root = write_synthetic_project(tmp / f"synthetic-{size}", size)
        publications = len(list((root / "sources" / "publications").glob("*.yaml")))
        out = subprocess.run([sys.executable, __file__, "--measure-build", str(root)],
                             capture_output=True, text=True, check=True).stdout
        seconds, parent_mb, worker_mb, built = out.split()
        per = float(seconds) / publications
        growth = f"; {per / previous:.2f}x the time per publication of the smaller run" if previous else ""
        print(f"  {size:4d} reviews, {publications} publications: {float(seconds):6.1f} s "
              f"({per * 1000:.0f} ms each), peak memory parent {float(parent_mb):.0f} MB, "
              f"largest worker {float(worker_mb):.0f} MB, {built} built{growth}")
        previous = per


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
    parser.add_argument("--quick", action="store_true", help="skip the 500-review project")
    parser.add_argument("--measure-build", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--count-instructions", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure_build:
        return measure_build(args.measure_build)
    if args.count_instructions:
        mode, root, library = args.count_instructions
        return count_instructions(mode, Path(root), Path(library))
    sys.stdout.reconfigure(line_buffering=True)
    # Figures are for the pipeline; the optional axe pass (Chromium per page) is timed once, apart.
    os.environ["BULLETIN_AXE"] = "off"
    with tempfile.TemporaryDirectory(prefix="bulletin-bench-") as tmp:
        tmp = Path(tmp)
        bench_reference(tmp)
        bench_parallel(tmp)
        bench_overhead(tmp)
        bench_instructions(tmp)
        bench_scale(tmp, (100,) if args.quick else (100, 500))
    links = REPO / "benchmarks" / "bench_links.py"
    if links.is_file():
        print("link checker:")
        subprocess.run([sys.executable, str(links), "--repeat", "3"], check=False)


if __name__ == "__main__":
    main()
