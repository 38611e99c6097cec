"""The optional axe-core check: a notice where it cannot run, real findings where it can."""

import pytest

from bulletin.checks import axe
from bulletin.checks.axe import axe_available, run_axe


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


@pytest.mark.slow
@pytest.mark.skipif(bool(axe_available()[2]), reason="needs chromium and axe-core")
def test_axe_reports_violations_as_a11y_axe_codes(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text("<!doctype html><html><head><title>T</title></head><body><main><h1>T</h1>"
                   "<img src='x.png'><a href='https://a.org/'></a></main></body></html>")
    good = tmp_path / "good.html"
    good.write_text("<!doctype html><html lang='en-GB'><head><title>T</title></head><body><main>"
                    "<h1>T</h1><p><a href='https://a.org/'>The report</a></p></main></body></html>")
    codes = sorted(d.code for d in run_axe([bad]))
    assert {"a11y.axe.html-has-lang", "a11y.axe.image-alt", "a11y.axe.link-name"} <= set(codes)
    assert run_axe([good]) == []
