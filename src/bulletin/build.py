"""Turn a project folder into dist/: every buildable publication as PDF, Word, HTML and a print edition.

Reads top to bottom as the stages: load and validate everything, compose and render each
publication, check what was rendered, then move the publication's files into place
together. A publication with an error writes nothing, so its earlier outputs stay; the
others still build. Diagnostics are gathered, never printed here.
"""

from __future__ import annotations

import dataclasses
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import formats as format_registry
from .checks.registry import run_publication_checks
from .assets import copy_assets
from .checks.severity import read_checks_config, regrade
from .diagnostics import Diagnostic, Location, error, info
from .model import Project, Publication, load_project, review_names
from .naming import output_stem
from .collector import collect_less_often
from .output import Staged, stage_together
from .session import Session
from bulletin.render.docx.tree import DocxContractError, DocxError
from .workers import render_in_pool

@dataclass
class Output:
    publication: str
    format: str
    path: Path
    size: int


@dataclass
class PublicationResult:
    name: str
    title: str
    layout: str
    status: str  # built, unchanged, failed (held back by an error), checked (`bulletin check`)
    outputs: list[Output] = field(default_factory=list)  # for failed: the earlier files, kept
    seconds: float = 0.0
    reason: str = ""  # why a failed publication was held back


@dataclass
class BuildResult:
    project: Project
    diagnostics: list[Diagnostic] = field(default_factory=list)
    publications: list[PublicationResult] = field(default_factory=list)
    link_results: list = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # publications gone since the last build

    @property
    def changed(self) -> bool:
        """True when this build wrote or dropped anything (a no-op build returns False)."""
        return bool(self.removed) or any(p.status != "unchanged" for p in self.publications)


@dataclass
class Rendered:
    """Everything one publication produced, in memory, before any file is written."""

    html: str
    files: dict[str, bytes]  # file suffix (".pdf", ".print.pdf"...) -> bytes
    logs: dict[str, list[str]] = field(default_factory=dict)  # format -> renderer warnings
    context: dict = field(default_factory=dict)
    session: Session | None = None  # the checks read the source text it parsed


def render_publication(project: Project, publication: Publication, formats,
                       session: Session | None = None) -> tuple[Rendered | None, list[Diagnostic]]:
    """Compose and render one publication into bytes per format (nothing written).
    `session` carries what its stages share (parsed Markdown, layouts); a new one when None."""
    session = session if session is not None else Session(publication.name)
    layout = project.layouts[publication.layout]
    # whether a contents list is added depends on the laid-out page count; with no file to
    # write (`bulletin check`) nothing is laid out, so check never loads WeasyPrint
    html, context, diags = _publication_html(project, publication, session, "measure" if formats else None)
    if html is None:
        return None, diags
    rendered = Rendered(html, {}, {}, context, session)
    for fmt in formats:
        suffix, renderer = format_registry.get(fmt).suffix, format_registry.writer(fmt)
        try:
            rendered.files[suffix], rendered.logs[fmt] = renderer(html, project, layout, context, session)
        except DocxError as exc:  # the Word writer names the element and its HTML line
            code = "template.contract" if isinstance(exc, DocxContractError) else "docx.render"
            diags.append(error(code, f"Word writer: {exc.message} (publication HTML line {exc.line})",
                               Location(publication.display, 1, 1), publication=publication.name))
            return None, diags
    session.layouts.clear()  # every file is written: the laid-out pages' memory can go
    return rendered, diags


def preview_html(project: Project, publication: Publication, contents: bool | None,
                 fitted: bool = False) -> str | None:
    """The publication's web page at once, laying nothing out (bulletin watch's preview):
    with a contents list as `contents` says and set tighter as `fitted` says, the decisions
    its last build measured (contents None: guessed from its length). None when it cannot
    be rendered. Nothing is checked or written: the build that follows does both, and
    corrects a decision that came out otherwise."""
    session = Session(publication.name, contents=contents, fitted=fitted)
    html, _, diags = _publication_html(project, publication, session, "as known")
    return html if html is not None and not any(d.is_error for d in diags) else None


def _publication_html(project: Project, publication: Publication, session: Session, contents):
    """(publication HTML or None, template context, diagnostics): composed, rendered, its
    contents list decided (`contents`: "measure", "as known" or None for not at all) and
    held to the template contract."""
    from .compose import compose
    from .contract import check_contract
    from .render.html import render_publication_html
    from bulletin.render.contents import add_contents_as_known, add_contents_if_long
    from bulletin.render.copyfit import fit_last_page, set_tighter
    layout = project.layouts[publication.layout]
    context = compose(project, publication, session)
    html, diags = render_publication_html(context, layout.folder, publication.display)
    if html is None:
        return None, context, diags
    if contents == "measure":
        from .render.pdf import lay_out  # deferred: loads WeasyPrint, which `bulletin check` never needs
        html = add_contents_if_long(project, publication, context, html, session)
        html = fit_last_page(html, lambda h: lay_out(h, project.root, layout.folder, session)[0])
    elif contents == "as known":
        html = add_contents_as_known(project, publication, context, html, session.contents)
        html = set_tighter(html) if session.fitted else html
    for line, message in check_contract(html):
        diags.append(error("template.contract", f"{message}; publication HTML line {line}",
                           Location(publication.display, 1, 1), publication=publication.name))
    return (None if diags else html), context, diags


def stage_publication(dist: Path, stem: str, rendered: Rendered) -> Staged:
    """A publication's files written to temporary names beside their places in `dist`, to
    be renamed into place together once every check has passed (`Staged.commit`), so a
    full disk or a read-only file leaves every old file as it was."""
    return stage_together({dist / f"{stem}{suffix}": data for suffix, data in rendered.files.items()})


def process_publication(project: Project, publication: Publication, formats, checks=None):
    """Render and check one publication: (Rendered or None, diagnostics). Writes nothing."""
    rendered, diags = render_publication(project, publication, formats)
    if rendered is not None:
        diags += (checks or run_publication_checks)(project, publication, rendered)
    return rendered, diags


def build(root: Path, names: list[str] | None = None, formats=("pdf", "html"),
          dist: Path | None = None, checks=None, progress=None, jobs: int = 1,
          force: bool = False, offline: bool = False, links: bool = True,
          placeholders_are_errors: bool = False, axe: bool | None = None) -> BuildResult:
    """Build the named publications (default: all) of the project at `root`.

    Publications whose inputs are unchanged since their outputs were written are skipped
    (their diagnostics replayed) unless `force`; the rest render in `jobs` processes.
    Every check runs before anything is written: a publication with an error after the
    project's severities are applied writes nothing (its earlier files stay as they were)
    and is `failed`; the others have all their files replaced together.
    axe-core checks the HTML pages, where Chromium and axe-core are installed
    (`axe=None`: unless the environment sets BULLETIN_AXE=off).
    """
    from .manifest import Manifest, fingerprint, replay
    collect_less_often()
    root = root.resolve()
    dist = dist or root / "dist"
    project = load_project(root)
    result = BuildResult(project, diagnostics=list(project.diagnostics))
    rules, config_problems = _severity_rules(project, checks)
    manifest = Manifest(dist)
    todo: list[tuple[Publication, PublicationResult, str]] = []
    unchanged: list[Publication] = []
    clashes = _name_clashes(project)
    for publication in select_publications(project, names, result):
        entry = PublicationResult(publication.name, str(publication.title or ""),
                                  str(publication.layout or ""), "failed", reason="not built")
        result.publications.append(entry)
        if not project.buildable(publication):  # held back like any publication with an error
            _hold_back(entry, manifest, [])
            entry.reason = "its sources have errors"
            continue
        if publication.name in clashes:
            result.diagnostics.append(clashes[publication.name])
            entry.status, entry.reason = "failed", "its file names clash with another publication's"
            continue
        reviews = [project.reviews[r].path for r in review_names(project, publication)]
        print_ = fingerprint(project, publication, reviews, formats)
        if not force and manifest.is_current(publication.name, print_):
            recorded = manifest.recorded(publication.name)
            entry.status = "unchanged"
            entry.outputs = [Output(publication.name, f["format"], Path(f["path"]), f["size"])
                             for f in recorded["files"]]
            # link verdicts are not replayed: they are checked again below, through the
            # link cache, so a verdict older than the cache's day is not trusted
            result.diagnostics += replay(recorded["diagnostics"], leave_out=("links.",))
            unchanged.append(publication)
            continue
        todo.append((publication, entry, print_))
    if todo and any(format_registry.get(f).needs_assets for f in formats):
        copy_assets(dist)
    if progress:
        progress("plan", len(todo))
    per_publication: dict[str, list[Diagnostic]] = {}
    # each publication's files wait on disk under temporary names, not in memory, while the
    # checks that need every publication (axe, links) run; removed unless committed
    staged: dict[str, Staged] = {}
    try:
        for publication, entry, print_, rendered, diags, seconds in _render_all(project, todo, formats, checks,
                                                                                progress, jobs):
            entry.seconds = seconds
            # one with an error already is held back below: its files never touch dist/
            if rendered is not None and not any(d.is_error for d in regrade(diags, rules)):
                try:
                    staged[publication.name] = stage_publication(dist, output_stem(project, publication), rendered)
                except OSError as exc:
                    diags = diags + [_write_failure(exc, publication)]
            per_publication[publication.name] = diags
        if _wants_axe(axe, checks, formats) and staged:
            for diag in _check_pages_with_axe(project, todo, staged, dist, jobs):
                per_publication.setdefault(diag.publication, []).append(diag)
        if links and (todo or unchanged):
            from .checks.links.build import check_publication_links
            result.link_results, link_diags = check_publication_links(
                project, [p for p, _, _ in todo] + unchanged, offline=offline,
                placeholders_are_errors=placeholders_are_errors)
            for diag in link_diags:
                per_publication.setdefault(diag.publication, []).append(diag)
        for publication in unchanged:  # built earlier: their link verdicts are reported, nothing written
            result.diagnostics += regrade(per_publication.pop(publication.name, []), rules)
        if staged and any(format_registry.get(f).subsets_fonts for f in formats):
            result.diagnostics += machine_notices()
        for publication, entry, print_ in todo:
            diags = regrade(per_publication.get(publication.name, []), rules)
            result.diagnostics += diags
            files = staged.pop(publication.name, None)
            errors = [d for d in diags if d.is_error]
            if files is None or errors:
                if files is not None:
                    files.discard()
                _hold_back(entry, manifest, errors)
                continue
            try:
                written = files.commit()
            except OSError as exc:
                failure = _write_failure(exc, publication)
                result.diagnostics.append(failure)
                _hold_back(entry, manifest, [failure])
                continue
            stem = output_stem(project, publication)
            entry.outputs = [Output(publication.name, path.name[len(stem):].lstrip("."), path, size)
                             for path, size in written.items()]
            entry.status = "built"
            manifest.record(publication.name, print_, entry.outputs, diags)
    finally:
        for files in staged.values():
            files.discard()
    result.diagnostics += regrade(per_publication.get("", []), rules)
    if not names:  # a full build forgets publications whose sources were deleted
        result.removed = [n for n in list(manifest.entries) if n not in project.publications]
        for name in result.removed:
            manifest.forget(name)
    if todo or result.removed:
        try:
            manifest.save()
        except OSError as exc:
            result.diagnostics.append(error("build.write", f"cannot write {exc.filename or manifest.path}: "
                                            f"{exc.strerror or exc}", Location(str(manifest.path))))
    result.diagnostics = _project_checks(project, result.diagnostics, checks, rules) + config_problems
    return result


def _name_clashes(project: Project) -> dict[str, Diagnostic]:
    """An error for each publication whose output files would have the same names as
    another's (`<layout>-<name>`), naming the other, so neither overwrites the other."""
    by_stem: dict[str, list[Publication]] = {}
    for publication in project.publications.values():
        if project.buildable(publication):
            by_stem.setdefault(output_stem(project, publication), []).append(publication)
    found = {}
    for stem, sources in by_stem.items():
        for publication in sources if len(sources) > 1 else []:
            others = ", ".join(o.display for o in sources if o is not publication)
            found[publication.name] = error(
                "build.name-clash", f"its files would be called {stem}.pdf, .docx, .html, like those of "
                f"{others}; rename one of the publications", Location(publication.display, 1, 1),
                publication=publication.name)
    return found


def _hold_back(entry: PublicationResult, manifest, errors: list[Diagnostic]) -> None:
    """A publication with errors: nothing written, its earlier files and manifest entry kept
    (a changed fingerprint is recorded nowhere, so the next build tries it again)."""
    entry.status = "failed"
    codes = sorted({d.code for d in errors})
    entry.reason = (f"{len(errors)} error{'s' if len(errors) != 1 else ''} ({', '.join(codes)})"
                    if errors else "it could not be rendered")
    if manifest.entries.get(entry.name):
        recorded = manifest.recorded(entry.name)
        entry.outputs = [Output(entry.name, f["format"], Path(f["path"]), f["size"])
                         for f in recorded["files"] if Path(f["path"]).is_file()]


def _write_failure(exc: OSError, publication: Publication) -> Diagnostic:
    where = exc.filename or "dist/"
    return error("build.write", f"cannot write {where}: {exc.strerror or exc}; nothing of this "
                 "publication was replaced", Location(publication.display, 1, 1),
                 publication=publication.name)


def _check_pages_with_axe(project, todo, staged: dict[str, Staged], dist: Path, jobs: int) -> list[Diagnostic]:
    """axe-core findings for the HTML pages about to be written. The pages are staged in a
    temporary folder beside their final place, so they see the same CSS and images."""
    import tempfile

    from bulletin.checks.accessibility.axe import check_built_pages
    dist.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".bulletin-axe-", dir=dist) as staging:
        pages = {}
        for publication, _, _ in todo:
            files, stem = staged.get(publication.name), output_stem(project, publication)
            targets = [dist / f"{stem}{s}" for s in format_registry.suffixes_checked_by("axe")]
            target = next((t for t in targets if files is not None and t in files.files), None)
            if target is not None:
                path = Path(staging) / target.name
                path.write_bytes(files.read(target))
                pages[publication.name] = path
        if not pages:
            return []
        found = check_built_pages(pages, project.root, jobs=jobs, base=dist)
    final = {str(pages[n]): str(dist / pages[n].name) for n in pages}
    return [dataclasses.replace(d, location=Location(final.get(d.location.path, d.location.path)))
            for d in found]


def machine_notices() -> list[Diagnostic]:
    """Facts about this machine that change what the build makes, once per build."""
    from .environment import harfbuzz_subset

    subset = harfbuzz_subset()
    if subset.found:
        return []
    return [info("env.harfbuzz-subset", "HarfBuzz-subset is not installed, so WeasyPrint subsets "
                 "fonts with fontTools: PDFs look the same but their bytes differ from a machine "
                 f"that has it ({subset.install})", Location("(this machine)"))]


def _wants_axe(axe: bool | None, checks, formats) -> bool:
    wanted = any("axe" in format_registry.get(f).checks for f in formats)
    if checks is not None or not wanted:  # callers with their own checks get exactly those
        return False
    return axe if axe is not None else os.environ.get("BULLETIN_AXE", "").lower() not in ("off", "0", "no")


def _severity_rules(project: Project, checks) -> tuple[dict, list[Diagnostic]]:
    """The project's severity changes (bulletin.yaml `checks:`), and problems with them."""
    if checks is not None:  # a caller supplying its own checks (tests) gets exactly those
        return {}, []
    return read_checks_config(project.config.checks, project.config.key_loc("checks"))


def _project_checks(project: Project, diagnostics: list[Diagnostic], checks, rules) -> list[Diagnostic]:
    """Checks run once per build (layout contrast), re-graded by the project's settings."""
    if checks is not None:
        return diagnostics
    from bulletin.checks.accessibility.contrast import check_layouts
    return diagnostics + regrade(check_layouts(project), rules)


def _render_all(project, todo, formats, checks, progress, jobs):
    """Yield (publication, entry, fingerprint, rendered, diagnostics, seconds) in `todo` order."""
    if jobs <= 1 or len(todo) <= 1 or checks is not None:
        for publication, entry, print_ in todo:
            if progress:
                progress("start", publication.name)
            started = time.perf_counter()
            rendered, diags = process_publication(project, publication, formats, checks)
            if progress:
                progress("done", publication.name)
            yield publication, entry, print_, rendered, diags, time.perf_counter() - started
        return
    yield from render_in_pool(project, todo, formats, progress, jobs, process_publication)


def select_publications(project: Project, names, result: BuildResult) -> list[Publication]:
    if not names:
        return list(project.publications.values())
    chosen = []
    for name in names:
        if name in project.publications:
            chosen.append(project.publications[name])
        else:
            from .diagnostics import did_you_mean
            result.diagnostics.append(error(
                "build.unknown-publication",
                f"no publication named '{name}'{did_you_mean(name, project.publications)}",
                Location("sources/publications")))
    return chosen
