"""Turn a BuildResult into dist/reports/*.jsonl and the short summary people read.

The summary is a table of what was built, skipped and failed, with sizes and times.
"""

from __future__ import annotations

import json
from pathlib import Path

from .diagnostics import Severity, count_by_severity
from .output import write_atomic


def human_size(size: int) -> str:
    """File sizes as people expect them: 158 KB, 1.2 MB."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{round(size / 1000)} KB"
    return f"{size / 1_000_000:.1f} MB"


def write_reports(result, dist: Path | None = None) -> Path:
    dist = dist or result.project.root / "dist"
    lines = [json.dumps(d.to_record(), ensure_ascii=False) for d in result.diagnostics]
    path = dist / "reports" / "build.jsonl"
    write_atomic(path, "\n".join(lines) + ("\n" if lines else ""))
    return path


def print_summary(result, stream) -> None:
    counts = count_by_severity(result.diagnostics)
    for pub in result.publications:
        sizes = ", ".join(f"{o.format.upper()} {human_size(o.size)}" for o in pub.outputs)
        detail = sizes if pub.status == "built" else (
            "not built: fix the errors above" if pub.status == "failed" else "skipped: its sources have errors")
        print(f"  {pub.status:<8} {pub.name:<32} {detail}  ({pub.seconds:.1f} s)", file=stream)
    built = sum(p.status == "built" for p in result.publications)
    print(f"{built} of {len(result.publications)} publications built; "
          f"{counts[Severity.ERROR]} errors, {counts[Severity.WARNING]} warnings", file=stream)
