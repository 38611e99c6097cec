"""Safeguarding content rules: nothing that could identify a child or family; owners and due dates."""

import pytest

from bulletin.checks.accessibility.run import check_practice_content, check_recommendations, check_source_text
from bulletin.diagnostics import Location
from bulletin.model import layout_from_mapping
from bulletin.sources import LocDict, LocStr

LAYOUT = layout_from_mapping({"website": "https://www.escb.co.uk",
                              "contact": {"email": "escb@essex.gov.uk", "phone": "0333 013 8936",
                                          "address": "County Hall, Market Road, Chelmsford CM1 1QH"}})


def loc(text: str, line: int = 7, col: int = 5) -> LocStr:
    lines = tuple((line + i, col) for i in range(text.count("\n") + 1))
    return LocStr(text, Location("sources/reviews/r.yaml", line, col), lines=lines)


def content(text, layout=LAYOUT):
    return [d for d in check_source_text(loc(text), "p", layout) if d.code.startswith("content.")]


@pytest.mark.parametrize("text, code", [
    ("The family moved to SE1 7PB in 2015.", "content.postcode"),
    ("Mother could be reached on 07700 900123.", "content.phone"),
    ("Call +44 (0)20 7946 0018 for the team.", "content.phone"),
    ("Child F (DOB 03/03/2015) was seen.", "content.date-of-birth"),
    ("Child F was born on 3rd March 2015.", "content.date-of-birth"),
    ("Her date of birth was recorded wrongly.", "content.date-of-birth"),
    ("Write to jane.smith@gmail.com for details.", "content.identifier.email"),
    ("Write to [the worker](mailto:j.smith@hotmail.co.uk).", "content.identifier.email"),
    ("Write to [the team](mailto:duty.team@hotmail.co.uk).", "content.email"),
    ("Child F, whose real name is Jack Turner, was seen.", "content.real-name"),
])
def test_identifying_details_are_reported(text, code):
    found = content(text)
    assert [d.code for d in found] == [code]
    assert found[0].location.line == 7 and found[0].location.col > 5


@pytest.mark.parametrize("text", [
    "Theme 4.1 & 4.2 and CYPP 2012- 2022 – Priority 1 & 5",
    "Delivered to 250 people working with children and families in Essex.",
    "Please contact the ESCB on: escb@essex.gov.uk",
    "Ring the board on 0333 013 8936.",
    "Child K was born and died on the same day.",
    "The Overview Report was published on 8th November 2017.",
    "Child F's Father has been found guilty. Child Protection Conference and Early Help.",
    "See <http://www.escb.co.uk/Portals/67/SET%20Procedures-April%202017-updated.pdf>",
    "Family 'E' were known to Children's Social Care in 2006.",
    "Write to County Hall, Chelmsford CM1 1QH.",
])
def test_reference_text_and_the_partnerships_own_details_pass(text):
    assert content(text) == []


def test_a_postcode_other_than_the_partnerships_own_is_still_reported():
    assert [d.code for d in content("Write to County Hall, Chelmsford CM2 6WG.")] == ["content.postcode"]


def test_postcode_rule_position():
    [d] = content("Line one.\nMoved to B12 3AB.")
    assert (d.location.line, d.location.col) == (8, 5 + len("Moved to "))


def _item(fields: dict, line: int) -> LocDict:
    item = LocDict(fields)
    item.loc = Location("sources/reviews/r.yaml", line, 7)
    return item


def test_recommendations_without_owner_or_due_date_warn():
    items = [_item({"text": "Review the neglect strategy", "owner": "SSCB", "due": "2018-04"}, 40),
             _item({"text": "Audit plans", "owner": "CSP"}, 44),
             _item({"text": "Train staff"}, 47)]
    d = check_recommendations(items, "p")
    assert [(x.code, x.location.line) for x in d] == [
        ("content.recommendation-due", 44), ("content.recommendation-owner", 47),
        ("content.recommendation-due", 47)]


def test_practice_content_is_required():
    where = Location("sources/publications/p.yaml", 1, 1)
    assert check_practice_content(True, "p", where) == []
    [d] = check_practice_content(False, "p", where)
    assert d.code == "content.no-practice" and d.location == where


def test_a_hidden_due_date_is_not_asked_for():
    """A partnership that switches the Due line off (`labels: {due: hide}`) is not told to
    add due dates it will never print; the owner is still asked for."""
    from bulletin.checks.content import check_recommendations

    items = [{"text": "Health visitors will ask about changes at home."}]
    assert sorted(d.code for d in check_recommendations(items, "p")) == [
        "content.recommendation-due", "content.recommendation-owner"]
    assert [d.code for d in check_recommendations(items, "p", hidden={"due"})] == ["content.recommendation-owner"]
