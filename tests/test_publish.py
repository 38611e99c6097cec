"""`bulletin publish`: only published, unembargoed items, strictly, with a manifest, all or nothing."""

from __future__ import annotations

import datetime
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from bulletin.cli import main
from bulletin.publish import MANIFEST, publish

SAMPLE = Path(__file__).parent / "roots" / "publish-sample"
TODAY = datetime.date(2026, 6, 1)
FAST = ("html",)  # every format is exercised once, in test_publish_makes_every_format


@pytest.fixture
def root(tmp_path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(SAMPLE, copy)
    return copy


def run(root: Path, today=TODAY, formats=FAST, to=None):
    return publish(root, to, today, offline=True, formats=formats)


def test_publishes_exactly_the_published_items_and_names_the_refused(root):
    result = run(root)
    assert result.ok, [str(d) for d in result.diagnostics]
    assert result.published == ["alpha-briefing", "alpha-handout", "alpha-seven-minute"]
    assert [str(r) for r in result.refused] == [
        "beta-briefing: draft; set status: published to publish it",
        "gamma-briefing: embargoed until 2027-01-01"]
    assert str(result.refused[1].location) == "sources/publications/gamma-briefing.yaml:5:13"
    folder = root / "publish"
    names = sorted(p.name for p in folder.iterdir() if p.is_file())
    assert names == sorted([MANIFEST, "README.txt", "index.html", "catalogue.json"]
                           + [f"sample-alpha-{n}.{ext}" for n in ("briefing", "handout", "seven-minute")
                              for ext in FAST])
    assert not list(root.glob(".publish.*")) and not (folder / ".manifest.json").exists()
    assert not (folder / "preview.html").exists()  # the drafts page is for this computer only


def test_manifest_lists_every_file_with_its_sha256(root):
    run(root)
    folder = root / "publish"
    manifest = json.loads((folder / MANIFEST).read_text())
    assert manifest["date"] == "2026-06-01"
    listed = {f["path"]: f for f in manifest["files"]}
    assert manifest["generator"] == "bulletin publish"
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {MANIFEST}
    assert set(listed) == on_disk and any(path.startswith("assets/fonts/") for path in listed)
    for path, entry in listed.items():
        data = (folder / path).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["bytes"] == len(data)


def test_the_same_items_publish_once_status_and_date_allow(root):
    draft = root / "sources" / "publications" / "beta-briefing.yaml"
    draft.write_text(draft.read_text().replace("review: child-a", "status: published\nreview: child-a"))
    result = run(root, today=datetime.date(2027, 1, 1))
    assert result.ok and result.refused == []
    assert {"beta-briefing", "gamma-briefing"} <= set(result.published)
    assert (root / "publish" / "sample-gamma-briefing.html").is_file()


def test_a_warning_fails_the_publish_and_keeps_the_last_one(root):
    assert run(root).ok
    before = (root / "publish" / MANIFEST).read_bytes()
    review = root / "sources" / "reviews" / "child-a.yaml"
    review.write_text(review.read_text().replace("- Share your worries early",
                                                 "- Share your worries early, using [the form](#)"))
    result = run(root)
    assert not result.ok
    placeholder = [d for d in result.diagnostics if d.code == "links.placeholder"]
    assert placeholder and placeholder[0].is_error  # an error under publish, a warning in a build
    assert (root / "publish" / MANIFEST).read_bytes() == before
    assert not list(root.glob(".publish.*"))


def test_refuses_to_replace_a_folder_it_did_not_make(root, tmp_path):
    other = tmp_path / "website"
    other.mkdir()
    (other / "index.html").write_text("keep me")
    result = run(root, to=other)
    assert not result.ok and [d.code for d in result.diagnostics] == ["publish.folder"]
    assert "--replace" in result.diagnostics[0].message
    assert (other / "index.html").read_text() == "keep me"


def test_nothing_to_publish_is_an_error(root):
    for path in (root / "sources" / "publications").glob("alpha-*.yaml"):
        path.unlink()
    result = run(root)
    assert not result.ok and "publish.nothing" in [d.code for d in result.diagnostics]


@pytest.mark.slow
def test_publish_makes_every_format(root, tmp_path):
    result = run(root, formats=("pdf", "docx", "html", "print"), to=tmp_path / "out")
    assert result.ok, [str(d) for d in result.diagnostics]
    assert (tmp_path / "out" / "sample-alpha-handout.print.pdf").is_file()
    assert (tmp_path / "out" / "sample-alpha-seven-minute.docx").is_file()


@pytest.mark.slow
def test_command_line(root, tmp_path, capsys):
    code = main(["--root", str(root), "publish", "--offline", "--today", "2026-06-01",
                 "--to", str(tmp_path / "site")])
    out = capsys.readouterr().out
    assert code == 0
    assert "sources/publications/beta-briefing.yaml:1:1: info: not published: beta-briefing: draft; " \
           "set status: published to publish it [publish.refused]" in out
    assert "gamma-briefing: embargoed until 2027-01-01" in out
    assert "published 3 publications" in out and (tmp_path / "site" / MANIFEST).is_file()
    assert "upload that folder" in out


def test_identifying_details_in_a_source_are_reported_at_their_lines_and_refused(root, capsys):
    """A postcode, a phone number and a date of birth planted in a review: `bulletin build`
    names each at its line, and `bulletin publish` publishes nothing."""
    review = root / "sources" / "reviews" / "child-a.yaml"
    lines = review.read_text().splitlines()
    at = lines.index("background: |") + 1
    lines[at + 1:at + 1] = ["  The family moved to WV1 1AA in the spring.",
                            "  Her mother's mobile is 07700 900123.",
                            "  Child A was born on 12/03/2015."]
    review.write_text("\n".join(lines) + "\n")
    assert main(["--root", str(root), "build", "--offline", "--format", "html", "alpha-briefing"]) == 1
    err = capsys.readouterr().err
    for line, code in ((at + 2, "content.postcode"), (at + 3, "content.phone"), (at + 4, "content.date-of-birth")):
        assert any(f"sources/reviews/child-a.yaml:{line}:" in e and f"[{code}]" in e for e in err.splitlines()), \
            (code, err)
    result = run(root)
    assert not result.ok and result.published == []
    assert not (root / "publish").exists()


def _unfinished_publication(root: Path) -> None:
    """A second review and publication, marked published but with a placeholder link."""
    reviews = root / "sources" / "reviews"
    text = (reviews / "child-a.yaml").read_text().replace("Child A", "Child D")
    (reviews / "child-d.yaml").write_text(text.replace("- Share your worries early",
                                                       "- Share your worries using [the form](#)"))
    (root / "sources" / "publications" / "delta-briefing.yaml").write_text(
        "kind: briefing\nlayout: sample\ntitle: Learning from Child D\nstatus: published\nreview: child-d\n")


def test_one_publication_is_published_while_another_has_placeholder_links(root, capsys):
    _unfinished_publication(root)
    everything = run(root, formats=("html",))
    assert not everything.ok and "links.placeholder" in [d.code for d in everything.diagnostics]
    assert not (root / "publish").exists()
    result = publish(root, None, TODAY, names=["alpha-briefing"], offline=True, formats=("html",))
    assert result.ok, [str(d) for d in result.diagnostics]
    folder = root / "publish"
    manifest = json.loads((folder / MANIFEST).read_text())
    assert manifest["publications"] == ["alpha-briefing"]
    assert (folder / "sample-alpha-briefing.html").is_file() and not list(folder.glob("sample-delta-*"))
    catalogue = (folder / "index.html").read_text()
    assert 'href="sample-alpha-briefing.html"' in catalogue and "Child A" in catalogue
    assert "Child D" not in catalogue and "alpha-handout" not in catalogue
    assert (folder / "README.txt").read_text().startswith("Upload this folder to your website")


def test_publishing_one_by_name_keeps_what_an_earlier_publish_put_there(root):
    assert run(root, formats=("html",)).ok
    folder = root / "publish"
    before = json.loads((folder / MANIFEST).read_text())["publications"]
    assert "alpha-handout" in before and "alpha-briefing" in before
    handout = (folder / "sample-alpha-handout.html").read_bytes()
    result = publish(root, None, TODAY, names=["alpha-briefing"], offline=True, formats=("html",))
    assert result.ok and not result.removed, [str(d) for d in result.diagnostics]
    assert (folder / "sample-alpha-handout.html").read_bytes() == handout
    assert sorted(json.loads((folder / MANIFEST).read_text())["publications"]) == sorted(before)
    assert 'href="sample-alpha-handout.html"' in (folder / "index.html").read_text()


def test_an_unknown_name_is_a_usage_error(root, capsys):
    assert main(["--root", str(root), "publish", "--offline", "alpha-brefing"]) == 2
    err = capsys.readouterr().err
    assert "no publication named 'alpha-brefing' (did you mean 'alpha-briefing'?)" in err
    assert not (root / "publish").exists()


def test_a_named_draft_or_unknown_name_is_an_error(root):
    result = publish(root, None, TODAY, names=["beta-briefing", "alpha-brefing"], offline=True, formats=FAST)
    assert not result.ok and not (root / "publish").exists()
    messages = [str(d) for d in result.diagnostics]
    assert any("beta-briefing is not ready to publish: draft" in m and "[publish.refused]" in m for m in messages)
    assert any("no publication named 'alpha-brefing'" in m and "alpha-briefing" in m for m in messages)


def test_skeleton_text_blocks_publishing_with_the_line_to_fix(root, capsys):
    assert main(["--root", str(root), "new", "briefing", "child-s-briefing", "--layout", "sample"]) == 0
    source = root / "sources" / "publications" / "child-s-briefing.yaml"
    source.write_text(source.read_text().replace("status: draft", "status: published"))
    capsys.readouterr()
    result = publish(root, None, TODAY, names=["child-s-briefing"], offline=True, formats=("html",))
    assert not result.ok and not (root / "publish").exists()
    skeleton = [d for d in result.diagnostics if d.code == "content.skeleton-text"]
    assert skeleton and all(d.is_error for d in skeleton)
    lines = source.read_text().splitlines()
    intro = next(i for i, line in enumerate(lines, 1) if "Replace with a sentence or two" in line)
    assert any(d.location.path == "sources/publications/child-s-briefing.yaml" and d.location.line == intro
               for d in skeleton), [str(d) for d in skeleton]


def test_publishing_into_another_sites_folder_refuses_and_deletes_nothing(root, tmp_path):
    site = tmp_path / "site"
    (site / "pages").mkdir(parents=True)
    files = {"manifest.json": '{"name": "Northshire website", "icons": [], "files": []}\n',
             "index.html": "<h1>Our home page</h1>", "pages/about.html": "<p>About us</p>"}
    for path, text in files.items():
        (site / path).write_text(text)
    result = run(root, to=site)
    assert not result.ok and [d.code for d in result.diagnostics] == ["publish.folder"]
    assert {p.relative_to(site).as_posix(): p.read_text() for p in site.rglob("*") if p.is_file()} == files
    # told --replace, it publishes beside the site's files and still deletes none of them
    result = publish(root, site, TODAY, replace=True, offline=True, formats=("html",))
    assert result.ok, [str(d) for d in result.diagnostics]
    assert (site / "manifest.json").read_text() == files["manifest.json"]
    assert (site / "pages/about.html").read_text() == files["pages/about.html"]
    assert (site / "sample-alpha-briefing.html").is_file()


def test_a_later_publish_removes_only_the_files_it_wrote(root):
    assert run(root, formats=("html",)).ok
    folder = root / "publish"
    (folder / "notes.txt").write_text("the web team's own file")
    (folder / "themes" / "extra.html").write_text("the web team's page")
    (folder / "sample-alpha-handout.html").write_text("edited by hand")
    for name in ("alpha-handout", "alpha-seven-minute"):
        source = root / "sources" / "publications" / f"{name}.yaml"
        source.write_text(source.read_text().replace("status: published", "status: draft"))
    result = run(root, formats=("html",))
    assert result.ok, [str(d) for d in result.diagnostics]
    assert "sample-alpha-seven-minute.html" in result.removed             # bulletin's, unchanged
    assert not (folder / "sample-alpha-seven-minute.html").exists()
    assert result.kept == ["sample-alpha-handout.html"]                   # changed since: the user's now
    assert (folder / "sample-alpha-handout.html").read_text() == "edited by hand"
    assert (folder / "notes.txt").read_text() == "the web team's own file"
    assert (folder / "themes" / "extra.html").read_text() == "the web team's page"
    listed = {f["path"] for f in json.loads((folder / MANIFEST).read_text())["files"]}
    assert "notes.txt" not in listed and "sample-alpha-briefing.html" in listed
    assert "sample-alpha-handout.html" not in listed


@pytest.mark.slow
def test_a_file_in_the_way_that_bulletin_did_not_write_is_not_overwritten(root):
    assert run(root, formats=("html",)).ok
    folder = root / "publish"
    (folder / "sample-alpha-briefing.html").write_text("the web team changed this")
    result = run(root, formats=("html",))
    assert not result.ok and "publish.folder" in [d.code for d in result.diagnostics]
    assert (folder / "sample-alpha-briefing.html").read_text() == "the web team changed this"
    assert publish(root, None, TODAY, replace=True, offline=True, formats=("html",)).ok
    assert "the web team" not in (folder / "sample-alpha-briefing.html").read_text()
