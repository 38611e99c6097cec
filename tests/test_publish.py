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
FAST = ("pdf", "html")  # every format is exercised once, in test_publish_makes_every_format


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
    assert names == [MANIFEST] + sorted(f"sample-alpha-{n}.{ext}" for n in ("briefing", "handout", "seven-minute")
                                        for ext in FAST)
    assert not list(root.glob(".publish.*")) and not (folder / ".manifest.json").exists()


def test_manifest_lists_every_file_with_its_sha256(root):
    run(root)
    folder = root / "publish"
    manifest = json.loads((folder / MANIFEST).read_text())
    assert manifest["date"] == "2026-06-01"
    listed = {f["path"]: f for f in manifest["files"]}
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
    assert (root / "publish" / "sample-gamma-briefing.pdf").is_file()


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
    assert (other / "index.html").read_text() == "keep me"


def test_nothing_to_publish_is_an_error(root):
    for path in (root / "sources" / "publications").glob("alpha-*.yaml"):
        path.unlink()
    result = run(root)
    assert not result.ok and "publish.nothing" in [d.code for d in result.diagnostics]


def test_publish_makes_every_format(root, tmp_path):
    result = run(root, formats=("pdf", "docx", "html", "print"), to=tmp_path / "out")
    assert result.ok, [str(d) for d in result.diagnostics]
    assert (tmp_path / "out" / "sample-alpha-handout.print.pdf").is_file()
    assert (tmp_path / "out" / "sample-alpha-seven-minute.docx").is_file()


def test_command_line(root, tmp_path, capsys):
    code = main(["--root", str(root), "publish", "--offline", "--today", "2026-06-01",
                 "--to", str(tmp_path / "site")])
    out = capsys.readouterr().out
    assert code == 0
    assert "sources/publications/beta-briefing.yaml:1:1: not published: beta-briefing: draft; " \
           "set status: published to publish it" in out
    assert "gamma-briefing: embargoed until 2027-01-01" in out
    assert "published 3 publications" in out and (tmp_path / "site" / MANIFEST).is_file()


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
