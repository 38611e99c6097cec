"""Turn the kind registry into the docs' table of which review field prints where in each kind.

`invoke docs` writes it into docs/sources.md between its markers; tests/test_kinds.py
fails when the docs and the registry disagree.
"""

from __future__ import annotations

from . import LABEL_REF, NAMES, prints


TABLE_START = "<!-- field-table: generated from src/bulletin/kinds/ by `invoke docs`; do not edit -->"
TABLE_END = "<!-- end field-table -->"


def _cell(text: str | None) -> str:
    if text is None:
        return "–"
    return LABEL_REF.sub(lambda m: f"`labels.{m.group(1)}`", text)


def field_table(review_fields) -> str:
    """Markdown table: one row per review field, one column per kind (handout shares
    briefing's template, so it shares its column), saying under which heading it prints."""
    columns = [("briefing, handout", "briefing")] + [(k, k) for k in NAMES if k not in ("briefing", "handout")]
    lines = ["| review field | " + " | ".join(f"**{title}**" for title, _ in columns) + " |",
             "|---|" + "---|" * len(columns)]
    for field in review_fields:
        lines.append(f"| `{field}` | " + " | ".join(_cell(prints(k, field)) for _, k in columns) + " |")
    return "\n".join([TABLE_START, *lines, TABLE_END])


def docs_with_table(text: str, table: str) -> str:
    """`text` (docs/sources.md) with the generated table put between its markers."""
    start, end = text.index(TABLE_START), text.index(TABLE_END) + len(TABLE_END)
    return text[:start] + table + text[end:]
