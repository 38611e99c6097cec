"""Identifiers in a source (NHS numbers, names beside a pseudonym, street addresses, named
people's e-mail addresses) and skeleton text are errors at the line and column they start,
and their near-misses are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin.checks.accessibility.run import check_source_text
from bulletin.checks.identifiers import nhs_check_digit_ok
from bulletin.checks.names import given_names
from bulletin.checks.skeleton_text import check_skeleton_text, skeleton_phrases
from bulletin.diagnostics import Location, Severity
from bulletin.model import layout_from_mapping
from bulletin.sources import LocStr

ROOT = Path(__file__).parent / "roots" / "identifiers"
LAYOUT = layout_from_mapping({"website": "https://www.example.org.uk", "contact": {"email": "learning@example.org.uk"}})


def loc(text: str, line: int = 7, col: int = 3) -> LocStr:
    lines = tuple((line + i, col) for i in range(text.count("\n") + 1))
    return LocStr(text, Location("sources/reviews/r.yaml", line, col), lines=lines)


def identifiers(text: str) -> list[tuple[str, int, int]]:
    return [(d.code, d.location.line, d.location.col)
            for d in check_source_text(loc(text), "p", LAYOUT)
            if d.code.startswith(("content.identifier.", "content.real-name"))]


@pytest.mark.parametrize("digits, valid", [
    ("9434765919", True), ("4010232137", True), ("4505577104", True),
    ("9434765918", False), ("1234567890", False), ("943476591", False), ("94347659190", False)])
def test_the_nhs_check_digit(digits, valid):
    assert nhs_check_digit_ok(digits) is valid


@pytest.mark.parametrize("text, code, col", [
    ("His NHS number is 943 476 5919.", "nhs-number", 21),
    ("His NHS number is 943-476-5919.", "nhs-number", 21),
    ("His NHS number is 9434765919.", "nhs-number", 21),
    ("Child F, known as Jayden, was seen.", "name", 21),
    ("Child F (also known as Jayden) was seen.", "name", 26),
    ("Child F (Jayden) was seen.", "name", 12),
    ("Jayden, referred to as Child F, was seen.", "name", 3),
    ("Family E's mother, Sarah, moved often.", "name", 22),
    ("Family 'E' were known; Child F's father Mark left.", "name", 43),
    ("They lived at 14 Acacia Avenue.", "address", 17),
    ("They lived at 3 Mill Close with an aunt.", "address", 17),
    ("They lived at 221b Baker Street.", "address", 17),
    ("They lived at Flat 2, 10 Park Road, in town.", "address", 17),
    ("They lived at 7 Orchard Court, near the school.", "address", 17),
    ("Write to sarah.jones@gmail.com today.", "email", 12),
    ("Write to j.smith@nhs.net today.", "email", 12),
    ("Write to sarah@example.org.uk today.", "email", 12),
    ("Write to [the worker](mailto:jayden82@example.org.uk).", "email", 32),
])
def test_each_identifier_is_an_error_where_it_starts(text, code, col):
    found = [d for d in check_source_text(loc(text), "p", LAYOUT) if d.code.startswith("content.")]
    assert [(d.code, d.location.line, d.location.col) for d in found] == [(f"content.identifier.{code}", 7, col)]
    assert found[0].severity is Severity.ERROR


@pytest.mark.parametrize("text", [
    "Reference 943 476 5918 is in the file.",          # NHS-shaped, check digit fails
    "Case number 1234567890 and order 9434765918.",
    "A Section 47 enquiry began after 2 agencies raised concerns.",
    "The 2 Children's Services teams met; 3 Health Visitors attended.",
    "There were 2 Family Court hearings and 4 Crown Court dates.",
    "Write to safeguarding@example.org.uk, info@example.org.uk or lscb@example.org.uk.",
    "Child F, Police and Health did not share what they knew.",
    "Child F's mother, Health visitors and the school met twice.",
    "Child F (Section 47) enquiries began late.",
    "Child F. Sadly, Mother did not attend. In June Child F was seen.",
    "Child F, known as a quiet boy, liked school.",
    "Child F's mother, May 2016 was the last visit.",
    "Family 'E' lived in Wolverhampton. Early Help was offered in April 2016.",
    "The review (Child F) and the Family Court report were published on 12 June 2017.",
])
def test_near_misses_are_not_identifiers(text):
    assert identifiers(text) == []


def test_given_names_come_from_faker_and_are_not_everyday_safeguarding_words():
    names = given_names()
    assert len(names) > 2000
    assert {"Jayden", "Sarah", "Mohammed", "Kayla", "Liam"} <= names
    assert not names & {"Child", "Family", "Police", "Health", "Section", "Services", "Court", "Early"}


def test_skeleton_phrases_come_from_the_skeleton_files():
    phrases, openings = skeleton_phrases()
    from importlib.resources import files
    review = files("bulletin").joinpath("skeletons/review.yaml").read_text(encoding="utf-8")
    assert "replace with" in openings
    asks = [line.split(":", 1)[-1].strip(" -|") for line in review.splitlines()
            if "Replace" in line and not line.lstrip().startswith("#")]
    assert asks and all(" ".join(a.lower().rstrip(".").split()).replace("**", "") in phrases for a in asks), asks


def test_skeleton_text_is_an_error_at_its_line_and_a_warning_in_a_draft():
    text = loc("A real first line.\n  - Replace with the key learning points, one a line\n"
               "Replace this with something I half edited.", line=20, col=3)
    [first, second] = check_skeleton_text([text], "p", draft=False)
    assert (first.code, first.severity, first.location.line, first.location.col) == \
        ("content.skeleton-text", Severity.ERROR, 21, 5)
    assert (second.location.line, second.location.col) == (22, 3)
    assert {d.severity for d in check_skeleton_text([text], "p", draft=True)} == {Severity.WARNING}
    assert check_skeleton_text([loc("We replaced the policy with a new one.")], "p", draft=False) == []


# The root's review plants each identifier at its own line; these are the exact lines.
EXPECTED = """\
sources/reviews/child-p.yaml:7:21: error: 'Jayden' looks like a real first name given beside the pseudonym 'Child P': remove it and use the pseudonym only [content.identifier.name]
sources/reviews/child-p.yaml:8:22: error: 'Sarah' looks like a real first name given beside the pseudonym 'Family P': remove it and use the pseudonym only [content.identifier.name]
sources/reviews/child-p.yaml:9:3: error: 'Kayla' looks like a real first name given beside the pseudonym 'Sibling 1': remove it and use the pseudonym only [content.identifier.name]
sources/reviews/child-p.yaml:10:34: error: 'Ellie' looks like a real first name given beside the pseudonym 'Child P': remove it and use the pseudonym only [content.identifier.name]
sources/reviews/child-p.yaml:11:31: error: 'Jack Turner' looks like a person's name near 'Child P': use the pseudonym or a role (Mother, the social worker) instead [content.real-name]
sources/reviews/child-p.yaml:12:23: error: '14 Acacia Avenue' looks like a street address: remove it; say "the family home" or name the town only if the review does [content.identifier.address]
sources/reviews/child-p.yaml:12:49: error: '3 Mill Close' looks like a street address: remove it; say "the family home" or name the town only if the review does [content.identifier.address]
sources/reviews/child-p.yaml:13:23: error: 'Flat 2, 10 Park Road' looks like a street address: remove it; say "the family home" or name the town only if the review does [content.identifier.address]
sources/reviews/child-p.yaml:13:52: error: '221b Baker Street' looks like a street address: remove it; say "the family home" or name the town only if the review does [content.identifier.address]
sources/reviews/child-p.yaml:14:23: error: 'WV1 1AA' looks like a postcode: remove it, it could identify a family [content.postcode]
sources/reviews/child-p.yaml:15:26: error: '07700 900123' looks like a phone number: remove it unless it is the partnership's own (then add it to the layout's contact details) [content.phone]
sources/reviews/child-p.yaml:16:15: error: 'born on 12/03/2015' gives a date of birth: remove it, use an age or a year at most [content.date-of-birth]
sources/reviews/child-p.yaml:17:22: error: '943 476 5919' is an NHS number (its check digit is valid): remove it, it identifies a person [content.identifier.nhs-number]
sources/reviews/child-p.yaml:17:53: error: '401-023-2137' is an NHS number (its check digit is valid): remove it, it identifies a person [content.identifier.nhs-number]
sources/reviews/child-p.yaml:18:22: error: '4505577104' is an NHS number (its check digit is valid): remove it, it identifies a person [content.identifier.nhs-number]
sources/reviews/child-p.yaml:19:32: error: 'sarah.jones@gmail.com' is a named person's e-mail address: remove it, or give a team's address (safeguarding@..., the board's own) [content.identifier.email]
sources/reviews/child-p.yaml:19:58: error: 'j.smith@nhs.net' is a named person's e-mail address: remove it, or give a team's address (safeguarding@..., the board's own) [content.identifier.email]
sources/reviews/child-p.yaml:20:41: error: 'mark@example.org.uk' is a named person's e-mail address: remove it, or give a team's address (safeguarding@..., the board's own) [content.identifier.email]
sources/reviews/child-p.yaml:34:12: error: 'Replace with the first learning theme' is example text from the skeleton `bulletin new` wrote: replace it with your own words, or delete it [content.skeleton-text]
""".splitlines()
PLANTED = 19  # 18 identifiers (lines 7-20) and one skeleton line (34)


def test_the_identifiers_root_reports_exactly_its_planted_lines():
    from bulletin.checks.accessibility.build import check_sources
    from bulletin.model import load_project
    project = load_project(ROOT)
    assert project.diagnostics == []
    found = [str(d) for d in check_sources(project, project.publications["child-p-briefing"])
             if d.code.startswith("content.")]
    assert found == EXPECTED and len(found) == PLANTED


def test_bulletin_check_prints_them_and_fails(copy_root, capsys):
    from bulletin.cli import main
    root = copy_root("identifiers")
    assert main(["--root", str(root), "check", "--offline"]) == 1
    err = capsys.readouterr().err
    assert [line for line in err.splitlines() if "[content." in line] == EXPECTED


def test_a_partnership_accepts_a_false_alarm_with_a_reason_in_bulletin_yaml():
    from bulletin.checks.severity import apply_severities
    found = check_source_text(loc("The clinic is at 3 Mill Close, which is public."), "p", LAYOUT)
    settings = {"content.identifier.address": {"severity": "info", "reason": "a public clinic"}}
    [d] = apply_severities(found, settings, Location("bulletin.yaml", 1, 1))
    assert (d.code, d.severity, d.extra["reason"]) == ("content.identifier.address", Severity.INFO, "a public clinic")

