"""The kind registry: the docs' table is generated from it, and it says what the templates really print."""

from __future__ import annotations

from pathlib import Path

from bulletin import kinds, schema
from bulletin.render.html import KIND_TEMPLATES

DOCS = Path(__file__).resolve().parents[1] / "docs" / "sources.md"
SKELETONS = Path(kinds.__file__).parent / "skeletons"
TEMPLATES = Path(kinds.__file__).parent / "templates"


def test_the_docs_table_is_the_one_the_registry_generates():
    text = DOCS.read_text(encoding="utf-8")
    assert kinds.TABLE_START in text and kinds.TABLE_END in text
    expected = kinds.docs_with_table(text, kinds.field_table(schema.REVIEW.fields))
    assert text == expected, "docs/sources.md disagrees with kinds.py: run `python -m bulletin.kinds`"


def test_questions_are_documented_where_they_print():
    table = kinds.field_table(schema.REVIEW.fields)
    row = next(line for line in table.splitlines() if line.startswith("| `questions`"))
    cells = [c.strip() for c in row.strip("|").split("|")][1:]
    assert cells[0] == "`labels.questions`"            # briefings and handouts
    assert "labels.questions" in cells[1]               # bulletins
    assert "Questions for reflection" in cells[2]       # 7-minute briefings
    assert cells[3] == "–"                              # compendiums do not print them


def test_every_kind_has_its_template_and_skeleton_and_schema_knows_it():
    assert set(kinds.NAMES) == set(schema.KINDS) == set(KIND_TEMPLATES)
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
