"""Turn a publication into the names of its output files: `<layout>-<publication>` plus a suffix per format."""

from __future__ import annotations


def output_stem(project, publication) -> str:
    """File name without extension: `<layout>-<publication>`, safe for e-mail and the web."""
    layout = publication.layout or "default"
    return publication.name if publication.name.startswith(layout + "-") else f"{layout}-{publication.name}"
