"""Turn loaded sources into a `Project` and answer questions about it: which reviews a publication prints, whether it can be built."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic
from .types import Config, Layout, Publication, Review, Theme


@dataclass
class Project:
    """Everything a build reads: the theme vocabulary, reviews, publications, layouts and
    bulletin.yaml, each typed (model/types.py), and every problem found reading them."""

    root: Path
    themes: dict[str, Theme] = field(default_factory=dict)
    reviews: dict[str, Review] = field(default_factory=dict)
    publications: dict[str, Publication] = field(default_factory=dict)
    layouts: dict[str, Layout] = field(default_factory=dict)
    config: Config = field(default_factory=Config)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def buildable(self, publication: Publication) -> bool:
        if not publication.ok:
            return False
        layout = self.layouts.get(publication.layout)
        if layout is None or not layout.ok:
            return False
        return all(self.reviews[r].ok for r in review_names(self, publication))


def review_names(project: Project, publication: Publication) -> list[str]:
    """The reviews a publication prints, in order: named ones, then any selected."""
    names = [publication.review] if publication.review else list(publication.reviews)
    select = publication.select
    if select:
        for name, review in sorted(project.reviews.items(),
                                   key=lambda item: (_published_key(item[1]), item[0])):
            if name not in names and _matches(review, select):
                names.append(name)
    return [n for n in names if n in project.reviews]


def _published_key(review: Review):
    return review.published.first_day().isoformat() if review.published else "9999"


def _matches(review: Review, select) -> bool:
    if select.themes and not set(select.themes) & set(review.themes):
        return False
    if select.partnership and review.partnership != select.partnership:
        return False
    date = review.published
    if select.from_ and (not date or date.last_day() < select.from_.first_day()):
        return False
    if select.to and (not date or date.first_day() > select.to.last_day()):
        return False
    return True
