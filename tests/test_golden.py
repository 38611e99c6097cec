"""The reference publications' text, as HTML outline and PDF text, matches tests/golden/.

A difference means the output changed: if on purpose, run `invoke golden` and read the diff.
"""

from __future__ import annotations

import difflib

import pytest

from golden import GOLDEN, goldens


def test_every_reference_publication_has_golden_text(reference_dist):
    produced = set(goldens(reference_dist))
    kept = {p.name for p in GOLDEN.glob("*.txt")}
    assert produced == kept, "run `invoke golden` to add or drop golden files, and read the diff"


@pytest.mark.parametrize("name", sorted(p.name for p in GOLDEN.glob("*.txt")))
def test_output_text_matches_golden(name, reference_dist):
    produced = goldens(reference_dist).get(name)
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    if produced != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), (produced or "").splitlines(True),
                                            f"golden/{name}", "built", n=1))
        pytest.fail(f"output text changed (run `invoke golden` if on purpose):\n{diff[:3000]}")
