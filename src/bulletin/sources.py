"""Turn YAML source files into plain Python values that remember where they were written.

`load_yaml` composes the file with PyYAML's safe loader (no object construction) and
builds dicts, lists and strings that carry a `Location`. Scalars are kept as the text the
user wrote (`LocStr`); the validator (`model.py`) converts them to dates, numbers and
booleans so that every conversion error can name its line. A syntax error comes back as
a diagnostic, never as a traceback.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .diagnostics import Diagnostic, Location, error


# libyaml's safe loader when PyYAML was built with it (about ten times faster), which
# reports the same marks and styles; the pure-Python one otherwise.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LocStr(str):
    """A string from a source file. `loc` is where it starts; `tag` is YAML's guess at
    its type (str, int, bool, null, timestamp...); `loc_at(i)` maps an offset inside the
    string back to a file position (exact for `|` blocks and one-line scalars)."""

    loc: Location
    tag: str
    _lines: tuple  # (file line, column of content start) per content line, or ()

    def __new__(cls, value: str, loc: Location, tag: str = "str", lines: tuple = ()):
        obj = super().__new__(cls, value)
        obj.loc = loc
        obj.tag = tag
        obj._lines = lines
        return obj

    def __reduce__(self):  # keep the location when sent to a worker process
        return (LocStr, (str(self), self.loc, self.tag, self._lines))

    def loc_at(self, offset: int) -> Location:
        if not self._lines:
            return self.loc
        line_index = self.count("\n", 0, max(0, offset))
        if line_index >= len(self._lines):
            return self.loc
        start = self.rfind("\n", 0, offset) + 1
        file_line, content_col = self._lines[line_index]
        return Location(self.loc.path, file_line, content_col + (offset - start))


class LocDict(dict):
    """A mapping from a source file; `loc` is where it starts, `key_locs[k]` where key
    `k` is written and `value_locs[k]` where its value starts."""

    loc: Location
    key_locs: dict
    value_locs: dict


class LocList(list):
    loc: Location
    item_locs: list


def _tag(node: yaml.Node) -> str:
    return node.tag.rsplit(":", 1)[-1]


def _scalar_lines(node: yaml.ScalarNode, file_lines: list[str]) -> tuple:
    """(file line, content column) for each line of a scalar's value, where knowable."""
    start = node.start_mark
    if node.style in ("|", ">"):
        out = []
        line_no = start.line + 1  # content starts on the line after the indicator
        for _ in node.value.split("\n"):
            if line_no >= len(file_lines):
                break
            text = file_lines[line_no]
            indent = len(text) - len(text.lstrip(" "))
            out.append((line_no + 1, indent + 1))
            line_no += 1
        return tuple(out) if node.style == "|" else ()
    if "\n" not in node.value and start.line == node.end_mark.line:
        quote = 1 if node.style in ('"', "'") else 0
        return ((start.line + 1, start.column + 1 + quote),)
    return ()


def _build(node: yaml.Node, path: str, file_lines: list[str]):
    loc = Location(path, node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result = LocDict()
        result.loc, result.key_locs, result.value_locs = loc, {}, {}
        for key_node, value_node in node.value:
            key = _build(key_node, path, file_lines)
            key_text = str(key) if key is not None else ""
            if key_text in result:
                result.setdefault("__duplicates__", []).append(
                    (key_text, Location(path, key_node.start_mark.line + 1,
                                        key_node.start_mark.column + 1)))
                continue
            result[key_text] = _build(value_node, path, file_lines)
            result.key_locs[key_text] = Location(
                path, key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result.value_locs[key_text] = Location(
                path, value_node.start_mark.line + 1, value_node.start_mark.column + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        result = LocList(_build(item, path, file_lines) for item in node.value)
        result.loc = loc
        result.item_locs = [
            Location(path, item.start_mark.line + 1, item.start_mark.column + 1)
            for item in node.value
        ]
        return result
    tag = _tag(node)
    if tag == "null" and node.style is None:
        return None
    return LocStr(node.value, loc, tag, _scalar_lines(node, file_lines))


def load_yaml(path: Path, display_path: str) -> tuple[object, list[Diagnostic]]:
    """Read one YAML file: (value with locations, diagnostics). Value is None on error."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [error("source.encoding",
                            f"file is not UTF-8 text (byte {exc.start}); save it as UTF-8",
                            Location(display_path, 1, 1))]
    try:
        node = yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(display_path, mark.line + 1, mark.column + 1) if mark else Location(display_path)
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        hint = ""
        if "'\\t'" in problem or "tab" in problem:
            problem, hint = "a tab character is used to indent", "; indent with spaces, not tabs"
        elif "mapping values are not allowed" in problem:
            hint = "; put text containing ': ' in quotes or under '|'"
        return None, [error("source.yaml", f"YAML syntax: {problem}{hint}", where)]
    except yaml.YAMLError as exc:
        return None, [error("source.yaml", f"YAML syntax: {exc}", Location(display_path, 1, 1))]
    if node is None:
        return None, [error("source.empty", "file is empty; see docs/sources.md for what goes in it",
                            Location(display_path, 1, 1))]
    return _build(node, display_path, text.split("\n")), []


def iter_strings(value):
    """Every LocStr inside a loaded value, in document order (for checks over text)."""
    if isinstance(value, LocStr):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from iter_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from iter_strings(item)
