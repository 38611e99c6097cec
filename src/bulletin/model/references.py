"""Turn a loaded `Project` into diagnostics about references between its files: unknown reviews, themes, layouts; fields a kind does not use."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .. import kinds
from ..diagnostics import did_you_mean, error, warning
from ..sources import LocDict
from .project import Project
from .types import Publication

PACKAGE_TEMPLATES = Path(__file__).parent.parent / "templates"


def _check_ref(project: Project, source, value, kind: str, choices) -> None:
    if value is None or value in choices:
        return
    loc = getattr(value, "loc", source.loc)
    project.diagnostics.append(error(
        f"source.unknown-{kind}",
        f"no {kind} named '{value}'{did_you_mean(value, choices)}; "
        + {"review": "add sources/reviews/{0}.yaml or fix the name",
           "theme": "use a theme from sources/themes.yaml or add it there",
           "layout": "add layouts/{0}/layout.yaml or fix the name"}[kind].format(value),
        loc))
    source.ok = False


def check_references(project: Project) -> None:
    themes, layouts, reviews = project.themes, project.layouts, project.reviews
    for review in reviews.values():
        _check_ref(project, review, review.partnership, "layout", layouts)
        for theme in review.themes:
            _check_ref(project, review, theme, "theme", themes)
        for item in review.learning:
            for theme in item.themes:
                _check_ref(project, review, theme, "theme", themes)
    for pub in project.publications.values():
        _check_ref(project, pub, pub.layout, "layout", layouts)
        for name in ([pub.review] if pub.review else []) + list(pub.reviews):
            _check_ref(project, pub, name, "review", reviews)
        for theme in pub.select.themes if pub.select else ():
            _check_ref(project, pub, theme, "theme", themes)
        for item in pub.recurring_themes.items if pub.recurring_themes else ():
            _check_ref(project, pub, item.theme, "theme", themes)
        _check_kind_fields(project, pub)
        _check_labels(project, pub)


def _check_kind_fields(project: Project, pub: Publication) -> None:
    kind = pub.kind
    if kind is None:
        return
    if kind in kinds.KINDS and kinds.many_reviews(kind):
        if pub.review:
            project.diagnostics.append(error(
                "source.kind-field", f"a {kind} lists its reviews under 'reviews' (a list of "
                                     "review names), not 'review'", pub.field_loc("review")))
            pub.ok = False
        elif not pub.reviews and not pub.select:
            project.diagnostics.append(error(
                "source.missing", f"a {kind} needs 'reviews' (a list of review names) or 'select'",
                pub.loc))
            pub.ok = False
    elif not pub.review:
        where = pub.field_loc("reviews") if pub.reviews else pub.loc
        project.diagnostics.append(error(
            "source.missing", f"a {kind} needs 'review': the name of the review it publishes", where))
        pub.ok = False


_LABEL_USE = re.compile(r"labels\.([a-z_]+)|labels\[['\"]([a-z_]+)['\"]\]")
_EXTENDS = re.compile(r"""{%-?\s*extends\s+["']([^"']+)["']""")


@lru_cache(maxsize=64)
def labels_printed(kind: str, layout_folder: Path | None) -> frozenset:
    """The `labels:` a kind prints: those its template (the layout's own first, then what it
    extends) names, and those the kind registry says its fields print under."""
    found, name, seen = set(), kinds.KINDS[kind]["template"], set()
    while name and name not in seen:
        seen.add(name)
        own = layout_folder / "templates" / name if layout_folder else None
        path = own if own is not None and own.is_file() and not name.startswith("base/") \
            else PACKAGE_TEMPLATES / name.removeprefix("base/")
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        found |= {a or b for a, b in _LABEL_USE.findall(text)}
        match = _EXTENDS.search(text)
        name = match[1] if match else ""
    found |= set(kinds.LABEL_REF.findall(" ".join(kinds.KINDS[kind]["prints"].values())))
    if "recommendations" in found:  # the line under each recommendation (templates/_macros)
        found |= {"owner", "due"}
    return frozenset(found)


def _check_labels(project: Project, pub: Publication) -> None:
    """A heading worded in a publication's `labels:` that its kind never prints is
    reported, rather than silently dropped."""
    kind, labels = pub.kind, pub.labels
    layout = project.layouts.get(pub.layout)
    if kind not in kinds.KINDS or not labels:
        return
    printed = labels_printed(kind, layout.folder if layout else None)
    raw = pub.raw.get("labels") if isinstance(pub.raw, LocDict) else None
    for key in labels:
        if key not in printed:
            project.diagnostics.append(warning(
                "source.label-unused",
                f"label '{key}' is never printed in a {kinds.KINDS[kind]['label'].lower()} "
                f"(it prints {', '.join(sorted(printed)) or 'no labels'}); remove it",
                raw.key_locs.get(key, pub.loc) if isinstance(raw, LocDict) else pub.loc))
