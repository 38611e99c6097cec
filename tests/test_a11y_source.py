"""Link text, same-text-different-target and image alt rules over Markdown source text."""

from bulletin.checks.accessibility.run import check_publication_texts, check_source_text
from bulletin.checks.plaintext import find_links, split_sentences, to_plain
from bulletin.diagnostics import Location
from bulletin.model import layout_from_mapping
from bulletin.sources import LocStr

LAYOUT = layout_from_mapping({})


def loc(text: str, path: str = "sources/reviews/r.yaml", line: int = 10, col: int = 5) -> LocStr:
    """A LocStr as a `|` block at line:col would give."""
    lines = tuple((line + i, col) for i in range(text.count("\n") + 1))
    return LocStr(text, Location(path, line, col), lines=lines)


def codes(diagnostics, prefix="a11y.link"):
    return [d.code for d in diagnostics if d.code.startswith(prefix)]


def test_plain_text_keeps_offsets_of_link_words():
    text = "See [the **policy**](https://a.org/p) now."
    plain, _ = to_plain(text)
    assert len(plain) == len(text)
    assert plain.index("policy") == text.index("policy")
    assert "https" not in plain


def test_find_links_locates_each_link_image_and_autolink():
    text = "A [one](https://a.org/) and ![pic](x.png)\n<https://b.org/c%20d> \\[no](https://c.org)"
    links = find_links(text)
    assert [(l.kind, l.text, l.start) for l in links] == [
        ("link", "one", 2), ("image", "pic", 28), ("autolink", "https://b.org/c d", 42)]


def test_sentences_split_at_full_stops_and_bullets_not_abbreviations():
    text = "One two, e.g. three. Four five.\n\n- six\n- seven"
    plain, items = to_plain(text)
    spans = [plain[a:b].strip() for a, b in split_sentences(plain, items)]
    assert spans == ["One two, e.g. three.", "Four five.", "six", "seven"]


def test_generic_link_text_is_an_error_at_its_column():
    d = check_source_text(loc("Line one.\nFor more, [click here](https://a.org/x)."), "p", LAYOUT)
    [link] = [x for x in d if x.code == "a11y.link-text"]
    assert (link.location.line, link.location.col) == (11, 5 + len("For more, "))
    assert "click here" in link.message
    assert link.is_error


def test_link_text_that_is_a_url_or_empty_is_an_error():
    assert codes(check_source_text(loc("[https://a.org/x](https://a.org/x)"), "p", LAYOUT)) == ["a11y.link-text"]
    assert codes(check_source_text(loc("See <https://a.org/x%20y>."), "p", LAYOUT)) == ["a11y.link-text"]
    assert codes(check_source_text(loc("See [](https://a.org/x)."), "p", LAYOUT)) == ["a11y.link-text"]
    assert codes(check_source_text(loc("[Here](https://a.org/x)"), "p", LAYOUT)) == ["a11y.link-text"]


def test_descriptive_link_text_passes():
    text = "Read the [WSSCP Escalation Policy](https://a.org/e) and [Neglect Strategy](#)."
    assert codes(check_source_text(loc(text), "p", LAYOUT)) == []


def test_same_link_text_with_different_targets_warns_at_the_second():
    a = loc("[Neglect strategy](https://a.org/1)", line=3)
    b = loc("Again: [neglect strategy](https://a.org/2) and [Neglect strategy](https://a.org/1/)", line=20)
    d = [x for x in check_publication_texts([a, b], "p", LAYOUT) if x.code == "a11y.link-same-text"]
    assert len(d) == 1
    assert d[0].location.line == 20 and "r.yaml:3:5" in d[0].message


def test_same_link_text_same_target_and_placeholders_pass():
    a = loc("[Policy](https://a.org/1) [Training](#)")
    b = loc("[Policy](https://a.org/1) [Training](#)")
    assert codes(check_publication_texts([a, b], "p", LAYOUT)) == []


def test_image_without_meaningful_alt_is_an_error():
    for bad in ("![](chart.png)", "![chart.png](chart.png)", "![Image](chart.png)"):
        assert codes(check_source_text(loc(bad), "p", LAYOUT), "a11y.image-alt") == ["a11y.image-alt"], bad
    good = "![Bar chart: referrals rose from 40 to 65](chart.png)"
    assert codes(check_source_text(loc(good), "p", LAYOUT), "a11y.image-alt") == []


def test_bold_line_standing_as_a_heading_warns():
    d = check_source_text(loc("Intro text.\n\n**Recommendations:**\n\n- Do this"), "p", LAYOUT)
    [fake] = [x for x in d if x.code == "a11y.fake-heading"]
    assert fake.location.line == 12
    ok = "Some **bold** words.\n\n**A whole bold sentence for emphasis.**"
    assert codes(check_source_text(loc(ok), "p", LAYOUT), "a11y.fake-heading") == []


def phrases(text: str):
    return [d for d in check_source_text(loc(text), "p", LAYOUT) if d.code == "a11y.link-phrase"]


def test_click_phrase_beside_a_placeholder_is_a_warning_at_the_phrase():
    text = "Training.\nClick for more information on [WSSCP Neglect Training](#)"
    [d] = phrases(text)
    assert (d.location.line, d.location.col) == (11, 5)
    assert not d.is_error
    assert "'Click for more information'" in d.message and "placeholder" in d.message


def test_link_below_needs_a_working_link_in_the_next_paragraph():
    lost = "Click on the link below to view the tools;\n\n[Tools for social workers](#)\n\nMore text."
    kept = "Click on the link below to view the tools;\n\n[Tools for social workers](https://a.org/t)"
    far = "Use the link below;\n\nNo link here yet.\n\n[Tools](https://a.org/t)"
    assert [d.message.split("'")[1] for d in phrases(lost)] == ["Click on the link below"]
    assert phrases(kept) == []
    assert [d.message.split("'")[1] for d in phrases(far)] == ["the link below"]


def test_read_more_here_in_plain_text_is_reported_but_not_beside_a_real_link():
    lost = "It matters. Read more about [Professional Curiosity](#) here. Then talk."
    [d] = phrases(lost)
    assert d.location.col == 5 + len("It matters. ")
    assert "'Read more about Professional Curiosity here'" in d.message
    assert phrases("Read more about [Professional Curiosity](https://a.org/pc) here.") == []
    assert phrases("Click here to open it. Read the [policy](https://a.org/p).") != []  # the link is not beside it
    # a link whose own words are the phrase is a11y.link-text's error, not reported twice
    assert phrases("For more, [click here](https://a.org/x).") == []
    assert phrases("Nothing to click, no more to read here.") == []
