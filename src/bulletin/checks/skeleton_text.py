"""Turn the skeletons `bulletin new` writes, and a publication's source texts, into diagnostics for example text left in place.

The phrases come from the skeleton files themselves (skeletons/*.yaml), so a skeleton
edited tomorrow is checked tomorrow: every line of an example text block ("What
happened, and what should have happened instead.") and every value that asks to be
replaced ("Replace with the first learning theme"). A line whose words are one of those,
or that opens the way they do ("Replace this with ..."), is skeleton text.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

import yaml

from ..diagnostics import Diagnostic, error, warning

_MARKUP = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+|\*\*|__|[*_`]")
_FILLED_IN = re.compile(r"\$\{?\w+\}?")
_ASKS = "replace"  # the word a skeleton value opens with when it asks to be replaced


def normalise(line: str) -> str:
    """A line's words as a reader sees them: no list marker or emphasis, one space, lower case."""
    return " ".join(_MARKUP.sub("", line).split()).lower().rstrip(" .:")


def _example_texts(node):
    """Scalar values of a composed skeleton that are example text: `|` and `>` blocks
    (prose to write over) and values asking to be replaced."""
    if isinstance(node, yaml.ScalarNode):
        if node.style in ("|", ">") or normalise(node.value).startswith(_ASKS):
            yield node.value
    elif isinstance(node, yaml.MappingNode):
        for _key, value in node.value:
            yield from _example_texts(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _example_texts(item)


@cache
def skeleton_phrases() -> tuple[frozenset[str], tuple[str, ...]]:
    """(every line of skeleton example text, normalised; the openings of the lines that
    ask to be replaced, such as 'replace this with')."""
    phrases: set[str] = set()
    for path in sorted(files("bulletin").joinpath("skeletons").iterdir(), key=str):
        if not path.name.endswith(".yaml"):
            continue
        # `bulletin new` fills each $name (subject, dates, review list) with the user's own
        raw = _FILLED_IN.sub("", path.read_text(encoding="utf-8"))
        for value in _example_texts(yaml.compose(raw, Loader=yaml.SafeLoader)):
            phrases.update(normalise(line) for line in value.splitlines())
    phrases.discard("")
    openings = {" ".join(p.split()[: p.split().index("with") + 1]) for p in phrases
                if p.startswith(_ASKS) and "with" in p.split()[:4]}
    return frozenset(phrases), tuple(sorted(openings))


def check_skeleton_text(texts, publication: str, draft: bool) -> list[Diagnostic]:
    """Each line of the publication's texts still holding skeleton text: an error, or a
    warning while the publication is a draft (so a new skeleton still builds to look at)."""
    phrases, openings = skeleton_phrases()
    make = warning if draft else error
    out = []
    for text in texts:
        offset = 0
        for line in str(text).split("\n"):
            words = normalise(line)
            if words and (words in phrases or words.startswith(tuple(o + " " for o in openings))):
                shown = " ".join(line.split())
                shown = shown if len(shown) <= 60 else shown[:57] + "..."
                at = offset + len(line) - len(line.lstrip())
                out.append(make(
                    "content.skeleton-text",
                    f"'{shown}' is example text from the skeleton `bulletin new` wrote: "
                    "replace it with your own words, or delete it", text.loc_at(at),
                    publication=publication))
            offset += len(line) + 1
    return out
