"""The website catalogue: every publication listed with working links and true sizes, a
page per theme, the same data as JSON, and pages that pass the HTML accessibility checks."""

from __future__ import annotations

import html as htmllib
import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import lxml.html
import pytest

from bulletin.build import build
from bulletin.catalogue import write_catalogue
from bulletin.checks.accessibility.html import check_html
from bulletin.report import human_size
from bulletin.render.contents import count_pages, read_headings

SAMPLE = Path(__file__).parent / "roots" / "compendium-sample"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("catalogue") / "project"
    shutil.copytree(SAMPLE, root)
    result = build(root, formats=("pdf", "docx", "html"), checks=lambda *a: [], links=False)
    assert all(p.status == "built" for p in result.publications)
    written = write_catalogue(result, root / "dist")
    return root / "dist", result, written


def links(page: Path) -> list[str]:
    doc = lxml.html.fromstring(page.read_text(encoding="utf-8"))
    return [a.get("href") for a in doc.iter("a")]


def test_writes_index_json_and_a_page_per_theme(built):
    dist, _, written = built
    names = sorted(p.relative_to(dist).as_posix() for p in written)
    assert names == [".preview.json", "catalogue.json", "index.html", "preview.html", "themes/domestic-abuse.html",
                     "themes/information-sharing.html", "themes/neglect.html",
                     "themes/professional-curiosity.html", "themes/voice-of-the-child.html"]


def test_every_publication_is_listed_with_all_its_files(built):
    dist, result, _ = built
    index = (dist / "index.html").read_text(encoding="utf-8")
    hrefs = set(links(dist / "index.html"))
    for entry in result.publications:
        assert htmllib.escape(entry.title, quote=False) in index
        for output in entry.outputs:
            assert output.path.name in hrefs, output.path.name


def test_every_relative_link_resolves_to_a_file(built):
    dist, _, written = built
    for page in written:
        if page.suffix != ".html":
            continue
        for href in links(page):
            parsed = urlparse(href)
            if parsed.scheme or not parsed.path:
                continue
            target = (page.parent / unquote(parsed.path)).resolve()
            assert target.is_file(), f"{page.name}: {href}"
            if parsed.fragment:  # a case inside a compendium: the heading must exist
                ids = {h.id for h in read_headings(target.read_text(encoding="utf-8"))}
                assert parsed.fragment in ids, href


def test_sizes_and_page_counts_are_the_files_own(built):
    dist, _, _ = built
    data = json.loads((dist / "catalogue.json").read_text(encoding="utf-8"))
    index = (dist / "index.html").read_text(encoding="utf-8")
    seen = 0
    for pub in data["publications"]:
        for f in pub["files"]:
            path = dist / f["href"]
            assert f["bytes"] == path.stat().st_size
            assert f["size"] == human_size(path.stat().st_size)
            if f["format"] == "pdf":
                assert f["pages"] == count_pages(path.read_bytes())
                words = f"PDF, {human_size(path.stat().st_size)}, {f['pages']} page"
                assert f'href="{f["href"]}" type="application/pdf">{words}' in index
            if f["format"] == "docx":
                assert f'href="{f["href"]}">Word, {human_size(path.stat().st_size)}<' in index
            seen += 1
    assert seen == 9


def test_grouped_by_partnership(built):
    dist, _, _ = built
    doc = lxml.html.fromstring((dist / "index.html").read_text(encoding="utf-8"))
    groups = {s.find("h2").text_content(): [h.text_content() for h in s.iter("h3")]
              for s in doc.iter("section")}
    assert groups == {
        "Northshire Safeguarding Children Partnership": ["Learning from Northshire case reviews 2023",
                                                         "Learning briefing on Child A"],
        "Southvale Safeguarding Children Partnership": ["Learning briefing on Child C"],
    }


def test_json_holds_the_same_publications_reviews_and_themes(built):
    dist, result, _ = built
    data = json.loads((dist / "catalogue.json").read_text(encoding="utf-8"))
    assert {p["name"] for p in data["publications"]} == {p.name for p in result.publications}
    compendium = next(p for p in data["publications"] if p["kind"] == "compendium")
    assert [r["subject"] for r in compendium["reviews"]] == ["Child A", "Child B"]
    assert compendium["date"] == "2023-09" and compendium["partnership"].startswith("Northshire")
    assert {t["name"] for t in compendium["themes"]} == {"neglect", "information-sharing", "domestic-abuse",
                                                         "voice-of-the-child"}
    reviews = {r["name"]: r for r in data["reviews"]}
    assert sorted(reviews) == ["child-a", "child-b", "child-c"]
    assert [p["name"] for p in reviews["child-a"]["publications"]] == ["northshire-learning-2023",
                                                                       "child-a-briefing"]
    neglect = next(t for t in data["themes"] if t["name"] == "neglect")
    assert sorted(neglect["reviews"]) == ["child-a", "child-b", "child-c"]


def test_theme_page_lists_every_tagged_review_across_partnerships(built):
    dist, _, _ = built
    page = (dist / "themes" / "neglect.html").read_text(encoding="utf-8")
    doc = lxml.html.fromstring(page)
    assert [h.text_content() for h in doc.iter("h3")] == ["Child B", "Child A", "Child C"]
    assert [h.text_content() for h in doc.iter("h2")] == ["Northshire Safeguarding Children Partnership",
                                                          "Southvale Safeguarding Children Partnership"]
    hrefs = links(dist / "themes" / "neglect.html")
    # Child A appears in both Northshire publications; in the compendium the link goes to its case.
    assert "../northshire-child-a-briefing.html" in hrefs
    assert "../northshire-learning-2023.html#child-a-child-safeguarding-practice-review" in hrefs
    # A review tagged only through a learning theme is found too.
    curiosity = lxml.html.fromstring((dist / "themes" / "professional-curiosity.html").read_text())
    assert [h.text_content() for h in curiosity.iter("h3")] == ["Child C"]


def test_theme_pages_are_linked_from_the_catalogue(built):
    dist, _, _ = built
    hrefs = links(dist / "index.html")
    for page in (dist / "themes").glob("*.html"):
        assert f"themes/{page.name}" in hrefs


@pytest.mark.parametrize("page", ["index.html", "themes/neglect.html", "themes/voice-of-the-child.html"])
def test_pages_pass_the_html_accessibility_checks(built, page):
    dist, _, _ = built
    text = (dist / page).read_text(encoding="utf-8")
    title = htmllib.unescape(re.search(r"<title>(.*?)</title>", text, re.S).group(1))
    # The catalogue is not publication HTML, so the template contract does not apply.
    problems = [str(d) for d in check_html(text, title, page) if d.code != "a11y.html-contract"]
    assert problems == []
    doc = lxml.html.fromstring(text)
    assert doc.get("lang") == "en-GB" and len(list(doc.iter("h1"))) == 1 and title.strip()
    levels = [int(h.tag[1]) for h in doc.iter("h1", "h2", "h3", "h4")]
    assert all(b <= a + 1 for a, b in zip([0] + levels, levels))


def test_filter_by_theme_works_without_javascript(built):
    dist, _, _ = built
    text = (dist / "index.html").read_text(encoding="utf-8")
    without_script = re.sub(r"<script>.*?</script>", "", text, flags=re.S)
    # The JavaScript filter is hidden until the script shows it; the theme links are plain links.
    assert '<div class="filter" id="filter" hidden>' in without_script
    assert 'href="themes/neglect.html"' in without_script


def test_a_theme_nobody_carries_any_more_loses_its_page(built, tmp_path):
    dist, result, _ = built
    copy = tmp_path / "dist"
    shutil.copytree(dist, copy)
    (copy / "themes" / "retired-theme.html").write_text("old")
    (copy / "themes" / "our-own-page.html").write_text("the partnership's own file")
    listed = json.loads((copy / "catalogue.json").read_text())
    listed["themes"].append({"name": "retired-theme"})  # as an earlier catalogue wrote it
    (copy / "catalogue.json").write_text(json.dumps(listed))
    write_catalogue(result, copy)
    assert not (copy / "themes" / "retired-theme.html").exists()
    assert (copy / "themes" / "our-own-page.html").read_text() == "the partnership's own file"
    assert (copy / "themes" / "neglect.html").exists()


def test_bulletin_build_writes_the_catalogue(tmp_path):
    from bulletin.cli import main

    root = tmp_path / "project"
    shutil.copytree(SAMPLE, root)
    main(["--root", str(root), "build", "--format", "html", "--offline", "child-c-briefing"])
    data = json.loads((root / "dist" / "catalogue.json").read_text(encoding="utf-8"))
    assert [p["name"] for p in data["publications"]] == ["child-c-briefing"]
    assert (root / "dist" / "index.html").is_file()
