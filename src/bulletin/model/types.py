"""Turn the schema's records into typed classes, and validated values into their instances.

Every record in `schema.py` (a review, a publication, a learning theme, a layout's fonts,
bulletin.yaml...) becomes a slotted dataclass with one attribute per field, generated here
so that a field is defined once, in the schema. Readers after validation use attributes:
there is no `obj["field"]` and no attribute a record does not have (`AttributeError`).
Each instance keeps the mapping it was read from, so `field_loc(name)` still points at the
line a field is written on.
"""

from __future__ import annotations

import dataclasses
import keyword
from typing import Any, Iterator

from .. import schema
from ..diagnostics import Location
from ..schema import Field
from ..sources import LocDict


def attribute(name: str) -> str:
    """The attribute a field is read by: its name, with `_` after a Python keyword (`from_`)."""
    return name + "_" if keyword.iskeyword(name) else name


class Record:
    """What every generated record has besides its fields: where it was written."""

    __slots__ = ()
    spec: Field  # the schema record it was generated from (a class attribute)

    def field_loc(self, name: str) -> Location:
        """Where field `name` is written, or where the record starts when it is not."""
        raw = self.raw
        found = raw.value_locs.get(name) if isinstance(raw, LocDict) else None
        return found or self.loc

    def key_loc(self, name: str) -> Location:
        """Where the key `name:` itself is written (for messages about the key, not its value)."""
        raw = self.raw
        found = raw.key_locs.get(name) if isinstance(raw, LocDict) else None
        return found or self.loc

    @property
    def loc(self) -> Location:
        """A file's record is at the file's start; a record inside one where it is written."""
        display = getattr(self, "display", "")
        if display:
            return Location(display, 1, 1)
        return getattr(self.raw, "loc", None) or Location("(unknown)", 1, 1)

    def written(self) -> Iterator[tuple[str, Any]]:
        """(field name, value) for each field with a value, in the order the source wrote
        them (schema order for what the source did not write: defaults, merged tokens)."""
        order = [k for k in (self.raw or ()) if k in self.spec.fields]
        order += [k for k in self.spec.fields if k not in order]
        for name in order:
            value = getattr(self, attribute(name))
            if value is not None and value != [] and value != {}:
                yield name, value


def _default(spec: Field):
    if spec.type == "list":
        return dataclasses.field(default_factory=list)
    if spec.type == "map":
        return dataclasses.field(default_factory=dict)
    return dataclasses.field(default=None)


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.replace("-", "_").split("_"))


_CLASSES: dict[int, type] = {}


def record_class(spec: Field, name: str, *, meta: tuple = (), frozen: bool = True) -> type:
    """The class for one schema record (and, depth first, for the records inside it).
    `meta` adds attributes that are not source fields: (name, default) pairs."""
    if id(spec) in _CLASSES:
        return _CLASSES[id(spec)]
    for field_name, sub in spec.fields.items():
        inner = sub.of if sub.type in ("list", "map") and sub.of is not None else sub
        if inner.type == "record":
            record_class(inner, name + (_camel(field_name).removesuffix("s") if sub.type == "list"
                                        else _camel(field_name)))
    fields = [(attribute(n), object, _default(sub)) for n, sub in spec.fields.items()]
    fields += [(n, object, dataclasses.field(default=d, repr=False, compare=False)) for n, d in meta]
    fields.append(("raw", object, dataclasses.field(default=None, repr=False, compare=False)))
    cls = dataclasses.make_dataclass(name, fields, bases=(Record,), frozen=frozen, slots=True,
                                     namespace={"spec": spec, "__module__": __name__})
    _CLASSES[id(spec)] = cls
    return cls


def build(spec: Field, clean, raw=None, **meta):
    """The typed value of a validated one: records become their class, lists and maps keep
    their shape with typed items, text, dates and numbers stay as validated."""
    if clean is None:
        return None
    if spec.type == "record":
        raw_map = raw if isinstance(raw, dict) else {}
        values = {attribute(n): build(sub, clean[n], raw_map.get(n)) for n, sub in spec.fields.items() if n in clean}
        return _CLASSES[id(spec)](**values, **meta, raw=raw if isinstance(raw, LocDict) else None)
    if spec.type == "list":
        raws = list(raw) if isinstance(raw, list) and len(raw) == len(clean) else [None] * len(clean)
        return [build(spec.of, item, item_raw) for item, item_raw in zip(clean, raws)]
    if spec.type == "map" and spec.of is not None and spec.of.type == "record":
        raw_map = raw if isinstance(raw, dict) else {}
        return {key: build(spec.of, value, raw_map.get(key)) for key, value in clean.items()}
    return clean


# The classes the model hands out. A source file's record knows its file too; `ok` turns
# False when a reference to another file is broken, so these two are not frozen.
_SOURCE_META = (("name", ""), ("path", None), ("display", ""), ("ok", True))

# Records several fields share get their own names first (generated classes are cached).
Section = record_class(schema.SECTION, "Section")
Logo = record_class(schema.LAYOUT.fields["logo"], "Logo", meta=(("src", None),))  # src: the image as a data: URI
Theme = record_class(schema.THEME_ENTRY, "Theme", meta=(("name", ""),))
Review = record_class(schema.REVIEW, "Review", meta=_SOURCE_META, frozen=False)
Publication = record_class(schema.PUBLICATION, "Publication", meta=_SOURCE_META, frozen=False)
Layout = record_class(schema.LAYOUT, "Layout", meta=(
    ("name", ""), ("folder", None), ("display", ""), ("ok", True),
    ("fingerprint", ""),  # the merged tokens as text, for the incremental build's manifest
))
Config = record_class(schema.CONFIG, "Config", meta=(("display", "bulletin.yaml"),))
