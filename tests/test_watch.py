"""`bulletin watch`: a save is seen through the OS's file events, a cycle rebuilds what it reaches, the server injects reload and problems into pages only, never into dist/."""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path

import pytest

from bulletin.scaffold import create
from bulletin.watch import VERSION_PATH, Watcher, inject, overlay, serve
from bulletin.diagnostics import Location, error, warning

sys.path.insert(0, str(Path(__file__).parent))
from watching import get, save  # noqa: E402


@pytest.fixture
def project(tmp_path) -> Path:
    create(tmp_path, "briefing", "child-a-briefing")
    create(tmp_path, "handout", "child-b-handout")
    return tmp_path


@pytest.fixture
def watched(project):
    watcher = Watcher(project, out=open(os.devnull, "w"))
    server = serve(watcher, port=0)
    yield watcher, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_first_cycle_builds_everything_and_a_quiet_cycle_nothing(project):
    watcher = Watcher(project, out=open(os.devnull, "w"))
    first = watcher.cycle()
    assert sorted(first.rebuilt) == ["child-a-briefing", "child-b-handout"]
    assert watcher.version == 1
    quiet = watcher.cycle([])
    assert quiet.changed == [] and quiet.rebuilt == [] and watcher.version == 1


def test_a_save_is_seen_through_file_events_and_reaches_the_served_page(project, watched):
    watcher, base = watched
    stop = threading.Event()
    running = threading.Thread(target=watcher.run, args=(stop,), daemon=True)
    running.start()
    try:
        deadline = time.monotonic() + 30
        while watcher.version < 1 and time.monotonic() < deadline:  # the first full build
            time.sleep(0.02)
        time.sleep(0.2)  # watchfiles has started watching once the build is done; let it settle
        (project / "dist" / "stray.html").write_text("<p>not a source</p>")  # dist/ never wakes it
        save(project / "sources/reviews/child-a.yaml", "subject: Child A", "subject: Child Quinn")
        saved = time.monotonic()
        while watcher.version < 2 and time.monotonic() < saved + 20:
            time.sleep(0.01)
        assert watcher.version == 2, "the save was not seen"
        assert "Child Quinn" in get(f"{base}/default-child-a-briefing.html")
        assert json.loads(get(base + VERSION_PATH))["version"] == 2
        time.sleep(0.3)
        assert watcher.version == 2  # one save, one rebuild: writing dist/ did not wake it
    finally:
        stop.set()
        running.join(5)
    assert not running.is_alive()


def test_only_files_a_build_reads_are_watched(project):
    watcher = Watcher(project, out=open(os.devnull, "w"))
    assert watcher.is_watched(project / "sources/reviews/child-a.yaml")
    assert watcher.is_watched(project / "layouts/essex/style.css")
    assert watcher.is_watched(project / "bulletin.yaml")
    assert not watcher.is_watched(project / "dist/default-child-a-briefing.html")
    assert not watcher.is_watched(project / "sources/reviews/.child-a.yaml.swp")
    assert not watcher.is_watched(project / "notes.yaml")


def test_editing_a_source_updates_the_served_page(project, watched):
    watcher, base = watched
    watcher.cycle()
    page_url = f"{base}/default-child-a-briefing.html"
    before = get(page_url)
    assert "Child A" in before and "Child Quinn" not in before
    cycle = watcher.cycle(save(project / "sources/reviews/child-a.yaml", "subject: Child A", "subject: Child Quinn"))
    assert cycle.changed == ["sources/reviews/child-a.yaml"]
    assert cycle.rebuilt == ["child-a-briefing"]  # the handout prints another review
    after = get(page_url)
    assert "Child Quinn" in after
    assert json.loads(get(base + VERSION_PATH))["version"] == 2


def test_a_layout_change_rebuilds_every_publication_in_it(project):
    watcher = Watcher(project, out=open(os.devnull, "w"))
    watcher.cycle()
    changed = save(project / "sources/publications/child-b-handout.yaml", "layout: default", "layout: default")
    assert watcher.cycle(changed).rebuilt == ["child-b-handout"]
    changed = save(project / "sources/themes.yaml", "label: Neglect", "label: Neglect of a child")
    assert sorted(watcher.cycle(changed).rebuilt) == ["child-a-briefing", "child-b-handout"]


def test_a_mistake_shows_on_the_page_and_the_watcher_keeps_going(project, watched):
    watcher, base = watched
    watcher.cycle()
    cycle = watcher.cycle(save(project / "sources/reviews/child-a.yaml", "published: ", "published: June "))
    assert cycle.rebuilt == []
    assert any(d.code == "source.date" for d in cycle.diagnostics)
    page = get(f"{base}/default-child-a-briefing.html")
    assert 'id="bulletin-problems"' in page
    assert "sources/reviews/child-a.yaml:" in page and "[source.date]" in page
    # fixing it clears the overlay on the next cycle
    changed = save(project / "sources/reviews/child-a.yaml", "published: June ", "published: ")
    assert watcher.cycle(changed).rebuilt == ["child-a-briefing"]
    assert 'role="alert"' not in get(f"{base}/default-child-a-briefing.html")


def test_the_reload_script_is_served_but_never_written_to_dist(project, watched):
    watcher, base = watched
    watcher.cycle()
    served = get(f"{base}/default-child-a-briefing.html")
    on_disk = (project / "dist/default-child-a-briefing.html").read_text(encoding="utf-8")
    assert VERSION_PATH in served and VERSION_PATH not in on_disk
    assert served.replace(served[served.index("<script>/* added by bulletin"):served.rindex("</script>") + 9], "") \
        .replace(overlay(watcher.diagnostics), "") == on_disk
    css = [p for p in (project / "dist").rglob("*.css")]
    if css:
        rel = css[0].relative_to(project / "dist").as_posix()
        assert VERSION_PATH not in get(f"{base}/{rel}")


def test_the_index_lists_built_pages(project, watched):
    watcher, base = watched
    watcher.cycle()
    index = get(base + "/")
    assert "default-child-a-briefing.html" in index and VERSION_PATH in index


def test_a_file_that_cannot_be_read_becomes_a_diagnostic_and_a_bug_is_not_hidden(project, monkeypatch):
    watcher = Watcher(project, out=open(os.devnull, "w"))
    review = project / "sources/reviews/child-a.yaml"

    def locked(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(review))
    monkeypatch.setattr("bulletin.build.build", locked)
    cycle = watcher.cycle()
    assert [str(d) for d in cycle.diagnostics] == [
        "sources/reviews/child-a.yaml:1:1: error: the build stopped: Permission denied [build.io]"]

    def broken(*args, **kwargs):
        raise RuntimeError("renderer fell over")
    monkeypatch.setattr("bulletin.build.build", broken)
    with pytest.raises(RuntimeError):  # a bug: the command line saves its traceback
        watcher.cycle()


def test_overlay_shows_errors_in_full_and_folds_warnings():
    err = error("source.date", "bad <date>", Location("sources/reviews/a.yaml", 3, 4))
    warn = warning("a11y.sentence-length", "long", Location("sources/reviews/a.yaml", 5, 1))
    assert overlay([]) == ""
    shown = overlay([err, warn])
    assert 'role="alert"' in shown and "bad &lt;date&gt;" in shown and "long" in shown
    assert overlay([warn]).startswith("<details")
    assert "found 1 error;" in shown and "<summary>1 warning from" in overlay([warn])
    page = inject("<html><body><p>x</p></body></html>", 7, [])
    assert page.index("var seen = 7") < page.index("</body>")
