"""Turn accessibility and content diagnostics into reports: JSON Lines, a build summary, an accessibility statement."""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from pathlib import Path

from bulletin.diagnostics import Severity, count_by_severity

_AREAS = ("a11y.", "content.", "config.checks")


def _ours(diagnostics):
    return [d for d in diagnostics if d.code.startswith(_AREAS)]


def write_a11y_report(diagnostics, path) -> Path:
    """One JSON object per line (dist/reports/accessibility.jsonl), written atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".accessibility-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            for d in _ours(diagnostics):
                f.write(json.dumps(d.to_record(), ensure_ascii=False, sort_keys=True) + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def summarise_a11y(diagnostics) -> str:
    """One line for the build output: counts by severity and the most frequent codes."""
    ours = _ours(diagnostics)
    if not ours:
        return "accessibility and content checks: no problems found"
    counts = count_by_severity(ours)
    parts = [f"{counts[s]} {s.value}{'s' if counts[s] != 1 else ''}" for s in Severity if counts[s]]
    top = Counter(d.code for d in ours if d.severity is not Severity.INFO).most_common(4)
    tail = f" (most: {', '.join(f'{c} ×{n}' for c, n in top)})" if top else ""
    return f"accessibility and content checks: {', '.join(parts)}{tail}"


def accessibility_statement(publication_title: str, diagnostics) -> str:
    """A Markdown section for the partnership's accessibility statement: how this
    publication was checked, what is known not to meet the standard, and why."""
    ours = [d for d in _ours(diagnostics) if d.code.startswith("a11y.")]
    errors = [d for d in ours if d.severity is Severity.ERROR]
    warnings = [d for d in ours if d.severity is Severity.WARNING]
    tuned = [d for d in ours if "reason" in d.extra]
    lines = [f"## {publication_title}", ""]
    lines.append("This publication is made as an HTML page, a tagged PDF (PDF/UA-1) and a Word "
                 "document from one source. Each build checks it automatically against the Web "
                 "Content Accessibility Guidelines (WCAG) 2.2 level AA: language, title, heading "
                 "structure, link text, image descriptions, table headers, colour contrast, PDF "
                 "tagging and fonts, and plain English.")
    lines.append("")
    if not errors and not warnings:
        lines.append("The automated checks found no problems. Automated checks cannot find "
                     "everything; please tell us if you have difficulty using this publication.")
    else:
        lines.append("### Known issues")
        lines.append("")
        if errors:
            lines.append(f"The checks found {len(errors)} problem(s) that fail the standard:")
            lines.append("")
            lines.extend(_grouped(errors))
            lines.append("")
        if warnings:
            lines.append(f"They also found {len(warnings)} thing(s) that may make the "
                         "publication harder to use:")
            lines.append("")
            lines.extend(_grouped(warnings))
            lines.append("")
    if tuned:
        lines.append("### Decisions")
        lines.append("")
        for code, reason in sorted({(d.code, d.extra["reason"]) for d in tuned}):
            lines.append(f"- `{code}`: {reason or 'no reason given'}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _grouped(diagnostics) -> list[str]:
    by_code: dict[str, list] = {}
    for d in diagnostics:
        by_code.setdefault(d.code, []).append(d)
    return [f"- {items[0].message} (`{code}`" + (f", {len(items)} places)" if len(items) > 1 else ")")
            for code, items in sorted(by_code.items())]
