"""Turn a validated publication and the reviews it names into the template's context.

Resolves review references, labels (kind defaults < layout < publication), theme labels,
learning-theme numbering, footnotes and the compendium's themes-by-case table. Markdown
fields become HTML fragments here, so templates only place them.
"""

from __future__ import annotations

from markupsafe import Markup

from . import kinds
from .markup import plain_text, render_markdown
from .model import Project, Source, review_names
from .schema import DEFAULT_LABELS, REVIEW_TYPES


def _labels(project: Project, publication: Source) -> dict:
    layout = project.layouts[publication.data["layout"]]
    return {**DEFAULT_LABELS, **layout.tokens.get("labels", {}), **publication.data.get("labels", {})}


def theme_heading(label: str, n: int, title: str | None) -> str:
    """'Theme 1 – Title', 'Key Theme 1: Title' or just 'Theme 1' (see docs/sources.md)."""
    number = label.replace("{n}", str(n))
    if not title:
        return number.rstrip(":")
    return f"{number} {title}" if number.endswith(":") else f"{number} – {title}"


def _md(text, prefix):
    return render_markdown(text, footnote_prefix=prefix) if text else Markup("")


def compose_review(project: Project, review: Source, publication: Source, labels: dict) -> dict:
    """A review as the templates see it: HTML fragments, labels, numbered themes."""
    data, prefix = review.data, f"fn-{review.name}"
    theme_label = publication.data.get("theme_label") or "Theme {n}"
    learning = [{
        "heading": theme_heading(theme_label, n, item.get("title")),
        "title": item.get("title", ""),
        "finding": _md(item.get("finding"), prefix),
        "practice": _md(item.get("practice"), prefix),
        "practice_heading": item.get("practice_heading") or labels["practice"],
        "themes": [project.themes[t]["label"] for t in item.get("themes", [])],
    } for n, item in enumerate(data.get("learning", []), start=1)]
    recommendations = data.get("recommendations") or {}
    themes = [{"name": t, **project.themes[t]} for t in data.get("themes", [])]
    case_heading = data["subject"]
    if data["review_type"] != "serious-case-review":
        case_heading = f"{data['subject']} ({REVIEW_TYPES[data['review_type']]})"
    return {
        "name": review.name,
        "subject": data["subject"],
        "case_heading": case_heading,
        "review_type": REVIEW_TYPES[data["review_type"]],
        "published": data.get("published"),
        "themes": themes,
        "theme_summary": data.get("theme_summary") or " / ".join(t["label"] for t in themes),
        "background": _md(data.get("background"), prefix),
        "findings": _md(data.get("findings"), prefix),
        "report": {
            "text": _md((data.get("report") or {}).get("text"), prefix),
            "url": (data.get("report") or {}).get("url"),
            "title": (data.get("report") or {}).get("title"),
        },
        "learning": learning,
        "key_learning": _md(data.get("key_learning"), prefix),
        "further_learning": {
            "intro": _md((data.get("further_learning") or {}).get("intro"), prefix),
            "points": _md((data.get("further_learning") or {}).get("points"), prefix),
        },
        "family_history": _md(data.get("family_history"), prefix),
        "risk_indicators": _md(data.get("risk_indicators"), prefix),
        "review_learning": _md(data.get("review_learning"), prefix),
        "recommendations": {
            "heading": recommendations.get("heading") or labels["recommendations"],
            "items": [{"text": _md(i.get("text"), prefix), "owner": i.get("owner"), "due": i.get("due")}
                      for i in recommendations.get("items", [])],
        },
        "questions": list(data.get("questions", [])),
        "sections": _sections(data.get("sections", []), prefix),
        "footnotes": [{"id": f"{prefix}-{key}", "ref": f"{prefix}-ref-{key}", "number": key,
                       "text": render_markdown(text, footnote_prefix=prefix, inline=True)}
                      for key, text in (data.get("footnotes") or {}).items()],
        "raw": data,
    }


def _sections(sections, prefix="fn") -> list[dict]:
    return [{"heading": s.get("heading", ""), "body": _md(s.get("body"), prefix), "box": s.get("box", False)}
            for s in sections]


def _themes_table(project: Project, reviews: list[dict]) -> dict:
    """Themes by case: every theme any case is tagged with, most shared first."""
    names = []
    for review in reviews:
        names += [t["name"] for t in review["themes"] if t["name"] not in names]
    counts = {n: sum(n in [t["name"] for t in r["themes"]] for r in reviews) for n in names}
    ordered = sorted(names, key=lambda n: (-counts[n], names.index(n)))
    return {
        "themes": [{"name": n, "label": project.themes[n]["label"], "count": counts[n]} for n in ordered],
        "cases": [r["subject"] for r in reviews],
        "marks": {n: [n in [t["name"] for t in r["themes"]] for r in reviews] for n in ordered},
    }


def compose(project: Project, publication: Source) -> dict:
    """The whole template context for one publication."""
    data = publication.data
    layout = project.layouts[data["layout"]]
    labels = _labels(project, publication)
    reviews = [compose_review(project, project.reviews[name], publication, labels)
               for name in review_names(project, publication)]
    recurring = data.get("recurring_themes") or {}
    all_themes = []
    for review in reviews:
        all_themes += [t["label"] for t in review["themes"] if t["label"] not in all_themes]
    status = data.get("status", "draft")
    return {
        "publication": {
            "name": publication.name,
            "kind": data["kind"],
            "title": data["title"],
            "kicker": data.get("kicker", ""),
            "subtitle": data.get("subtitle", ""),
            "date": data.get("date"),
            "edition": data.get("edition", ""),
            "status": status,
            "draft": status != "published",
            "keywords": all_themes,
            "description": _description(data, reviews),
            # a kind that always opens with a contents list has one from the start
            # (render/contents.py decides for the others, by measuring)
            "toc": kinds.print_rule(data["kind"], "contents") == "always",
        },
        "layout": layout.tokens,
        "labels": labels,
        "review": reviews[0] if reviews and not kinds.many_reviews(data["kind"]) else None,
        "reviews": reviews,
        "intro": _md(data.get("intro"), "fn"),
        "before": _sections(data.get("before", [])),
        "after": _sections(data.get("after", [])),
        "recurring": {
            "heading": recurring.get("heading") or labels["recurring_themes"],
            "intro": _md(recurring.get("intro"), "fn"),
            "items": [{"heading": i.get("heading") or project.themes[i["theme"]]["label"],
                       "theme": i["theme"], "body": _md(i.get("body"), "fn")}
                      for i in recurring.get("items", [])],
        } if recurring else None,
        "themes_table": _themes_table(project, reviews) if kinds.many_reviews(data["kind"]) else None,
        "overrides": {k: _md(v, "fn") for k, v in (data.get("overrides") or {}).items()},
    }


def _description(data: dict, reviews: list[dict]) -> str:
    subjects = ", ".join(r["subject"] for r in reviews)
    what = data.get("kicker") or data["kind"].replace("-", " ").capitalize()
    return plain_text(f"{what}: learning from the review of {subjects}" if reviews else what)
