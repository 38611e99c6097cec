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


def test_a_key_written_twice_is_remembered(tmp_path):
    value, _ = load(tmp_path, "a: 1\nb: 2\na: 3\n")
    assert value["a"] == "1"
    assert value["__duplicates__"][0][0] == "a"


def test_empty_and_non_utf8_files_are_diagnostics(tmp_path):
    assert load(tmp_path, "")[1][0].code == "source.empty"
    path = tmp_path / "latin.yaml"
    path.write_bytes("subject: Caf\xe9\n".encode("latin-1"))
    assert load_yaml(path, "latin.yaml")[1][0].code == "source.encoding"


def test_iter_strings_walks_in_document_order(tmp_path):
    value, _ = load(tmp_path, "a: one\nb:\n  - two\n  - c: three\n")
    assert list(iter_strings(value)) == ["one", "two", "three"]
