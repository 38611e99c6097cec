"""Turn the source schema (schema.py) into JSON Schema files editors use to complete and check YAML as you type.

`bulletin schema` writes schema/review.schema.json, publication, themes and layout. Run
in a project, the names of its reviews, themes and layouts become enums, so an editor
offers them and underlines a name that does not exist; `--generic` leaves them as
patterns (for a schema shared between projects). Nothing here is hand-kept: a field
added to schema.py appears in the JSON Schema the next time it is generated.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import kinds, schema
from .schema import Field

DRAFT = "https://json-schema.org/draft/2020-12/schema"
DATE_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$"
NAME_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
COLOUR_PATTERN = r"^#(?:[0-9a-fA-F]{3}){1,2}$"

# what each schema file describes, and which source files it applies to
FILES = {
    "review": (schema.REVIEW, "sources/reviews/*.yaml"),
    "publication": (schema.PUBLICATION, "sources/publications/*.yaml"),
    "themes": (schema.THEMES_FILE, "sources/themes.yaml"),
    "layout": (schema.LAYOUT, "layouts/*/layout.yaml"),
}

# map fields whose keys are a known set: offered as properties, with their defaults
KNOWN_KEYS = {
    "labels": schema.DEFAULT_LABELS,
}


# model.py's rule that a kind of many reviews (the registry's compendium) lists them
# and every other kind names one
KIND_RULE = {
    "if": {"properties": {"kind": {"enum": [name for name, entry in kinds.KINDS.items()
                                            if entry["reviews"] == "many"]}},
           "required": ["kind"]},
    "then": {"anyOf": [{"required": ["reviews"]}, {"required": ["select"]}],
             "not": {"required": ["review"]}},
    "else": {"required": ["review"]},
}


def project_names(root: Path) -> dict[str, list[str]]:
    """The names a source may refer to in the project at `root`: theme, review, layout."""
    from .model import PACKAGE_LAYOUTS
    from .sources import load_yaml
    names: dict[str, list[str]] = {"review": [], "theme": [], "layout": []}
    reviews = root / "sources" / "reviews"
    if reviews.is_dir():
        names["review"] = sorted({p.stem for p in reviews.rglob("*.yaml")})
    themes = root / "sources" / "themes.yaml"
    if themes.is_file():
        raw, _ = load_yaml(themes, "sources/themes.yaml")
        if isinstance(raw, dict):
            names["theme"] = sorted(raw)
    layouts = {p.name for p in PACKAGE_LAYOUTS.iterdir() if p.is_dir()}
    if (root / "layouts").is_dir():
        layouts |= {p.name for p in (root / "layouts").iterdir() if (p / "layout.yaml").is_file()}
    names["layout"] = sorted(layouts)
    return names


def field_schema(spec: Field, names: dict | None = None, key: str = "") -> dict:
    """The JSON Schema for one field (and everything inside it)."""
    out: dict = {}
    if spec.help:
        out["description"] = spec.help
    kind = spec.type
    if kind in ("text", "markdown"):
        # bulletin reads any scalar as text (edition: 2 is fine), so numbers are allowed
        out["type"] = ["string", "number"]
        if kind == "markdown":
            out["markdownDescription"] = (spec.help + "\n\n" if spec.help else "") + \
                "Markdown: **bold**, *italic*, [text](https://...), `- ` bullets, `1. ` numbers."
    elif kind == "date":
        out.update(type="string", pattern=DATE_PATTERN)
        out["description"] = (spec.help or "A date") + (
            "" if "YYYY" in spec.help else " (YYYY-MM-DD or YYYY-MM)")
    elif kind == "name":
        out["type"] = "string"
        choices = (names or {}).get(spec.ref) if spec.ref else None
        if choices:
            out["enum"] = list(choices)
        else:
            out["pattern"] = NAME_PATTERN
    elif kind == "bool":
        out["type"] = "boolean"
    elif kind == "int":
        out.update(type="integer", minimum=0)
    elif kind == "url":
        out.update(type="string", pattern=r"^\S+$")
    elif kind == "email":
        out.update(type="string", pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    elif kind == "enum":
        out.update(type="string", enum=list(spec.choices))
    elif kind == "list":
        item = field_schema(spec.of, names)
        if spec.of.type in ("name", "text"):
            # a single name is accepted where a list is expected (themes: neglect)
            out["anyOf"] = [{"type": "array", "items": item}, item]
        else:
            out.update(type="array", items=item)
    elif kind == "record":
        out.update(type="object", additionalProperties=False,
                   properties={k: field_schema(f, names, k) for k, f in spec.fields.items()})
        if spec is schema.COLOURS:  # each a colour, as model/layouts.py checks
            for value in out["properties"].values():
                value.update(type="string", pattern=COLOUR_PATTERN)
        required = [k for k, f in spec.fields.items() if f.required]
        if required:
            out["required"] = required
    elif kind == "map":
        value = field_schema(spec.of, names) if spec.of else {}
        out.update(type="object", additionalProperties=value)
        if key in KNOWN_KEYS:
            out["properties"] = {
                k: {**value, **({"default": d} if d else {}),
                    "description": f"{k.replace('_', ' ')}" + (f" (default: {d})" if d else "")}
                for k, d in KNOWN_KEYS[key].items()}
        if key == "" and spec is schema.THEMES_FILE:
            out["propertyNames"] = {"pattern": NAME_PATTERN}
    else:  # pragma: no cover - a schema.py bug, caught by the tests
        raise ValueError(f"unknown field type {kind}")
    return out


def document_schema(what: str, names: dict | None = None) -> dict:
    """The complete JSON Schema document for one kind of source file."""
    spec, pattern = FILES[what]
    body = field_schema(spec, names)
    body.pop("description", None)
    if what == "publication":
        body["allOf"] = [KIND_RULE]
    return {
        "$schema": DRAFT,
        "$id": f"https://bulletin.invalid/schema/{what}.schema.json",
        "title": f"bulletin {what}",
        "description": f"{spec.help} ({pattern}). Generated by `bulletin schema` from schema.py; "
                       "do not edit by hand.",
        **body,
    }


def render_schemas(root: Path | None, generic: bool = False) -> dict[str, str]:
    """File name -> JSON text for every schema file, with the project's names unless generic."""
    names = None if generic or root is None else project_names(root)
    return {f"{what}.schema.json": json.dumps(document_schema(what, names), indent=2,
                                              ensure_ascii=False) + "\n"
            for what in FILES}


def write_schemas(root: Path, out: Path | None = None, generic: bool = False) -> list[Path]:
    """Write the schema files into `out` (default root/schema); return the paths changed."""
    out = out or root / "schema"
    out.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in render_schemas(root, generic).items():
        path = out / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def vscode_settings(prefix: str = "schema") -> dict:
    """The `yaml.schemas` setting mapping each schema file to the sources it checks."""
    return {"yaml.schemas": {f"./{prefix}/{what}.schema.json": [pattern]
                             for what, (_, pattern) in FILES.items()}}


def refresh_if_present(root: Path) -> list[Path]:
    """Regenerate schema/ when the project keeps one, so new names are offered at once."""
    folder = root / "schema"
    if not (folder / "review.schema.json").is_file():
        return []
    generic = "enum" not in json.loads((folder / "review.schema.json").read_text(encoding="utf-8"))[
        "properties"]["partnership"]
    return write_schemas(root, folder, generic)


def add_options(parser) -> None:
    parser.add_argument("--out", type=Path, default=None,
                        help="folder to write into (default: schema/ in the project)")
    parser.add_argument("--generic", action="store_true",
                        help="leave out this project's review, theme and layout names")


def cmd_schema(args) -> int:
    changed = write_schemas(args.root, args.out, args.generic)
    out = args.out or args.root / "schema"
    print(f"wrote {len(changed)} of {len(FILES)} schema files in {out}"
          + ("" if changed else " (all were up to date)"))
    print("VS Code: install the YAML extension (redhat.vscode-yaml) and put this in "
          ".vscode/settings.json:")
    print(json.dumps(vscode_settings(), indent=2))
    return 0
