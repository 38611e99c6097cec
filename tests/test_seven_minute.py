"""7-minute briefings: seven numbered sections from a review, overrides, the action-plan form."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pdftext import page_count, pdf_text

from bulletin.build import build
from bulletin.checks.delivery import SEVEN_MINUTE_SECTIONS
from bulletin.compose import compose
from bulletin.contract import check_contract
from bulletin.model import load_project
from bulletin.render.html import PACKAGE_TEMPLATES, render_publication_html

SAMPLE = Path(__file__).parent / "roots" / "publish-sample"
REPO = Path(__file__).parent.parent
STEPS = ["1. Background", "2. Why it matters", "3. What the review found", "4. What it means for practice",
         "5. Questions for reflection", "6. What to do", "7. Further information"]


def render(root: Path, name: str) -> str:
    project = load_project(root)
    publication = project.publications[name]
    html, diags = render_publication_html(compose(project, publication),
                                          project.layouts[publication.layout].folder, publication.display)
    assert diags == []
    return html


def headings(html: str, level: int) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h) for h in re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", html)]


@pytest.fixture
def root(tmp_path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(SAMPLE, copy)
    return copy


def test_seven_numbered_sections_then_the_action_plan(root):
    html = render(root, "alpha-seven-minute")
    assert check_contract(html) == []
    assert headings(html, 2) == STEPS + ["Team action plan"]
    assert html.count('<section class="briefing-step">') == 7
    assert "<strong>Seeing neglect.</strong> Staff saw each worry on its own." in html
    assert "<li>Who else knows the families you work with?</li>" in html
    assert 'href="https://www.example.org.uk/reviews/child-a">Serious Case Review of Child A</a>' in html


def test_action_plan_is_a_form_to_write_in(root):
    html = render(root, "alpha-seven-minute")
    plan = html[html.index('<section class="action-plan">'):]
    assert re.findall(r"<caption>(.*?)</caption>", plan) == ["Briefing record", "Actions agreed"]
    assert re.findall(r'<th scope="col"[^>]*>(.*?)</th>', plan) == ["Date", "Team", "Attendees", "Action agreed",
                                                              "By whom", "By when"]
    assert plan.count("<tr><td></td><td></td><td></td></tr>") == 5


def test_overrides_replace_a_section_and_others_stay_generated(root):
    source = root / "sources" / "publications" / "alpha-seven-minute.yaml"
    source.write_text(source.read_text() + "overrides:\n  practice: |\n    - **Ask** who else knows the family\n")
    html = render(root, "alpha-seven-minute")
    practice = html[html.index("4. What it means for practice"):html.index("5. Questions")]
    assert "<strong>Ask</strong> who else knows the family" in practice
    assert "Look at the history" not in practice
    assert "Staff saw each worry on its own." in html


def test_a_review_without_questions_gets_general_ones(root):
    review = root / "sources" / "reviews" / "child-a.yaml"
    review.write_text(review.read_text().split("questions:")[0])
    html = render(root, "alpha-seven-minute")
    assert "<li>What in this briefing would have made a difference to Child A?</li>" in html


def test_every_override_key_is_a_section_of_the_template():
    template = (PACKAGE_TEMPLATES / "seven-minute.html.j2").read_text()
    assert re.findall(r'call step\(\d, "(\w+)"', template) == list(SEVEN_MINUTE_SECTIONS)


def test_child_f_briefing_fits_two_sides_with_its_questions(tmp_path):
    result = build(REPO, ["child-f-seven-minute"], formats=("print",), dist=tmp_path, force=True, links=False,
                   checks=lambda *a: [])
    assert result.publications[0].status == "built"
    pdf = tmp_path / "wolverhampton-child-f-seven-minute.print.pdf"
    assert page_count(pdf) <= 2
    text = " ".join(pdf_text(pdf).split())
    for step in STEPS:
        assert step in text
    assert "How do you check what parents tell you, rather than relying on what they report?" in text
