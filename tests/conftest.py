"""Shared test fixtures: sample projects copied to a temporary folder before use."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
ROOTS = TESTS / "roots"
REPO = TESTS.parent


@pytest.fixture
def copy_root(tmp_path):
    """copy_root('broken') -> a writable copy of tests/roots/broken."""
    def _copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(ROOTS / name, target)
        return target
    return _copy
