"""Turn a project into diagnostics without rendering anything: `bulletin check`.

Validation, the source-level accessibility and content rules, layout contrast and link
checking, with the project's severity tuning; reports go to dist/reports/ as for a
build. Quick enough to run on every save.
"""

from __future__ import annotations

from pathlib import Path

from .build import BuildResult, PublicationResult, _project_checks
from .model import load_project


def check(root: Path, offline: bool = False, links: bool = True,
          placeholders_are_errors: bool = False) -> BuildResult:
    from .checks.a11y_build import check_sources
    project = load_project(root.resolve())
    result = BuildResult(project, diagnostics=list(project.diagnostics))
    checked = []
    for publication in project.publications.values():
        result.publications.append(PublicationResult(
            publication.name, str(publication.data.get("title", "")),
            str(publication.data.get("layout", "")), "checked" if project.buildable(publication) else "skipped"))
        if project.buildable(publication):
            checked.append(publication)
            result.diagnostics += [d if d.publication else _tag(d, publication.name)
                                   for d in check_sources(project, publication)]
    if links and checked:
        from .checks.links.build import check_publication_links
        result.link_results, found = check_publication_links(
            project, checked, offline=offline, placeholders_are_errors=placeholders_are_errors)
        result.diagnostics += found
    result.diagnostics = _project_checks(project, result.diagnostics, None)
    return result


def _tag(diagnostic, name):
    import dataclasses
    return dataclasses.replace(diagnostic, publication=name)
