"""Turn a project into every diagnostic a build would give, short of writing files: `bulletin check`.

Validation, the source-level accessibility and content rules, each publication's HTML
from its template (template errors, the sandbox, the template contract), output file
names, the project's `delivery:` and `checks:` settings, layout contrast and link
checking, with the project's severity tuning applied as a build applies it. What needs
a rendered PDF or Word file is not checked, and one info line says so. Reports go to
dist/reports/ as for a build.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from .build import BuildResult, PublicationResult, _project_checks, _severity_rules, render_publication
from .checks.severity import regrade
from .diagnostics import Location, info
from .model import load_project
from .session import Session

# What only a build can check, because it reads the rendered PDF, print and Word files.
NEEDS_RENDERED_FILES = ("PDF tags, fonts and metadata", "Word accessibility and Word/HTML parity",
                        "e-mail size and page counts", "page layout", "axe-core")


def check(root: Path, offline: bool = False, links: bool = True,
          placeholders_are_errors: bool = False) -> BuildResult:
    from bulletin.checks.accessibility.build import check_sources
    from .checks.delivery import check_file_name, delivery_settings
    project = load_project(root.resolve())
    result = BuildResult(project, diagnostics=list(project.diagnostics))
    rules, config_problems = _severity_rules(project, None)
    found, checked = list(delivery_settings(project)[1]), []
    for publication in project.publications.values():
        buildable = project.buildable(publication)
        result.publications.append(PublicationResult(
            publication.name, str(publication.title or ""),
            str(publication.layout or ""), "checked" if buildable else "failed",
            reason="" if buildable else "its sources have errors"))
        if not buildable:
            continue
        checked.append(publication)
        session = Session(publication.name)  # its text parsed once, for rendering and checking
        _, rendered_problems = render_publication(project, publication, formats=(), session=session)
        found += [_tag(d, publication.name) for d in rendered_problems
                  + check_sources(project, publication, session) + check_file_name(project, publication, None)]
    if links and checked:
        from .checks.links.build import check_publication_links
        result.link_results, link_problems = check_publication_links(
            project, checked, offline=offline, placeholders_are_errors=placeholders_are_errors)
        found += link_problems
    result.diagnostics = _project_checks(project, result.diagnostics + regrade(found, rules), None, rules)
    result.diagnostics += config_problems + [info(
        "check.not-checked", "not checked without building: " + ", ".join(NEEDS_RENDERED_FILES)
        + "; `bulletin build` checks them", Location("bulletin.yaml" if (root / "bulletin.yaml").is_file()
                                                     else "sources"))]
    return result


def _tag(diagnostic, name):
    return diagnostic if diagnostic.publication == name else dataclasses.replace(diagnostic, publication=name)
