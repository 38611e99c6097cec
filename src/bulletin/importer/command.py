"""`bulletin import FILE.docx`: turn an existing Word briefing into draft sources, and say what needs a human look.

It reads the document (`read.py`, `shape.py`), recognises its parts (`document.py` and
the mappings it uses), writes sources/reviews/*.yaml and sources/publications/NAME.yaml
with a comment block at the top of each listing what needs a human look (headers,
images, text boxes, guesses), and never overwrites a file.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

from docx.opc.exceptions import PackageNotFoundError
from lxml.etree import XMLSyntaxError

from .. import schema
from ..model import load_project
from ..scaffold import NAME_RE
from .document import Importer
from .read import read_docx
from .text import slug
from .write import Draft, write_draft


def import_docx(root: Path, path: Path, name: str | None = None, layout: str | None = None,
                kind: str | None = None) -> Draft:
    """What importing `path` into the project at `root` would write (nothing is written)."""
    project = load_project(root)
    name = name or slug(path.stem) or "imported"
    if not NAME_RE.match(name):
        raise ValueError(f"'{name}' is not a name: use lower case letters, digits and hyphens")
    if layout and layout not in project.layouts:
        raise ValueError(f"no layout named '{layout}'; choose from {', '.join(project.layouts)}")
    return Importer(project, read_docx(path), name, layout, kind).run()


def add_options(parser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE.docx", help="the Word document to import")
    parser.add_argument("--name", default=None, help="the new publication's name (default: from the file name)")
    parser.add_argument("--layout", default=None, help="the partnership layout (default: recognised "
                                                         "from the document, else 'default')")
    parser.add_argument("--kind", default=None, choices=schema.KINDS,
                        help="the publication kind (default: recognised from the document)")


def cmd_import(args) -> int:
    path = args.file if args.file.is_absolute() else Path.cwd() / args.file
    if not path.is_file() or path.suffix.lower() != ".docx":
        print(f"bulletin import: error: {args.file} is not a Word .docx file", file=sys.stderr)
        return 2
    name = args.name or slug(path.stem)
    try:
        draft = import_docx(args.root, path, name, args.layout, args.kind)
        written = write_draft(args.root, draft, path, name)
    except FileExistsError as exc:
        print(f"bulletin import: error: {exc} already exists; choose another --name (nothing was written)",
              file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"bulletin import: error: {exc}", file=sys.stderr)
        return 2
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, XMLSyntaxError) as exc:
        # a damaged or unusual file: say so in one line
        print(f"bulletin import: error: {args.file} could not be read as a Word document ({exc})",
              file=sys.stderr)
        return 2
    for line in draft.done:
        print(f"  recognised: {line}")
    for path_written in written:
        print(f"created {path_written.relative_to(args.root)}")
    if draft.notes:
        print(f"\nNeeds a human look ({len(draft.notes)}; also listed at the top of the files):")
        for note in draft.notes:
            print(f"  - {note}")
    print(f"\nNext: check the files against the original, then build it:\n"
          f"  bulletin build {name}")
    return 0
