"""Turn the publications a build rendered into one link check: their links, checked once each.

Links come from every prose field of a publication and the reviews it prints (Markdown
links, addresses, bare domains, e-mail), the reviews' report addresses, and the layout's
website and contact address. Running one check per build, not per publication, means
each address is fetched once however many publications share it, and per-host
politeness holds across the whole build.
"""

from __future__ import annotations

from ... import kinds
from ...model import review_names
from bulletin.checks.accessibility.build import publication_texts
from .check import check_links, find_links, link_ref


def publication_links(project, publication) -> list:
    name = publication.name
    refs = []
    for text in publication_texts(project, publication):
        refs += find_links(text, name)
    # Only a kind that prints the report's address as a link has it checked: a reader of
    # the others never sees it.
    prints_url = kinds.KINDS[publication.kind]["prints_report_url"]
    for review_name in review_names(project, publication) if prints_url else ():
        report = project.reviews[review_name].report
        if report and report.url:
            refs.append(link_ref(report.url, name, report.title or "full report"))
    layout = project.layouts[publication.layout]
    if layout.website:
        refs.append(link_ref(layout.website, name, f"{layout.partnership or ''} website"))
    email = layout.contact.email if layout.contact else None
    if email:
        refs.append(link_ref(f"mailto:{email}", name, email, location=getattr(email, "loc", None)))
    return refs


def check_publication_links(project, publications, *, offline: bool,
                            placeholders_are_errors: bool = False):
    """(link results, diagnostics) for the given publications, in one polite run."""
    refs = []
    for publication in publications:
        refs += publication_links(project, publication)
    settings = project.config.links
    return check_links(refs, project.root, offline=offline, settings=settings or {},
                       placeholders_are_errors=placeholders_are_errors)
