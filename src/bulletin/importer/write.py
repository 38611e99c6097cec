"""Turn an importer draft into YAML source files: readable block text, a TO CHECK comment block, never overwriting."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml


@dataclass
class Draft:
    """What the importer made of a document, before it is written as YAML."""

    publication: dict = field(default_factory=dict)
    reviews: list[dict] = field(default_factory=list)  # each with "name" and "data"
    notes: list[str] = field(default_factory=list)      # for a person to check
    done: list[str] = field(default_factory=list)       # what was recognised


def in_schema_order(data: dict, spec) -> dict:
    """Fields in the order schema.py lists them, as the skeletons and guide show them."""
    order = list(spec.fields)
    return dict(sorted(data.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)))


def yaml_text(data, indent: int = 0) -> str:
    """Readable YAML: Markdown in `|` blocks, short text plain or quoted, order kept."""
    pad = " " * indent
    lines = []
    for key, value in data.items():
        if value is None or value == "" or value == {}:
            continue
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            lines.append(yaml_text(value, indent + 2).rstrip("\n"))
        elif isinstance(value, list) and all(isinstance(v, str) and re.fullmatch(r"[\w-]*", v) for v in value):
            lines.append(f"{pad}{key}: [{', '.join(_scalar(v) for v in value)}]")
        elif isinstance(value, list):
            lines.append(f"{pad}{key}:")
            for item in value:
                text = yaml_text(item, indent + 4) if isinstance(item, dict) else f"{pad}    {_scalar(item)}\n"
                lines.append(f"{pad}  - " + text.lstrip(" ").rstrip("\n"))
        elif isinstance(value, str) and "\n" in value:
            body = value.strip("\n")
            lines.append(f"{pad}{key}: |")
            lines += [f"{pad}  {line}".rstrip() for line in body.split("\n")]
        else:
            lines.append(f"{pad}{key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", str(value)):
        return str(value)  # bulletin reads dates as text; quotes would only add noise
    text = yaml.safe_dump(str(value), default_flow_style=True, width=10**6, allow_unicode=True)
    if text.endswith("\n...\n"):
        text = text[:-5]
    return text.strip()


def _header(what: str, source: Path, notes: list[str]) -> str:
    lines = [f"# Imported from {source.name} by `bulletin import`: {what}. Status is draft until",
             "# a person has checked it against the original.",
             ]
    if notes:
        lines.append("# TO CHECK (delete each line once done):")
        lines += [f"#  - {note}" for note in notes]
    return "\n".join(lines) + "\n"


def write_draft(root: Path, draft: Draft, source: Path, name: str) -> list[Path]:
    """Write the draft's files; refuse, writing nothing, if any exists already."""
    files = [(root / "sources/reviews" / f"{r['name']}.yaml", r["data"], "a review") for r in draft.reviews]
    files.append((root / "sources/publications" / f"{name}.yaml", draft.publication, "a publication"))
    existing = [p for p, _, _ in files if p.exists()]
    if existing:
        raise FileExistsError(", ".join(str(p.relative_to(root)) for p in existing))
    written = []
    for path, data, what in files:
        path.parent.mkdir(parents=True, exist_ok=True)
        notes = draft.notes if what == "a publication" or len(draft.reviews) == 1 else []
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(_header(what, source, notes) + yaml_text(data))
        written.append(path)
    return written
