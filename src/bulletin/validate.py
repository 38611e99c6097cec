"""Check a loaded source value against its schema `Field`, turning text into typed values.

Returns the cleaned value (dicts, lists, `LocStr`, `PartialDate`, bool, int) and every
problem found, each at the line and column where it is written. Unknown keys come with
a did-you-mean; references between files are checked later, in `model.py`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from .diagnostics import Diagnostic, Location, did_you_mean, error
from .schema import Field
from .sources import LocDict, LocList, LocStr

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATE_RE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
MONTHS = list(calendar.month_name)


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
    return checker(value, spec, name, _where(value, where))


def _scalar(value, name, where, expected) -> tuple[LocStr | None, list[Diagnostic]]:
    if isinstance(value, (dict, list)):
        shape = "a list" if isinstance(value, list) else "a set of fields"
        return None, [error("source.type", f"'{name}' must be {expected}, not {shape}", where)]
    return value, []


def _text(value, spec, name, where):
    text, diags = _scalar(value, name, where, "text")
    if text is not None and not text.strip():
        return None, [error("source.empty-value", f"'{name}' is empty; write its text or remove the line", where)]
    return text, diags


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
    if text is not None and not str(text).isdigit():
        return None, [error("source.type", f"'{name}' must be a whole number, got '{text}'", where)]
    return (None if text is None else int(text)), diags


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


def _record(value, spec, name, where):
    if not isinstance(value, LocDict):
        return None, [error("source.type", f"'{name}' must be a set of fields "
                                           f"({', '.join(spec.fields)})", where)]
    clean, diags = {}, []
    for key, key_loc in value.get("__duplicates__", []):
        diags.append(error("source.duplicate-key", f"'{key}' is written twice; keep one", key_loc))
    for key, item in value.items():
        if key == "__duplicates__":
            continue
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
        return None, [error("source.type", f"'{name}' must be a set of 'key: value' lines", where)]
    clean, diags = {}, []
    for key, item in value.items():
        if key == "__duplicates__":
            continue
        if item is None:
            continue
        item_value, item_diags = validate(item, spec.of, key, value.value_locs[key])
        diags += item_diags
        if item_value is not None:
            clean[key] = item_value
    return clean, diags


_TYPES = {
    "text": _text, "markdown": _text, "name": _name, "date": _date, "bool": _bool,
    "int": _int, "url": _url, "email": _email, "enum": _enum, "list": _list,
    "record": _record, "map": _map,
}
