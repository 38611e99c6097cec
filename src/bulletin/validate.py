"""Check a loaded source value against its schema `Field`, turning text into typed values.

Returns the cleaned value (dicts, lists, `LocStr`, `PartialDate`, bool, int) and every
problem found, each at the line and column where it is written. Unknown keys come with
a did-you-mean; references between files are checked later, in `model.py`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.presets import commonmark

from .diagnostics import Diagnostic, Location, did_you_mean, error
from .schema import Field
from .sources import LocDict, LocList, LocStr

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATE_RE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
MONTHS = list(calendar.month_name)
# Case reviews began in the twentieth century; a year outside this is a typing slip (and
# year 0 is not a date Python, or a reader, can use).
YEARS = (1900, 2100)


@dataclass(frozen=True)
class PartialDate:
    """A date as precise as the source says: a day, or only a month."""

    year: int
    month: int
    day: int | None = None

    def __str__(self) -> str:  # GOV.UK style: 8 November 2017, July 2017
        if self.day:
            return f"{self.day} {MONTHS[self.month]} {self.year}"
        return f"{MONTHS[self.month]} {self.year}"

    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}" + (f"-{self.day:02d}" if self.day else "")

    def first_day(self):
        import datetime
        return datetime.date(self.year, self.month, self.day or 1)

    def last_day(self):
        import datetime
        return datetime.date(self.year, self.month,
                             self.day or calendar.monthrange(self.year, self.month)[1])

    def weekday_text(self) -> str:
        """'Wednesday 8 November 2017' for a full date, else str(self)."""
        if not self.day:
            return str(self)
        return f"{calendar.day_name[self.first_day().weekday()]} {self}"


def _where(value, fallback: Location) -> Location:
    return getattr(value, "loc", None) or fallback


def parse_date(text: str) -> PartialDate | str:
    """A PartialDate, or the reason the text is not one."""
    match = DATE_RE.match(text.strip())
    if not match:
        return "must be a date written YYYY-MM-DD (or YYYY-MM for a month)"
    year, month, day = int(match[1]), int(match[2]), match[3]
    if not YEARS[0] <= year <= YEARS[1]:
        return f"has year {match[1]}; write a year from {YEARS[0]} to {YEARS[1]}"
    if not 1 <= month <= 12:
        return f"has month {month}, which does not exist"
    if day is not None:
        day = int(day)
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            return f"has day {day}, but {MONTHS[month]} {year} has {last} days"
    return PartialDate(year, month, day)


def validate(value, spec: Field, name: str, where: Location) -> tuple[object, list[Diagnostic]]:
    """(clean value, diagnostics) for `value` read from the field called `name`."""
    checker = _TYPES.get(spec.type)
    if checker is None:  # pragma: no cover - a schema bug, not a user's mistake
        raise ValueError(f"unknown field type {spec.type}")
    where = _where(value, where)
    if isinstance(value, LocStr) and value.tag == "null":  # `title:`, `title: ~`, `title: null`
        return None, [error("source.empty-value", f"'{name}' is empty; write its text or remove the line", where)]
    return checker(value, spec, name, where)


def _scalar(value, name, where, expected) -> tuple[LocStr | None, list[Diagnostic]]:
    if isinstance(value, (dict, list)):
        shape = "a list" if isinstance(value, list) else "a set of fields"
        return None, [error("source.type", f"'{name}' must be {expected}, not {shape}", where)]
    return value, []


def _text(value, spec, name, where):
    text, diags = _scalar(value, name, where, "text")
    if text is not None and not text.strip():
        return None, [error("source.empty-value", f"'{name}' is empty; write its text or remove the line", where)]
    if spec.type == "markdown" and text is not None:
        diags += markdown_depth(text, name, where)
    return text, diags


# markup.py renders with markdown-it's "commonmark" preset, which silently drops whatever
# is nested deeper than its maxNesting; parsing without that limit finds such text first.
MARKDOWN_MAX_NESTING = commonmark.make()["options"]["maxNesting"]
_UNLIMITED = MarkdownIt("commonmark", {"html": False, "linkify": True, "maxNesting": 10**6})
_NESTING_MARKS = re.compile(r"[>*+_\[-]|\d[.)]")


def markdown_depth(text: LocStr, name: str, where: Location) -> list[Diagnostic]:
    """An error where Markdown nests deeper than the renderer prints (lists in lists in
    quotes...), since that text would vanish from every format without a word."""
    if len(_NESTING_MARKS.findall(text)) < MARKDOWN_MAX_NESTING // 2:
        return []  # too few marks to nest that deep: the common case costs no parse
    for token in _UNLIMITED.parse(str(text)):
        levels = [] if token.type == "inline" else [token.level]
        levels += [child.level for child in token.children or []]
        if max(levels, default=0) >= MARKDOWN_MAX_NESTING:
            line = token.map[0] if token.map else 0
            offset = sum(len(part) + 1 for part in text.split("\n")[:line])
            return [error("source.markdown-depth",
                          f"'{name}' nests lists, quotes or emphasis more than {MARKDOWN_MAX_NESTING} levels "
                          "deep here, and text that deep would not be printed; flatten it",
                          text.loc_at(offset) if text.loc_at(offset) != text.loc else where)]
    return []


def _name(value, spec, name, where):
    text, diags = _scalar(value, name, where, "a name")
    if text is not None and not NAME_RE.match(text):
        diags.append(error("source.name", f"'{name}' must be a name in lower case with hyphens "
                                          f"(like 'child-f'), got '{text}'", where))
    return text, diags


def _date(value, spec, name, where):
    text, diags = _scalar(value, name, where, "a date")
    if text is None:
        return None, diags
    parsed = parse_date(str(text))
    if isinstance(parsed, str):
        return None, [error("source.date", f"'{name}' {parsed}, got '{text}'", where)]
    return parsed, []


def _bool(value, spec, name, where):
    text, diags = _scalar(value, name, where, "true or false")
    if text is not None and getattr(text, "tag", "") != "bool":
        return None, [error("source.type", f"'{name}' must be true or false, got '{text}'", where)]
    return (None if text is None else text.lower() in ("true", "yes", "on")), diags


def _int(value, spec, name, where):
    text, diags = _scalar(value, name, where, "a whole number")
    if text is None:
        return None, diags
    low, high = spec.bounds or (0, 10_000)
    if not str(text).strip().isdigit() or not low <= int(text) <= high:
        return None, [error("source.type", f"'{name}' must be a whole number from {low} to {high}, "
                                           f"got '{text}'", where)]
    return int(text), diags


def _url(value, spec, name, where):
    text, diags = _scalar(value, name, where, "a web address")
    if text is not None and (" " in text.strip() or not text.strip()):
        return None, [error("source.url", f"'{name}' must be a web address without spaces, got '{text}'", where)]
    return text, diags


def _email(value, spec, name, where):
    text, diags = _scalar(value, name, where, "an e-mail address")
    if text is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
        return None, [error("source.email", f"'{name}' must be an e-mail address, got '{text}'", where)]
    return text, diags


def _enum(value, spec, name, where):
    text, diags = _scalar(value, name, where, "one of " + ", ".join(spec.choices))
    if text is not None and text not in spec.choices:
        return None, [error("source.choice",
                            f"'{name}' must be one of {', '.join(spec.choices)}, got '{text}'"
                            f"{did_you_mean(text, spec.choices)}", where)]
    return text, diags


def _list(value, spec, name, where):
    if not isinstance(value, LocList):
        if isinstance(value, LocStr) and spec.of.type in ("name", "text"):
            value = _as_list(value)  # a single name is accepted as a list of one
        else:
            return None, [error("source.type", f"'{name}' must be a list (lines starting with '- ')", where)]
    clean, diags = [], []
    for item, item_loc in zip(value, value.item_locs):
        item_value, item_diags = validate(item, spec.of, f"{name} item", item_loc)
        diags += item_diags
        if item_value is not None:
            clean.append(item_value)
    return clean, diags


def _as_list(text: LocStr) -> LocList:
    result = LocList([text])
    result.loc, result.item_locs = text.loc, [text.loc]
    return result


def _not_a_mapping(value, name, spec) -> str:
    shape = "a list" if isinstance(value, list) else f"'{value}'"
    fields = f" ({', '.join(spec.fields)})" if spec.type == "record" and len(spec.fields) <= 6 else ""
    return f"'{name}' must be a set of 'field: value' lines{fields}, not {shape}"


def _duplicates(value: LocDict) -> list[Diagnostic]:
    return [error("source.duplicate-key", f"'{key}' is written twice; keep one", key_loc)
            for key, key_loc in getattr(value, "duplicates", ())]


def _record(value, spec, name, where):
    if not isinstance(value, LocDict):
        return None, [error("source.type", _not_a_mapping(value, name, spec), where)]
    clean, diags = {}, _duplicates(value)
    for key, item in value.items():
        if key not in spec.fields:
            diags.append(error("source.unknown-key",
                               f"unknown field '{key}' in {name}{did_you_mean(key, spec.fields)}",
                               value.key_locs[key]))
            continue
        if item is None:
            continue
        item_value, item_diags = validate(item, spec.fields[key], key, value.value_locs[key])
        diags += item_diags
        if item_value is not None:  # an invalid field is absent, never None
            clean[key] = item_value
    for key, field_spec in spec.fields.items():
        if field_spec.required and value.get(key) is None and not any(
                d.code == "source.unknown-key" and key in d.message for d in diags):
            diags.append(error("source.missing", f"{name} needs '{key}': {field_spec.help}", where))
    return clean, diags


def _map(value, spec, name, where):
    if not isinstance(value, LocDict):
        return None, [error("source.type", _not_a_mapping(value, name, spec), where)]
    clean, diags = {}, _duplicates(value)
    for key, item in value.items():
        if spec.choices and key not in spec.choices:  # labels, overrides: a fixed set of names
            hint = did_you_mean(key, spec.choices) or f"; known: {', '.join(spec.choices)}"
            diags.append(error("source.unknown-key", f"unknown {name} entry '{key}'{hint}",
                               value.key_locs[key]))
            continue
        if item is None:
            continue
        item_value, item_diags = validate(item, spec.of, key, value.value_locs[key])
        diags += item_diags
        if item_value is not None:
            clean[key] = item_value
    return clean, diags


def _section(value, spec, name, where):
    """A settings section read by the module that owns it (bulletin.yaml's checks, links,
    delivery): here only its shape and duplicate keys, so nothing is reported twice."""
    if not isinstance(value, LocDict):
        return None, [error("source.type", _not_a_mapping(value, name, spec), where)]
    diags = []
    stack = [value]
    while stack:
        mapping = stack.pop()
        if isinstance(mapping, LocDict):
            diags += _duplicates(mapping)
        stack += [v for v in (mapping.values() if isinstance(mapping, dict) else mapping)
                  if isinstance(v, (dict, list))]
    return value, diags


_TYPES = {
    "text": _text, "markdown": _text, "name": _name, "date": _date, "bool": _bool,
    "int": _int, "url": _url, "email": _email, "enum": _enum, "list": _list,
    "record": _record, "map": _map, "section": _section,
}
