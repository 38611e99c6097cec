"""The JSON Schema editors use: generated from schema.py, committed up to date, accepting every real source and rejecting broken ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

jsonschema = pytest.importorskip("jsonschema")

from bulletin import schema  # noqa: E402
from bulletin.jsonschema import FILES, document_schema, project_names, render_schemas, write_schemas  # noqa: E402
from bulletin.model import PACKAGE_LAYOUTS  # noqa: E402
from bulletin.sources import LocDict, LocList, load_yaml  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def plain(value):
    """A loaded source as an editor's YAML extension sees it (YAML 1.2 core types)."""
    if isinstance(value, LocDict):
        return {k: plain(v) for k, v in value.items() if k != "__duplicates__"}
    if isinstance(value, LocList):
        return [plain(v) for v in value]
    if value is None:
        return None
    tag = getattr(value, "tag", "str")
    if tag == "bool":
        return value.lower() in ("true", "yes", "on")
    if tag == "int":
        return int(value)
    if tag == "float":
        return float(value)
    return str(value)


def load(path: Path):
    raw, diags = load_yaml(path, path.name)
    assert not [d for d in diags if d.is_error], diags
    return plain(raw)


def validator(what: str, root: Path | None = REPO):
    names = project_names(root) if root else None
    document = document_schema(what, names)
    jsonschema.Draft202012Validator.check_schema(document)
    return jsonschema.Draft202012Validator(document)


def errors(what: str, data, root: Path | None = REPO) -> list[str]:
    return sorted(e.message for e in validator(what, root).iter_errors(data))


def test_committed_schema_files_are_up_to_date():
    committed = REPO / "schema"
    for name, text in render_schemas(REPO).items():
        assert (committed / name).is_file(), f"schema/{name} is missing: run `bulletin schema`"
        assert (committed / name).read_text(encoding="utf-8") == text, (
            f"schema/{name} is out of date with schema.py or the project's names: run `bulletin schema`")


def test_vscode_settings_map_every_schema_to_its_sources():
    settings = json.loads((REPO / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for what, (_, pattern) in FILES.items():
        assert mapping[f"./schema/{what}.schema.json"] == [pattern]
        assert (REPO / "schema" / f"{what}.schema.json").is_file()


@pytest.mark.parametrize("what,pattern", [(w, p) for w, (_, p) in FILES.items()])
def test_every_source_in_the_repository_is_valid(what, pattern):
    paths = sorted(REPO.glob(pattern))
    if what == "layout":
        paths += sorted(PACKAGE_LAYOUTS.glob("*/layout.yaml"))
    assert paths, f"no files match {pattern}"
    for path in paths:
        assert errors(what, load(path)) == [], path


def test_every_schema_field_is_described():
    """A field added to schema.py reaches the JSON Schema with its help text."""
    def walk(spec, node, where):
        if spec.help:
            assert node.get("description", "").startswith(spec.help.split(" (")[0]), where
        if spec.type == "record":
            assert set(node["properties"]) == set(spec.fields), where
            for key, field in spec.fields.items():
                walk(field, node["properties"][key], f"{where}.{key}")
        elif spec.type == "list" and spec.of.type == "record":
            walk(spec.of, node["items"], where + "[]")
    for what, (spec, _) in FILES.items():
        if spec.type == "record":
            walk(spec, document_schema(what), what)


REVIEW = {"subject": "Child A", "review_type": "rapid-review", "partnership": "default",
          "themes": ["neglect"], "background": "What happened."}
PUBLICATION = {"kind": "briefing", "layout": "default", "title": "Child A", "review": "child-f"}


def test_a_minimal_review_and_publication_pass():
    assert errors("review", REVIEW) == []
    assert errors("publication", PUBLICATION) == []


@pytest.mark.parametrize("what,change,expect", [
    ("review", {"subjct": "Child A"}, "Additional properties are not allowed ('subjct' was unexpected)"),
    ("review", {"published": "June 2017"}, "does not match"),
    ("review", {"published": "2017-13-01"}, "does not match"),
    ("review", {"review_type": "scr"}, "is not one of"),
    ("review", {"themes": ["neglet"]}, "is not valid under any of the given schemas"),
    ("review", {"partnership": "nowhere"}, "is not one of"),
    ("review", {"learning": [{"title": "No finding"}]}, "'finding' is a required property"),
    ("review", {"recommendations": {"items": [{"text": "Do it", "due": "soon"}]}}, "does not match"),
    ("publication", {"kind": "leaflet"}, "is not one of"),
    ("publication", {"status": "final"}, "is not one of"),
    ("publication", {"review": "child-zz"}, "is not one of"),
    ("publication", {"before": [{"heading": "No body"}]}, "'body' is a required property"),
    ("publication", {"before": [{"body": "x", "box": "yes please"}]}, "is not of type 'boolean'"),
])
def test_broken_sources_are_rejected(what, change, expect):
    base = dict(REVIEW if what == "review" else PUBLICATION)
    if "subjct" in change:
        base.pop("subject")
    base.update(change)
    found = errors(what, base)
    assert any(expect in message for message in found), found


def test_required_fields_and_kind_rules():
    missing = {k: v for k, v in REVIEW.items() if k != "background"}
    assert errors("review", missing) == ["'background' is a required property"]
    no_review = {k: v for k, v in PUBLICATION.items() if k != "review"}
    assert errors("publication", no_review) == ["'review' is a required property"]
    compendium = {**PUBLICATION, "kind": "compendium"}
    assert errors("publication", compendium)  # a compendium lists 'reviews', not 'review'
    compendium.pop("review")
    assert errors("publication", compendium)  # and needs them
    assert errors("publication", {**compendium, "reviews": ["child-f", "scr-w"]}) == []


def test_layout_colours_and_theme_names():
    layout = load(PACKAGE_LAYOUTS / "default/layout.yaml")
    assert errors("layout", layout) == []
    assert errors("layout", {**layout, "colours": {"primary": "blue"}})
    assert errors("themes", {"Neglect": {"label": "Neglect", "description": "x"}})
    assert errors("themes", {"neglect": {"label": "Neglect"}}) == ["'description' is a required property"]


def test_generic_schema_has_patterns_not_this_projects_names(tmp_path):
    write_schemas(REPO, tmp_path, generic=True)
    review = json.loads((tmp_path / "review.schema.json").read_text())
    assert "enum" not in review["properties"]["partnership"]
    assert review["properties"]["partnership"]["pattern"] == "^[a-z0-9][a-z0-9-]*$"
    assert errors("review", {**REVIEW, "partnership": "anywhere-else"}, root=None) == []
    assert errors("review", {**REVIEW, "partnership": "Not A Name"}, root=None)


def test_kinds_and_review_types_come_from_schema_py():
    publication = document_schema("publication")
    assert publication["properties"]["kind"]["enum"] == list(schema.KINDS)
    review = document_schema("review")
    assert review["properties"]["review_type"]["enum"] == list(schema.REVIEW_TYPES)
    assert review["additionalProperties"] is False
