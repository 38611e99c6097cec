"""Shared test fixtures: sample projects copied to a temporary folder before use."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Builds in tests skip the axe-core pass (a Chromium per page); test_a11y_axe.py runs it on purpose.
os.environ.setdefault("BULLETIN_AXE", "off")
# ...and the Word page checks (LibreOffice per Word file); test_delivery.py turns them on.
os.environ.setdefault("BULLETIN_WORD_PAGES", "off")
# ...and never leave a resident process behind (test_resident.py starts its own).
os.environ["BULLETIN_RESIDENT"] = "off"

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


@pytest.fixture(scope="session")
def reference_dist(tmp_path_factory) -> Path:
    """The reference project (sources/, layouts/, bulletin.yaml) built once per test run,
    offline, in all formats, into a temporary folder; returns its dist/."""
    from bulletin.build import build
    root = tmp_path_factory.mktemp("reference")
    for part in ("sources", "layouts"):
        shutil.copytree(REPO / part, root / part)
    shutil.copy(REPO / "bulletin.yaml", root / "bulletin.yaml")
    # one process: the other test worker keeps the second core busy (the pool is tested in test_build.py)
    result = build(root, formats=("pdf", "docx", "html"), offline=True, jobs=1)
    # kept beside dist/ so a test missing an output can say what the build said
    (root / "build.log").write_text("\n".join(str(d) for d in result.diagnostics), encoding="utf-8")
    return root / "dist"


def pytest_terminal_summary(terminalreporter):
    """Say plainly when the acceptance corpus was not there, so a green run is not taken
    for a run that compared every seed line."""
    from corpus import SEEDS, SKIP_REASON
    if SEEDS is None:
        terminalreporter.write_line(f"acceptance corpus skipped: {SKIP_REASON}", yellow=True)


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items):
    """Under pytest-xdist (`invoke test` runs a worker per core), a module's tests stay on
    one worker, so its module-scoped sample build is made once, not once per worker; the
    tests that read the built reference project share one worker, so it is built once."""
    for item in items:
        group = "reference" if "reference_dist" in getattr(item, "fixturenames", ()) else item.nodeid.split("::")[0]
        item.add_marker(pytest.mark.xdist_group(group))
