"""Turn YAML source files into plain Python values that remember where they were written.

`load_yaml` composes the file with PyYAML's safe loader (no object construction) and
builds dicts, lists and strings that carry a `Location`. Scalars (empty and `null` ones
too) are kept as the text the user wrote (`LocStr`); the validator converts them to
dates, numbers and booleans so that every conversion error can name its line. A syntax
error, a file in another encoding, an alias bomb or absurd nesting comes back as a
diagnostic at the place the mistake starts, never as a traceback.
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
    `k` is written and `value_locs[k]` where its value starts. `duplicates` holds each
    key written again, with where (the first is kept; the validator reports the rest)."""

    loc: Location
    key_locs: dict
    value_locs: dict
    duplicates: list


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


# Hostile or mistaken input must stay cheap: aliases ('*name') may repeat at most this many
# values in all (a "billion laughs" file would otherwise expand to gigabytes), and values
# may nest this deep (deeper is never a real source, and would exhaust Python's stack).
MAX_ALIAS_VALUES = 2_000
MAX_DEPTH = 60


class SourceLimit(Exception):
    """A file is shaped to exhaust the loader; `loc` is where, `message` what to change."""

    def __init__(self, message: str, loc: Location):
        super().__init__(message)
        self.message, self.loc = message, loc


class _Builder:
    """Turns composed nodes into Loc values, counting what aliases repeat."""

    def __init__(self, path: str, file_lines: list[str], text: str):
        self.path, self.file_lines, self.text = path, file_lines, text
        self.built: set[int] = set()
        self.open: set[int] = set()
        self.repeated = 0

    def loc(self, mark) -> Location:
        return Location(self.path, mark.line + 1, mark.column + 1)

    def build(self, node: yaml.Node, depth: int = 0, aliased: bool = False):
        loc = self.loc(node.start_mark)
        key = id(node)
        if key in self.open:
            raise SourceLimit("an alias ('*name') repeats the value that contains it, so it never ends; "
                              "write the value out instead", self._first_alias() or loc)
        aliased = aliased or key in self.built
        if aliased:
            self.repeated += 1
            if self.repeated > MAX_ALIAS_VALUES:
                raise SourceLimit(f"aliases ('*name') repeat more than {MAX_ALIAS_VALUES:,} values; "
                                  "write the text out instead of repeating it", self._first_alias() or loc)
        if depth > MAX_DEPTH:
            raise SourceLimit(f"values are nested more than {MAX_DEPTH} levels deep here; "
                              "a source never needs that many", loc)
        self.built.add(key)
        if isinstance(node, yaml.MappingNode):
            self.open.add(key)
            result = self._mapping(node, loc, depth, aliased)
        elif isinstance(node, yaml.SequenceNode):
            self.open.add(key)
            result = LocList(self.build(item, depth + 1, aliased) for item in node.value)
            result.loc = loc
            result.item_locs = [self.loc(item.start_mark) for item in node.value]
        else:
            return LocStr(node.value, loc, _tag(node), _scalar_lines(node, self.file_lines))
        self.open.discard(key)
        return result

    def _mapping(self, node, loc, depth, aliased) -> "LocDict":
        result = LocDict()
        result.loc, result.key_locs, result.value_locs, result.duplicates = loc, {}, {}, []
        for key_node, value_node in node.value:
            key = self.build(key_node, depth + 1, aliased)
            key_text = str(key) if key is not None else ""
            key_loc = self.loc(key_node.start_mark)
            if key_text in result:
                result.duplicates.append((key_text, key_loc))
                continue
            result[key_text] = self.build(value_node, depth + 1, aliased)
            result.key_locs[key_text] = key_loc
            result.value_locs[key_text] = self.loc(value_node.start_mark)
        return result

    def _first_alias(self) -> Location | None:
        """Where the file first uses an alias (composed nodes forget where aliases were)."""
        try:
            for event in yaml.parse(self.text, Loader=SAFE_LOADER):
                if isinstance(event, yaml.AliasEvent):
                    return self.loc(event.start_mark)
        except yaml.YAMLError:  # pragma: no cover - the file composed, so it parses
            pass
        return None


def _decode(data: bytes, display_path: str) -> tuple[str | None, list[Diagnostic]]:
    """The file's text, or a diagnostic saying which encoding it is in instead of UTF-8."""
    start = Location(display_path, 1, 1)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [error("source.encoding", "file is saved as UTF-16 (Unicode); save it as UTF-8 "
                                               "(in Notepad: Save as, Encoding: UTF-8)", start)]
    head = data[:400]
    if len(head) >= 4 and head.count(0) * 3 >= len(head):  # every other byte zero: UTF-16 without a mark
        return None, [error("source.encoding", "file is saved as UTF-16 (every other byte is zero); "
                                               "save it as UTF-8 (in Notepad: Save as, Encoding: UTF-8)", start)]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        before = data[:exc.start]
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        bad = data[exc.start:exc.start + 1]
        return None, [error("source.encoding",
                            f"byte 0x{bad.hex().upper()} here is not UTF-8 (it reads as "
                            f"'{bad.decode('cp1252', errors='replace')}' in Windows-1252 or Latin-1); "
                            "save the file as UTF-8",
                            Location(display_path, before.count(b"\n") + 1, column))]


def _text_location(text: str, position: int, display_path: str) -> Location:
    line_start = text.rfind("\n", 0, position) + 1
    return Location(display_path, text.count("\n", 0, position) + 1, position - line_start + 1)


_CLOSERS = {"[": "]", "{": "}"}


def _unclosed_bracket(text: str) -> tuple[int, str] | None:
    """(position, bracket) of the first '[' or '{' never closed, outside quotes and comments."""
    stack, quote, comment = [], "", False
    for position, char in enumerate(text):
        if comment:
            comment = char != "\n"
        elif quote:
            quote = "" if char == quote else quote
        elif char in "\"'" and (position == 0 or text[position - 1] in " [{,:"):
            quote = char
        elif char == "#" and (position == 0 or text[position - 1] in " \t\n"):
            comment = True
        elif char in _CLOSERS:
            stack.append((position, char))
        elif stack and char == _CLOSERS[stack[-1][1]]:
            stack.pop()
    return stack[0] if stack else None


def _yaml_error(exc: yaml.YAMLError, text: str, display_path: str) -> Diagnostic:
    """A YAML error as a diagnostic at the place the mistake starts."""
    if isinstance(exc, yaml.reader.ReaderError):
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        name = "a NUL character" if char == "\0" else f"the control character U+{ord(char):04X}"
        return error("source.yaml", f"{name} is here, invisible in most editors; delete it",
                     _text_location(text, exc.position, display_path))
    if not isinstance(exc, yaml.MarkedYAMLError):
        return error("source.yaml", f"YAML syntax: {exc}", Location(display_path, 1, 1))
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    mark = exc.problem_mark or exc.context_mark
    # A quote or bracket left open is found only at the end of the file; the mistake is
    # where the scanner started the value it could not finish.
    if exc.context_mark is not None and "end of stream" in problem:
        mark = exc.context_mark
        problem = ("the quote opened here is never closed; close it with the same quote mark"
                   if "quoted" in (exc.context or "") else
                   f"the {exc.context.replace('while scanning', '').replace('while parsing', '').strip()} "
                   "started here is never closed")
    elif "flow" in (exc.context or "") and _unclosed_bracket(text) is not None:
        position, opened = _unclosed_bracket(text)
        problem = f"the '{opened}' here is never closed with '{_CLOSERS[opened]}' (or an item lacks its comma)"
        return error("source.yaml", f"YAML syntax: {problem}", _text_location(text, position, display_path))
    where = Location(display_path, mark.line + 1, mark.column + 1) if mark else Location(display_path, 1, 1)
    hint = ""
    if "'\\t'" in problem or "tab" in problem:
        problem, hint = "a tab character is used to indent", "; indent with spaces, not tabs"
    elif "mapping values are not allowed" in problem:
        hint = "; put text containing ': ' in quotes or under '|'"
    return error("source.yaml", f"YAML syntax: {problem}{hint}", where)


def load_yaml(path: Path, display_path: str) -> tuple[object, list[Diagnostic]]:
    """Read one YAML file: (value with locations, diagnostics). Value is None on error."""
    text, diags = _decode(path.read_bytes(), display_path)
    if text is None:
        return None, diags
    try:
        node = yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        return None, [_yaml_error(exc, text, display_path)]
    except RecursionError:  # brackets nested thousands deep: the composer's own limit
        return None, [error("source.yaml", f"values are nested more than {MAX_DEPTH} levels deep; "
                                           "a source never needs that many", Location(display_path, 1, 1))]
    if node is None:
        return None, [error("source.empty", "file is empty; see docs/sources.md for what goes in it",
                            Location(display_path, 1, 1))]
    try:
        return _Builder(display_path, text.split("\n"), text).build(node), []
    except SourceLimit as exc:
        return None, [error("source.limit", exc.message, exc.loc)]


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
