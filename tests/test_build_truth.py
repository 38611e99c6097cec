"""A build's word is true: a publication with an error writes nothing, and what was there stays."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest

from bulletin.build import build
from bulletin.cli import main
from bulletin.synthetic import write_synthetic_project

FORMATS = ("pdf", "docx", "html", "print")


def _snapshot(dist):
    return {p.name: p.read_bytes() for p in dist.iterdir() if p.is_file() and not p.name.startswith(".")}


def _build(root, formats=("html",)) -> int:
    return main(["--root", str(root), "build", "--offline", "--no-axe", "--jobs", "1", "--format", ",".join(formats)])


@pytest.fixture
def built(tmp_path):
    """Two reviews, two briefings, built as web pages (the fast format) once."""
    root = write_synthetic_project(tmp_path / "project", 2)
    assert _build(root) == 0
    return root


def _plant(root, review: str, text: str) -> None:
    path = root / "sources" / "reviews" / f"{review}.yaml"
    source = path.read_text(encoding="utf-8")
    assert "background: '" in source
    path.write_text(source.replace("background: '", f"background: '{text} ", 1), encoding="utf-8")


def test_an_identifier_holds_the_publication_back_and_keeps_its_files(tmp_path, capsys):
    built = write_synthetic_project(tmp_path / "project", 2)
    assert _build(built, FORMATS) == 0
    dist = built / "dist"
    before = _snapshot(dist)
    index = (dist / "index.html").read_bytes()
    _plant(built, "child-0001", "The family lived at WV1 1AA before the move.")
    capsys.readouterr()
    assert _build(built, FORMATS) == 1
    out = capsys.readouterr()
    assert sum(name.startswith("eastvale-child-0001-briefing.") for name in before) == 4
    assert "child-0001.yaml" in out.err and "[content.postcode]" in out.err
    assert "held back: 1 error (content.postcode)" in out.out
    after = _snapshot(dist)
    for name, data in before.items():
        if "child-0001" in name:
            assert after[name] == data, name  # byte-identical, not rewritten
    assert (dist / "index.html").read_bytes() == index  # the catalogue still describes the old copy
    assert "child-0002" in (dist / "index.html").read_text(encoding="utf-8")


def test_a_failed_publication_is_failed_not_built(built):
    _plant(built, "child-0002", "Call the family on 07700 900123.")
    result = build(built, formats=("html",), offline=True, axe=False)
    status = {p.name: p.status for p in result.publications}
    assert status["child-0002-briefing"] == "failed"
    assert status["child-0001-briefing"] == "unchanged"
    failed = next(p for p in result.publications if p.name == "child-0002-briefing")
    assert failed.reason == "1 error (content.phone)" and failed.outputs  # the earlier files, still there


def test_a_severity_lowered_with_a_reason_lets_it_build(built):
    _plant(built, "child-0002", "Call the family on 07700 900123.")
    (built / "bulletin.yaml").write_text(
        'checks:\n  content.phone: {severity: warning, reason: "a switchboard number, checked by hand"}\n')
    result = build(built, formats=("html",), offline=True, axe=False)
    assert {p.name: p.status for p in result.publications}["child-0002-briefing"] == "built"


def test_a_read_only_dist_is_a_located_error_and_leaves_no_mix(built, capsys, monkeypatch):
    import bulletin.output

    dist = built / "dist"
    before = _snapshot(dist)
    _plant(built, "child-0001", "The family moved twice in a year.")
    dist.chmod(stat.S_IRUSR | stat.S_IXUSR)
    if os.geteuid() == 0:  # root may write anyway: the system's refusal, as anyone else meets it
        real = bulletin.output.tempfile.mkstemp

        def refuse(*args, dir=None, **kwargs):
            if dir is not None and Path(dir).resolve() == dist.resolve():
                raise PermissionError(13, "Permission denied", str(dir))
            return real(*args, dir=dir, **kwargs)
        monkeypatch.setattr(bulletin.output.tempfile, "mkstemp", refuse)
    try:
        code = _build(built)
    finally:
        dist.chmod(0o755)
    assert code == 1
    err = capsys.readouterr().err
    assert "cannot write" in err and "internal error" not in err
    assert _snapshot(dist) == before


def test_a_full_disk_is_a_located_error_and_leaves_the_old_files(built, capsys, monkeypatch):
    import bulletin.build

    dist = built / "dist"
    before = _snapshot(dist)
    _plant(built, "child-0001", "The family moved twice in a year.")

    def disk_full(files):
        raise OSError(28, "No space left on device", str(next(iter(files))))
    monkeypatch.setattr(bulletin.build, "stage_together", disk_full)
    assert _build(built) == 1
    err = capsys.readouterr().err
    assert "child-0001-briefing.yaml:1:1: error: cannot write " in err
    assert "No space left on device; nothing of this publication was replaced [build.write]" in err
    assert "internal error" not in err
    assert _snapshot(dist) == before


def test_files_of_a_publication_are_replaced_together_or_not_at_all(tmp_path, monkeypatch):
    from bulletin import output

    targets = {tmp_path / "a.pdf": b"new a", tmp_path / "a.docx": b"new b"}
    for path in targets:
        path.write_bytes(b"old")
    opened = []
    real_fdopen = os.fdopen

    def second_write_fails(fd, mode):
        opened.append(fd)
        if len(opened) == 2:
            os.close(fd)
            raise OSError(28, "No space left on device")
        return real_fdopen(fd, mode)
    monkeypatch.setattr(output.os, "fdopen", second_write_fails)
    with pytest.raises(OSError):
        output.stage_together(targets).commit()
    assert [p.read_bytes() for p in targets] == [b"old", b"old"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "a.pdf"]  # no temporary files left


def _statuses(result):
    return {p.name: p.status for p in result.publications}


def test_a_project_default_layout_rebuilds_every_publication_it_changes(tmp_path):
    root = write_synthetic_project(tmp_path / "project", 2)
    build(root, formats=("html",), offline=True, axe=False)
    assert set(_statuses(build(root, formats=("html",), offline=True, axe=False)).values()) == {"unchanged"}
    (root / "layouts" / "default").mkdir()
    (root / "layouts" / "default" / "layout.yaml").write_text(
        "partnership: Default\nshort_name: DEF\ncolours:\n  accent: '#004d40'\n")
    assert set(_statuses(build(root, formats=("html",), offline=True, axe=False)).values()) == {"built"}


def test_a_new_version_of_a_library_that_shapes_output_rebuilds(tmp_path, monkeypatch):
    from bulletin import manifest

    root = write_synthetic_project(tmp_path / "project", 1)
    build(root, formats=("html",), offline=True, axe=False)
    monkeypatch.setattr(manifest, "libraries_fingerprint", lambda: "weasyprint=999")
    assert set(_statuses(build(root, formats=("html",), offline=True, axe=False)).values()) == {"built"}


def test_link_verdicts_of_an_unchanged_publication_are_checked_again_not_replayed(tmp_path, monkeypatch):
    import bulletin.checks.links.build as link_build

    root = write_synthetic_project(tmp_path / "project", 1)
    build(root, formats=("html",), offline=True, axe=False)
    checked = []
    real = link_build.check_publication_links

    def spy(project, publications, **kw):
        checked.extend(p.name for p in publications)
        return real(project, publications, **kw)
    monkeypatch.setattr(link_build, "check_publication_links", spy)
    result = build(root, formats=("html",), offline=True, axe=False)
    assert set(_statuses(result).values()) == {"unchanged"}
    assert checked == ["child-0001-briefing"]
    assert sum(d.code == "links.offline" for d in result.diagnostics) == 1  # once, not replayed and re-checked


def test_drafts_are_not_on_the_catalogue_to_upload(built):
    source = built / "sources" / "publications" / "child-0002-briefing.yaml"
    source.write_text(source.read_text().replace("status: published", "status: draft"))
    assert "status: draft" in source.read_text()
    _build(built)
    index = (built / "dist" / "index.html").read_text(encoding="utf-8")
    assert "child-0001" in index and "child-0002" not in index
    assert "child-0002" not in (built / "dist" / "catalogue.json").read_text(encoding="utf-8")
    preview = (built / "dist" / "preview.html").read_text(encoding="utf-8")
    assert "child-0002" in preview and "Draft" in preview


def test_publications_whose_files_would_clash_are_both_refused(tmp_path):
    root = write_synthetic_project(tmp_path / "project", 1)
    publications = root / "sources" / "publications"
    source = (publications / "child-0001-briefing.yaml").read_text()
    (publications / "eastvale-child-0001-briefing.yaml").write_text(source)  # same files: eastvale-child-0001-briefing.*
    result = build(root, formats=("html",), offline=True, axe=False)
    assert set(_statuses(result).values()) == {"failed"}
    clash = sorted(str(d) for d in result.diagnostics if d.code == "build.name-clash")
    assert len(clash) == 2 and "eastvale-child-0001-briefing.yaml" in clash[0]
    assert not (root / "dist" / "eastvale-child-0001-briefing.html").exists()


def test_a_stray_copy_in_a_subfolder_is_reported_and_never_preferred(tmp_path):
    root = write_synthetic_project(tmp_path / "project", 1)
    reviews = root / "sources" / "reviews"
    (reviews / "archive").mkdir()
    (reviews / "archive" / "child-0001.yaml").write_text(
        (reviews / "child-0001.yaml").read_text().replace("background: '", "background: 'OLD COPY "))
    result = build(root, formats=("html",), offline=True, axe=False)
    assert [str(d) for d in result.diagnostics if d.code == "source.duplicate-name"] == [
        "sources/reviews/archive/child-0001.yaml:1:1: error: review name 'child-0001' is already used by "
        "sources/reviews/child-0001.yaml, which is the one built; rename or remove this copy [source.duplicate-name]"]
    assert "OLD COPY" not in (root / "dist" / "eastvale-child-0001-briefing.html").read_text()


def test_an_interrupted_build_prints_one_line_and_no_worker_traceback(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    root = write_synthetic_project(tmp_path / "project", 24)  # far more than a second's work
    process = subprocess.Popen(
        [sys.executable, "-c", "import sys; from bulletin.cli import main; sys.exit(main())",
         "--root", str(root), "build", "--offline", "--no-axe", "--jobs", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        # as at a terminal, whatever the test runner's own process does with Ctrl-C
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while "rendering" not in (process.stdout.readline() or "rendering") and time.monotonic() < deadline:
        pass
    time.sleep(0.5)  # the workers are busy rendering
    os.killpg(process.pid, signal.SIGINT)  # as Ctrl-C does: to the build and its workers
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert err.strip().splitlines()[-1] == "bulletin: interrupted; outputs already in dist/ are unchanged"
    assert not list((root / "dist").glob("**/*.tmp"))


def test_a_draft_whose_sources_cannot_be_read_stays_on_the_preview(tmp_path, capsys):
    root = write_synthetic_project(tmp_path / "project", 2)
    draft = root / "sources" / "publications" / "child-0001-briefing.yaml"
    draft.write_text(draft.read_text(encoding="utf-8").replace("status: published", "status: draft"),
                     encoding="utf-8")
    assert "status: draft" in draft.read_text(encoding="utf-8")
    assert _build(root) == 0
    preview = root / "dist" / "preview.html"
    assert "child-0001-briefing" in preview.read_text(encoding="utf-8")
    review = root / "sources" / "reviews" / "child-0001.yaml"
    review.write_text(review.read_text(encoding="utf-8").replace("\n", "\n\t", 1), encoding="utf-8")  # a tab
    assert _build(root) == 1
    said = capsys.readouterr()
    assert "[source.yaml]" in said.err
    # failed, as a publication held back by any other error is, and said so
    assert re.search(r"failed\s+child-0001-briefing\s+held back: its sources have errors; "
                     r"the earlier copy in dist/ is kept", said.out), said.out
    # the earlier copy is kept, so the preview still shows it, as the site's catalogue does
    assert "child-0001-briefing" in preview.read_text(encoding="utf-8")
    assert "child-0001-briefing" not in (root / "dist" / "catalogue.json").read_text(encoding="utf-8")


def test_rendered_files_wait_for_the_checks_on_disk_not_in_place_and_not_in_memory(tmp_path, monkeypatch):
    """While the checks that need every publication run (links, axe), each publication
    without an error waits as temporary files beside its places in dist/ (so a 500-review
    build does not hold every file in memory); one with an error never touches dist/."""
    import bulletin.checks.links.build as link_checks

    root = write_synthetic_project(tmp_path / "project", 2)
    _plant(root, "child-0002", "Contact her on 07700 900123.")  # an identifier: an error
    dist, seen = root / "dist", {}
    real = link_checks.check_publication_links

    def look_at_dist(*args, **kwargs):
        seen["files"] = sorted(p.name for p in dist.iterdir() if p.is_file())
        return real(*args, **kwargs)
    monkeypatch.setattr(link_checks, "check_publication_links", look_at_dist)
    assert _build(root, formats=("pdf", "html")) == 1
    waiting = [name for name in seen["files"] if name.endswith(".tmp")]
    assert sorted(re.sub(r"\.[^.]+\.tmp$", "", name) for name in waiting) == [
        ".eastvale-child-0001-briefing.html", ".eastvale-child-0001-briefing.pdf"], seen
    assert not [name for name in seen["files"] if not name.startswith(".")], seen  # nothing in place yet
    assert sorted(p.name for p in dist.glob("*child-*")) == [
        "eastvale-child-0001-briefing.html", "eastvale-child-0001-briefing.pdf"]
    assert not list(dist.glob(".*.tmp"))
