"""Compendiums: reviews by reference and by selection, the themes-by-case table, theme
checks, and one review's text feeding every publication that prints it."""

from __future__ import annotations

import shutil
from pathlib import Path

import lxml.html
import pytest

from bulletin.render import contents as toc
from bulletin.build import build
from bulletin.compose import compose
from bulletin.model import load_project, review_names
from bulletin.render.html import render_publication_html

SAMPLE = Path(__file__).parent / "roots" / "compendium-sample"
COMPENDIUM = "northshire-learning-2023"


def no_checks(project, publication, rendered):
    return []


@pytest.fixture
def root(tmp_path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(SAMPLE, copy)
    return copy


@pytest.fixture(scope="module")
def project():
    return load_project(SAMPLE.resolve())


def render(project, name: str) -> str:
    publication = project.publications[name]
    html, diags = render_publication_html(compose(project, publication),
                                          project.layouts[publication.layout].folder,
                                          publication.display)
    assert not diags, [str(d) for d in diags]
    return html


def themes_table(html: str) -> dict[str, dict[str, bool]]:
    """The rendered table as {theme label: {case: marked}}."""
    table = lxml.html.fromstring(html).find(".//table[@class='themes-table']")
    cases = [th.text_content().strip() for th in table.findall("thead/tr/th")][1:]
    rows = {}
    for tr in table.findall("tbody/tr"):
        label = tr.find("th").text_content().strip()
        rows[label] = {case: td.text_content().strip() == "Yes" for case, td in zip(cases, tr.findall("td"))}
    return rows


def test_sample_project_is_valid(project):
    assert [str(d) for d in project.diagnostics] == []


def test_named_reviews_come_first_then_selected_ones_by_date(project):
    assert review_names(project, project.publications[COMPENDIUM]) == ["child-a", "child-b"]


@pytest.mark.parametrize("select, expected", [
    ({"themes": ["neglect"]}, ["child-a", "child-b", "child-c"]),
    ({"themes": ["professional-curiosity"]}, ["child-c"]),
    ({"partnership": "southvale"}, ["child-c"]),
])
def test_selection_by_theme_and_partnership(project, select, expected):
    from dataclasses import replace
    from bulletin import schema
    from bulletin.model import build
    publication = project.publications[COMPENDIUM]
    selecting = replace(publication, reviews=[], select=build(schema.PUBLICATION.fields["select"], select))
    assert review_names(project, selecting) == expected


def test_selection_by_date(root):
    (root / "sources/publications/northshire-learning-2023.yaml").write_text(
        (root / "sources/publications/northshire-learning-2023.yaml").read_text()
        .replace("reviews: [child-a]\nselect:\n  partnership: northshire",
                 "select:\n  from: 2023-05\n  to: 2023-12"))
    project = load_project(root)
    assert not project.diagnostics
    assert review_names(project, project.publications[COMPENDIUM]) == ["child-b"]


def test_themes_table_matches_the_review_tags(project):
    html = render(project, COMPENDIUM)
    table = themes_table(html)
    reviews = [project.reviews[n] for n in review_names(project, project.publications[COMPENDIUM])]
    expected = {}
    for review in reviews:
        for theme in review.themes:
            expected.setdefault(project.themes[theme].label, {})
    for label in expected:
        expected[label] = {r.subject: label in [project.themes[t].label for t in r.themes]
                           for r in reviews}
    assert table == expected
    # Most shared first: neglect is in both cases.
    assert next(iter(table)) == "Neglect"


def test_a_compendium_without_commentary_still_has_the_table(root):
    path = root / "sources/publications/northshire-learning-2023.yaml"
    text = path.read_text()
    path.write_text(text[:text.index("recurring_themes:")] + text[text.index("after:"):])
    project = load_project(root)
    html = render(project, COMPENDIUM)
    assert set(themes_table(html)) == {"Neglect", "Information sharing", "Domestic abuse", "Voice of the child"}
    assert "Recurring themes" in [h.text for h in toc.read_headings(html)]


def test_unknown_theme_is_an_error_with_a_suggestion(root):
    path = root / "sources/reviews/child-b.yaml"
    path.write_text(path.read_text().replace("themes: [domestic-abuse, neglect,", "themes: [domestic-abuse, neglekt,"))
    project = load_project(root)
    lines = [str(d) for d in project.diagnostics]
    assert any("sources/reviews/child-b.yaml:5:" in line and "neglekt" in line and "'neglect'" in line
               and "[source.unknown-theme]" in line for line in lines), lines
    assert not project.buildable(project.publications[COMPENDIUM])
    assert project.buildable(project.publications["child-c-briefing"])


def test_contents_entries_are_the_compendium_headings(project):
    html = render(project, COMPENDIUM)
    assert toc.read_contents(html) == [h for h in toc.read_headings(html) if h.level in (2, 3)]


def test_editing_one_review_changes_every_publication_that_prints_it(root):
    old = "Several agencies knew part of the picture, but no one agency held all of it."
    new = "Five agencies each knew a part of the picture, and none put it together."
    first = build(root, formats=("html",), checks=no_checks, links=False)
    assert {p.name: p.status for p in first.publications} == {
        "child-a-briefing": "built", "child-c-briefing": "built", COMPENDIUM: "built"}
    dist = root / "dist"
    before = {p: (dist / p).read_text() for p in ("northshire-child-a-briefing.html", f"{COMPENDIUM}.html",
                                                  "southvale-child-c-briefing.html")}
    assert all(old in before[p] for p in ("northshire-child-a-briefing.html", f"{COMPENDIUM}.html"))

    review = root / "sources/reviews/child-a.yaml"
    review.write_text(review.read_text().replace(old, new))
    second = build(root, formats=("html",), checks=no_checks, links=False)
    status = {p.name: p.status for p in second.publications}
    assert status == {"child-a-briefing": "built", "child-c-briefing": "unchanged", COMPENDIUM: "built"}
    for page in ("northshire-child-a-briefing.html", f"{COMPENDIUM}.html"):
        after = (dist / page).read_text()
        assert new in after and old not in after, page
    assert (dist / "southvale-child-c-briefing.html").read_text() == before["southvale-child-c-briefing.html"]


def test_essex_themes_table_agrees_with_the_text_printed_under_it():
    """'Domestic abuse was a feature within each review'; 'All of the SCR's identified ...
    information sharing'; 'In two of the SCRs ... fathers and other males'."""
    essex = load_project(Path(__file__).parent.parent.resolve())
    html = render(essex, "essex-briefing-2017-07")
    table = themes_table(html)
    assert set(table["Domestic abuse"].values()) == {True}
    assert set(table["Information sharing"].values()) == {True}
    assert sum(table["Fathers and significant males"].values()) == 2
    assert "Domestic abuse was a feature within each review." in html
