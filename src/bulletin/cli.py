"""Turn command-line words into calls of the build API, and its results into exit codes.

Exit status: 0 fine; 1 the build found errors (or warnings under --strict); 2 usage or
configuration error. A user's mistake is a diagnostic line; an unexpected exception
prints one line and the file where the full traceback was saved.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import traceback
from pathlib import Path

from . import __version__
from . import formats as format_registry
from .diagnostics import Location, Severity, count_by_severity, error, fails
from .report import print_diagnostics


def _formats(value: str) -> tuple[str, ...]:
    formats = tuple(f.strip() for f in value.split(",") if f.strip())
    known = format_registry.names()
    unknown = [f for f in formats if f not in known]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(unknown)}; choose from {', '.join(known)}")
    return formats


def _add_build_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("names", nargs="*", metavar="NAME", help="publications to build (default: all)")
    parser.add_argument("--format", type=_formats, default=None,
                        help=f"comma-separated formats: {','.join(format_registry.names())} "
                             f"(default: {','.join(format_registry.defaults())}; publish makes every one)")
    parser.add_argument("--offline", action="store_true", help="check links without the network")
    parser.add_argument("--no-axe", action="store_true",
                        help="skip the axe-core check of the HTML pages (it runs where Chromium is installed)")
    parser.add_argument("--strict", action="store_true", help="warnings fail the build too")
    parser.add_argument("--jobs", type=int, default=None, help="publications rendered at once")
    parser.add_argument("--force", action="store_true", help="rebuild even what has not changed")


def cmd_build(args) -> int:
    from .build import build
    import os

    from .progress import BuildProgress
    from .report import print_summary, write_reports
    formats = args.format or format_registry.defaults()
    jobs = args.jobs or os.cpu_count() or 1
    with BuildProgress() as progress:
        result = build(args.root, args.names or None, formats=formats, jobs=jobs, force=args.force,
                       progress=progress, offline=args.offline, axe=False if args.no_axe else None)
    print_diagnostics(result.diagnostics)
    from .catalogue import write_catalogue
    try:
        write_reports(result)
        write_catalogue(result, args.root / "dist")  # from the whole project, whatever this build did
    except OSError as exc:  # a read-only or full dist/: said like any other write failure
        where = Path(exc.filename or args.root / "dist")
        shown = where.relative_to(args.root) if where.is_relative_to(args.root) else where
        failure = error("build.write", f"cannot write {shown}: {exc.strerror or exc}; the catalogue and "
                        "reports keep their earlier copies", Location(str(shown), 1, 1))
        print_diagnostics([failure])
        result.diagnostics.append(failure)
    from .jsonschema import refresh_if_present
    for path in refresh_if_present(args.root):  # new names are offered in the editor at once
        print(f"  schema updated: {path.relative_to(args.root)}")
    print_summary(result, sys.stdout)
    if any(d.code == "build.unknown-publication" for d in result.diagnostics):
        return 2  # the command itself was wrong, as `bulletin publish` says of a name it does not know
    return 1 if fails(result.diagnostics, args.strict) else 0


def cmd_check(args) -> int:
    from .check import check
    from .report import write_reports
    result = check(args.root, offline=args.offline)
    print_diagnostics(result.diagnostics)
    write_reports(result)
    if result.link_results:
        from .checks.links.report import summarise_links
        print(summarise_links(result.link_results))
    counts = count_by_severity(result.diagnostics)
    print(f"checked {len(result.project.reviews)} reviews, {len(result.project.publications)} publications: "
          f"{counts[Severity.ERROR]} errors, {counts[Severity.WARNING]} warnings")
    return 1 if fails(result.diagnostics, args.strict) else 0


def _lazy(module: str, function: str):
    """A function of a bulletin module, imported only when called."""
    def call(*args):
        import importlib
        return getattr(importlib.import_module(f"bulletin.{module}"), function)(*args)
    return call


# command name -> (help, function adding its options, function running it)
COMMANDS = {
    "build": ("build publications into dist/", _add_build_options, cmd_build),
    "check": ("validate sources and check links and accessibility, writing reports",
              lambda p: (p.add_argument("--offline", action="store_true"),
                         p.add_argument("--strict", action="store_true")), cmd_check),
    "new": ("create a source from a commented skeleton: bulletin new briefing child-a-briefing",
            _lazy("scaffold", "add_options"), _lazy("scaffold", "cmd_new")),
    "schema": ("write JSON Schema files so editors complete and check sources as you type",
               _lazy("jsonschema", "add_options"), _lazy("jsonschema", "cmd_schema")),
    "watch": ("rebuild as sources are saved and show the result in the browser",
              _lazy("watch", "add_options"), _lazy("watch", "cmd_watch")),
    "import": ("turn a Word briefing (.docx) into draft sources to finish by hand",
               _lazy("importer.command", "add_options"), _lazy("importer.command", "cmd_import")),
    "doctor": ("say what this machine has and lacks for bulletin, with the commands that install it",
               _lazy("doctor", "add_options"), _lazy("doctor", "cmd_doctor")),
    "init": ("start a project for one partnership: layout, colours, logo, themes and an example",
             _lazy("init", "add_options"), _lazy("init", "cmd_init")),
    "publish": ("strictly build published, unembargoed publications into publish/ with a manifest",
                _lazy("publish", "add_options"), _lazy("publish", "cmd_publish")),
}


# Commands that run outside a project folder.
WITHOUT_PROJECT = {"doctor", "init"}


def is_project(folder: Path) -> bool:
    """A project has a sources/ folder or a bulletin.yaml; the file-system root never is one."""
    return folder != folder.parent and ((folder / "sources").is_dir() or (folder / "bulletin.yaml").is_file())


def make_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser. Only the command named in `argv` gets its options (some commands'
    modules are slow to import); with no command named, every command gets them."""
    parser = argparse.ArgumentParser(
        prog="bulletin",
        description="Build learning publications (PDF, Word, HTML) from case review sources, and check "
                    "their links and accessibility. Guide: docs/guide.md",
        epilog="exit status: 0 fine, 1 the build found errors (or warnings with --strict), 2 usage error")
    parser.add_argument("--version", action="version", version=f"bulletin {__version__}")
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder (default: here)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    named = [a for a in (argv or []) if a in COMMANDS][:1]
    for name, (help_text, add_options, run) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        # `bulletin build --root DIR` as well as `bulletin --root DIR build`
        command.add_argument("--root", type=Path, default=argparse.SUPPRESS,
                             help="project folder (default: here)")
        if not named or name in named:
            add_options(command)
        command.set_defaults(run=run)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = make_parser(argv)
    args = parser.parse_args(argv)
    args.root = args.root.resolve()
    if not args.root.is_dir():
        print(f"bulletin: error: project folder {args.root} does not exist", file=sys.stderr)
        return 2
    if args.command not in WITHOUT_PROJECT and not is_project(args.root):
        print(f"bulletin: error: {args.root} is not a bulletin project (it has no sources/ folder "
              "and no bulletin.yaml); give --root the project folder, or start one with "
              "`bulletin init DIR`", file=sys.stderr)
        return 2
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("bulletin: interrupted; outputs already in dist/ are unchanged", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` or a pager that closed: not a bug
        sys.stderr.close()
        return 0
    except Exception:  # a bug, not a user's mistake: one line, traceback to a file
        with tempfile.NamedTemporaryFile("w", prefix="bulletin-crash-", suffix=".txt",
                                         delete=False) as handle:
            traceback.print_exc(file=handle)
        exc = sys.exc_info()[1]
        print(f"bulletin: internal error: {type(exc).__name__}: {exc} "
              f"(full traceback in {handle.name}; please report it)", file=sys.stderr)
        return 70


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
