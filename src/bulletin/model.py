"""Turn a project folder (sources/, layouts/, bulletin.yaml) into a validated `Project`.

Every file is read and checked before anything is built: schema errors, then references
between files (a publication naming a review that does not exist, a theme outside the
vocabulary, a duplicate name). A publication whose own file, layout or reviews have
errors is marked unbuildable; the others still build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import kinds, schema
from .diagnostics import Diagnostic, Location, did_you_mean, error, relative, warning
from .sources import LocDict, load_yaml
from .validate import validate

PACKAGE_LAYOUTS = Path(__file__).parent / "layouts"
PACKAGE_TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class Source:
    """One validated source file: its name, where it is, and its fields."""

    name: str
    path: Path
    display: str
    data: dict
    raw: object
    ok: bool = True

    @property
    def loc(self) -> Location:
        return Location(self.display, 1, 1)

    def field_loc(self, key: str) -> Location:
        raw = self.raw if isinstance(self.raw, LocDict) else None
        return (raw.value_locs.get(key) if raw is not None else None) or self.loc


@dataclass
class Layout:
    name: str
    folder: Path | None
    tokens: dict
    display: str
    ok: bool = True


@dataclass
class Project:
    root: Path
    themes: dict = field(default_factory=dict)
    reviews: dict[str, Source] = field(default_factory=dict)
    publications: dict[str, Source] = field(default_factory=dict)
    layouts: dict[str, Layout] = field(default_factory=dict)
    config: dict = field(default_factory=dict)
    config_raw: object = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def buildable(self, publication: Source) -> bool:
        if not publication.ok:
            return False
        layout = self.layouts.get(publication.data.get("layout"))
        if layout is None or not layout.ok:
            return False
        return all(self.reviews[r].ok for r in review_names(self, publication))


def review_names(project: Project, publication: Source) -> list[str]:
    """The reviews a publication prints, in order: named ones, then any selected."""
    data = publication.data
    names = [data["review"]] if data.get("review") else list(data.get("reviews", []))
    select = data.get("select")
    if select:
        for name, review in sorted(project.reviews.items(),
                                   key=lambda item: (_published_key(item[1]), item[0])):
            if name not in names and _matches(review, select):
                names.append(name)
    return [n for n in names if n in project.reviews]


def _published_key(review: Source):
    date = review.data.get("published")
    return date.first_day().isoformat() if date else "9999"


def _matches(review: Source, select: dict) -> bool:
    data = review.data
    if select.get("themes") and not set(select["themes"]) & set(data.get("themes", [])):
        return False
    if select.get("partnership") and data.get("partnership") != select["partnership"]:
        return False
    date = data.get("published")
    if select.get("from") and (not date or date.last_day() < select["from"].first_day()):
        return False
    if select.get("to") and (not date or date.first_day() > select["to"].last_day()):
        return False
    return True


def _read(path: Path, root: Path, spec, what: str):
    display = relative(path, root)
    raw, diags = load_yaml(path, display)
    if raw is None:
        return None, display, diags
    data, more = validate(raw, spec, what, Location(display, 1, 1))
    return (raw, data), display, diags + more


def _load_sources(project: Project, folder: str, spec, what: str) -> dict[str, Source]:
    found: dict[str, Source] = {}
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
        loaded, display, diags = _read(path, project.root, spec, what)
        project.diagnostics += diags
        raw, data = loaded if loaded else (None, {})
        found[name] = Source(name, path, display, data or {}, raw,
                             ok=not any(d.is_error for d in diags) and loaded is not None)
    return found


def _load_layouts(project: Project) -> None:
    folders = {p.name: p for p in sorted(PACKAGE_LAYOUTS.iterdir()) if p.is_dir()}
    user = project.root / "layouts"
    if user.is_dir():
        folders.update({p.name: p for p in sorted(user.iterdir()) if (p / "layout.yaml").is_file()})
    ordered = sorted(folders.items(), key=lambda item: item[0] != "default")
    if folders["default"] != PACKAGE_LAYOUTS / "default":
        # a project's own default layout changes the packaged one, token by token, rather
        # than replacing it (which would lose every token it does not set)
        ordered.insert(0, ("default", PACKAGE_LAYOUTS / "default"))
    for name, folder in ordered:
        loaded, display, diags = _read(folder / "layout.yaml", project.root, schema.LAYOUT, "layout")
        project.diagnostics += diags
        tokens = _with_defaults(dict(loaded[1]) if loaded else {}, project.layouts.get("default"))
        tokens["name"] = name
        token_diags = _check_tokens(loaded[0] if loaded else None, display)
        token_diags += _load_logo(tokens, folder, loaded[0] if loaded else None, display)
        project.diagnostics += token_diags
        project.layouts[name] = Layout(name, folder, tokens, display,
                                       ok=loaded is not None and not any(d.is_error for d in diags + token_diags))


TOKEN_DEFAULTS = {"website": "", "contact": {}, "footer": "", "labels": {}, "logo": None,
                  "page": {}, "fonts": {}, "colours": {}, "reading_grade": 9}


def _with_defaults(tokens: dict, default) -> dict:
    """A layout's tokens, with anything it leaves out taken from the default layout."""
    base = dict(TOKEN_DEFAULTS)
    if default is not None:
        base.update({k: v for k, v in default.tokens.items() if k not in ("name", "partnership", "short_name")})
    merged = {**base, **tokens}
    for key in ("colours", "fonts", "page", "contact"):
        merged[key] = {**(base.get(key) or {}), **(tokens.get(key) or {})}
    return merged


COLOUR_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
FONT_RE = re.compile(r"^[A-Za-z0-9 \-]+$")


def _check_tokens(raw, display: str) -> list[Diagnostic]:
    """Colours and font names reach the stylesheet, so only safe spellings pass."""
    diags = []
    if not isinstance(raw, LocDict):
        return diags
    for key, value in (raw.get("colours") or {}).items():
        if not COLOUR_RE.match(str(value)):
            diags.append(error("layout.colour", f"colour '{key}' must be written #rrggbb, got '{value}'",
                               getattr(value, "loc", Location(display, 1, 1))))
    for key, value in (raw.get("fonts") or {}).items():
        if key != "size_pt" and not FONT_RE.match(str(value)):
            diags.append(error("layout.font", f"font '{key}' must be a family name (letters, digits, "
                                              f"spaces, hyphens), got '{value}'",
                               getattr(value, "loc", Location(display, 1, 1))))
    return diags


LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
LOGO_HEIGHT_MM = 16  # on the cover, when the layout does not say


def _load_logo(tokens: dict, folder: Path, raw, display: str) -> list[Diagnostic]:
    """The layout's logo read once, as a data: URI every format can use (`logo.src`), with
    its height on the cover (`logo.height_mm`, LOGO_HEIGHT_MM unless the layout says);
    a missing or unreadable file is an error at the layout's `file:` line."""
    import base64

    logo = tokens.get("logo")
    if not isinstance(logo, dict) or not logo.get("file"):
        return []
    raw_logo = raw.get("logo") if isinstance(raw, LocDict) else None
    where = getattr((raw_logo or {}).get("file"), "loc", None) or Location(display, 1, 1)
    path = (folder / str(logo["file"])).resolve()
    if not path.is_relative_to(folder.resolve()) or not path.is_file():
        return [error("layout.logo", f"logo file '{logo['file']}' is not in the layout folder "
                                     f"{folder.name}/: put the image there or fix the name", where)]
    data = path.read_bytes()
    mime = next((m for magic, m in LOGO_TYPES.items() if data.startswith(magic)), None)
    if mime is None:
        return [error("layout.logo", f"logo file '{logo['file']}' is not a PNG or JPEG image "
                                     "(save it as PNG)", where)]
    tokens["logo"] = {**logo, "height_mm": logo.get("height_mm") or LOGO_HEIGHT_MM,
                      "src": f"data:{mime};base64,{base64.b64encode(data).decode()}"}
    return []


def _check_ref(project: Project, source: Source, value, kind: str, choices) -> None:
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


def _check_references(project: Project) -> None:
    themes, layouts, reviews = project.themes, project.layouts, project.reviews
    for review in reviews.values():
        data = review.data
        _check_ref(project, review, data.get("partnership"), "layout", layouts)
        for theme in data.get("themes", []):
            _check_ref(project, review, theme, "theme", themes)
        for item in data.get("learning", []):
            for theme in item.get("themes", []):
                _check_ref(project, review, theme, "theme", themes)
    for pub in project.publications.values():
        data = pub.data
        _check_ref(project, pub, data.get("layout"), "layout", layouts)
        for name in ([data["review"]] if data.get("review") else []) + list(data.get("reviews", [])):
            _check_ref(project, pub, name, "review", reviews)
        for theme in (data.get("select") or {}).get("themes", []):
            _check_ref(project, pub, theme, "theme", themes)
        for item in (data.get("recurring_themes") or {}).get("items", []):
            _check_ref(project, pub, item.get("theme"), "theme", themes)
        _check_kind_fields(project, pub)
        _check_labels(project, pub)


def _check_kind_fields(project: Project, pub: Source) -> None:
    data, kind = pub.data, pub.data.get("kind")
    if kind is None:
        return
    if kind in kinds.KINDS and kinds.many_reviews(kind):
        if data.get("review"):
            project.diagnostics.append(error(
                "source.kind-field", f"a {kind} lists its reviews under 'reviews' (a list of "
                                     "review names), not 'review'", pub.field_loc("review")))
            pub.ok = False
        elif not data.get("reviews") and not data.get("select"):
            project.diagnostics.append(error(
                "source.missing", f"a {kind} needs 'reviews' (a list of review names) or 'select'",
                pub.loc))
            pub.ok = False
    elif not data.get("review"):
        where = pub.field_loc("reviews") if data.get("reviews") else pub.loc
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


def _check_labels(project: Project, pub: Source) -> None:
    """A heading worded in a publication's `labels:` that its kind never prints is
    reported, rather than silently dropped."""
    kind, labels = pub.data.get("kind"), pub.data.get("labels") or {}
    layout = project.layouts.get(pub.data.get("layout"))
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


def _load_config(project: Project) -> None:
    """bulletin.yaml, validated like every source; its sections are read by their checks."""
    path = project.root / "bulletin.yaml"
    if not path.is_file():
        return
    raw, diags = load_yaml(path, relative(path, project.root))
    if raw is not None:
        data, more = validate(raw, schema.CONFIG, "bulletin.yaml", Location(relative(path, project.root), 1, 1))
        diags += more
        if data is not None:  # the loaded mapping, so sections keep their lines for their readers;
            project.config = project.config_raw = _only(raw, data)  # a bad section is reported once
    project.diagnostics += diags


def _only(raw: LocDict, keys) -> LocDict:
    """`raw` with only `keys`, keeping where each was written."""
    kept = LocDict((key, value) for key, value in raw.items() if key in keys)
    kept.loc, kept.duplicates = raw.loc, raw.duplicates
    kept.key_locs = {key: raw.key_locs[key] for key in kept}
    kept.value_locs = {key: raw.value_locs[key] for key in kept}
    return kept


def load_project(root: Path) -> Project:
    """Read and validate every source, layout and the project config."""
    project = Project(root=root)
    themes_path = root / "sources" / "themes.yaml"
    if themes_path.is_file():
        loaded, _, diags = _read(themes_path, root, schema.THEMES_FILE, "themes")
        project.diagnostics += diags
        project.themes = loaded[1] if loaded else {}
    _load_config(project)
    _load_layouts(project)
    project.reviews = _load_sources(project, "reviews", schema.REVIEW, "review")
    project.publications = _load_sources(project, "publications", schema.PUBLICATION, "publication")
    _check_references(project)
    return project
