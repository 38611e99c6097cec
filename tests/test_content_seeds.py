"""The content rules (identifiers and skeleton text too) raise nothing on the five real reference publications and the seed texts (no false alarms)."""

from pathlib import Path

import pytest
from corpus import SEEDS, needs_seeds

from bulletin.checks.content import check_content
from bulletin.checks.skeleton_text import check_skeleton_text
from bulletin.diagnostics import Location
from bulletin.model import layout_from_mapping, load_project
from bulletin.sources import LocStr, iter_strings, load_yaml

REPO = Path(__file__).parent.parent
SOURCES = sorted((REPO / "sources").glob("*/*.yaml"))


@pytest.fixture(scope="module")
def layouts():
    return load_project(REPO).layouts


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_reference_sources_raise_no_content_diagnostics(path, layouts):
    data, problems = load_yaml(path, str(path.relative_to(REPO)))
    assert problems == []
    name = data.get("layout") or data.get("partnership") or "default"
    layout = layouts.get(name, layouts["default"])  # a review names its partnership, not always a layout
    found = [str(d) for text in iter_strings(data) for d in check_content(text, "ref", layout)]
    found += [str(d) for d in check_skeleton_text(list(iter_strings(data)), "ref", draft=False)]
    assert found == []


def _seed_dir():
    return SEEDS


@needs_seeds
def test_raw_seed_texts_raise_no_content_diagnostics():
    own = layout_from_mapping({"website": "https://www.escb.co.uk", "contact": {"email": "escb@essex.gov.uk"}})
    for path in sorted(_seed_dir().glob("0*.txt")):
        text = path.read_text(encoding="utf-8")
        lines = tuple((n + 1, 1) for n in range(text.count("\n") + 1))
        source = LocStr(text, Location(path.name, 1, 1), lines=lines)
        found = check_content(source, "ref", own) + check_skeleton_text([source], "ref", draft=False)
        assert [str(d) for d in found] == [], path.name
