"""Turn `bulletin new KIND NAME` into new source files from commented skeletons that build as they stand.

The skeletons (skeletons/*.yaml) hold example values only; the comment above each field
is generated here from schema.py's help text, so the explanation cannot drift from what
the build accepts. Fields a skeleton leaves out are listed, commented, at the end.
"""

from __future__ import annotations

import datetime
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

from . import kinds, schema
from .diagnostics import did_you_mean
from .jsonschema import project_names, refresh_if_present
from .kinds import review_name_for  # noqa: F401  (the importer names reviews the same way)
from .schema import Field

SKELETONS = Path(__file__).parent / "skeletons"
def kind_names() -> tuple[str, ...]:
    """What `bulletin new` makes: a review, or a publication of any registered kind."""
    return ("review", *kinds.NAMES)


NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
KEY_LINE = re.compile(r"^(\s*)(- )?([A-Za-z_][A-Za-z0-9_]*):(.*)$")
WIDTH = 88

REF_HINTS = {
    "review": "the name of a review: a file in sources/reviews/, without .yaml",
    "theme": "names from sources/themes.yaml",
    "layout": "a layout: a folder in layouts/, or default",
}


class ScaffoldError(Exception):
    """A reason `bulletin new` cannot go ahead, worded for the user."""


def describe(spec: Field, key: str = "", required: bool = False, where: str = "") -> str:
    """One plain-English sentence (or two) about a field: what it is, whether it is
    required or optional, how to write it and (`where`) which kinds print it."""
    words = spec.help or key.replace("_", " ").capitalize()
    required = required or spec.required
    hints = [where] if where else []
    if spec.type == "date":
        if "YYYY" not in words:
            hints.append("write it YYYY-MM-DD, or YYYY-MM for a month")
    elif spec.type == "enum":
        hints.append("one of: " + ", ".join(spec.choices))
    elif spec.type == "name" and spec.ref:
        hints.append(REF_HINTS[spec.ref])
    elif spec.type == "markdown":
        hints.append("text: **bold**, [words](https://link), a line starting - is a bullet")
    elif spec.type == "bool":
        hints.append("true or false")
    elif spec.type == "list" and spec.of is not None:
        if spec.of.type == "name" and spec.of.ref and "themes.yaml" not in words:
            hints.append("a list of " + REF_HINTS[spec.of.ref])
        elif spec.of.type == "record":
            hints.append("a list; each item starts with '- ' and has: " + _field_names(spec.of))
    elif spec.type == "record":
        hints.append("has: " + _field_names(spec))
    elif spec.type == "map" and key == "labels":
        hints.append("any of: " + ", ".join(k for k in schema.DEFAULT_LABELS))
    text = words.rstrip(".") + (" (required)" if required else " (optional)")
    if hints:
        text += "; " + "; ".join(hints)
    return text


def _field_names(record: Field) -> str:
    return ", ".join(k + (" (required)" if f.required else " (optional)") for k, f in record.fields.items())


def printed_in(key: str) -> str:
    """For a review field printed by some kinds only: which (from the kind registry)."""
    where = [name for name in kinds.NAMES if kinds.prints(name, key)]
    if not where or len(where) == len(kinds.NAMES):
        return ""
    return "printed in: " + ", ".join(kinds.KINDS[name]["label"].lower() + "s" for name in where)


def _comment(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, WIDTH - len(indent) - 2, initial_indent=f"{indent}# ",
                         subsequent_indent=f"{indent}#   ", break_on_hyphens=False)


@dataclass
class _Frame:
    column: int      # where this record's keys start
    spec: Field      # a record, or a map whose values are records
    used: set = field(default_factory=set)


def annotate(text: str, spec: Field, kind: str = "") -> str:
    """Put a comment generated from the schema above every field line of a skeleton, and
    list the top-level fields it does not use (and that apply to `kind`) at the end,
    commented out."""
    publication = spec is schema.PUBLICATION
    also_required = kinds.required_fields(kind) if publication else set()
    out: list[str] = []
    stack = [_Frame(0, spec)]
    block_indent = None  # inside a `|` block scalar: lines indented past this are text
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip())
        if block_indent is not None and (not line.strip() or indent > block_indent):
            out.append(line)
            continue
        block_indent = None
        match = KEY_LINE.match(line)
        if not match or line.lstrip().startswith("#"):
            out.append(line)
            continue
        lead, dash, key, rest = match.groups()
        column = len(lead) + (2 if dash else 0)
        while len(stack) > 1 and stack[-1].column > column:
            stack.pop()
        frame = stack[-1]
        spec_here = _child(frame.spec, key) if frame.column == column else None
        if spec_here is not None:
            frame.used.add(key)
            top = len(stack) == 1
            where = printed_in(key) if top and spec is schema.REVIEW else ""
            out += _comment(describe(spec_here, key, top and key in also_required, where), lead)
            target = spec_here.of if spec_here.type == "list" else spec_here
            if target is not None and target.type in ("record", "map"):
                # list items are written `  - key:` two columns in, their keys two more
                step = 4 if spec_here.type == "list" else 2
                stack.append(_Frame(column + step, target))
        out.append(line)
        if rest.strip() in ("|", "|-", ">", ">-"):
            block_indent = column
    unused = [(k, f) for k, f in _fields(spec).items()
              if k not in stack[0].used and (not publication or kinds.applies(kind, k))]
    if unused:
        out += ["", "# More fields you can add: remove the # (and the space after it) to use one."]
        for key, spec_unused in unused:
            where = printed_in(key) if spec is schema.REVIEW else ""
            out += _comment(f"{key}: {describe(spec_unused, key, where=where)}", "")
    return "\n".join(out) + "\n"


def _fields(spec: Field) -> dict:
    return spec.fields if spec.type == "record" else {}


def _child(spec: Field, key: str) -> Field | None:
    if spec.type == "record":
        return spec.fields.get(key)
    if spec.type == "map" and spec.of is not None and spec.of.type == "record":
        return Field("record", f"The theme '{key}'", fields=spec.of.fields)  # the vocabulary
    if spec.type == "map" and key in schema.DEFAULT_LABELS:  # labels: say what it replaces
        default = schema.DEFAULT_LABELS[key]
        if key in ("owner", "due"):
            return Field("text", f"Printed instead of '{default}' under each recommendation; "
                                 f"hide leaves it out")
        return Field("text", f"Printed instead of '{default}'" if default else
                     "A heading printed here (none by default)")
    return None


def skeleton_text(kind: str, values: dict) -> str:
    """The commented source text for a new file of `kind`, with `values` filled in."""
    spec = {"review": schema.REVIEW, "themes": schema.THEMES_FILE}.get(kind, schema.PUBLICATION)
    file = kinds.KINDS[kind]["skeleton"] if kind in kinds.KINDS else f"{kind}.yaml"
    raw = (SKELETONS / file).read_text(encoding="utf-8")
    filled = Template(raw).safe_substitute(values)
    return filled if kind == "themes" else annotate(filled, spec, kind)


def _title(name: str) -> str:
    words = name.split("-")
    return " ".join(w.upper() if len(w) == 1 or w in ("scr", "cspr", "lscb") else w.capitalize()
                    for w in words)


def _first_theme(root: Path) -> str:
    themes = project_names(root)["theme"]
    preferred = [t for t in ("information-sharing", "neglect") if t in themes]
    return (preferred or themes or ["information-sharing"])[0]


def _default_layout(root: Path, layout: str | None) -> str:
    layouts = project_names(root)["layout"]
    if layout:
        if layout not in layouts:
            raise ScaffoldError(f"no layout named '{layout}'{did_you_mean(layout, layouts)}; "
                                f"choose from {', '.join(layouts)}")
        return layout
    own = [name for name in layouts if (root / "layouts" / name / "layout.yaml").is_file()]
    return own[0] if len(own) == 1 else "default"


@dataclass
class Created:
    path: Path
    what: str          # one line saying what to do with it
    new: bool = True   # False: an existing file the new one points at


def plan(root: Path, kind: str, name: str, reviews: list[str] | None = None,
         layout: str | None = None, today: datetime.date | None = None) -> list[tuple[Created, str]]:
    """The files `bulletin new` would write, with their text (nothing is written)."""
    choices = kind_names()
    if kind not in choices:
        raise ScaffoldError(f"unknown kind '{kind}'{did_you_mean(kind, choices)}; "
                            f"choose from {', '.join(choices)}")
    for each in [name] + list(reviews or []):
        if not NAME_RE.match(each):
            raise ScaffoldError(f"'{each}' is not a name: use lower case letters, digits and hyphens, "
                                f"like child-a or child-a-briefing")
    today = today or datetime.date.today()
    layout = _default_layout(root, layout)
    theme = _first_theme(root)
    values = {"name": name, "layout": layout, "theme": theme, "today": today.isoformat(),
              "month": today.strftime("%Y-%m"), "title": _title(name), "subject": _title(name),
              "due": f"{today.year + (today.month + 5) // 12}-{(today.month + 5) % 12 + 1:02d}"}
    files: list[tuple[Created, str]] = []
    if not (root / "sources" / "themes.yaml").is_file():
        files.append((Created(root / "sources/themes.yaml",
                              "the theme vocabulary: add the themes your reviews use"),
                      skeleton_text("themes", values)))
    if kind == "review":
        files.append((Created(root / "sources/reviews" / f"{name}.yaml",
                              "the review: replace the example text with the case's"),
                      skeleton_text("review", values)))
        return _refuse_overwrite(root, files)
    names = list(reviews or [review_name_for(name)])
    for review in names:
        path = root / "sources/reviews" / f"{review}.yaml"
        if path.is_file():
            files.append((Created(path, "the review it prints (already there; edit its text)", new=False), ""))
        elif reviews:
            raise ScaffoldError(f"no review named '{review}' (sources/reviews/{review}.yaml); "
                                f"create it with: bulletin new review {review}")
        else:
            files.append((Created(path, "the review: replace the example text with the case's"),
                          skeleton_text("review", {**values, "name": review, "subject": _title(review)})))
    values.update(review=names[0], reviews="\n".join(f"  - {r}" for r in names))
    files.append((Created(root / "sources/publications" / f"{name}.yaml",
                          f"the {kind}: its title, layout and any text of its own"),
                  skeleton_text(kind, values)))
    return _refuse_overwrite(root, files)


def _refuse_overwrite(root: Path, files):
    for created, _ in files:
        if created.new and created.path.exists():
            raise ScaffoldError(f"{created.path.relative_to(root)} already exists; "
                                f"choose another name or edit that file (nothing was written)")
    return files


def create(root: Path, kind: str, name: str, reviews: list[str] | None = None,
           layout: str | None = None, today: datetime.date | None = None) -> list[Created]:
    """Write the new source file(s); refuse, writing nothing, if any would overwrite."""
    files = plan(root, kind, name, reviews, layout, today)
    for created, text in files:
        if created.new:
            created.path.parent.mkdir(parents=True, exist_ok=True)
            with open(created.path, "x", encoding="utf-8") as handle:  # "x": never overwrite
                handle.write(text)
    refresh_if_present(root)
    return [created for created, _ in files]


def add_options(parser) -> None:
    parser.add_argument("kind", metavar="KIND", help="what to create: " + ", ".join(kind_names()))
    parser.add_argument("name", metavar="NAME",
                        help="its name, lower case with hyphens: child-a, child-a-briefing")
    parser.add_argument("--review", default=None,
                        help="for a publication: the review(s) it prints, comma-separated "
                             "(default: a new review named after it)")
    parser.add_argument("--layout", default=None, help="the partnership layout (default: the "
                                                         "project's only layout, else 'default')")


def cmd_new(args) -> int:
    import sys
    reviews = [r.strip() for r in args.review.split(",") if r.strip()] if args.review else None
    try:
        created = create(args.root, args.kind, args.name, reviews, args.layout)
    except ScaffoldError as exc:
        print(f"bulletin new: error: {exc}", file=sys.stderr)
        return 2
    for item in created:
        rel = item.path.relative_to(args.root)
        print(f"{'created' if item.new else 'uses   '} {rel}: {item.what}")
    root_words = "" if args.root == Path.cwd().resolve() else f" --root {args.root}"
    if args.kind == "review":
        print(f"\nNext: edit the review, then print it in a publication:\n"
              f"  bulletin{root_words} new briefing {args.name}-briefing --review {args.name}")
    else:
        print(f"\nNext: replace the example text in the files above (lines starting with # "
              f"explain each field), then build it:\n"
              f"  bulletin{root_words} build {args.name}\n"
              f"or see it rebuild each time you save:\n"
              f"  bulletin{root_words} watch")
    return 0
