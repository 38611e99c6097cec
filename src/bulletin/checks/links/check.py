"""Turn source text and URL fields into link references, and references into checked results.

`find_links` reads a `LocStr` of Markdown source through the one extractor the renderer
uses (`markup.source_links`), so exactly the links a reader can click are checked, each at
its file:line:col. `link_ref` wraps a URL field (a layout's website, a review's report
url). `check_links` is the one entry point for the build: static checks, the cache, the
network, then one diagnostic per problem occurrence.
"""

from __future__ import annotations

from pathlib import Path

from ...diagnostics import Diagnostic, Location
from ...markup import source_links
from .records import LinkRef, LinkResult
from .report import diagnose_results
from .run import run_checks


def find_links(text: str, publication: str) -> list[LinkRef]:
    """Every link written in a Markdown source string, in document order, each located
    at its first character through `text.loc_at` (a plain str gets an empty location).
    Images are not links: they are project files the renderer embeds."""
    def where(offset: int) -> Location:
        if hasattr(text, "loc_at"):
            return text.loc_at(offset)
        return Location("", 0, 0)

    return [LinkRef(found.target, found.text, where(found.start), publication, found.kind,
                    found.bare, found.written)
            for found in source_links(text) if found.kind != "image"]


def link_ref(uri: str, publication: str, text: str = "", location: Location | None = None) -> LinkRef:
    """A reference for a URL field (a layout's website, a review's report url), located
    where the field's value is written, or at `location` for a value built from it
    (`mailto:` + a contact address)."""
    loc = location or getattr(uri, "loc", None) or Location("", 0, 0)
    return LinkRef(str(uri).strip(), text, loc, publication, "field")


def check_links(refs: list[LinkRef], root: Path, *, offline: bool, settings: dict | None = None,
                placeholders_are_errors: bool = False, verbose: bool = False,
                traces=(), network=None) -> tuple[list[LinkResult], list[Diagnostic]]:
    """Check every reference: (one result per occurrence, diagnostics).

    Each distinct target is checked once. `offline` opens no sockets at all. Diagnostics
    cover warnings and errors per occurrence, plus a one-line note when the run found no
    network; `verbose` adds an info line for every working, cached or ignored link too.
    `traces` are aiohttp TraceConfigs (to watch or fail requests) and `network` a
    `network.Network` (the name resolver and the offline probe), both for tests."""
    results, notes = run_checks(refs, Path(root), offline=offline, settings=settings or {},
                                traces=traces, network=network)
    return results, notes + diagnose_results(results, placeholders_are_errors, verbose)
