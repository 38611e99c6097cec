"""Finding links in Markdown source text, each at its exact file:line:col, from the token
stream the renderer publishes (markup.source_links)."""

from __future__ import annotations

from bulletin.checks.links import LinkRef, find_links, group_refs, link_ref, normalise_url
from bulletin.diagnostics import Location
from bulletin.sources import load_yaml

REVIEW = """\
subject: Child F
background: |
  Read the [SET procedures](http://www.escb.co.uk/Portals/67/SET.pdf) and
  book [WSSCP **Neglect** Training](#) today.
  More at www.wolverhamptonsafeguarding.org.uk, or e-mail escb@essex.gov.uk.
  See <https://weisf.essex.gov.uk/Pages/default.aspx> and https://example.org/a_(b).
  Code such as `[x](https://in.a.code.span)` is published live, so it is a link too.
  [Mail us](mailto:someone@example.org) or [Wiki](https://en.wikipedia.org/wiki/Foo_(bar)).
report:
  url: https://example.org/full-report.pdf
findings: "One [link](https://example.org/one) in quotes"
"""


def load(tmp_path, text=REVIEW):
    path = tmp_path / "child-f.yaml"
    path.write_text(text)
    data, problems = load_yaml(path, "sources/reviews/child-f.yaml")
    assert problems == []
    return data


def where(refs):
    return [(ref.kind, ref.uri, f"{ref.location.line}:{ref.location.col}") for ref in refs]


def test_every_kind_of_link_is_found_at_its_line_and_column(tmp_path):
    refs = find_links(load(tmp_path)["background"], "child-f-briefing")
    assert where(refs) == [
        ("inline", "http://www.escb.co.uk/Portals/67/SET.pdf", "3:12"),
        ("inline", "#", "4:8"),
        ("bare", "https://www.wolverhamptonsafeguarding.org.uk", "5:11"),
        ("bare", "mailto:escb@essex.gov.uk", "5:59"),
        ("autolink", "https://weisf.essex.gov.uk/Pages/default.aspx", "6:7"),
        ("bare", "https://example.org/a_(b)", "6:59"),
        ("code-span-mentioned", "https://in.a.code.span", "7:17"),
        ("inline", "mailto:someone@example.org", "8:3"),
        ("inline", "https://en.wikipedia.org/wiki/Foo_(bar)", "8:44"),
    ]
    assert {ref.location.path for ref in refs} == {"sources/reviews/child-f.yaml"}
    assert {ref.publication for ref in refs} == {"child-f-briefing"}


def test_link_text_is_kept_as_the_reader_sees_it(tmp_path):
    refs = find_links(load(tmp_path)["background"], "p")
    assert [ref.text for ref in refs if ref.kind == "inline"] == [
        "SET procedures", "WSSCP Neglect Training", "Mail us", "Wiki"]


def test_a_link_in_a_quoted_one_line_scalar_is_located_inside_the_quotes(tmp_path):
    [ref] = find_links(load(tmp_path)["findings"], "p")
    assert (ref.uri, ref.location.line, ref.location.col) == ("https://example.org/one", 11, 16)


def test_a_url_field_becomes_a_field_reference_at_its_value(tmp_path):
    ref = link_ref(load(tmp_path)["report"]["url"], "p", text="full report")
    assert ref == LinkRef("https://example.org/full-report.pdf", "full report",
                          Location("sources/reviews/child-f.yaml", 10, 8), "p", "field")


def test_a_value_built_from_a_field_can_keep_the_field_location(tmp_path):
    subject = load(tmp_path)["subject"]
    ref = link_ref("mailto:" + subject, "p", location=subject.loc)
    assert (ref.uri, str(ref.location)) == ("mailto:Child F", "sources/reviews/child-f.yaml:1:10")


def test_running_text_that_only_looks_like_an_address_is_not_a_link():
    text = "e.g. the report.pdf in ASP.NET, version 1.2.3, Mr. Smith, 10.30am"
    assert find_links(text, "p") == []


def test_sentence_punctuation_after_a_bare_address_is_not_part_of_it():
    refs = find_links("Go to https://example.org/page. Or (www.example.org.uk).", "p")
    assert [ref.uri for ref in refs] == ["https://example.org/page", "https://www.example.org.uk"]
    assert all(ref.bare for ref in refs)


def test_an_escaped_bracket_is_not_a_link_and_a_title_is_not_part_of_the_target():
    refs = find_links(r'\[not](https://a.example.org) [yes](https://b.example.org "Title")', "p")
    assert [(ref.kind, ref.uri) for ref in refs] == [
        ("bare", "https://a.example.org"), ("inline", "https://b.example.org")]


def test_a_plain_string_gives_references_without_a_location():
    [ref] = find_links("[a](https://example.org)", "p")
    assert ref.location == Location("", 0, 0)


def test_normalising_lowercases_scheme_and_host_and_drops_default_port_and_fragment():
    assert normalise_url("HTTPS://WWW.Example.ORG:443/Path?q=1#top") == "https://www.example.org/Path?q=1"
    assert normalise_url("http://example.org:8080") == "http://example.org:8080/"
    assert normalise_url("mailto:Someone@Example.org") == "mailto:someone@example.org"


def test_grouping_keeps_every_occurrence_under_one_target():
    refs = [LinkRef("https://example.org/a", "", Location("a.yaml", 1, 1)),
            LinkRef("HTTPS://example.org/a#x", "", Location("b.yaml", 2, 1)),
            LinkRef("https://example.org/b", "", Location("c.yaml", 3, 1))]
    groups = group_refs(refs)
    assert list(groups) == ["https://example.org/a", "https://example.org/b"]
    assert [r.location.path for r in groups["https://example.org/a"]] == ["a.yaml", "b.yaml"]


def test_every_e_mail_autolink_becomes_a_mailto_link():
    refs = find_links("<a@example.org> and <b@example.org>, <mailto:c@example.org>", "p")
    assert [(ref.kind, ref.uri) for ref in refs] == [
        ("autolink", "mailto:a@example.org"), ("autolink", "mailto:b@example.org"),
        ("autolink", "mailto:c@example.org")]


def test_reference_links_code_spans_and_a_spaced_mailto_are_found_as_published():
    text = ("[click here][1], `https://code.example.org/x`, <https://auto.example.org>, "
            "www.bare.org.uk and [mail](mailto:safe guarding@example.org).\n\n"
            "[1]: https://ref.example.org/page")
    refs = find_links(text, "p")
    assert [(ref.kind, ref.uri, ref.text) for ref in refs] == [
        ("reference", "https://ref.example.org/page", "click here"),
        ("code-span-mentioned", "https://code.example.org/x", "https://code.example.org/x"),
        ("autolink", "https://auto.example.org", "https://auto.example.org"),
        ("bare", "https://www.bare.org.uk", "www.bare.org.uk"),
        ("inline", "mailto:safe%20guarding@example.org", "mail"),
    ]
    assert [ref.bare for ref in refs] == [False, True, False, True, False]
    assert refs[-1].written == "mailto:safe guarding@example.org"
