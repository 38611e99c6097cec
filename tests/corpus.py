"""Find the acceptance corpus (the five seed publications) for the tests that compare against it.

Looked for, in order: $BULLETIN_SEEDS, tests/seeds/ in this repository, and ../shared/seeds/
beside the repository. Only paths relative to the repository, so a fresh clone anywhere
finds the same corpus. When none is there, those tests skip and the run's summary says so.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def find_seeds() -> Path | None:
    for candidate in (os.environ.get("BULLETIN_SEEDS"), REPO / "tests" / "seeds", REPO.parent / "shared" / "seeds"):
        if candidate and any(Path(candidate).glob("000_*.txt")):
            return Path(candidate)
    return None


SEEDS = find_seeds()
SKIP_REASON = "no acceptance corpus: set BULLETIN_SEEDS or put the five seed files in tests/seeds/"
needs_seeds = pytest.mark.skipif(SEEDS is None, reason=SKIP_REASON)
