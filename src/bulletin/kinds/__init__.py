"""Turn a publication kind's name into everything known about it: template, skeleton, what it prints where, print and delivery rules.

One plain dict per kind (the built-in five in kinds/builtin.py, written from the templates
as they are), so scaffolding, validation, compose, the templates' lookup, contents lists,
the print edition, Word, delivery checks, the link check, the catalogue, the importer and
the docs' "where each field prints" table (kinds/table.py) all ask one place. Adding a
kind is one template, one skeleton and one entry.

Per kind:
- `label`: what people call it (catalogue, messages).
- `template`, `skeleton`: file names in templates/ and skeletons/.
- `reviews`: "one" (the `review` field) or "many" (`reviews` / `select`, a compendium).
- `own_fields`: publication fields that only this kind reads; `ignores`: publication
  fields every other kind reads and this one does not print.
- `prints`: review field -> where it prints, in the docs' words: `labels.x` is the
  heading the partnership words in `labels:`, a quoted heading is fixed, `›` nests, and
  `(no heading)` prints the text without one. A field not listed is not printed.
- `prints_report_url`: whether the review's `report.url` prints as a link (so the link
  check checks it; a reader of the other kinds never sees it).
- `word_footer`: the Word footer's left-hand text; None means the layout's `footer`
  (else the title). The 7-minute briefing is its own product whatever a partnership's
  series is called, so "Learning Lessons Briefing" is never printed under it.
- `print`: `states_pages_as` (the print edition says "This handout is 2 pages..."; None:
  no statement), `typical_pages` (the pages such a kind is written to fill, the count the
  print edition first states), `contents` ("always", or "when long": past two pages),
  `usually_short` (laid out without a contents list first).
- `delivery`: `max_sides` (sides of A4 it should fit; bulletin.yaml `delivery:
  handout_pages` changes the number), `too_long_fix` (what the warning suggests).
- `paper`: how the kind is set on A4 in print and Word: `orientation` ("portrait" or
  "landscape"), `columns` (1 or 2) and `type_scale` (body text size against the layout's).
  Each column holds the layout's `page.line_chars` (render/measure.py works out margins).
- `importer`: how a Word document is recognised as this kind: `title_words` in its
  title, kicker or subtitle; `top_headings` among its top-level headings; `fact_headings`
  (at least two of them) among its sub-headings; `reads_as`: which of the importer's
  mappings reads its body ("briefing", "bulletin" or "compendium").
- `name_suffixes`: endings of a publication's name that `bulletin new` strips to name
  its review (child-a-briefing -> child-a).

A kind outside builtin.py (a partnership's own, or a test's) is added with
`register(name, entry)` and taken away with `unregister(name)`: the entry needs `label`,
`template`, `skeleton` (a file name in skeletons/, or a path to a file anywhere) and
`reviews`; everything else defaults to what a plain briefing-like kind has (DEFAULTS).
Its template is found as any template is: in the layout's templates/ folder first, then
in templates/. Everything that asks the registry sees the new kind at once (`NAMES` is a
live view); build worker processes (`--jobs` above 1) see only the kinds registered at import.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .builtin import BUILT_IN_KINDS

KINDS: dict[str, dict] = dict(BUILT_IN_KINDS)  # register() adds to it
BUILT_IN = frozenset(BUILT_IN_KINDS)

# What a registered kind has unless its entry says otherwise: a one-review kind printed
# like a briefing, with no rules of its own.
DEFAULTS: dict = {
    "own_fields": (), "ignores": (), "prints": {}, "prints_report_url": False, "word_footer": None,
    "print": {"states_pages_as": None, "typical_pages": None, "contents": "when long", "usually_short": False},
    "delivery": {"max_sides": None, "too_long_fix": ""},
    "paper": {"orientation": "portrait", "columns": 1, "type_scale": 1.0},
    "importer": {"title_words": (), "top_headings": (), "fact_headings": (), "reads_as": "briefing"},
    "name_suffixes": (),
}
REQUIRED = ("label", "template", "skeleton", "reviews")
DEFAULT_KIND = "briefing"  # what an imported document is when nothing marks it as another kind


class _Names(Sequence):
    """The kinds' names in registry order, read afresh each time (so a kind registered
    later is a choice of `kind:` in sources, `bulletin new` and the JSON Schema at once)."""

    def __getitem__(self, index):
        return tuple(KINDS)[index]

    def __len__(self) -> int:
        return len(KINDS)

    def __repr__(self) -> str:
        return repr(tuple(KINDS))


NAMES: Sequence[str] = _Names()
LABEL_REF = re.compile(r"labels\.([a-z_]+)")


def register(name: str, entry: dict) -> dict:
    """Add a kind: `entry` needs REQUIRED's keys; the rest default (DEFAULTS), nested
    sections key by key. Returns the full entry. ValueError for a name already taken or
    an entry short of a required key, so a mistake shows where the kind is defined."""
    if name in KINDS:
        raise ValueError(f"a publication kind named '{name}' exists already")
    missing = [key for key in REQUIRED if key not in entry]
    unknown = [key for key in entry if key not in DEFAULTS and key not in REQUIRED and key != "sections"]
    if missing or unknown:
        raise ValueError(f"kind '{name}': " + "; ".join(
            ([f"missing {', '.join(missing)}"] if missing else []) + ([f"unknown {', '.join(unknown)}"] if unknown else [])))
    if entry["reviews"] not in ("one", "many"):
        raise ValueError(f"kind '{name}': 'reviews' is \"one\" or \"many\", not {entry['reviews']!r}")
    full = {key: ({**value, **entry.get(key, {})} if isinstance(value, dict) and key != "prints"
                  else entry.get(key, value)) for key, value in DEFAULTS.items()}
    KINDS[name] = {**entry, **full}
    return KINDS[name]


def unregister(name: str) -> None:
    """Take away a kind `register` added (the built-in kinds stay)."""
    if name in BUILT_IN:
        raise ValueError(f"'{name}' is a built-in kind")
    KINDS.pop(name, None)


def kind(name: str) -> dict:
    """The registry entry for `name` (KeyError for an unknown kind: validation names those)."""
    return KINDS[name]


def prints(name: str, field: str) -> str | None:
    """Where a review field prints in this kind, in the docs' words; None when it does not."""
    return KINDS[name]["prints"].get(field)


def applies(name: str, field: str) -> bool:
    """Whether a publication field means anything in this kind."""
    entry = KINDS[name]
    if field in entry.get("ignores", ()):
        return False
    if field == "review":
        return entry["reviews"] == "one"
    owners = [k for k, e in KINDS.items() if field in e["own_fields"]]
    return not owners or name in owners


def required_fields(name: str) -> set[str]:
    """Publication fields this kind needs beyond the schema's required ones."""
    return {"reviews"} if KINDS[name]["reviews"] == "many" else {"review"}


def word_footer(name: str, layout_footer: str, title: str) -> str:
    """The Word footer's left-hand text for a publication of this kind."""
    return KINDS[name]["word_footer"] or layout_footer or title


def max_sides(name: str, configured: int) -> int | None:
    """Sides of A4 this kind should fit (bulletin.yaml's `handout_pages` when set), or None."""
    return configured if must_fit_sheet(name) else None


def print_rule(name: str, rule: str):
    """One of the kind's `print` rules (`contents`, `usually_short`, `states_pages_as`,
    `typical_pages`); an unknown kind has the defaults."""
    return (KINDS[name] if name in KINDS else DEFAULTS)["print"][rule]


def paper(name: str) -> dict:
    """How the kind is set on paper (`orientation`, `columns`, `type_scale`)."""
    return {**DEFAULTS["paper"], **(KINDS[name] if name in KINDS else DEFAULTS).get("paper", {})}


def many_reviews(name: str) -> bool:
    """Whether the kind prints several reviews (`reviews` / `select`), each as a case."""
    return KINDS[name]["reviews"] == "many"


def label(name: str) -> str:
    """What people call the kind ("7-minute briefing"); an unknown name, capitalised."""
    return KINDS[name]["label"] if name in KINDS else str(name or "").capitalize()


def must_fit_sheet(name: str) -> bool:
    """Whether the kind is written to fit a sheet of A4 (checked against its sides)."""
    return name in KINDS and bool(KINDS[name]["delivery"]["max_sides"])


def fitting_a_sheet() -> tuple[str, ...]:
    """The kinds written to fit a sheet of A4 (handouts, 7-minute briefings)."""
    return tuple(k for k in KINDS if must_fit_sheet(k))


def owners(field: str) -> tuple[str, ...]:
    """The kinds that own a publication field only they read (`overrides`: seven-minute)."""
    return tuple(k for k, e in KINDS.items() if field in e["own_fields"])


def guess_from_document(top_headings, sub_headings, title_words: str) -> str:
    """The kind of an imported Word document, from its hints: a kind one of whose
    `top_headings` it has, else one with two of its `fact_headings` among the sub-headings,
    else one whose `title_words` are in its title, kicker or subtitle, else a briefing."""
    hints = [(k, e["importer"]) for k, e in KINDS.items()]
    for name, hint in hints:
        if set(hint["top_headings"]) & set(top_headings):
            return name
    for name, hint in hints:
        if hint["fact_headings"] and len(set(hint["fact_headings"]) & set(sub_headings)) >= 2:
            return name
    for name, hint in hints:
        if any(word in title_words for word in hint["title_words"]):
            return name
    return DEFAULT_KIND


def review_name_for(name: str) -> str:
    """The review a new publication gets when none is named: its name, less the kind."""
    suffixes = sorted((s for e in KINDS.values() for s in e["name_suffixes"]), key=len, reverse=True)
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name
