"""Turn a BuildResult into dist/reports/*.jsonl and the short summary people read.

The summary is a table of what was built, skipped and failed, with sizes and times.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .diagnostics import Severity, count_by_severity
from .output import write_atomic


# Information worth a line in the build output (all other information goes to the reports).
ANNOUNCED_INFO = {"links.offline", "a11y.axe-unavailable", "check.not-checked"}
# Facts about the machine, not about a source: printed as notices, once.
NOTICE_AREA = "env."


def print_diagnostics(diagnostics, stream=None) -> None:
    """Print each diagnostic line once, in file order; machine facts as notices."""
    stream = stream or sys.stderr
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    seen = set()
    for d in sorted(diagnostics, key=lambda d: (d.location.path, d.location.line, d.location.col,
                                                order[d.severity])):
        line = f"bulletin: notice: {d.message} [{d.code}]" if d.code.startswith(NOTICE_AREA) else str(d)
        shown = d.severity is not Severity.INFO or d.code in ANNOUNCED_INFO or d.code.startswith(NOTICE_AREA)
        if line not in seen and shown:
            seen.add(line)
            print(line, file=stream)


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
    from bulletin.checks.accessibility.report import accessibility_statement, write_a11y_report
    write_a11y_report(result.diagnostics, dist / "reports" / "accessibility.jsonl")
    statements = [accessibility_statement(p.title, [d for d in result.diagnostics if d.publication == p.name])
                  for p in result.publications if p.status in ("built", "unchanged")]
    write_atomic(dist / "reports" / "accessibility-statement.md", "\n".join(statements))
    if result.link_results:
        from .checks.links.report import write_links_report
        write_links_report(result.link_results, dist / "reports" / "links.jsonl")
    return path


STATUS_DETAIL = {
    "failed": "not built: fix the errors above",
    "checked": "checked",
}


def summary_rows(result) -> list[tuple[str, str, str, str]]:
    """(status, publication, sizes or reason, seconds) per publication, in build order."""
    rows = []
    for pub in result.publications:
        sizes = ", ".join(f"{o.format.upper()} {human_size(o.size)}" for o in pub.outputs)
        detail = sizes if pub.status in ("built", "unchanged") else STATUS_DETAIL[pub.status]
        if pub.status == "failed":
            kept = "; the earlier copy in dist/ is kept" if pub.outputs else ""
            detail = f"held back: {pub.reason or 'errors'}{kept}"
        seconds = f"{pub.seconds:.1f} s" if pub.status == "built" else ""
        rows.append((pub.status, pub.name, detail, seconds))
    return rows


def print_summary(result, stream) -> None:
    """A table on a terminal, plain aligned lines elsewhere, then one line of totals."""
    rows = summary_rows(result)
    if stream.isatty() and rows:
        from rich.console import Console
        from rich.table import Table
        table = Table(box=None, pad_edge=False, show_header=True, header_style="bold")
        for column in ("status", "publication", "outputs", "time"):
            table.add_column(column, justify="right" if column == "time" else "left")
        colour = {"built": "green", "unchanged": "dim", "failed": "red"}
        for status, name, detail, seconds in rows:
            table.add_row(f"[{colour[status]}]{status}[/]", name, detail, seconds)
        Console(file=stream).print(table)
    else:
        for status, name, detail, seconds in rows:
            print(f"  {status:<9} {name:<32} {detail}{'  (' + seconds + ')' if seconds else ''}", file=stream)
    if result.link_results:
        from .checks.links.report import summarise_links
        print(summarise_links(result.link_results), file=stream)
    from bulletin.checks.accessibility.report import summarise_a11y
    print(summarise_a11y(result.diagnostics), file=stream)
    counts = count_by_severity(result.diagnostics)
    tally = {s: sum(p.status == s for p in result.publications) for s in STATUS_DETAIL | {"built": 0, "unchanged": 0}}
    parts = [f"{tally['built']} built"] + [f"{tally[s]} {s}" for s in ("unchanged", "failed") if tally[s]]
    print(f"{', '.join(parts)} of {_counted(len(result.publications), 'publication')}; "
          f"{_counted(counts[Severity.ERROR], 'error')}, {_counted(counts[Severity.WARNING], 'warning')}",
          file=stream)


def _counted(number: int, noun: str) -> str:
    """'1 error', '2 errors'."""
    return f"{number} {noun}{'' if number == 1 else 's'}"
