"""Turn saved changes to sources, layouts and templates into rebuilt pages a local browser reloads by itself.

`Watcher.run()` waits on the operating system's file events through watchfiles (no
polling: a save is seen within watchfiles' 50 ms step, and nothing is read between
saves). `Watcher.cycle(changed)` rebuilds only the publications the changed files can
reach (a review: the publications that print it; a layout: the publications in it;
anything else: all), in two steps:

1. a preview: each publication's web page composed and rendered in memory, laying
   nothing out (its contents list and tighter setting as its last build measured them),
   and the browser told to reload: a save shows within about 0.2 s
   (benchmarks/watch_latency.py), however long the build takes;
2. the build: laid out, checked, and written to dist/ only when it has no error (the
   build's rule). The browser reloads again only if what it shows changes: a measured
   decision came out otherwise, or the problems listed did.

`serve()` starts a small HTTP server on 127.0.0.1 over dist/ that serves a preview in
place of its page until the build has written it (or, when the build found errors, with
them), and adds a reload script, and an overlay listing the last build's problems, to
HTML responses only; dist/ files are never touched by it. Tests drive both directly: a
cycle at a time, a server on port 0, and `run()` in a thread with a stop event.
"""

from __future__ import annotations

import html
import json
import queue
import sys
import threading
import time
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

import watchfiles

from . import formats as format_registry
from . import build as stages  # called through the module, so a test can stand in for the build
from .diagnostics import Diagnostic, Location, Severity, error
from .model import load_project, review_names
from .naming import output_stem
from .render.contents import has_contents
from .render.copyfit import is_fitted

PACKAGE_TEMPLATES = (Path(__file__).parent / "templates").resolve()
VERSION_PATH = "/__bulletin/version"
WATCHED_SUFFIXES = {".yaml", ".yml", ".j2", ".css", ".png", ".jpg", ".jpeg", ".svg", ".gif"}
CONFIG_NAMES = ("bulletin.yaml", "bulletin.yml")
# watchfiles yields a batch once no new event came for STEP_MS (an editor's save is
# several events: write, rename, chmod), and after DEBOUNCE_MS at most while they keep coming.
STEP_MS, DEBOUNCE_MS = 50, 400


@dataclass
class Cycle:
    """What one rebuild did: the files that changed, the publications previewed and rebuilt."""

    changed: list[str] = field(default_factory=list)
    rebuilt: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0
    previewed: list[str] = field(default_factory=list)
    preview_seconds: float = 0.0  # from the start of the cycle to the preview's reload


@dataclass
class _Request:
    """Saves previewed and waiting for their build."""

    result: Cycle
    names: list[str] | None  # the publications they reach; None: all
    previewed: int           # the number of the last preview made for them (0: none)
    started: float

    def merge(self, later: _Request) -> _Request:
        """One build for both (the later saves' previews stay until it is done)."""
        names = None if self.names is None or later.names is None else sorted({*self.names, *later.names})
        result = Cycle(sorted({*self.result.changed, *later.result.changed}),
                       previewed=sorted({*self.result.previewed, *later.result.previewed}),
                       preview_seconds=self.result.preview_seconds)
        return _Request(result, names, max(self.previewed, later.previewed), self.started)


class Watcher:
    """Waits for saves to the project's files and rebuilds what each change reaches."""

    def __init__(self, root: Path, formats=("html",), dist: Path | None = None,
                 names: list[str] | None = None, out=sys.stdout):
        self.root = root.resolve()
        self.formats = tuple(formats)
        self.dist = dist or self.root / "dist"
        self.names = names
        self.out = out
        self.version = 0          # goes up after every rebuild; pages reload when it does
        self.diagnostics: list[Diagnostic] = []
        # page file name in dist/ -> (publication, its previewed HTML, the preview's number),
        # served in place of the file until a build of that save or a later one writes it
        self.previews: dict[str, tuple[str, str, int]] = {}
        self._previewed = 0  # previews made so far
        self._measures: dict[str, tuple] = {}  # page -> (its mtime, what _measured read from it)
        self._lock = threading.Lock()

    def is_watched(self, path: Path) -> bool:
        """Whether a build reads this file: sources, layouts, package templates, the settings."""
        path = Path(path)
        if path.parent == self.root:
            return path.name in CONFIG_NAMES
        folders = (self.root / "sources", self.root / "layouts", PACKAGE_TEMPLATES)
        return path.suffix in WATCHED_SUFFIXES and any(f in path.parents for f in folders)

    def changes(self, stop_event: threading.Event | None = None):
        """(saved files, sorted; whether one was added or removed) for each batch of saves
        the operating system reports; ends when `stop_event` is set. The project folder is
        watched whole (a layouts/ folder made later is seen too) and filtered here, so
        dist/ writes never wake it."""
        roots = [self.root] + ([PACKAGE_TEMPLATES] if self.root not in PACKAGE_TEMPLATES.parents else [])
        for batch in watchfiles.watch(*roots, watch_filter=lambda _, path: self.is_watched(Path(path)),
                                      step=STEP_MS, debounce=DEBOUNCE_MS, stop_event=stop_event,
                                      rust_timeout=500, yield_on_timeout=False):
            named = any(change is not watchfiles.Change.modified for change, _ in batch)
            yield sorted({Path(path) for _, path in batch}), named

    def run(self, stop_event: threading.Event | None = None) -> None:
        """Build everything, then preview and rebuild after each save until `stop_event` is set.

        Saves are watched and previewed on a thread of their own, so a save made while the
        last one is still building shows at once too; builds run here, one at a time, each
        taking every save made since the last began (Ctrl+C stops a build here, as ever)."""
        self.cycle()
        waiting: queue.Queue = queue.Queue()

        def preview_saves():
            try:
                for changed, named in self.changes(stop_event):
                    request = self._preview_step(changed, named)
                    if request is not None:
                        waiting.put(request)
            except BaseException as exc:  # a bug: raised again where the command line reports it
                waiting.put(exc)
            waiting.put(None)

        threading.Thread(target=preview_saves, name="bulletin-watch-saves", daemon=True).start()
        stopped = False
        while not stopped:
            request = waiting.get()
            while isinstance(request, _Request):  # saves made while the last build ran: one build
                try:
                    more = waiting.get_nowait()
                except queue.Empty:
                    break
                if not isinstance(more, _Request):
                    self._build_step(request)
                    request = more
                    break
                request = request.merge(more)
            if isinstance(request, BaseException):
                raise request
            if request is None:
                stopped = True
            else:
                self._build_step(request)

    def cycle(self, changed: list[Path] | None = None, named: bool = False) -> Cycle:
        """Preview, then rebuild, what these changed files reach; None: everything (the
        first build, with no preview). `named`: a file was added or removed, so the
        editor's schema may list a new name."""
        request = self._preview_step(changed, named)
        if request is None:
            return Cycle([self._display(Path(p)) for p in changed or []])
        return self._build_step(request)

    def _preview_step(self, changed: list[Path] | None, named: bool) -> _Request | None:
        """The publications these changes reach, previewed; None when nothing changed."""
        started = time.perf_counter()
        everything = changed is None
        changed = sorted(Path(p) for p in changed or [])
        result = Cycle([self._display(p) for p in changed])
        if not everything and not changed:
            return None
        if named:
            from .jsonschema import refresh_if_present  # a new name: offer it in the editor
            refresh_if_present(self.root)
        project = None if everything else load_project(self.root)
        names = self.names if everything else self.affected(changed, project)
        number = 0
        if project is not None and "html" in self.formats and names != []:
            result.previewed, number = self._preview(project, names)
            result.preview_seconds = time.perf_counter() - started
        return _Request(result, names, number, started)

    def _build_step(self, request: _Request) -> Cycle:
        result = request.result
        result.rebuilt, result.diagnostics = self._build(request.names)
        result.seconds = time.perf_counter() - request.started
        self._settle(result, request.previewed)
        self._report(result)
        return result

    def affected(self, changed: list[Path], project=None) -> list[str] | None:
        """The publications a set of changed files can reach; None for all of them."""
        project = project if project is not None else load_project(self.root)
        wanted: set[str] = set()
        sources, layouts = self.root / "sources", self.root / "layouts"
        for path in changed:
            if path.parent == sources / "publications" and path.stem in project.publications:
                wanted.add(path.stem)
            elif path.parent == sources / "reviews" and path.stem in project.reviews:
                wanted |= {name for name, pub in project.publications.items()
                           if path.stem in review_names(project, pub)
                           or pub.select}
            elif layouts in path.parents and path.relative_to(layouts).parts[0] != "default":
                layout = path.relative_to(layouts).parts[0]
                wanted |= {name for name, pub in project.publications.items()
                           if pub.layout == layout}
            else:  # themes, project settings, package templates, a new or removed file
                return self.names
        if self.names:
            wanted &= set(self.names)
        return sorted(wanted)

    def _preview(self, project, names) -> tuple[list[str], int]:
        """Show the save at once: the reached publications' web pages rendered in memory,
        laying nothing out, and the browser told to reload: (publications previewed, the
        preview's number). A publication that cannot be rendered now (a mistake in its
        sources) loses its preview: its page in dist/ is served, with the build's errors."""
        suffix = format_registry.get("html").suffix
        made: dict[str, tuple[str, str]] = {}
        for name in names if names is not None else list(project.publications):
            publication = project.publications.get(name)
            if publication is None or not project.buildable(publication):
                continue
            page = f"{output_stem(project, publication)}{suffix}"
            html = stages.preview_html(project, publication, *self._measured(page))
            if html is not None:
                made[page] = (name, html)
        reached = set(names) if names is not None else set(project.publications)
        with self._lock:
            self._previewed += 1
            self.previews = {page: kept for page, kept in self.previews.items() if kept[0] not in reached}
            self.previews.update({page: (name, html, self._previewed) for page, (name, html) in made.items()})
            if made:
                self.version += 1
            return sorted(name for name, _ in made.values()), self._previewed

    def _measured(self, page: str) -> tuple[bool | None, bool]:
        """What the last build measured of the page dist/ has: (whether it opens with a
        contents list, whether it is set tighter); (None, False) when there is no such
        page yet. Read again only when the file has changed since."""
        path = self.dist / page
        try:
            stamp = path.stat().st_mtime_ns
            if self._measures.get(page, (None,))[0] != stamp:
                text = path.read_text(encoding="utf-8")
                self._measures[page] = (stamp, (has_contents(text), is_fitted(text)))
        except (OSError, UnicodeDecodeError):
            return None, False
        return self._measures[page][1]

    def _settle(self, result: Cycle, previewed: int) -> None:
        """Take the result of a build that began after preview number `previewed`: a
        preview it wrote gives way to the file (a later save's stays); the browser reloads
        unless it would show exactly what the preview showed."""
        # what the previewed pages' overlay says: every error, and their publications' warnings
        def said(diagnostics):
            return sorted(str(d) for d in diagnostics if d.is_error or d.publication in result.previewed)

        with self._lock:
            changed = not result.previewed or said(result.diagnostics) != said(self.diagnostics)
            changed = changed or bool(set(result.rebuilt) - set(result.previewed))
            for page, (name, html, number) in list(self.previews.items()):
                if name in result.rebuilt and number <= previewed:
                    del self.previews[page]
                    try:
                        written = (self.dist / page).read_text(encoding="utf-8")
                    except (OSError, UnicodeDecodeError):
                        written = None
                    changed = changed or written != html
            self.diagnostics = result.diagnostics
            if changed:
                self.version += 1

    def page(self, name: str) -> tuple[str, bool] | None:
        """(the HTML to serve for dist/<name>, whether it is a preview), or None: no such page."""
        with self._lock:
            if name in self.previews:
                return self.previews[name][1], True
        target = self.dist / name
        if target.is_file() and self.dist.resolve() in target.resolve().parents:
            return target.read_text(encoding="utf-8"), False
        return None

    def _build(self, names) -> tuple[list[str], list[Diagnostic]]:
        if names == []:
            return [], []
        try:
            # force: the watcher already chose what a change reaches (a package template
            # is not in the build's fingerprint); offline and no axe: a save must not wait
            # on the network or on Chromium
            result = stages.build(self.root, names, formats=self.formats, dist=self.dist, force=True,
                           offline=True, axe=False)
        except OSError as exc:  # a full disk, a file locked or mid-save: the next save may fix it
            where = self._display(Path(exc.filename)) if exc.filename else "bulletin"
            return [], [error("build.io", f"the build stopped: {exc.strerror or exc}", Location(where, 1, 1))]
        rebuilt = [p.name for p in result.publications if p.status == "built"]
        return rebuilt, [d for d in result.diagnostics if d.severity is not Severity.INFO]

    def _display(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    def _report(self, result: Cycle) -> None:
        stamp = time.strftime("%H:%M:%S")
        errors = sum(d.is_error for d in result.diagnostics)
        warnings = len(result.diagnostics) - errors
        what = ", ".join(result.rebuilt) or "nothing"
        preview = f" (preview in {result.preview_seconds:.2f} s)" if result.previewed else ""
        for line in sorted({str(d) for d in result.diagnostics}):
            print(line, file=self.out)
        print(f"[{stamp}] rebuilt {what} in {result.seconds:.1f} s{preview}: {errors} errors, "
              f"{warnings} warnings", file=self.out, flush=True)

    def state(self) -> tuple[int, list[Diagnostic]]:
        with self._lock:
            return self.version, list(self.diagnostics)


RELOAD_SCRIPT = """<script>/* added by bulletin watch; not in dist/ */
(function () {
  var seen = %d;
  setInterval(function () {
    fetch("%s", {cache: "no-store"}).then(function (r) { return r.json(); })
      .then(function (d) { if (d.version !== seen) { location.reload(); } })
      .catch(function () {});
  }, 500);
})();
</script>"""

OVERLAY_STYLE = ("position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:99999;"
                 "margin:0;padding:1em 1.5em;font:14px/1.4 monospace;white-space:pre-wrap;"
                 "box-shadow:0 -2px 8px rgba(0,0,0,.4);")


def overlay(diagnostics: list[Diagnostic], preview: bool = False) -> str:
    """An overlay listing the last build's problems: errors in full, warnings folded away.
    `preview`: the page shown is the last save's preview, which the errors kept out of dist/."""
    errors = sorted({str(d) for d in diagnostics if d.is_error})
    warnings = sorted({str(d) for d in diagnostics if not d.is_error})
    if not errors and not warnings:
        return ""
    lines = "\n".join(html.escape(line) for line in errors + warnings)
    if errors:
        state = ("this is a preview of your last save: dist/ keeps the files built before"
                 if preview else "this page may be out of date")
        return (f'<div id="bulletin-problems" role="alert" style="{OVERLAY_STYLE}'
                f'background:#7a0000;color:#fff"><strong>The last build found {len(errors)} '
                f'error{"" if len(errors) == 1 else "s"}; {state}. Fix the line named, save, and it '
                f'rebuilds.</strong>\n\n{lines}</div>')
    return (f'<details id="bulletin-problems" style="{OVERLAY_STYLE}background:#fff4ce;color:#222">'
            f'<summary>{len(warnings)} warning{"" if len(warnings) == 1 else "s"} from the last build</summary>\n{lines}</details>')


def inject(page: str, version: int, diagnostics: list[Diagnostic], preview: bool = False) -> str:
    """The page with the reload script (and problems overlay) before </body>."""
    extra = overlay(diagnostics, preview) + RELOAD_SCRIPT % (version, VERSION_PATH)
    at = page.lower().rfind("</body>")
    return page[:at] + extra + page[at:] if at >= 0 else page + extra


class _Handler(SimpleHTTPRequestHandler):
    watcher: Watcher

    def log_message(self, format, *args):  # the terminal is for build results
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        version, diagnostics = self.watcher.state()
        if path == VERSION_PATH:
            return self._send(json.dumps({"version": version,
                                          "errors": sum(d.is_error for d in diagnostics)}),
                              "application/json")
        if path in ("/", "/index.html") and not (self.watcher.dist / "index.html").is_file():
            return self._send(inject(self._index(), version, diagnostics), "text/html")
        if path.endswith(".html"):
            found = self.watcher.page(unquote(path).lstrip("/"))
            if found is not None:
                page, preview = found
                return self._send(inject(page, version, diagnostics, preview), "text/html")
        return super().do_GET()

    def _index(self) -> str:
        dist = self.watcher.dist
        pages = sorted(p.name for p in dist.glob("*.html")) if dist.is_dir() else []
        items = "".join(f'<li><a href="/{html.escape(n)}">{html.escape(n)}</a></li>' for n in pages)
        return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>bulletin watch'
                f'</title></head><body><h1>Publications in dist/</h1><ul>{items or "<li>none built yet</li>"}'
                f'</ul></body></html>')

    def _send(self, text: str, content_type: str) -> None:
        body = text.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(watcher: Watcher, port: int = 8000, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    """Start serving dist/ in a background thread; `.server_address[1]` is the port
    (pass 0 for any free one); stop with `.shutdown()` then `.server_close()`."""
    watcher.dist.mkdir(parents=True, exist_ok=True)
    handler = type("Handler", (_Handler,), {"watcher": watcher})
    server = ThreadingHTTPServer((host, port), partial(handler, directory=str(watcher.dist)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},  # stops at once on Ctrl-C
                     name="bulletin-watch-server", daemon=True).start()
    return server


def add_options(parser) -> None:
    parser.add_argument("names", nargs="*", metavar="NAME", help="publications to watch (default: all)")
    parser.add_argument("--port", type=int, default=8000, help="local port to serve on (default 8000)")
    parser.add_argument("--format", default="html",
                        help="formats to rebuild on each save (default: html, the fastest)")


def cmd_watch(args) -> int:
    known = format_registry.names()
    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    if "html" not in formats or any(f not in known for f in formats):
        print(f"bulletin watch: error: --format must include html and only {', '.join(known)}",
              file=sys.stderr)
        return 2
    watcher = Watcher(args.root, formats, names=args.names or None)
    try:
        server = serve(watcher, args.port)
    except OSError as exc:
        print(f"bulletin watch: error: cannot serve on port {args.port} ({exc.strerror}); "
              f"try --port {args.port + 1}", file=sys.stderr)
        return 2
    port = server.server_address[1]
    print(f"building, then watching sources/ and layouts/; open http://127.0.0.1:{port}/ "
          f"(Ctrl+C to stop)", flush=True)
    try:
        watcher.run()
    except KeyboardInterrupt:  # Ctrl+C, while waiting or rebuilding
        pass
    finally:
        server.shutdown()
        server.server_close()
    print("stopped watching", file=sys.stderr)
    return 0
