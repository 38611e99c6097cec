"""Turn a validated publication and the reviews it names into the template's context.

Resolves review references, labels (kind defaults < layout < publication), theme labels,
learning-theme numbering, footnotes and the compendium's themes-by-case table. Markdown
fields become HTML fragments here, so templates only place them.
"""

from __future__ import annotations

from markupsafe import Markup

from . import kinds
from .markup import plain_text, render_markdown
from .model import Project, Publication, Review, review_names
from .schema import DEFAULT_LABELS, REVIEW_TYPES
from .session import Session


def _labels(project: Project, publication: Publication) -> dict:
    layout = project.layouts[publication.layout]
    return {**DEFAULT_LABELS, **layout.labels, **publication.labels}


def theme_heading(label: str, n: int, title: str | None) -> str:
    """'Theme 1 – Title', 'Key Theme 1: Title' or just 'Theme 1' (see docs/sources.md)."""
    number = label.replace("{n}", str(n))
    if not title:
        return number.rstrip(":")
    return f"{number} {title}" if number.endswith(":") else f"{number} – {title}"


def _md(text, prefix, session=None):
    return render_markdown(text, footnote_prefix=prefix, session=session) if text else Markup("")


def compose_review(project: Project, review: Review, publication: Publication, labels: dict,
                   session: Session | None = None) -> dict:
    """A review as the templates see it: HTML fragments, labels, numbered themes."""
    prefix = f"fn-{review.name}"
    theme_label = publication.theme_label or "Theme {n}"
    learning = [{
        "heading": theme_heading(theme_label, n, item.title),
        "title": item.title or "",
        "finding": _md(item.finding, prefix, session),
        "practice": _md(item.practice, prefix, session),
        "practice_heading": item.practice_heading or labels["practice"],
        "themes": [project.themes[t].label for t in item.themes],
    } for n, item in enumerate(review.learning, start=1)]
    recommendations = review.recommendations
    themes = [{"name": t, "label": project.themes[t].label, "description": project.themes[t].description}
              for t in review.themes]
    case_heading = review.subject
    if review.review_type != "serious-case-review":
        case_heading = f"{review.subject} ({REVIEW_TYPES[review.review_type]})"
    report, further = review.report, review.further_learning
    return {
        "name": review.name,
        "subject": review.subject,
        "case_heading": case_heading,
        "review_type": REVIEW_TYPES[review.review_type],
        "published": review.published,
        "themes": themes,
        "theme_summary": review.theme_summary or " / ".join(t["label"] for t in themes),
        "background": _md(review.background, prefix, session),
        "findings": _md(review.findings, prefix, session),
        "report": {
            "text": _md(report and report.text, prefix, session),
            "url": report and report.url,
            "title": report and report.title,
        },
        "learning": learning,
        "key_learning": _md(review.key_learning, prefix, session),
        "further_learning": {
            "intro": _md(further and further.intro, prefix, session),
            "points": _md(further and further.points, prefix, session),
        },
        "family_history": _md(review.family_history, prefix, session),
        "risk_indicators": _md(review.risk_indicators, prefix, session),
        "review_learning": _md(review.review_learning, prefix, session),
        "recommendations": {
            "heading": (recommendations and recommendations.heading) or labels["recommendations"],
            "items": [{"text": _md(i.text, prefix, session), "owner": i.owner, "due": i.due}
                      for i in (recommendations.items if recommendations else [])],
        },
        "questions": list(review.questions),
        "sections": _sections(review.sections, prefix, session),
        "footnotes": [{"id": f"{prefix}-{key}", "ref": f"{prefix}-ref-{key}", "number": key,
                       "text": render_markdown(text, footnote_prefix=prefix, inline=True, session=session)}
                      for key, text in review.footnotes.items()],
        "raw": review,
    }


def _sections(sections, prefix="fn", session=None) -> list[dict]:
    return [{"heading": s.heading or "", "body": _md(s.body, prefix, session), "box": s.box or False}
            for s in sections]


def _themes_table(project: Project, reviews: list[dict]) -> dict:
    """Themes by case: every theme any case is tagged with, most shared first."""
    names = []
    for review in reviews:
        names += [t["name"] for t in review["themes"] if t["name"] not in names]
    counts = {n: sum(n in [t["name"] for t in r["themes"]] for r in reviews) for n in names}
    ordered = sorted(names, key=lambda n: (-counts[n], names.index(n)))
    return {
        "themes": [{"name": n, "label": project.themes[n].label, "count": counts[n]} for n in ordered],
        "cases": [r["subject"] for r in reviews],
        "marks": {n: [n in [t["name"] for t in r["themes"]] for r in reviews] for n in ordered},
    }


def compose(project: Project, publication: Publication, session: Session | None = None) -> dict:
    """The whole template context for one publication; Markdown is parsed through the
    publication's `session` (bulletin.session), once per string."""
    pub = publication
    layout = project.layouts[pub.layout]
    labels = _labels(project, publication)
    reviews = [compose_review(project, project.reviews[name], publication, labels, session)
               for name in review_names(project, publication)]
    recurring = pub.recurring_themes
    all_themes = []
    for review in reviews:
        all_themes += [t["label"] for t in review["themes"] if t["label"] not in all_themes]
    status = pub.status or "draft"
    return {
        "publication": {
            "name": publication.name,
            "kind": pub.kind,
            "title": pub.title,
            "kicker": pub.kicker or "",
            "subtitle": pub.subtitle or "",
            "date": pub.date,
            "edition": pub.edition or "",
            "status": status,
            "draft": status != "published",
            "keywords": all_themes,
            "description": _description(pub, reviews, session),
            # a kind that always opens with a contents list has one from the start
            # (render/contents.py decides for the others, by measuring)
            "toc": kinds.print_rule(pub.kind, "contents") == "always",
        },
        "layout": layout,
        "labels": labels,
        "review": reviews[0] if reviews and not kinds.many_reviews(pub.kind) else None,
        "reviews": reviews,
        "intro": _md(pub.intro, "fn", session),
        "before": _sections(pub.before, "fn", session),
        "after": _sections(pub.after, "fn", session),
        "recurring": {
            "heading": recurring.heading or labels["recurring_themes"],
            "intro": _md(recurring.intro, "fn", session),
            "items": [{"heading": i.heading or project.themes[i.theme].label,
                       "theme": i.theme, "body": _md(i.body, "fn", session)}
                      for i in recurring.items],
        } if recurring else None,
        "themes_table": _themes_table(project, reviews) if kinds.many_reviews(pub.kind) else None,
        "overrides": {k: _md(v, "fn", session) for k, v in pub.overrides.items()},
    }


def _description(pub: Publication, reviews: list[dict], session=None) -> str:
    subjects = ", ".join(r["subject"] for r in reviews)
    what = pub.kicker or pub.kind.replace("-", " ").capitalize()
    return plain_text(f"{what}: learning from the review of {subjects}" if reviews else what, session)
