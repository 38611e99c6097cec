"""`bulletin watch` shows a save before the build: the page is previewed in memory with the
last measured contents decision, the build then corrects it if the decision changed, and
a publication with an error still writes nothing to dist/."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from bulletin import build as stages
from bulletin.render import contents
from bulletin.render.contents import has_contents
from bulletin.scaffold import create
from bulletin.watch import Watcher, serve

sys.path.insert(0, str(Path(__file__).parent))
from watching import get, save  # noqa: E402

PAGE = "default-child-a-briefing.html"


@pytest.fixture
def watched(tmp_path):
    create(tmp_path, "briefing", "child-a-briefing")
    watcher = Watcher(tmp_path, out=open(os.devnull, "w"))
    server = serve(watcher, port=0)
    watcher.cycle()
    yield tmp_path, watcher, f"http://127.0.0.1:{server.server_address[1]}/{PAGE}"
    server.shutdown()
    server.server_close()


def test_a_save_is_served_and_announced_before_the_build_then_written(watched, monkeypatch):
    root, watcher, url = watched
    seen = {}
    real_build = stages.build

    def build_after_looking(*args, **kwargs):
        seen["version"], seen["served"] = watcher.version, get(url)
        seen["on disk"] = (root / "dist" / PAGE).read_text(encoding="utf-8")
        return real_build(*args, **kwargs)
    monkeypatch.setattr(stages, "build", build_after_looking)
    cycle = watcher.cycle(save(root / "sources/reviews/child-a.yaml", "subject: Child A", "subject: Child Quinn"))
    assert seen["version"] == 2, "the browser was not told to reload before the build"
    assert "Child Quinn" in seen["served"] and "Child Quinn" not in seen["on disk"]
    assert cycle.previewed == cycle.rebuilt == ["child-a-briefing"]
    # the build wrote what the preview showed: no second reload, dist/ serves it now
    assert watcher.version == 2 and watcher.previews == {}
    assert "Child Quinn" in (root / "dist" / PAGE).read_text(encoding="utf-8") and "Child Quinn" in get(url)


def test_an_error_found_by_the_build_keeps_dist_but_the_preview_shows_the_save(watched):
    root, watcher, url = watched
    before = (root / "dist" / PAGE).read_bytes()
    cycle = watcher.cycle(save(root / "sources/reviews/child-a.yaml", "background: |\n",
                               "background: |\n  Her NHS number is 943 476 5919.\n\n"))
    assert cycle.previewed == ["child-a-briefing"] and cycle.rebuilt == []
    assert any(d.is_error for d in cycle.diagnostics)
    assert (root / "dist" / PAGE).read_bytes() == before  # the build's rule: nothing written
    page = get(url)
    assert "943 476 5919" in page and 'role="alert"' in page and "preview of your last save" in page
    assert watcher.version == 3  # the preview, then the errors it did not know of


def test_the_build_corrects_a_preview_whose_contents_decision_changed(watched, monkeypatch):
    root, watcher, url = watched
    assert not has_contents((root / "dist" / PAGE).read_text(encoding="utf-8"))
    monkeypatch.setattr(contents, "MAX_PAGES_WITHOUT_CONTENTS", 0)  # now every briefing is long
    cycle = watcher.cycle(save(root / "sources/reviews/child-a.yaml", "subject: Child A", "subject: Child Quinn"))
    assert cycle.rebuilt == ["child-a-briefing"]
    assert watcher.version == 3  # the preview (as last measured: no list), then the correction
    assert has_contents((root / "dist" / PAGE).read_text(encoding="utf-8")) and has_contents(get(url))


def test_a_save_made_while_the_last_one_builds_shows_at_once(watched, monkeypatch):
    """run(): saves are previewed on their own thread, so a build in progress does not hold
    the next save back; the saves made meanwhile are built together after it."""
    import threading
    import time

    root, watcher, url = watched
    building, release, builds = threading.Event(), threading.Event(), []
    real_build = stages.build

    def slow_build(*args, **kwargs):
        if Path(args[0]) != root:  # a watcher left by another test in this process is not this one
            return real_build(*args, **kwargs)
        builds.append(args[1])
        building.set()
        release.wait(20)
        return real_build(*args, **kwargs)
    monkeypatch.setattr(stages, "build", slow_build)
    stop = threading.Event()
    running = threading.Thread(target=watcher.run, args=(stop,), daemon=True)
    monkeypatch.setattr(watcher, "cycle", lambda *a, **k: None)  # the first build was made already
    running.start()
    try:
        time.sleep(0.5)  # watchfiles is watching
        review = root / "sources/reviews/child-a.yaml"
        save(review, "subject: Child A", "subject: Child Quinn")
        deadline = time.monotonic() + 20
        while not building.wait(2) and time.monotonic() < deadline:
            # on a busy machine the watcher may start watching after the save: save it again
            review.write_text(review.read_text(encoding="utf-8"), encoding="utf-8")
        assert building.is_set(), "the first save was not built"
        version = watcher.version
        save(review, "subject: Child Quinn", "subject: Child Rowan")
        deadline = time.monotonic() + 20
        while watcher.version == version and time.monotonic() < deadline:
            time.sleep(0.01)
        assert watcher.version > version, "the second save waited for the first one's build"
        assert "Child Rowan" in get(url) and "Child Rowan" not in (root / "dist" / PAGE).read_text(encoding="utf-8")
        release.set()
        # the first build, let go, reads the files as they are now; the save made while it was
        # held back is then built once more, after it
        deadline = time.monotonic() + 30
        while len(builds) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        while "Child Rowan" not in (root / "dist" / PAGE).read_text(encoding="utf-8") and time.monotonic() < deadline:
            time.sleep(0.02)
        assert "Child Rowan" in (root / "dist" / PAGE).read_text(encoding="utf-8")
        assert len(builds) == 2 and "Child Rowan" in get(url)
    finally:
        release.set()
        stop.set()
        running.join(10)
    assert not running.is_alive()


def test_the_preview_takes_every_decision_the_last_build_measured(watched):
    """The contents list and the tighter setting are what the last build measured, so the
    usual preview is the page the build then writes, byte for byte."""
    from bulletin.model import load_project
    from bulletin.render.copyfit import is_fitted

    root, _, _ = watched
    project = load_project(root)
    publication = project.publications["child-a-briefing"]
    assert stages.preview_html(project, publication, False) == (root / "dist" / PAGE).read_text(encoding="utf-8")
    fitted = stages.preview_html(project, publication, True, fitted=True)
    assert is_fitted(fitted) and has_contents(fitted)
