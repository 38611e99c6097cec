"""Output checks on the HTML page: language, title, headings, tables, images, links, contract."""

from bulletin.checks.accessibility.run import check_html

GOOD = """<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>Child F briefing</title></head>
<body>
<main>
<h1>Child F briefing</h1>
<section><h2>Background</h2><p>Text with a <a href="https://a.org/r">full report</a>.</p>
<table><caption>Recommendations</caption><thead><tr><th scope="col">What</th><th scope="col">Due</th></tr></thead>
<tbody><tr><td>Audit</td><td>2018</td></tr></tbody></table>
<h3>Detail</h3><img class="logo" src="logo.png" alt="Essex Safeguarding Children Board">
<p><a class="footnote-ref" href="#fn1">1</a></p></section>
</main>
</body>
</html>
"""


def codes(html, title="Child F briefing"):
    return sorted(d.code for d in check_html(html, title, "dist/briefing-child-f.html"))


def test_good_page_passes():
    assert codes(GOOD) == []


def test_missing_or_wrong_language_and_title():
    assert codes(GOOD.replace(' lang="en-GB"', "")) == ["a11y.html-lang"]
    d = check_html(GOOD.replace('lang="en-GB"', 'lang="en"'), "Child F briefing", "x.html")
    assert [x.severity.value for x in d] == ["warning"]
    assert codes(GOOD, title="Another title") == ["a11y.html-title"]
    assert codes(GOOD.replace("<title>Child F briefing</title>", "")) == ["a11y.html-title"]


def test_heading_rules_report_the_html_line():
    d = check_html(GOOD.replace("<h3>Detail</h3>", "<h4>Detail</h4>"), "Child F briefing", "p.html")
    assert [(x.code, x.location.line) for x in d] == [("a11y.heading-order", 10)]
    assert codes(GOOD.replace("<h2>Background</h2>", "<h1>Background</h1>")) == ["a11y.heading-order", "a11y.html-h1"]
    assert codes(GOOD.replace("<h1>Child F briefing</h1>", "")) == ["a11y.heading-order", "a11y.html-h1"]


def test_tables_need_caption_and_scoped_headers():
    assert codes(GOOD.replace("<caption>Recommendations</caption>", "")) == ["a11y.table-caption"]
    assert codes(GOOD.replace(' scope="col"', "", 1)) == ["a11y.table-headers"]
    no_th = GOOD.replace('<th scope="col">', "<td>").replace("</th>", "</td>")
    assert codes(no_th) == ["a11y.table-headers"]


def test_images_and_links():
    assert codes(GOOD.replace(' alt="Essex Safeguarding Children Board"', ' alt=""')) == ["a11y.image-alt"]
    assert codes(GOOD.replace(">full report<", ">click here<")) == ["a11y.link-text"]


def test_elements_outside_the_template_contract():
    assert codes(GOOD.replace("<main>", '<main><div class="fancy">x</div>')) == ["a11y.html-contract"]


def test_bold_paragraph_standing_as_a_heading():
    fake = GOOD.replace("<h3>Detail</h3>", "<p><strong>What we are asking you to do</strong></p>")
    assert codes(fake) == ["a11y.html-fake-heading"]
    emphasis = GOOD.replace("<h3>Detail</h3>", "<p><strong>Read this first.</strong></p>")
    assert codes(emphasis) == []
