"""Turn an output format's name (pdf, docx, html, print) into everything known about it: file, writer, catalogue entry, checks.

One entry per format, in the order a build makes them. Build (which writer, which file),
the command line (`--format` choices), publish, the catalogue (its name and label) and the
checks (which apply to which file) all ask here, so a new format is one entry, plus its
writer.

Per format (`Format`):
- `name`: what `--format` says; `suffix`: the file's ending in dist/ (`<stem><suffix>`).
- `writer`: "module:function", a function (html, project, layout, context, session) ->
  (bytes, renderer warnings); `session` is the publication's (bulletin.session).
  Named, not imported: the writers sit in the render layer, above
  the checks and the catalogue that read this registry, and WeasyPrint and python-docx
  are loaded only when a file of theirs is made (see `writer`).
- `catalogue_name`, `label`: how catalogue.json and the catalogue's links name it;
  `listed`: its place among the catalogue's links (web page first).
- `paged`: laid out in pages (the catalogue says "10 pages").
- `for_paper`: the edition made to be printed (a handout's length is measured on it
  when it was built, else on the PDF).
- `needs_assets`: its file reads dist/assets/ (fonts, CSS), which the build copies.
- `subsets_fonts`: WeasyPrint subsets its fonts (so HarfBuzz-subset changes its bytes).
- `default`: `bulletin build` makes it when no --format is given. The print edition is
  not: it is a second full layout of the publication (as long as the PDF's), made when
  asked for (`--format print`) and always by `bulletin publish`.
- `checks`: the output checks that read its file, by name:
  `a11y.html`, `a11y.pdf`, `a11y.docx` (checks/accessibility/build.py), `axe` (axe-core on the
  page, build.py), `parity` (the Word file says what the HTML says, checks/parity.py),
  `size-budget`, `metadata`, `handout-length` (checks/delivery.py).

A format outside this file (a test's) is added with `register(Format(...))` and taken
away with `unregister(name)`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str
    writer: str
    catalogue_name: str
    label: str
    listed: int
    checks: tuple[str, ...] = ()
    paged: bool = False
    for_paper: bool = False
    needs_assets: bool = False
    subsets_fonts: bool = False
    default: bool = True


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("pdf", ".pdf", "bulletin.render.writers:write_pdf", "pdf", "PDF", 2,
           checks=("a11y.pdf", "size-budget", "metadata", "handout-length"), paged=True, subsets_fonts=True),
    Format("docx", ".docx", "bulletin.render.writers:write_docx", "docx", "Word", 4,
           checks=("a11y.docx", "parity")),
    Format("html", ".html", "bulletin.render.writers:write_html", "html", "Web page", 1,
           checks=("a11y.html", "axe"), needs_assets=True),
    Format("print", ".print.pdf", "bulletin.render.writers:write_print", "print-pdf", "PDF for printing", 3,
           checks=("a11y.pdf", "size-budget", "metadata", "handout-length"), paged=True, for_paper=True,
           subsets_fonts=True, default=False),
)}
BUILT_IN = frozenset(FORMATS)


def names() -> tuple[str, ...]:
    """Every format, in build order: what `bulletin publish` makes."""
    return tuple(FORMATS)


def defaults() -> tuple[str, ...]:
    """The formats `bulletin build` makes when no --format is given, in build order."""
    return tuple(name for name, fmt in FORMATS.items() if fmt.default)


def get(name: str) -> Format:
    return FORMATS[name]


def by_suffix(suffix: str) -> Format | None:
    """The format whose files end in `suffix` (".print.pdf"), or None."""
    return next((f for f in FORMATS.values() if f.suffix == suffix), None)


def checked_by(check: str) -> tuple[Format, ...]:
    """The formats whose files the named check reads, in build order."""
    return tuple(f for f in FORMATS.values() if check in f.checks)


def suffixes_checked_by(check: str) -> tuple[str, ...]:
    return tuple(f.suffix for f in checked_by(check))


def listed() -> tuple[Format, ...]:
    """The formats in the order the catalogue lists a publication's files."""
    return tuple(sorted(FORMATS.values(), key=lambda f: f.listed))


def writer(name: str):
    """The function that writes format `name`, imported now (it may load WeasyPrint)."""
    module, _, function = FORMATS[name].writer.partition(":")
    return getattr(importlib.import_module(module), function)


def register(fmt: Format) -> Format:
    """Add a format (ValueError for a name or file ending already taken)."""
    if fmt.name in FORMATS or by_suffix(fmt.suffix) is not None:
        raise ValueError(f"an output format named '{fmt.name}' or ending '{fmt.suffix}' exists already")
    FORMATS[fmt.name] = fmt
    return fmt


def unregister(name: str) -> None:
    """Take away a format `register` added (the built-in formats stay)."""
    if name in BUILT_IN:
        raise ValueError(f"'{name}' is a built-in format")
    FORMATS.pop(name, None)
