"""The build as a user meets it: diagnostics, exit codes, and outputs that are never half-written."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from bulletin.build import build
from bulletin.cli import main

from conftest import ROOTS


def diagnostic_lines(capsys) -> list[str]:
    err = capsys.readouterr().err
    return [line for line in err.splitlines() if ": error: " in line or ": warning: " in line]


@pytest.mark.parametrize("root", ["broken", "invalid"])
def test_diagnostics_match_the_golden_list(root, copy_root, capsys):
    project = copy_root(root)
    status = main(["--root", str(project), "build", "--format", "html"])
    expected = (ROOTS / root / "expected-diagnostics.txt").read_text().splitlines()
    assert diagnostic_lines(capsys) == expected
    assert status == 1


def test_a_build_runs_the_garbage_collector_less_often(copy_root):
    import gc

    from bulletin.collector import YOUNG_THRESHOLD
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, *before[1:])
        build(copy_root("broken"), formats=("html",), offline=True)
        assert gc.get_threshold() == (YOUNG_THRESHOLD, *before[1:])
    finally:
        gc.set_threshold(*before)


def test_the_other_publications_still_build(copy_root, capsys):
    project = copy_root("broken")
    main(["--root", str(project), "build", "--format", "html"])
    assert (project / "dist" / "default-child-a-briefing.html").is_file()
    assert not (project / "dist" / "default-broken-briefing.html").exists()
    out = capsys.readouterr().out
    assert out.strip().splitlines()[-1] == "1 built, 1 failed of 2 publications; 3 errors, 0 warnings"
    # held back like a publication any other check fails, with the reason
    assert re.search(r"failed\s+broken-briefing\s+held back: its sources have errors", out), out


def test_a_single_publication_is_counted_in_the_singular(copy_root, capsys):
    project = copy_root("broken")
    main(["--root", str(project), "build", "--format", "html", "--offline", "child-a-briefing"])
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("1 built of 1 publication; 3 errors, ")


def test_a_failed_build_leaves_earlier_outputs_intact(copy_root, capsys):
    project = copy_root("broken")
    (project / "sources/publications/broken-briefing.yaml").unlink()
    assert main(["--root", str(project), "build", "--format", "html,pdf"]) == 0
    pdf = project / "dist" / "default-child-a-briefing.pdf"
    before = pdf.read_bytes()
    review = project / "sources/reviews/child-a.yaml"
    review.write_text(review.read_text().replace("published: 2019-03-14", "published: 14 March 2019"))
    assert main(["--root", str(project), "build", "--format", "html,pdf"]) == 1
    assert pdf.read_bytes() == before
    assert not list((project / "dist").glob(".*.tmp"))


def test_source_text_cannot_inject_markup(copy_root, capsys):
    project = copy_root("broken")
    review = project / "sources/reviews/child-a.yaml"
    review.write_text(review.read_text().replace(
        "Child A lived with", "<script>alert(1)</script> {{ 7*7 }} Child A lived with"))
    build(project, ["child-a-briefing"], formats=("html",))
    html = (project / "dist" / "default-child-a-briefing.html").read_text()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in html


def test_placeholder_links_print_as_text_without_a_link(copy_root):
    project = copy_root("broken")
    review = project / "sources/reviews/child-a.yaml"
    review.write_text(review.read_text().replace(
        "Child A lived with", "See the [Neglect Strategy](#) and [the report](https://example.org/r). Child A lived with"))
    build(project, ["child-a-briefing"], formats=("html",))
    html = (project / "dist" / "default-child-a-briefing.html").read_text()
    assert 'href="#"' not in html
    assert "See the Neglect Strategy and" in html
    assert '<a href="https://example.org/r">the report</a>' in html


def test_a_layout_overrides_one_block_and_errors_name_the_template_line(copy_root, capsys):
    project = copy_root("broken")
    templates = project / "layouts" / "default" / "templates"
    templates.mkdir(parents=True)
    (project / "layouts/default/layout.yaml").write_text(
        (Path(__file__).parents[1] / "src/bulletin/layouts/default/layout.yaml").read_text())
    (templates / "briefing.html.j2").write_text(
        '{% extends "base/briefing.html.j2" %}\n'
        '{% block background %}<section><h2>Summary</h2>{{ review.background }}</section>{% endblock %}\n')
    (project / "sources/publications/broken-briefing.yaml").unlink()
    assert main(["--root", str(project), "build", "--format", "html"]) == 0
    html = (project / "dist" / "default-child-a-briefing.html").read_text()
    assert "<h2>Summary</h2>" in html and "<h2>Background</h2>" not in html

    (templates / "briefing.html.j2").write_text(
        '{% extends "base/briefing.html.j2" %}\n'
        '{% block background %}\n<p>{{ review.no_such_field }}</p>{% endblock %}\n')
    capsys.readouterr()
    assert main(["--root", str(project), "build", "--format", "html"]) == 1
    [line] = diagnostic_lines(capsys)
    assert "templates/briefing.html.j2:3:1: error: template uses a missing field" in line
    assert "no_such_field" in line


def test_an_element_outside_the_contract_is_an_error_naming_it(copy_root, capsys):
    project = copy_root("broken")
    templates = project / "layouts" / "default" / "templates"
    templates.mkdir(parents=True)
    (project / "layouts/default/layout.yaml").write_text(
        (Path(__file__).parents[1] / "src/bulletin/layouts/default/layout.yaml").read_text())
    (templates / "briefing.html.j2").write_text(
        '{% extends "base/briefing.html.j2" %}\n'
        '{% block background %}<marquee>Hi</marquee><p class="shout">x</p>{% endblock %}\n')
    (project / "sources/publications/broken-briefing.yaml").unlink()
    assert main(["--root", str(project), "build", "--format", "html"]) == 1
    lines = diagnostic_lines(capsys)
    assert any("element <marquee> is not in the template contract" in l for l in lines)
    assert any("class 'shout' on <p> is not in the template contract" in l for l in lines)
    assert not (project / "dist" / "default-child-a-briefing.html").exists()


def test_unknown_publication_name_is_a_usage_error_with_a_suggestion(copy_root, capsys):
    project = copy_root("broken")
    assert main(["--root", str(project), "build", "child-a-brefing", "--format", "html"]) == 2
    assert "no publication named 'child-a-brefing' (did you mean 'child-a-briefing'?)" in capsys.readouterr().err


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["--root", str(tmp_path / "missing"), "build"]) == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["build", "--format", "odt"])
    assert exit_info.value.code == 2


def test_check_reports_without_rendering(copy_root, capsys):
    project = copy_root("broken")
    assert main(["--root", str(project), "check", "--offline"]) == 1
    out = capsys.readouterr()
    lines = [line for line in out.err.splitlines() if "[check.not-checked]" not in line]
    assert lines == (ROOTS / "broken" / "expected-diagnostics.txt").read_text().splitlines()
    assert "checked 1 reviews, 2 publications: 3 errors" in out.out
    assert not list((project / "dist").glob("*.pdf")) and not list((project / "dist").glob("*.html"))
    assert (project / "dist" / "reports" / "build.jsonl").is_file()


def test_check_strict_fails_on_a_placeholder_link_warning(copy_root, capsys):
    project = copy_root("broken")
    (project / "sources/publications/broken-briefing.yaml").unlink()
    review = project / "sources/reviews/child-a.yaml"
    review.write_text(review.read_text().replace("Child A lived with", "See the [strategy](#). Child A lived with"))
    assert main(["--root", str(project), "check", "--offline"]) == 0
    assert main(["--root", str(project), "check", "--offline", "--strict"]) == 1
    assert "[links.placeholder]" in capsys.readouterr().err


def _files(dist: Path) -> dict[str, bytes]:
    """Every output file (the manifest, which names its own folder, aside)."""
    return {p.name: p.read_bytes() for p in dist.iterdir() if p.is_file() and p.name != ".manifest.json"}


@pytest.mark.parametrize("start, formats, reviews", [
    ("forkserver", ("pdf", "html"), 2),
    pytest.param("forkserver", ("pdf", "docx", "html", "print"), 4, marks=pytest.mark.slow),
    pytest.param("spawn", ("pdf", "docx", "html", "print"), 4, marks=pytest.mark.slow),
])
def test_parallel_build_writes_the_same_bytes_as_a_serial_one(tmp_path, monkeypatch, start, formats, reviews):
    """With SOURCE_DATE_EPOCH fixing the Word dates, every output file is
    byte-identical whether one process or two rendered it; diagnostics come in the same order.
    Workers are replaced after every publication here, so replacement is exercised too;
    `spawn` is how workers start where there is no fork server (Windows)."""
    import multiprocessing

    from bulletin import workers
    from bulletin.synthetic import write_synthetic_project
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setattr(workers, "TASKS_PER_WORKER", 1)
    if start == "spawn":
        monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert workers._pool_context().get_start_method() == start
    root = write_synthetic_project(tmp_path / "project", reviews)
    serial = build(root, formats=formats, dist=tmp_path / "serial", offline=True, jobs=1)
    parallel = build(root, formats=formats, dist=tmp_path / "parallel", offline=True, jobs=2)
    assert sum(p.status == "built" for p in parallel.publications) >= reviews
    assert _files(tmp_path / "serial") == _files(tmp_path / "parallel")
    assert [str(d) for d in serial.diagnostics] == [str(d) for d in parallel.diagnostics]


@pytest.mark.parametrize("subsetter", [pytest.param("as installed", marks=pytest.mark.slow), "fontTools"])
def test_a_pdf_built_twice_is_the_same_bytes(tmp_path, monkeypatch, subsetter):
    """No clock or random ID in a PDF (SOURCE_DATE_EPOCH unset): a forced rebuild of
    unchanged sources writes the same bytes, also where HarfBuzz-subset is missing and
    WeasyPrint subsets fonts with fontTools (which stamps fonts with the clock)."""
    from bulletin.synthetic import write_synthetic_project
    if subsetter == "fontTools":
        import weasyprint.pdf.fonts  # where WeasyPrint 70 decides how to subset
        monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    root = write_synthetic_project(tmp_path / "project", 1)
    build(root, formats=("pdf", "print"), offline=True)
    first = _files(root / "dist")
    time.sleep(1.1)  # a PDF library seeding its file ID from the clock would differ by now
    build(root, formats=("pdf", "print"), offline=True, force=True)
    assert len([k for k in first if k.endswith(".pdf")]) == 2 and _files(root / "dist") == first


@pytest.mark.slow
def test_workers_take_the_parents_source_date_epoch_not_their_fork_servers(tmp_path, monkeypatch):
    """The fork server keeps the environment it started with; a later build that sets
    SOURCE_DATE_EPOCH still gets Word dates from it in every worker."""
    from bulletin.synthetic import write_synthetic_project
    root = write_synthetic_project(tmp_path / "project", 2)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    build(root, formats=("docx",), dist=tmp_path / "first", offline=True, jobs=2)  # starts the fork server
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build(root, formats=("docx",), dist=tmp_path / "serial", offline=True, jobs=1)
    build(root, formats=("docx",), dist=tmp_path / "parallel", offline=True, jobs=2)
    assert _files(tmp_path / "serial") == _files(tmp_path / "parallel")
