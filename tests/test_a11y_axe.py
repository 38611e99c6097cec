"""The optional axe-core check: a notice where it cannot run, real findings where it can."""

import re
from pathlib import Path

import pytest

from bulletin.build import build
from bulletin.checks.accessibility import axe
from bulletin.checks.accessibility.axe import axe_available, run_axe
from bulletin.diagnostics import Location, warning


def test_missing_browser_gives_one_info_and_no_failure(tmp_path, monkeypatch):
    monkeypatch.setattr(axe, "find_chromium", lambda: None)
    page = tmp_path / "p.html"
    page.write_text("<html><body><img src='x.png'></body></html>")
    [d] = run_axe([page, page])
    assert d.code == "a11y.axe-unavailable" and d.severity.value == "info"
    assert "Chromium" in d.message


def test_missing_axe_script_gives_one_info(tmp_path, monkeypatch):
    monkeypatch.setattr(axe, "find_chromium", lambda: "/usr/bin/chromium")
    monkeypatch.setattr(axe, "find_axe_js", lambda root=None: None)
    [d] = run_axe([tmp_path / "p.html"])
    assert "npm install -g axe-core" in d.message


def _needs_axe() -> None:
    """Skip unless Chromium and axe-core are here (asked when the test runs, not at collection:
    finding axe-core asks npm, which starts Node)."""
    why = axe_available()[2]
    if why:
        pytest.skip(f"needs chromium and axe-core: {why}")


@pytest.mark.slow
def test_axe_reports_violations_as_a11y_axe_codes(tmp_path):
    _needs_axe()
    bad = tmp_path / "bad.html"
    bad.write_text("<!doctype html><html><head><title>T</title></head><body><main><h1>T</h1>"
                   "<img src='x.png'><a href='https://a.org/'></a></main></body></html>")
    good = tmp_path / "good.html"
    good.write_text("<!doctype html><html lang='en-GB'><head><title>T</title></head><body><main>"
                    "<h1>T</h1><p><a href='https://a.org/'>The report</a></p></main></body></html>")
    codes = sorted(d.code for d in run_axe([bad]))
    assert {"a11y.axe.html-has-lang", "a11y.axe.image-alt", "a11y.axe.link-name"} <= set(codes)
    assert run_axe([good]) == []


def test_build_reports_axe_findings_under_their_publication_and_replays_them(copy_root, monkeypatch):
    """The build hands axe the HTML pages before it writes them, staged beside dist/ so
    they see its CSS; a finding belongs to its publication, names the page's final path,
    is kept in the manifest, and comes back on a no-op rebuild without running Chromium."""
    seen = []

    def fake_run_axe(paths, root=None, timeout=60, jobs=1, base=None):
        seen.append([Path(p).name for p in paths])
        assert base == root / "dist" and not (root / "dist" / "sample-alpha-briefing.html").exists()
        return [warning("a11y.axe.region", "content outside landmarks", Location(str(paths[0])))]

    monkeypatch.setattr(axe, "run_axe", fake_run_axe)
    root = copy_root("publish-sample")
    first = build(root, ["alpha-briefing"], formats=("html",), offline=True, axe=True)
    assert seen == [["sample-alpha-briefing.html"]]
    [found] = [d for d in first.diagnostics if d.code == "a11y.axe.region"]
    assert found.publication == "alpha-briefing"
    assert found.location.path == str(root / "dist" / "sample-alpha-briefing.html")
    again = build(root, ["alpha-briefing"], formats=("html",), offline=True, axe=True)
    assert len(seen) == 1 and any(d.code == "a11y.axe.region" for d in again.diagnostics)


def test_build_without_axe_never_starts_it(copy_root, monkeypatch):
    monkeypatch.setattr(axe, "run_axe", lambda *a, **k: pytest.fail("axe ran"))
    build(copy_root("publish-sample"), ["alpha-briefing"], formats=("html",), offline=True, axe=False)


@pytest.mark.slow
def test_reference_pages_have_no_axe_violations(reference_dist):
    _needs_axe()
    pages = sorted(reference_dist.glob("*.html"))
    assert len(pages) >= 6
    assert [str(d) for d in run_axe(pages, jobs=2)] == []


@pytest.mark.slow
@pytest.mark.skipif(axe.find_chromium() is None, reason="needs Chromium (apt-get install chromium)")
def test_the_page_axe_sees_cannot_load_files_outside_its_folder(tmp_path):
    """A hostile page asking for a file elsewhere on the machine gets nothing, while the
    same page opened as a file: address (as before) would have loaded it."""
    import base64

    from bulletin.checks.accessibility.page_server import serving

    pixel = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
    secret, folder = tmp_path / "secret", tmp_path / "site"
    secret.mkdir(), folder.mkdir()
    (secret / "private.png").write_bytes(pixel)
    (folder / "own.png").write_bytes(pixel)
    page = folder / "page.html"
    page.write_text(f'<html><body><img id="own" src="own.png"><img id="private" src="{(secret / "private.png").as_uri()}">'
                    '<script>window.onload = function () { var p = document.createElement("pre"); p.id = "seen";'
                    ' p.textContent = ["own", "private"].map(function (i) {'
                    ' return i + "=" + document.getElementById(i).naturalWidth; }).join(" ");'
                    ' document.body.appendChild(p); };</script></body></html>')

    def seen(address, profile):
        dom = axe.dump_dom(axe.find_chromium(), address, tmp_path / profile, 60)
        return re.search(r'<pre id="seen">(.*?)</pre>', dom).group(1)
    with serving() as server:
        assert seen(server.add(page, folder), "served") == "own=1 private=0"
    assert seen(page.as_uri(), "file") == "own=1 private=1"  # what the served page is kept from
