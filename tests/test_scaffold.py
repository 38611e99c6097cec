"""`bulletin new`: every kind's skeleton builds as it stands, explains every field from schema.py, and never overwrites."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bulletin import kinds, schema
from bulletin.cli import main
from bulletin.model import load_project
from bulletin.scaffold import SKELETONS, ScaffoldError, annotate, create, describe, kind_names, plan, review_name_for
from bulletin.sources import load_yaml

KINDS = kind_names()

PUBLICATION_KINDS = [k for k in KINDS if k != "review"]


@pytest.fixture
def project(copy_root) -> Path:
    return copy_root("compendium-sample")


def run(root: Path, *words: str) -> int:
    return main(["--root", str(root), *words])


def test_each_kind_of_new_source_builds_as_it_stands(project, capsys):
    for kind in PUBLICATION_KINDS:
        assert run(project, "new", kind, f"child-z-{kind}", "--layout", "northshire") == 0, kind
    capsys.readouterr()
    assert run(project, "build", "--format", "html,pdf", "--offline",
               *[f"child-z-{kind}" for kind in PUBLICATION_KINDS]) == 0, capsys.readouterr()
    out = capsys.readouterr().out
    for kind in PUBLICATION_KINDS:
        assert re.search(rf"built\s+child-z-{kind}\b", out), out
        assert (project / f"dist/northshire-child-z-{kind}.pdf").stat().st_size > 1000
        assert (project / f"dist/northshire-child-z-{kind}.html").is_file()


def test_a_publication_without_review_gets_one_and_next_steps_say_what_to_edit(project, capsys):
    assert run(project, "new", "briefing", "child-y-briefing") == 0
    out = capsys.readouterr().out
    assert "created sources/reviews/child-y.yaml" in out
    assert "created sources/publications/child-y-briefing.yaml" in out
    assert "bulletin build child-y-briefing" in out or f"--root {project} build child-y-briefing" in out
    publication = load_project(project).publications["child-y-briefing"]
    assert publication.review == "child-y"
    # a second publication of the same case reuses the review rather than failing
    assert run(project, "new", "handout", "child-y-handout") == 0
    assert "uses    sources/reviews/child-y.yaml" in capsys.readouterr().out


def test_an_empty_folder_is_started_with_init_then_new_sources_build(tmp_path, capsys):
    assert run(tmp_path, "new", "briefing", "child-a-briefing") == 2   # not a project yet
    assert "bulletin init" in capsys.readouterr().err
    assert main(["init", str(tmp_path / "p"), "--name", "Northshire Safeguarding Children Partnership"]) == 0
    project = tmp_path / "p"
    assert run(project, "new", "briefing", "child-a-briefing") == 0
    assert load_project(project).publications["child-a-briefing"].layout == "northshire"
    assert run(project, "build", "--format", "html", "--offline", "child-a-briefing") == 0, capsys.readouterr()


def test_refuses_to_overwrite_and_writes_nothing(project, capsys):
    assert run(project, "new", "review", "child-x") == 0
    path = project / "sources/reviews/child-x.yaml"
    path.write_text(path.read_text() + "# my edits\n")
    before = path.read_text()
    assert run(project, "new", "review", "child-x") == 2
    assert "already exists" in capsys.readouterr().err
    assert path.read_text() == before
    # a publication naming a review that does not exist is refused, with the command to make it
    with pytest.raises(ScaffoldError, match="bulletin new review child-w"):
        plan(project, "briefing", "child-w-briefing", reviews=["child-w"])
    assert not (project / "sources/publications/child-w-briefing.yaml").exists()


@pytest.mark.parametrize("kind,name,message", [
    ("leaflet", "x", "unknown kind 'leaflet'"),
    ("brefing", "x", "did you mean 'briefing'"),
    ("briefing", "Child_A", "is not a name"),
])
def test_mistakes_on_the_command_line_are_one_line(project, capsys, kind, name, message):
    assert run(project, "new", kind, name) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_unknown_layout_is_refused_with_the_choices(project):
    with pytest.raises(ScaffoldError, match="northshire"):
        plan(project, "briefing", "a-briefing", layout="northshir")


def _key_lines(text: str) -> list[tuple[int, str]]:
    return [(i, m.group(1)) for i, line in enumerate(text.splitlines())
            if (m := re.match(r"^\s*(?:- )?([a-z_]+):", line))]


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_written_has_a_comment_from_schema_help(project, kind):
    files = plan(project, kind, f"child-v-{kind}")
    text = files[-1][1]
    lines = text.splitlines()
    for index, key in _key_lines(text):
        assert lines[index - 1].lstrip().startswith("#"), f"{kind}: no comment above '{key}'"
    spec = schema.REVIEW if kind == "review" else schema.PUBLICATION
    # the help text of every top-level field appears, used or offered commented out
    for key, field in spec.fields.items():
        if field.help and (kind == "review" or kinds.applies(kind, key)):
            assert field.help.split(";")[0] in text.replace("\n#   ", " "), f"{kind}: {key}"


def test_every_skeleton_key_is_a_schema_field(tmp_path):
    """A renamed field in schema.py fails here, not in a user's first build."""
    for path in SKELETONS.glob("*.yaml"):
        if path.stem == "themes":
            continue
        spec = schema.REVIEW if path.stem == "review" else schema.PUBLICATION
        from string import Template
        filled = tmp_path / path.name
        filled.write_text(Template(path.read_text()).safe_substitute(
            reviews="  - child-a", name="child-a", review="child-a", layout="default",
            theme="neglect", due="2024-07", today="2024-01-02", month="2024-01", title="T", subject="Child A"))
        raw, diags = load_yaml(filled, path.name)
        assert raw is not None and not diags, (path, diags)
        from bulletin.validate import validate
        from bulletin.diagnostics import Location
        _, problems = validate(raw, spec, path.stem, Location(path.name, 1, 1))
        unknown = [d for d in problems if d.code == "source.unknown-key"]
        assert not unknown, unknown


def test_annotate_puts_help_above_nested_fields_but_not_inside_text():
    text = "learning:\n  - title: T\n    finding: |\n      note: not a field\n"
    out = annotate(text, schema.REVIEW)
    assert "# What went wrong or right" in out
    assert out.count("#") - out.count("# More") > 0
    lines = out.splitlines()
    assert lines[lines.index("      note: not a field") - 1].strip().startswith("finding")


def test_describe_says_how_to_write_each_type():
    assert "YYYY-MM-DD" in describe(schema.REVIEW.fields["published"])
    assert "serious-case-review" in describe(schema.REVIEW.fields["review_type"])
    assert "(required)" in describe(schema.REVIEW.fields["subject"])
    assert "sources/reviews/" in describe(schema.PUBLICATION.fields["review"])


def test_review_name_for_a_publication():
    assert review_name_for("child-a-briefing") == "child-a"
    assert review_name_for("child-a-7-minute") == "child-a"
    assert review_name_for("briefing") == "briefing"
    assert review_name_for("family-e") == "family-e"


def test_new_names_reach_the_schema_when_the_project_keeps_one(project):
    from bulletin.jsonschema import write_schemas
    write_schemas(project)
    create(project, "review", "child-u")
    assert "child-u" in (project / "schema/review.schema.json").read_text() or \
        "child-u" in (project / "schema/publication.schema.json").read_text()


def _labels_of_every_board() -> set[str]:
    """The headings the reference boards word their own way (layouts' and publications' labels)."""
    from bulletin.sources import load_yaml
    words = set()
    repo = Path(__file__).resolve().parents[1]
    for path in list(repo.glob("layouts/*/layout.yaml")) + list(repo.glob("sources/publications/*.yaml")):
        raw, _ = load_yaml(path, path.name)
        for key in ("labels",):
            words |= {str(v) for v in ((raw or {}).get(key) or {}).values()}
        for key in ("theme_label", "kicker", "subtitle"):
            if (raw or {}).get(key):
                words.add(str(raw[key]))
    # a kind's own name ("7-minute briefing") is the product's, not a board's wording
    return {w for w in words if w.casefold() not in {e["label"].casefold() for e in kinds.KINDS.values()}}


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "review"])
def test_skeletons_teach_and_do_not_impose_a_boards_headings(project, kind):
    text = plan(project, kind, f"child-v-{kind}")[-1][1]
    keys = {key for _, key in _key_lines(text)}
    assert not keys & {"labels", "theme_label", "kicker"}, f"{kind} pre-fills headings: {keys}"
    board_words = _labels_of_every_board()
    assert "Learning Lessons Briefing" in board_words and "How to Think About This in Your Practice:" in board_words
    uncommented = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    for words in board_words:
        assert words not in uncommented, f"{kind} skeleton prints a board's own wording: {words}"


def test_optional_fields_say_optional_and_a_due_date_is_optional(project):
    text = plan(project, "review", "child-v")[-1][1]
    lines = text.splitlines()
    due = next(i for i, line in enumerate(lines) if line.strip().startswith("due:"))
    assert "(optional)" in lines[due - 1] and "(required)" not in lines[due - 1]
    assert "due (optional)" in text.replace("\n#   ", " ").replace("\n    #   ", " ").replace("  #   ", " ")
    assert "(required)" in describe(schema.REVIEW.fields["background"])
    assert "(optional)" in describe(schema.REVIEW.fields["findings"])
    # where a field prints comes from the kind registry: questions are not 7-minute only
    questions = next(i for i, line in enumerate(lines) if line.startswith("questions:"))
    comment = " ".join(line.lstrip("# ") for line in lines[questions - 3:questions])
    assert "learning briefings" in comment and "7-minute briefings" in comment, comment


def test_the_owner_and_due_line_can_be_hidden_per_publication_and_per_layout(project, capsys):
    assert run(project, "new", "briefing", "child-w-briefing", "--layout", "northshire") == 0
    review = project / "sources/reviews/child-w.yaml"
    review.write_text(review.read_text().replace("owner: Replace with who is responsible, or delete this line",
                                                 "owner: Children's Services"))
    publication = project / "sources/publications/child-w-briefing.yaml"
    plain = publication.read_text()
    html = project / "dist/northshire-child-w-briefing.html"

    def built() -> str:
        assert run(project, "build", "--format", "html", "--offline", "--force", "child-w-briefing") in (0, 1)
        capsys.readouterr()
        return html.read_text()

    assert "Owner: Children&#39;s Services" in built() and "Due: " in built()
    publication.write_text(plain + "labels:\n  owner: hide\n")
    page = built()
    assert "Owner:" not in page and "Due: " in page
    publication.write_text(plain + "labels:\n  owner: Lead\n  due: hide\n")
    page = built()
    assert "Lead: Children&#39;s Services" in page and "Due: " not in page
    layout = project / "layouts/northshire/layout.yaml"
    publication.write_text(plain)
    layout.write_text(layout.read_text() + "\nlabels:\n  owner: hide\n  due: hide\n"
                      if "labels:" not in layout.read_text() else layout.read_text())
    assert 'class="meta"' not in built().split('class="recommendations"')[1].split("</section>")[0]
