"""The model after validation is typed: every source record is a generated dataclass whose
attributes are the schema's fields, and no reader goes back to string keys."""

import ast
import dataclasses
import re
from pathlib import Path

import jinja2
import pytest

from bulletin import schema
from bulletin.model import (Config, Layout, LayoutError, Publication, Review, Theme, attribute, build, layout_from_mapping,
                            load_project)
from bulletin.sources import load_yaml

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "src" / "bulletin"


@pytest.fixture(scope="module")
def project():
    return load_project(REPO)


def test_each_source_is_its_own_class_with_the_schemas_fields(project):
    for cls, spec in ((Review, schema.REVIEW), (Publication, schema.PUBLICATION), (Layout, schema.LAYOUT),
                      (Theme, schema.THEME_ENTRY), (Config, schema.CONFIG)):
        names = {f.name for f in dataclasses.fields(cls)}
        assert {attribute(n) for n in spec.fields} <= names, cls
    assert isinstance(project.reviews["child-f"], Review)
    assert isinstance(project.publications["child-f-briefing"], Publication)
    assert isinstance(project.layouts["wolverhampton"], Layout)
    assert isinstance(project.themes["neglect"], Theme)
    assert isinstance(project.config, Config)
    # a record inside a record is typed too: learning themes, the fonts of a layout
    review = project.reviews["child-f"]
    assert type(review.learning[0]).__name__ == "ReviewLearning"
    assert project.layouts["wolverhampton"].fonts.size_pt == 11


def test_no_string_keys_and_no_unknown_attributes(project):
    publication, review = project.publications["child-f-briefing"], project.reviews["child-f"]
    with pytest.raises(TypeError):
        publication["title"]  # noqa: B018 - the point is that it fails
    with pytest.raises(AttributeError):
        publication.data  # noqa: B018 - the dict the model used to hand out is gone
    with pytest.raises(AttributeError):
        review.sumary  # noqa: B018 - a misspelt field is an error, not None
    with pytest.raises(AttributeError):
        review.sumary = "x"  # slotted: no attribute can be added by mistake
    with pytest.raises(dataclasses.FrozenInstanceError):
        review.learning[0].title = "x"  # what is inside a source is frozen
    with pytest.raises(dataclasses.FrozenInstanceError):
        project.layouts["wolverhampton"].footer = "x"


def test_a_field_is_read_by_attribute_and_keeps_its_line(project):
    publication = project.publications["child-f-briefing"]
    text = (REPO / publication.display).read_text().splitlines()
    loc = publication.field_loc("title")
    assert text[loc.line - 1][loc.col - 1:].startswith(str(publication.title)[:10])
    assert publication.loc.line == 1 and publication.field_loc("no-such-field") == publication.loc
    learning = project.reviews["child-f"].learning[0]
    review_text = (REPO / project.reviews["child-f"].display).read_text().splitlines()
    found = learning.field_loc("finding")
    assert found.path == project.reviews["child-f"].display and found.line > 1
    assert review_text[found.line - 1].strip()
    # a select's `from` is a Python keyword: its attribute is `from_`
    select = build(schema.PUBLICATION.fields["select"], {"from": "x", "to": "y"})
    assert (select.from_, select.to) == ("x", "y")


def test_templates_see_attributes_and_a_misspelt_one_fails_loudly(project):
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    layout = project.layouts["wolverhampton"]
    assert env.from_string("{{ layout.partnership }} {{ layout.fonts.body }}").render(layout=layout) == \
        f"{layout.partnership} {layout.fonts.body}"
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ layout.partnershp }}").render(layout=layout)


def test_duplicate_keys_are_an_attribute_of_the_loaded_mapping_never_a_key(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("title: One\ntitle: Two\nkind: briefing\n")
    raw, diags = load_yaml(path, "x.yaml")
    assert diags == [] and list(raw) == ["title", "kind"] and raw["title"] == "One"
    assert [(key, loc.line) for key, loc in raw.duplicates] == [("title", 2)]
    assert not any("__duplicates__" in p.read_text() for p in SRC.rglob("*.py"))


# What reading a validated source by string key looked like; only the loader (model/),
# which builds the typed records from validated mappings, may still do it.
STRING_KEY_READS = re.compile(r"\.data\[|\.data\.get\(|\.tokens\b|config_raw|config\.get\(|config\[\"|"
                              r"themes\[[^\]]+\]\[")
BEFORE_VALIDATION = {"sources.py", "validate.py", "schema.py", "jsonschema.py"}


def test_no_reader_after_validation_uses_string_keys():
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel in BEFORE_VALIDATION or rel.startswith("model/"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if STRING_KEY_READS.search(line):
                found.append(f"{rel}:{number}: {line.strip()}")
    assert found == []


def _layout_token_names() -> set[str]:
    """Every field of a layout, and of the records inside it (colours, fonts, page...)."""
    names, todo = set(), [schema.LAYOUT]
    while todo:
        spec = todo.pop()
        names |= set(spec.fields)
        todo += [sub for sub in spec.fields.values() if sub.type == "record"]
    return names


# Words that are layout fields but also name other things the writers read by key:
# HTML attributes and the <head>'s facts (`node.attrs.get("alt")`, `head["title"]`).
NOT_ONLY_LAYOUT = {"alt", "file", "text", "body", "heading", "labels", "email", "phone"}


def _string_key_reads(tree: ast.AST, names: set[str]):
    """(line, key) for each `x["key"]` and `x.get("key")` reading one of `names`."""
    for node in ast.walk(tree):
        key = None
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            key = node.slice.value
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
              and node.args and isinstance(node.args[0], ast.Constant)):
            key = node.args[0].value
        if isinstance(key, str) and key in names:
            yield node.lineno, key


def test_the_writers_and_checks_read_the_typed_layout_never_token_keys():
    """The Word writer, the stylesheet and the rules read `layout.colours.primary`; a
    `tokens["colours"]["primary"]` or `.get("footer")` anywhere in render/ or checks/ fails."""
    names = _layout_token_names() - NOT_ONLY_LAYOUT
    assert {"colours", "primary", "fonts", "size_pt", "page", "margin_mm", "footer", "logo"} <= names
    found = []
    for folder in ("render", "checks"):
        for path in sorted((SRC / folder).rglob("*.py")):
            rel = path.relative_to(SRC).as_posix()
            for line, key in _string_key_reads(ast.parse(path.read_text(encoding="utf-8")), names):
                if key not in OTHER_KEYS.get(rel, ()):
                    found.append(f"{rel}:{line}: [{key!r}]")
    assert found == []
    # the check can fail: the reads this change removed are found
    old = 'fonts = tokens["fonts"]\ncolour = tokens.get("colours", {})["primary"]\nmm = page.get("margin_mm", 18)'
    assert sorted(k for _, k in _string_key_reads(ast.parse(old), names)) == ["colours", "fonts", "margin_mm", "primary"]


# Keys that only share a layout field's name: a PDF's bytes by part (delivery.py's size budget).
OTHER_KEYS = {"checks/delivery.py": {"fonts"}}


def test_a_layout_made_from_a_mapping_is_validated_and_merged_with_the_default_layout():
    layout = layout_from_mapping({"colours": {"primary": "#5a2a82"}, "fonts": {"size_pt": 12}}, name="brand")
    default = load_project(REPO).layouts["default"]
    assert isinstance(layout, Layout) and layout.name == "brand"
    assert (layout.colours.primary, layout.fonts.size_pt) == ("#5a2a82", 12)
    assert (layout.colours.text, layout.page, layout.partnership) == \
        (default.colours.text, default.page, default.partnership)
    with pytest.raises(LayoutError) as found:
        layout_from_mapping({"colours": {"on_primry": "#ffffff"}, "fonts": {"size_pt": 99}})
    assert sorted(d.code for d in found.value.diagnostics) == ["source.type", "source.unknown-key"]
    assert "did you mean 'on_primary'" in str(found.value)


def test_a_layouts_colours_are_named_tokens_and_a_misspelt_one_is_reported(tmp_path):
    layout = load_project(REPO).layouts["wolverhampton"]
    assert layout.colours.primary.startswith("#") and layout.colours.on_primary.startswith("#")
    root = tmp_path / "p"
    (root / "layouts" / "brand").mkdir(parents=True)
    (root / "layouts" / "brand" / "layout.yaml").write_text(
        "partnership: Brand SCP\nshort_name: BSCP\ncolours:\n  primary: '#00594f'\n  on_primry: '#ffffff'\n")
    found = [str(d) for d in load_project(root).diagnostics]
    assert found == ["layouts/brand/layout.yaml:5:3: error: unknown field 'on_primry' in colours "
                     "(did you mean 'on_primary'?) [source.unknown-key]"]
