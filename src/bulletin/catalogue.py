"""Turn a build's results into the website catalogue: dist/index.html, catalogue.json, themes/*.html.

The catalogue lists every publication whose files are in dist/ (built now, unchanged
since the last build, or built earlier and left in place), grouped by partnership, with
its kind, date, themes and the reviews it covers, and links to its web page, PDF and
Word file with sizes as people expect them ("PDF, 158 KB, 10 pages"). Each theme gets
a page listing every review tagged with it, across partnerships, and the publications
each appears in: the theme pages are the filter, so it works without JavaScript.
catalogue.json holds the same data for a website that lists publications its own way.
"""

from __future__ import annotations

import datetime
import json
from functools import lru_cache
from pathlib import Path

import jinja2
import pikepdf

from . import formats as format_registry
from . import kinds
from .model import review_names
from .output import write_atomic
from .report import human_size
from .schema import REVIEW_TYPES

TEMPLATES = Path(__file__).parent / "templates"


def write_catalogue(result, dist: Path) -> list[Path]:
    """Write dist/index.html, dist/catalogue.json and dist/themes/<theme>.html, listing only
    what may go on the website (published, embargo passed), and dist/preview.html, which
    lists drafts too, marked, for looking at on this computer. Returns the files written."""
    dist = Path(dist)
    everything = catalogue_data(result, dist)
    data = catalogue_data(result, dist, listed_only=True)
    env = _environment()
    tokens = _site_tokens(result.project)
    written = [dist / "index.html", dist / "catalogue.json", dist / "preview.html", dist / PREVIEW_DATA]
    previous_themes = _theme_pages_written(dist)
    write_atomic(written[0], env.get_template("catalogue.html.j2").render(
        site=data["site"], groups=_by_partnership(data["publications"]), themes=data["themes"],
        count=len(data["publications"]), tokens=tokens, root="", preview=False))
    write_atomic(written[1], json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    write_atomic(written[2], env.get_template("catalogue.html.j2").render(
        site=everything["site"], groups=_by_partnership(everything["publications"]), themes=[],
        count=len(everything["publications"]), tokens=tokens, root="", preview=True))
    write_atomic(written[3], json.dumps(everything, ensure_ascii=False, indent=2) + "\n")
    theme_dir = dist / "themes"
    for theme in data["themes"]:
        path = theme_dir / f"{theme['name']}.html"
        view = _theme_view(data, theme)
        write_atomic(path, env.get_template("theme-index.html.j2").render(
            site=data["site"], theme=view, groups=_by_partnership(view["reviews"]),
            tokens=tokens, root="../"))
        written.append(path)
    # A theme no listed review carries any more loses the page an earlier catalogue wrote,
    # so no link leads to a stale list; a file the catalogue did not write is left alone.
    for name in previous_themes - {t["name"] for t in data["themes"]}:
        (theme_dir / f"{name}.html").unlink(missing_ok=True)
    return written


# preview.html's data (drafts included), kept so that a draft whose sources cannot be
# read now is still described from its earlier copy, as catalogue.json does for the site
PREVIEW_DATA = ".preview.json"


def _earlier_entries(dist: Path, listed_only: bool) -> dict[str, dict]:
    """The publications the last catalogue (or preview) listed, by name."""
    try:
        data = dist / ("catalogue.json" if listed_only else PREVIEW_DATA)
        listed = json.loads(data.read_text(encoding="utf-8"))["publications"]
        return {p["name"]: p for p in listed if isinstance(p, dict) and "files" in p and "reviews" in p}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _theme_pages_written(dist: Path) -> set[str]:
    """The theme pages the last catalogue wrote, from its catalogue.json."""
    try:
        return {t["name"] for t in json.loads((dist / "catalogue.json").read_text(encoding="utf-8"))["themes"]}
    except (OSError, ValueError, KeyError, TypeError):
        return set()


def is_listed(source, today: datetime.date | None = None) -> bool:
    """Whether a publication may be listed on the website: published, and its embargo
    (`not_before`) has passed."""
    if source.status != "published":
        return False
    not_before = source.not_before
    return not_before is None or (today or datetime.date.today()) >= not_before.first_day()


def catalogue_data(result, dist: Path, listed_only: bool = False) -> dict:
    """Everything the catalogue shows, as plain JSON-ready data (with `listed_only`, only
    the publications that may go on the website)."""
    project = result.project
    outputs = {entry.name: entry.outputs for entry in result.publications}
    earlier = _earlier_entries(dist, listed_only)
    publications = []
    for name, source in project.publications.items():
        if not project.buildable(source):
            # its sources cannot be read now: describe the copy an earlier build left, as
            # the earlier catalogue did, or leave it out
            if name in earlier and all((dist / f["href"]).is_file() for f in earlier[name]["files"]):
                publications.append(earlier[name])
            continue
        if listed_only and not is_listed(source):
            continue
        files = _files(project, source, outputs.get(name) or [], dist)
        if files:
            publications.append(_publication(project, source, files, dist))
    publications.sort(key=lambda p: (p["partnership"].lower(), _newest_first(p["date"]), p["title"].lower()))
    reviews = _reviews(project, publications)
    return {
        "site": {"title": "Learning from case reviews",
                 "partnerships": sorted({p["partnership"] for p in publications}, key=str.lower)},
        "publications": publications,
        "reviews": reviews,
        "themes": _themes(project, reviews),
    }


def _files(project, source, outputs, dist: Path) -> list[dict]:
    """The publication's files in dist/: this build's outputs, else what an earlier build left."""
    from .naming import output_stem

    stem = output_stem(project, source)
    listed = format_registry.listed()  # the formats' order and names in the catalogue
    names = {Path(o.path).name for o in outputs} | {f"{stem}{f.suffix}" for f in listed}
    files = []
    for fmt in listed:
        path = dist / f"{stem}{fmt.suffix}"
        if path.name not in names or not path.is_file():
            continue
        size = path.stat().st_size
        entry = {"format": fmt.catalogue_name, "label": fmt.label, "href": path.name, "bytes": size,
                 "size": human_size(size)}
        if fmt.paged:
            entry["pages"] = _pages(path)
        entry["description"] = _describe(entry)
        files.append(entry)
    return files


def _pages(path: Path) -> int | None:
    from bulletin.render.contents import count_pages
    try:
        return count_pages(path.read_bytes())
    except (pikepdf.PdfError, OSError):  # a damaged file still gets listed, without a page count
        return None


def _describe(entry: dict) -> str:
    """'PDF, 158 KB, 10 pages': the GOV.UK way of saying what a link downloads."""
    words = [entry["label"], entry["size"]]
    if entry.get("pages"):
        words.append(f"{entry['pages']} page" + ("s" if entry["pages"] != 1 else ""))
    return ", ".join(words)


def _publication(project, source, files: list[dict], dist: Path) -> dict:
    layout = project.layouts.get(source.layout)
    reviews = [project.reviews[name] for name in review_names(project, source)]
    themes: list[str] = []
    for review in reviews:
        themes += [t for t in _review_themes(review) if t not in themes]
    page = next((f["href"] for f in files if f["format"] == "html"), None)
    anchors = _anchors(dist / page) if page else {}
    return {
        "name": source.name,
        "title": str(source.title or ""),
        "subtitle": str(source.subtitle or ""),
        "kind": source.kind,
        "kind_label": kinds.label(source.kind),
        "partnership": _partnership(layout, source.layout),
        "layout": source.layout,
        "date": source.date.iso() if source.date else None,
        "date_label": str(source.date) if source.date else "",
        "edition": str(source.edition or ""),
        "status": source.status or "draft",
        "themes": [{"name": t, "label": _label(project, t)} for t in themes],
        "reviews": [_review(project, review, page, anchors, source.kind) for review in reviews],
        "page": page,
        "files": files,
    }


def _review_themes(review) -> list[str]:
    """A review's themes: its own tags, then any its learning themes add."""
    names = list(review.themes)
    for item in review.learning:
        names += [t for t in item.themes if t not in names]
    return names


def _partnership(layout, name: str | None):
    """The partnership's name as its layout writes it, else the layout's name."""
    return (layout.partnership or name) if layout else name


def _review(project, review, page, anchors: dict, kind) -> dict:
    heading = review.subject
    if review.review_type != "serious-case-review":
        heading = f"{review.subject} ({REVIEW_TYPES.get(review.review_type, '')})"
    # In a compendium each case has its own heading to link to; a single-review
    # publication is about the review throughout, so the link is the page itself.
    anchor = anchors.get(heading) if kind in kinds.KINDS and kinds.many_reviews(kind) else None
    return {
        "name": review.name,
        "subject": str(review.subject),
        "review_type": REVIEW_TYPES.get(review.review_type, ""),
        "partnership_layout": review.partnership,
        "published": review.published.iso() if review.published else None,
        "published_label": str(review.published) if review.published else "",
        "themes": _review_themes(review),
        "href": (f"{page}#{anchor}" if anchor else page) if page else None,
    }


def _anchors(page: Path) -> dict[str, str]:
    """Heading text -> id in a built web page (the first heading with that text)."""
    from bulletin.render.contents import read_headings
    if not page.is_file():
        return {}
    anchors: dict[str, str] = {}
    for heading in read_headings(page.read_text(encoding="utf-8")):
        if heading.id:
            anchors.setdefault(heading.text, heading.id)
    return anchors


def _label(project, theme: str) -> str:
    entry = project.themes.get(theme)
    return str(entry.label if entry else theme)


def _reviews(project, publications: list[dict]) -> list[dict]:
    """Every review a listed publication prints, once, with where it can be read."""
    found: dict[str, dict] = {}
    for pub in publications:
        for review in pub["reviews"]:
            record = found.get(review["name"])
            if record is None:
                layout = project.layouts.get(review["partnership_layout"])
                record = found[review["name"]] = {
                    **{k: v for k, v in review.items() if k != "href"},
                    "partnership": _partnership(layout, review["partnership_layout"]),
                    "publications": []}
            record["publications"].append({"name": pub["name"], "href": review["href"]})
    return sorted(found.values(), key=lambda r: (r["partnership"].lower(), _newest_first(r["published"]),
                                                 r["subject"].lower()))


def _themes(project, reviews: list[dict]) -> list[dict]:
    """Per theme with at least one listed review: its words, its page, its reviews' names."""
    themes = []
    for name, entry in project.themes.items():
        tagged = [r["name"] for r in reviews if name in r["themes"]]
        if tagged:
            themes.append({"name": name, "label": _label(project, name),
                           "description": str(entry.description or ""),
                           "page": f"themes/{name}.html", "reviews": tagged})
    themes.sort(key=lambda t: t["label"].lower())
    return themes


def _theme_view(data: dict, theme: dict) -> dict:
    """One theme page's content: its reviews with theme labels and full publication entries."""
    labels = {t["name"]: t["label"] for t in data["themes"]}
    reviews = {r["name"]: r for r in data["reviews"]}
    publications = {p["name"]: p for p in data["publications"]}
    shown = []
    for name in theme["reviews"]:
        review = reviews[name]
        shown.append({**review,
                      "theme_labels": [labels.get(t, t) for t in review["themes"]],
                      "publications": [{**publications[p["name"]], "href": p["href"],
                                        "files": [f for f in publications[p["name"]]["files"]
                                                  if f["format"] != "html"]}
                                       for p in review["publications"]]})
    return {**theme, "reviews": shown, "partnerships": len({r["partnership"] for r in shown})}


def _newest_first(iso: str | None) -> str:
    """Sort key putting later dates first and undated items last."""
    if not iso:
        return "~"
    return "".join(chr(ord("9") - ord(c) + ord("0")) if c.isdigit() else c for c in iso)


def _by_partnership(items: list[dict]) -> list[tuple[str, list[dict]]]:
    groups: dict[str, list[dict]] = {}
    for item in items:
        groups.setdefault(item["partnership"], []).append(item)
    return list(groups.items())


def _site_tokens(project):
    """The project's default layout (merged with the packaged one, so every colour and font
    is set): the site's colours and fonts match the documents'."""
    return project.layouts["default"]


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
