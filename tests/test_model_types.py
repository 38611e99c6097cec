"""The model after validation is typed: every source record is a generated dataclass whose
attributes are the schema's fields, and no reader goes back to string keys."""

import dataclasses
import re
from pathlib import Path

import jinja2
import pytest

from bulletin import schema
from bulletin.model import Config, Layout, Publication, Review, Theme, attribute, build, load_project
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
            # the Word writer's own resolved token table (render/docx/styles.py) is not the model
            if STRING_KEY_READS.search(line) and "self.tokens" not in line and "writer.tokens" not in line:
                found.append(f"{rel}:{number}: {line.strip()}")
    assert found == []


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
