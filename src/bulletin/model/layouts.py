"""Turn layouts/<name>/layout.yaml (and the packaged default) into typed `Layout`s, each merged with the default layout's tokens."""

from __future__ import annotations

import base64
import dataclasses
import json
import re
from functools import lru_cache
from pathlib import Path

from .. import schema
from ..diagnostics import Diagnostic, Location, error
from ..sources import LocDict, LocList, LocStr
from ..validate import validate
from .read import read_source
from .types import Layout, build

PACKAGE_LAYOUTS = Path(__file__).parent.parent / "layouts"


def load_layouts(project) -> None:
    folders = {p.name: p for p in sorted(PACKAGE_LAYOUTS.iterdir()) if p.is_dir()}
    user = project.root / "layouts"
    if user.is_dir():
        folders.update({p.name: p for p in sorted(user.iterdir()) if (p / "layout.yaml").is_file()})
    ordered = sorted(folders.items(), key=lambda item: item[0] != "default")
    if folders["default"] != PACKAGE_LAYOUTS / "default":
        # a project's own default layout changes the packaged one, token by token, rather
        # than replacing it (which would lose every token it does not set)
        ordered.insert(0, ("default", PACKAGE_LAYOUTS / "default"))
    merged_default = None
    for name, folder in ordered:
        loaded, display, diags = read_source(folder / "layout.yaml", project.root, schema.LAYOUT, "layout")
        raw, clean = loaded if loaded else (None, {})
        tokens, more = _merged(name, raw, clean, folder, display, merged_default)
        project.diagnostics += diags + more
        if name == "default":
            merged_default = tokens
        ok = loaded is not None and not any(d.is_error for d in diags + more)
        project.layouts[name] = _typed(tokens, raw, name=name, folder=folder, display=display, ok=ok)


def _merged(name: str, raw, clean: dict, folder: Path | None, display: str,
            default: dict | None) -> tuple[dict, list[Diagnostic]]:
    """A validated layout's tokens merged over the default layout's, its logo read from
    `folder`, with the diagnostics of its colours, fonts and logo."""
    tokens = _with_defaults(dict(clean or {}), default)
    tokens["name"] = name
    diags = _check_tokens(raw, display)
    logo_src, logo_diags = _load_logo(tokens, folder, raw, display) if folder is not None else (None, [])
    if logo_src:
        tokens["logo"] = {**tokens["logo"], "height_mm": tokens["logo"].get("height_mm") or LOGO_HEIGHT_MM,
                          "src": logo_src}
    return tokens, diags + logo_diags


class LayoutError(ValueError):
    """A mapping that is not a valid layout; `diagnostics` says why, line by line."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("\n".join(str(d) for d in diagnostics))
        self.diagnostics = diagnostics


@lru_cache(maxsize=1)
def _package_default() -> dict:
    """The packaged default layout's tokens: what every layout leaves out."""
    folder = PACKAGE_LAYOUTS / "default"
    loaded, display, diags = read_source(folder / "layout.yaml", folder, schema.LAYOUT, "layout")
    if loaded is None or any(d.is_error for d in diags):  # pragma: no cover - a packaging bug
        raise LayoutError(diags)
    return _merged("default", *loaded, folder, display, None)[0]


def layout_from_mapping(mapping: dict, *, name: str = "layout", folder: Path | None = None,
                        display: str = "layout.yaml") -> Layout:
    """The typed Layout of a mapping written like a layout.yaml (plain or as loaded, with
    its lines), validated and merged with the packaged default layout as a project's
    layouts are; its logo file is read from `folder` when given. What it leaves out,
    its partnership and short name too, is the default layout's. For callers with
    tokens but no project (`bulletin init`, tests); raises LayoutError when invalid."""
    where = Location(display, 1, 1)
    default = _package_default()
    raw = _located({**{k: default[k] for k in ("partnership", "short_name")}, **mapping}, where)
    clean, diags = validate(raw, schema.LAYOUT, "layout", where)
    tokens, more = _merged(name, raw, clean, folder, display, default)
    errors = [d for d in diags + more if d.is_error]
    if errors:
        raise LayoutError(errors)
    return _typed(tokens, raw, name=name, folder=folder, display=display)


def _located(value, where: Location):
    """A plain value as the loader hands it out (LocDict, LocList) so it can be
    validated; locations it already has are kept, the rest are `where`."""
    if isinstance(value, dict):
        out = LocDict({key: _located(item, getattr(value, "value_locs", {}).get(key, where))
                       for key, item in value.items()})
        out.loc = getattr(value, "loc", where)
        out.key_locs = {key: getattr(value, "key_locs", {}).get(key, where) for key in value}
        out.value_locs = {key: getattr(value, "value_locs", {}).get(key, where) for key in value}
        out.duplicates = list(getattr(value, "duplicates", []))
        return out
    if isinstance(value, list):
        out = LocList(_located(item, where) for item in value)
        out.loc = getattr(value, "loc", where)
        out.item_locs = list(getattr(value, "item_locs", [where] * len(value)))
        return out
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return LocStr(str(value), where)  # as YAML's loader gives a number: text, checked as a number
    return value


def _typed(tokens: dict, raw, **meta) -> Layout:
    layout = build(schema.LAYOUT, tokens, raw, **meta,
                   fingerprint=json.dumps(tokens, sort_keys=True, default=str))
    logo = tokens.get("logo")
    if isinstance(logo, dict) and logo.get("src"):  # the image read once, for every format
        raw_logo = raw.get("logo") if isinstance(raw, dict) else None
        typed_logo = build(schema.LAYOUT.fields["logo"], logo, raw_logo, src=logo["src"])
        layout = dataclasses.replace(layout, logo=typed_logo)
    return layout


TOKEN_DEFAULTS = {"website": "", "contact": {}, "footer": "", "labels": {}, "logo": None,
                  "page": {}, "fonts": {}, "colours": {}, "reading_grade": 9}


def _with_defaults(tokens: dict, default: dict | None) -> dict:
    """A layout's tokens, with anything it leaves out taken from the default layout."""
    base = dict(TOKEN_DEFAULTS)
    if default is not None:
        base.update({k: v for k, v in default.items() if k not in ("name", "partnership", "short_name")})
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


def _load_logo(tokens: dict, folder: Path, raw, display: str) -> tuple[str | None, list[Diagnostic]]:
    """The layout's logo read once, as a data: URI every format can use (`logo.src`; its
    height on the cover, `logo.height_mm`, is LOGO_HEIGHT_MM unless the layout says);
    a missing or unreadable file is an error at the layout's `file:` line."""
    logo = tokens.get("logo")
    if not isinstance(logo, dict) or not logo.get("file"):
        return None, []
    raw_logo = raw.get("logo") if isinstance(raw, LocDict) else None
    where = getattr((raw_logo or {}).get("file"), "loc", None) or Location(display, 1, 1)
    path = (folder / str(logo["file"])).resolve()
    if not path.is_relative_to(folder.resolve()) or not path.is_file():
        return None, [error("layout.logo", f"logo file '{logo['file']}' is not in the layout folder "
                                           f"{folder.name}/: put the image there or fix the name", where)]
    data = path.read_bytes()
    mime = next((m for magic, m in LOGO_TYPES.items() if data.startswith(magic)), None)
    if mime is None:
        return None, [error("layout.logo", f"logo file '{logo['file']}' is not a PNG or JPEG image "
                                           "(save it as PNG)", where)]
    return f"data:{mime};base64,{base64.b64encode(data).decode()}", []
