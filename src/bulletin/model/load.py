"""Turn a project folder (sources/, layouts/, bulletin.yaml) into a validated, typed `Project`.

Every file is read and checked before anything is built: schema errors, then references
between files (a publication naming a review that does not exist, a theme outside the
vocabulary, a duplicate name). A publication whose own file, layout or reviews have
errors is marked unbuildable; the others still build.
"""

from __future__ import annotations

from pathlib import Path

from .. import schema
from ..diagnostics import Location, error, relative
from .layouts import load_layouts
from .project import Project
from .read import read_source
from .references import check_references
from .types import Config, Publication, Review, build


def _load_sources(project: Project, folder: str, spec, what: str) -> dict:
    found: dict = {}
    base = project.root / "sources" / folder
    # Files directly in the folder come first, so a copy in a subfolder (archive/) never
    # wins over the real one: it is reported, naming the file that is used.
    paths = sorted(base.rglob("*.yaml"), key=lambda p: (len(p.relative_to(base).parts), p)) if base.is_dir() else []
    for path in paths:
        name = path.stem
        if name in found:
            project.diagnostics.append(error(
                "source.duplicate-name",
                f"{what} name '{name}' is already used by {found[name].display}, which is the one "
                "built; rename or remove this copy", Location(relative(path, project.root), 1, 1)))
            continue
        loaded, display, diags = read_source(path, project.root, spec, what)
        project.diagnostics += diags
        raw, data = loaded if loaded else (None, {})
        found[name] = build(spec, data or {}, raw, name=name, path=path, display=display,
                            ok=not any(d.is_error for d in diags) and loaded is not None)
    return found


def _load_config(project: Project) -> None:
    """bulletin.yaml, validated like every source; each section keeps its lines for the
    check that reads it (checks/severity.py, checks/links/settings.py, checks/delivery.py)."""
    path = project.root / "bulletin.yaml"
    if not path.is_file():
        return
    loaded, _, diags = read_source(path, project.root, schema.CONFIG, "bulletin.yaml")
    if loaded is not None and loaded[1] is not None:  # a bad section is reported once
        project.config = build(schema.CONFIG, *reversed(loaded))
    project.diagnostics += diags


def load_project(root: Path) -> Project:
    """Read and validate every source, layout and the project config."""
    project = Project(root=root)
    themes_path = root / "sources" / "themes.yaml"
    if themes_path.is_file():
        loaded, _, diags = read_source(themes_path, root, schema.THEMES_FILE, "themes")
        project.diagnostics += diags
        if loaded:
            themes = build(schema.THEMES_FILE, *reversed(loaded))
            project.themes = {name: _named(theme, name) for name, theme in themes.items()}
    _load_config(project)
    load_layouts(project)
    project.reviews = _load_sources(project, "reviews", schema.REVIEW, "review")
    project.publications = _load_sources(project, "publications", schema.PUBLICATION, "publication")
    check_references(project)
    return project


def _named(theme, name: str):
    import dataclasses
    return dataclasses.replace(theme, name=name)


__all__ = ["Config", "Publication", "Review", "load_project"]
