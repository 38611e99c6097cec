"""Every bad input in tests/bad_inputs/ is a located diagnostic and exit 1, never a crash,
and the project's other publication still builds, byte-identical to a clean build.

Each case is a folder of files dropped into a copy of the tiny valid project
tests/bad_inputs/_project/ (two reviews, two briefings), and a sidecar <case>.txt read
like markdown-it-py's fixture files:

    # what the case is
    also-fails: child-b-briefing     (optional: the case breaks something both share)
    .
    <the exact diagnostic lines the build prints>
    .

A mismatch is reported at the sidecar's line, so a failure points into the fixture.
The clean build is made once; a case that fails while loading renders nothing, since the
untouched publication is found unchanged.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import pytest

from bulletin.cli import main

BAD = Path(__file__).parent / "bad_inputs"
PROJECT = BAD / "_project"
CASES = sorted(p.stem for p in BAD.glob("*.txt"))
BUILD = ["build", "--format", "html", "--offline", "--no-axe", "--jobs", "1"]
OTHER = "child-b-briefing"


def read_case(name: str) -> tuple[dict, list[str], int]:
    """(directives, expected lines, line number of the first expected line) of a sidecar."""
    lines = (BAD / f"{name}.txt").read_text(encoding="utf-8").split("\n")
    marks = [i for i, line in enumerate(lines) if line == "."]
    assert len(marks) >= 2, f"{BAD / name}.txt: needs a '.' line before and after the expected lines"
    directives = dict(line.split(": ", 1) for line in lines[:marks[0]] if line and not line.startswith("#"))
    return directives, lines[marks[0] + 1:marks[1]], marks[0] + 2


def run(root: Path, args=BUILD) -> tuple[int, str, str]:
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        status = main(["--root", str(root), *args])
    return status, err.getvalue(), out.getvalue()


def outputs(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "dist").glob("tiny-*"))}


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """The tiny project built once; every case runs at the same path (the manifest
    records absolute paths), from a copy of this state."""
    work = tmp_path_factory.mktemp("bad-inputs")
    root = work / "project"
    shutil.copytree(PROJECT, root)
    status, err, _ = run(root)
    assert status == 0 and err == "", err
    shutil.copytree(root, work / "clean")
    return root, work / "clean", outputs(root)


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 45


@pytest.mark.parametrize("name", CASES)
def test_a_bad_input_is_a_located_diagnostic(name, clean):
    root, snapshot, clean_outputs = clean
    directives, expected, first_line = read_case(name)
    shutil.rmtree(root)
    shutil.copytree(snapshot, root)
    for path in (BAD / name).rglob("*"):
        if path.is_file():
            target = root / path.relative_to(BAD / name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    status, err, out = run(root)
    for text in (err, out):
        assert "internal error" not in text and "Traceback" not in text, text
    got = err.rstrip("\n").split("\n") if err.strip() else []
    for offset, (want, line) in enumerate(zip(expected + [""] * len(got), got + [""] * len(expected))):
        if want != line:
            pytest.fail(f"{BAD / name}.txt:{first_line + offset}: expected\n  {want or '(no more lines)'}\n"
                        f"but the build printed\n  {line or '(no more lines)'}\n(all it printed:\n{err})")
    assert status == 1
    # Nothing already in dist/ changed: neither the broken publication's earlier copy nor
    # the other one's, which still built (or was found unchanged) from its own sources.
    assert outputs(root) == clean_outputs
    manifest = json.loads((root / "dist" / ".manifest.json").read_text())["publications"]
    if OTHER not in directives.get("also-fails", ""):
        assert [Path(f["path"]).name for f in manifest[OTHER]["files"]] == ["tiny-child-b-briefing.html"]
