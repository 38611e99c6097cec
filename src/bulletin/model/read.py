"""Turn one source file into its loaded value (with locations) and its validated value, with the diagnostics of both."""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Location, relative
from ..sources import load_yaml
from ..validate import validate


def read_source(path: Path, root: Path, spec, what: str):
    """((raw, clean) or None, the path as shown, diagnostics) for one file."""
    display = relative(path, root)
    raw, diags = load_yaml(path, display)
    if raw is None:
        return None, display, diags
    data, more = validate(raw, spec, what, Location(display, 1, 1))
    return (raw, data), display, diags + more
