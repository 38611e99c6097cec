"""Loading YAML keeps file:line:col on every value and never constructs objects."""

from __future__ import annotations

from bulletin.sources import LocDict, LocStr, iter_strings, load_yaml


def load(tmp_path, text: str):
    path = tmp_path / "s.yaml"
    path.write_text(text)
    return load_yaml(path, "s.yaml")


def test_every_value_knows_where_it_is_written(tmp_path):
    value, diags = load(tmp_path, "subject: Child F\nthemes:\n  - neglect\n  - fathers\n")
    assert diags == []
    assert isinstance(value, LocDict)
    assert str(value["subject"].loc) == "s.yaml:1:10"
    assert str(value.key_locs["themes"]) == "s.yaml:2:1"
    assert [str(t.loc) for t in value["themes"]] == ["s.yaml:3:5", "s.yaml:4:5"]


def test_offsets_inside_a_block_map_back_to_file_lines(tmp_path):
    value, _ = load(tmp_path, "background: |\n  First line.\n\n  - a [link](https://x.org)\n")
    text = value["background"]
    assert str(text.loc_at(text.index("[link]"))) == "s.yaml:4:7"
    assert str(text.loc_at(0)) == "s.yaml:2:3"


def test_quoted_one_line_values_map_offsets_past_the_quote(tmp_path):
    value, _ = load(tmp_path, 'title: "Say: hello"\n')
    assert str(value["title"].loc_at(5)) == "s.yaml:1:14"


def test_scalars_stay_text_with_a_type_guess(tmp_path):
    value, _ = load(tmp_path, "date: 2017-02-30\nbox: true\ncount: 3\n")
    assert value["date"] == "2017-02-30" and value["date"].tag == "timestamp"
    assert value["box"].tag == "bool" and value["count"].tag == "int"


def test_no_python_objects_are_constructed(tmp_path):
    value, diags = load(tmp_path, "x: !!python/object/apply:os.system ['echo hi']\n")
    assert diags == [] or diags[0].code == "source.yaml"
    if value is not None:
        assert isinstance(value["x"], (list, LocStr))


def test_syntax_errors_are_one_diagnostic_with_a_position(tmp_path):
    value, [diag] = load(tmp_path, "subject: Child F\n  themes: [a\n")
    assert value is None
    assert diag.code == "source.yaml" and diag.location.line == 2


def test_a_key_written_twice_is_remembered_beside_the_data_not_in_it(tmp_path):
    value, _ = load(tmp_path, "a: 1\nb: 2\na: 3\n")
    assert value == {"a": "1", "b": "2"}
    assert [(key, str(loc)) for key, loc in value.duplicates] == [("a", "s.yaml:3:1")]


def test_empty_and_null_values_stay_text_that_knows_its_place(tmp_path):
    value, _ = load(tmp_path, "a:\nb: ~\nc: null\n")
    assert [value[k].tag for k in "abc"] == ["null"] * 3
    assert str(value["c"].loc) == "s.yaml:3:4"


ALIAS_BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi"))


def test_an_alias_bomb_fails_fast_at_its_first_alias(tmp_path):
    import time
    import tracemalloc
    started = time.perf_counter()
    value, [diag] = load(tmp_path, ALIAS_BOMB)  # 9**9 strings if expanded
    assert time.perf_counter() - started < 1.0
    assert value is None and diag.code == "source.limit" and str(diag.location) == "s.yaml:2:8"
    assert "aliases" in diag.message
    tracemalloc.start()
    load(tmp_path, ALIAS_BOMB)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20_000_000  # bytes: bounded, not gigabytes


def test_a_few_aliases_are_still_fine(tmp_path):
    value, diags = load(tmp_path, "a: &t [neglect]\nb: *t\n")
    assert diags == [] and value["b"] == ["neglect"]


def test_an_alias_inside_its_own_value_is_located_not_a_recursion_error(tmp_path):
    value, [diag] = load(tmp_path, "x: 1\na: &a [1, *a]\n")
    assert value is None and diag.code == "source.limit" and str(diag.location) == "s.yaml:2:11"


def test_absurd_nesting_is_a_diagnostic(tmp_path):
    value, [diag] = load(tmp_path, "a: " + "[" * 3000 + "]" * 3000 + "\n")
    assert value is None and diag.code in ("source.limit", "source.yaml")


def test_an_unclosed_quote_or_bracket_is_reported_where_it_opens(tmp_path):
    _, [diag] = load(tmp_path, 'subject: "Child F\nthemes: [a]\nbackground: x\n')
    assert str(diag.location) == "s.yaml:1:10" and "quote opened here is never closed" in diag.message
    _, [diag] = load(tmp_path, "themes: [a, b\nbackground: x\n")
    assert str(diag.location) == "s.yaml:1:9" and "'[' here is never closed" in diag.message


def test_other_encodings_are_named_and_located(tmp_path):
    path = tmp_path / "e.yaml"
    for data, where, words in [
        ("subject: Child F\n".encode("utf-16"), "e.yaml:1:1", "UTF-16"),
        ("subject: Child F\n".encode("utf-16-le"), "e.yaml:1:1", "UTF-16"),
        ("a: b\nsubject: Café\n".encode("latin-1"), "e.yaml:2:13", "0xE9"),
    ]:
        path.write_bytes(data)
        value, [diag] = load_yaml(path, "e.yaml")
        assert value is None and diag.code == "source.encoding"
        assert str(diag.location) == where and words in diag.message
    path.write_bytes(b"\xef\xbb\xbfsubject: Child F\n")  # UTF-8 with a byte order mark is UTF-8
    assert load_yaml(path, "e.yaml")[0] == {"subject": "Child F"}


def test_a_nul_character_is_located(tmp_path):
    value, [diag] = load(tmp_path, "a: b\nsubject: Chi\0ld\n")
    assert value is None and str(diag.location) == "s.yaml:2:13" and "NUL" in diag.message


def test_empty_and_non_utf8_files_are_diagnostics(tmp_path):
    assert load(tmp_path, "")[1][0].code == "source.empty"
    path = tmp_path / "latin.yaml"
    path.write_bytes("subject: Caf\xe9\n".encode("latin-1"))
    assert load_yaml(path, "latin.yaml")[1][0].code == "source.encoding"


def test_iter_strings_walks_in_document_order(tmp_path):
    value, _ = load(tmp_path, "a: one\nb:\n  - two\n  - c: three\n")
    assert list(iter_strings(value)) == ["one", "two", "three"]
