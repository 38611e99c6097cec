"""Turn a project folder into dist/: every buildable publication as PDF, Word, HTML and a print edition.

Reads top to bottom as the stages: load and validate everything, compose and render each
publication, check what was rendered, then move the publication's files into place
together. A publication with an error writes nothing, so its earlier outputs stay; the
others still build. Diagnostics are gathered, never printed here.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from .checks.registry import run_publication_checks
from .diagnostics import Diagnostic, Location, error
from .model import Project, Source, load_project, review_names
from .assets import copy_assets
from .output import write_atomic

ALL_FORMATS = ("pdf", "docx", "html", "print")


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
    status: str  # built, unchanged, failed, skipped
    outputs: list[Output] = field(default_factory=list)
    seconds: float = 0.0


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


def output_stem(project: Project, publication: Source) -> str:
    """File name without extension: `<layout>-<publication>`, safe for e-mail and the web."""
    layout = publication.data.get("layout", "default")
    return publication.name if publication.name.startswith(layout + "-") else f"{layout}-{publication.name}"


@dataclass
class Rendered:
    """Everything one publication produced, in memory, before any file is written."""

    html: str
    files: dict[str, bytes]  # file suffix (".pdf", ".print.pdf"...) -> bytes
    logs: dict[str, list[str]] = field(default_factory=dict)  # format -> renderer warnings
    context: dict = field(default_factory=dict)


def _render_html(html, project, layout, context):
    return html.encode("utf-8"), []


def _render_pdf(html, project, layout, context):
    from .render.pdf import pdf_bytes
    return pdf_bytes(html, project.root, layout.folder)


def _render_docx(html, project, layout, context):
    from .render.docx import docx_bytes
    return docx_bytes(html, layout.tokens, base_dir=layout.folder or project.root), []


def _render_print(html, project, layout, context):
    from .render.print_edition import render_print
    return render_print(html, project, layout, context)


# format -> (file suffix, renderer(html, project, layout, context) -> (bytes, warnings)).
# Adding a format is one entry; ALL_FORMATS is what `build` makes by default.
RENDERERS = {
    "pdf": (".pdf", _render_pdf),
    "docx": (".docx", _render_docx),
    "html": (".html", _render_html),
    "print": (".print.pdf", _render_print),
}


def render_publication(project: Project, publication: Source, formats) -> tuple[Rendered | None, list[Diagnostic]]:
    """Compose and render one publication into bytes per format (nothing written)."""
    from .compose import compose
    from .contract import check_contract
    from .render.html import render_publication_html
    layout = project.layouts[publication.data["layout"]]
    from .markup import start_publication
    from .toc import add_contents_if_long
    start_publication()
    context = compose(project, publication)
    html, diags = render_publication_html(context, layout.folder, publication.display)
    if html is None:
        return None, diags
    html = add_contents_if_long(project, publication, context, html)
    for line, message in check_contract(html):
        diags.append(error("template.contract", f"{message}; publication HTML line {line}",
                           Location(publication.display, 1, 1), publication=publication.name))
    if diags:
        return None, diags
    rendered = Rendered(html, {}, {}, context)
    for fmt in formats:
        suffix, renderer = RENDERERS[fmt]
        try:
            rendered.files[suffix], rendered.logs[fmt] = renderer(html, project, layout, context)
        except Exception as exc:  # the Word writer names the element and its HTML line
            kind = type(exc).__name__
            if kind not in ("DocxContractError", "DocxError"):
                raise
            code = "template.contract" if kind == "DocxContractError" else "docx.render"
            diags.append(error(code, f"Word writer: {exc.message} (publication HTML line {exc.line})",
                               Location(publication.display, 1, 1), publication=publication.name))
            return None, diags
    return rendered, diags


def write_publication(dist: Path, stem: str, rendered: Rendered, name: str) -> list[Output]:
    outputs = []
    for suffix, data in rendered.files.items():
        path = dist / f"{stem}{suffix}"
        outputs.append(Output(name, suffix.lstrip("."), path, write_atomic(path, data)))
    return outputs


def process_publication(project: Project, publication: Source, formats, checks=None):
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
    (their diagnostics replayed) unless `force`; the rest render in `jobs` processes and
    are written in a stable order, so output does not depend on `jobs`.
    axe-core checks the HTML pages written, where Chromium and axe-core are installed
    (`axe=None`: unless the environment sets BULLETIN_AXE=off).
    """
    from .manifest import Manifest, fingerprint, replay
    root = root.resolve()
    dist = dist or root / "dist"
    project = load_project(root)
    result = BuildResult(project, diagnostics=list(project.diagnostics))
    manifest = Manifest(dist)
    todo: list[tuple[Source, PublicationResult, str]] = []
    for publication in select_publications(project, names, result):
        entry = PublicationResult(publication.name, str(publication.data.get("title", "")),
                                  str(publication.data.get("layout", "")), "skipped")
        result.publications.append(entry)
        if not project.buildable(publication):
            continue
        reviews = [project.reviews[r].path for r in review_names(project, publication)]
        print_ = fingerprint(project, publication, reviews, formats)
        if not force and manifest.is_current(publication.name, print_):
            recorded = manifest.recorded(publication.name)
            entry.status = "unchanged"
            entry.outputs = [Output(publication.name, f["format"], Path(f["path"]), f["size"])
                             for f in recorded["files"]]
            result.diagnostics += replay(recorded["diagnostics"])
            continue
        todo.append((publication, entry, print_))
    if "html" in formats and todo:
        copy_assets(dist)
    if progress:
        progress("plan", len(todo))
    per_publication: dict[str, list[Diagnostic]] = {}
    for publication, entry, print_, rendered, diags, seconds in _render_all(project, todo, formats, checks,
                                                                            progress, jobs):
        per_publication[publication.name] = diags
        entry.seconds = seconds
        entry.status = "failed"
        if rendered is not None:
            entry.outputs = write_publication(dist, output_stem(project, publication), rendered,
                                              publication.name)
            entry.status = "built"
    if _wants_axe(axe, checks, formats):
        from .checks.axe import check_built_pages
        pages = {e.name: o.path for _, e, _ in todo for o in e.outputs if o.format == "html"}
        if pages:
            for diag in check_built_pages(pages, project.root, jobs=jobs):
                per_publication.setdefault(diag.publication, []).append(diag)
    if links and todo:
        from .checks.links.build import check_publication_links
        result.link_results, link_diags = check_publication_links(
            project, [p for p, _, _ in todo], offline=offline,
            placeholders_are_errors=placeholders_are_errors)
        for diag in link_diags:
            per_publication.setdefault(diag.publication, []).append(diag)
    for publication, entry, print_ in todo:
        diags = per_publication.get(publication.name, [])
        result.diagnostics += diags
        if entry.status == "built":
            manifest.record(publication.name, print_, entry.outputs, diags)
        else:
            manifest.forget(publication.name)
    result.diagnostics += [d for d in per_publication.get("", [])]
    if not names:  # a full build forgets publications whose sources were deleted
        result.removed = [n for n in list(manifest.entries) if n not in project.publications]
        for name in result.removed:
            manifest.forget(name)
    if todo or result.removed:
        manifest.save()
    result.diagnostics = _project_checks(project, result.diagnostics, checks)
    return result


def _wants_axe(axe: bool | None, checks, formats) -> bool:
    if checks is not None or "html" not in formats:  # callers with their own checks get exactly those
        return False
    return axe if axe is not None else os.environ.get("BULLETIN_AXE", "").lower() not in ("off", "0", "no")


def _project_checks(project: Project, diagnostics: list[Diagnostic], checks) -> list[Diagnostic]:
    """Checks run once per build (layout contrast), then the project's severity tuning."""
    if checks is not None:  # a caller supplying its own checks (tests) gets exactly those
        return diagnostics
    from .checks.contrast import check_layouts
    from .checks.severity import apply_severities
    diagnostics = diagnostics + check_layouts(project)
    config = project.config if isinstance(project.config, dict) else {}
    where = Location("bulletin.yaml", 1, 1)
    if hasattr(project.config_raw, "key_locs") and "checks" in project.config_raw.key_locs:
        where = project.config_raw.key_locs["checks"]
    return apply_severities(diagnostics, config.get("checks") or {}, where)


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
    from .workers import render_in_pool
    yield from render_in_pool(project, todo, formats, progress, jobs)


def select_publications(project: Project, names, result: BuildResult) -> list[Source]:
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
