"""The PDF's structure tree reads as the page does: contents entries are one link each,
described by the heading's text, leaders left out; a table split across pages is one
Table; list items are Lbl + LBody with nested lists inside, in the order printed."""

from __future__ import annotations

import pikepdf
import pytest

from bulletin.render.pdf_structure import _is, _kids, _struct_kids, _walk


def _text_order(element) -> list:
    return [k for k in _kids(element) if isinstance(k, pikepdf.Dictionary) and "/S" in k]


@pytest.fixture(scope="module")
def sunderland(reference_dist):
    with pikepdf.open(reference_dist / "sunderland-family-x-bulletin.pdf") as pdf:
        yield pdf


@pytest.fixture(scope="module")
def essex(reference_dist):
    with pikepdf.open(reference_dist / "essex-briefing-2017-07.pdf") as pdf:
        yield pdf


def test_contents_entries_are_one_link_described_by_the_heading(essex):
    links = [e for e in _walk(essex.Root.StructTreeRoot) if _is(e, "/Link")]
    assert links and not any(_is(k, "/Link") for link in links for k in _kids(link))
    contents = {str(a.Contents) for page in essex.pages for a in page.get("/Annots", [])
                if "/Dest" in a and not str(a.get("/Dest", "")).startswith("fn")}
    assert "Child J" in contents and "Recurring themes throughout these Reviews" in contents
    assert not any("-" in c and " " not in c for c in contents), contents  # no slugs left


def test_a_table_split_across_pages_is_one_table_with_its_header_once(essex):
    tables = [e for e in _walk(essex.Root.StructTreeRoot) if _is(e, "/Table")]
    assert len(tables) == 1
    parts = [k.S for k in _struct_kids(tables[0])]
    assert parts == ["/Caption", "/THead", "/TBody"]
    [body] = [k for k in _struct_kids(tables[0]) if _is(k, "/TBody")]
    assert len(_struct_kids(body)) == 22  # every theme row, on both pages


def test_list_items_are_label_and_body_with_nested_lists_inside(sunderland):
    items = [e for e in _walk(sunderland.Root.StructTreeRoot) if _is(e, "/LI")]
    for item in items:
        assert [k.S for k in _struct_kids(item)] in (["/Lbl", "/LBody"], ["/LBody"])
    lists = [e for e in _walk(sunderland.Root.StructTreeRoot) if _is(e, "/L")]
    assert not any(_is(k, "/L") for lst in lists for k in _kids(lst))  # nested lists sit in an item


def test_recommendation_one_reads_text_sub_points_then_its_date_and_owner(sunderland):
    """The owner line and 'This work will be complete...' follow the sub-bullets, as printed."""
    items = [e for e in _walk(sunderland.Root.StructTreeRoot) if _is(e, "/LI")
             and any(_is(k, "/Lbl") for k in _struct_kids(e))  # numbered, not a contents entry
             and any(_is(k, "/L") for body in _struct_kids(e) if _is(body, "/LBody") for k in _kids(body))]
    [body] = [k for k in _struct_kids(items[0]) if _is(k, "/LBody")]
    assert [k.S for k in _text_order(body)] == ["/P", "/L", "/P", "/P"]
