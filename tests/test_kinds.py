"""The kind registry: the docs' table is generated from it, and it says what the templates really print."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bulletin import kinds, schema
from bulletin.kinds import table

DOCS = Path(__file__).resolve().parents[1] / "docs" / "sources.md"
SKELETONS = Path(schema.__file__).parent / "skeletons"
TEMPLATES = Path(schema.__file__).parent / "templates"


def test_the_docs_table_is_the_one_the_registry_generates():
    text = DOCS.read_text(encoding="utf-8")
    assert table.TABLE_START in text and table.TABLE_END in text
    expected = table.docs_with_table(text, table.field_table(schema.REVIEW.fields))
    assert text == expected, "docs/sources.md disagrees with kinds.py: run `invoke docs`"


def test_questions_are_documented_where_they_print():
    text = table.field_table(schema.REVIEW.fields)
    row = next(line for line in text.splitlines() if line.startswith("| `questions`"))
    cells = [c.strip() for c in row.strip("|").split("|")][1:]
    assert cells[0] == "`labels.questions`"            # briefings and handouts
    assert "labels.questions" in cells[1]               # bulletins
    assert "Questions for reflection" in cells[2]       # 7-minute briefings
    assert cells[3] == "–"                              # compendiums do not print them


def test_every_kind_has_its_template_and_skeleton_and_schema_knows_it():
    assert set(kinds.NAMES) == set(schema.KINDS) == set(kinds.KINDS) == kinds.BUILT_IN
    for name, entry in kinds.KINDS.items():
        assert (TEMPLATES / entry["template"]).is_file(), name
        assert (SKELETONS / entry["skeleton"]).is_file(), name
        assert set(entry["prints"]) <= set(schema.REVIEW.fields), name
        for field in entry["own_fields"] + entry.get("ignores", ()):
            assert field in schema.PUBLICATION.fields, (name, field)


def test_the_seven_minute_briefing_has_its_own_footer_label():
    assert kinds.word_footer("seven-minute", "Learning Lessons Briefing", "Child F") == "7-minute briefing"
    assert kinds.word_footer("briefing", "Learning Lessons Briefing", "Child F") == "Learning Lessons Briefing"
    assert kinds.word_footer("briefing", "", "Child F") == "Child F"


def test_kind_fields_and_review_names():
    assert kinds.applies("compendium", "recurring_themes") and not kinds.applies("briefing", "recurring_themes")
    assert not kinds.applies("compendium", "review") and kinds.applies("handout", "review")
    assert kinds.applies("seven-minute", "overrides") and not kinds.applies("handout", "overrides")
    assert not kinds.applies("bulletin", "before") and kinds.applies("briefing", "before")
    assert kinds.review_name_for("child-a-7-minute") == "child-a"
    assert kinds.review_name_for("child-a-briefing") == "child-a"
    assert kinds.review_name_for("briefing") == "briefing"


# One marker word per review field; a field prints in a kind when its marker is in <main>.
MARKED_REVIEW = """\
subject: Child Quokkasubject
review_type: rapid-review
partnership: default
published: 2019-03
themes: [neglect]
theme_summary: Quokkathemesummary
background: |
  Quokkabackground text.[^1]
findings: Quokkafindings text.
report:
  text: Quokkareport text.
  url: https://example.org/report
learning:
  - title: First
    finding: Quokkalearning finding.
    practice: "- Quokkalearning practice"
key_learning: "- Quokkakeylearning"
further_learning:
  points: "- Quokkafurtherlearning"
family_history: "- Quokkafamilyhistory"
risk_indicators: "- Quokkariskindicators"
review_learning: "- Quokkareviewlearning"
recommendations:
  items:
    - text: Quokkarecommendations text.
questions:
  - Quokkaquestions?
sections:
  - heading: Extra
    body: Quokkasections text.
footnotes:
  1: Quokkafootnotes text.
"""
MARKERS = {
    "subject": "Quokkasubject", "review_type": "Rapid Review", "published": "2019",
    "themes": "Neglect", "theme_summary": "Quokkathemesummary", "background": "Quokkabackground",
    "findings": "Quokkafindings", "report": "Quokkareport", "learning": "Quokkalearning",
    "key_learning": "Quokkakeylearning", "further_learning": "Quokkafurtherlearning",
    "family_history": "Quokkafamilyhistory", "risk_indicators": "Quokkariskindicators",
    "review_learning": "Quokkareviewlearning", "recommendations": "Quokkarecommendations",
    "questions": "Quokkaquestions", "sections": "Quokkasections", "footnotes": "Quokkafootnotes",
}


def _main_html(root: Path, name: str) -> str:
    from bulletin.compose import compose
    from bulletin.model import load_project
    from bulletin.render.html import render_publication_html

    project = load_project(root)
    publication = project.publications[name]
    html, diags = render_publication_html(compose(project, publication), None, publication.display)
    assert html is not None, diags
    return html.split("<main>", 1)[1].split("</main>", 1)[0]


def test_the_registry_says_truly_which_review_fields_each_kind_prints(tmp_path):
    (tmp_path / "sources/reviews").mkdir(parents=True)
    (tmp_path / "sources/publications").mkdir()
    (tmp_path / "sources/themes.yaml").write_text(
        "neglect:\n  label: Neglect\n  description: Basic needs not met.\n", encoding="utf-8")
    # some fields print only in the absence of another (a bulletin prints `background`
    # when there is no `family_history`), so each kind is rendered with both reviews
    (tmp_path / "sources/reviews/child-q.yaml").write_text(MARKED_REVIEW, encoding="utf-8")
    (tmp_path / "sources/reviews/child-r.yaml").write_text("\n".join(
        line for line in MARKED_REVIEW.splitlines()
        if not line.startswith(("theme_summary", "family_history"))) + "\n", encoding="utf-8")
    for name in kinds.NAMES:
        for review in ("child-q", "child-r"):
            which = f"reviews: [{review}]" if kinds.KINDS[name]["reviews"] == "many" else f"review: {review}"
            (tmp_path / f"sources/publications/{name}-{review}.yaml").write_text(
                f"kind: {name}\nlayout: default\ntitle: Marked\n{which}\n", encoding="utf-8")
    wrong = []
    for name in kinds.NAMES:
        main = _main_html(tmp_path, f"{name}-child-q") + _main_html(tmp_path, f"{name}-child-r")
        for field, marker in MARKERS.items():
            said = kinds.prints(name, field) is not None
            if said != (marker in main):
                wrong.append(f"{name}.{field}: registry says {'prints' if said else 'not printed'}")
    assert not wrong, wrong


# --- a kind of a project's own: one template, one skeleton, one registry entry ----------

CUSTOM_ROOT = Path(__file__).resolve().parent / "roots" / "custom-kind"


@pytest.fixture
def leaflet_project(tmp_path):
    """tests/roots/custom-kind with its `leaflet` kind registered, and taken away after."""
    root = tmp_path / "project"
    shutil.copytree(CUSTOM_ROOT, root)
    kinds.register("leaflet", {
        "label": "Leaflet",
        "template": "leaflet.html.j2",                     # layouts/custom/templates/
        "skeleton": str(root / "skeletons" / "leaflet.yaml"),
        "reviews": "one",
        "prints": {"background": '"What happened"', "key_learning": "labels.key_learning"},
        "print": {"states_pages_as": "leaflet", "typical_pages": 1},
        "delivery": {"max_sides": 1, "too_long_fix": "keep to the key learning"},
        "name_suffixes": ("-leaflet",),
    })
    try:
        yield root
    finally:
        kinds.unregister("leaflet")
    assert "leaflet" not in kinds.NAMES and "leaflet" not in schema.KINDS


def test_a_kind_registered_by_a_project_builds_in_every_format(leaflet_project, capsys):
    from bulletin import formats
    from bulletin.build import build
    from bulletin.catalogue import catalogue_data
    from bulletin.cli import main
    from docx import Document
    from pdftext import pdf_text

    root = leaflet_project
    # `bulletin new` offers the kind and writes its source from the project's skeleton
    assert main(["--root", str(root), "new", "leaflet", "child-k-leaflet", "--layout", "custom"]) == 0, \
        capsys.readouterr()
    source = (root / "sources/publications/child-k-leaflet.yaml").read_text(encoding="utf-8")
    assert "kind: leaflet" in source and "review: child-k" in source

    result = build(root, formats=formats.names(), force=True, offline=True, axe=False)
    errors = [str(d) for d in result.diagnostics if d.is_error]
    assert errors == [] and [p.status for p in result.publications] == ["built"], errors
    dist = root / "dist"
    written = {o.path.name for o in result.publications[0].outputs}
    assert written == {f"custom-child-k-leaflet{f.suffix}" for f in formats.FORMATS.values()}

    said = ["What happened", "Wombatfield visits stopped", "Key learning", "Quillhaven answer"]
    html = (dist / "custom-child-k-leaflet.html").read_text(encoding="utf-8")
    word = "\n".join(p.text for p in Document(str(dist / "custom-child-k-leaflet.docx")).paragraphs)
    pdf = " ".join(pdf_text(dist / "custom-child-k-leaflet.pdf").split())
    printed = " ".join(pdf_text(dist / "custom-child-k-leaflet.print.pdf").split())
    for name, text in (("html", html), ("docx", word), ("pdf", pdf), ("print", printed)):
        missing = [s for s in said if s not in text]
        assert not missing, (name, missing)
    assert 'class="kind-leaflet' in html
    # the registry's print rule: the print edition states its page count as a leaflet
    assert "This leaflet is 1 page: one side of A4." in printed
    # the catalogue names the kind as the registry does
    listed = catalogue_data(result, dist)["publications"]
    assert [p["kind_label"] for p in listed] == ["Leaflet"]


def test_a_registered_kind_is_refused_when_its_entry_is_short_or_its_name_taken():
    with pytest.raises(ValueError, match="missing skeleton"):
        kinds.register("poster", {"label": "Poster", "template": "poster.html.j2", "reviews": "one"})
    with pytest.raises(ValueError, match="exists already"):
        kinds.register("handout", dict(kinds.KINDS["handout"]))
    with pytest.raises(ValueError, match="built-in"):
        kinds.unregister("briefing")
    assert "poster" not in kinds.NAMES
