"""Locate the packaged font files, and copy them beside the HTML pages in dist/.

Kept apart from the renderers so that finding the fonts does not import WeasyPrint.
"""

from __future__ import annotations

from pathlib import Path

import fontpkg_atkinson_hyperlegible as atkinson

from .output import copy_atomic

FONT_DIR = Path(atkinson.ROOT) / "files"


def copy_assets(dist: Path) -> None:
    """Fonts the HTML pages use, beside them, so a page works when uploaded with dist/."""
    for font in sorted(FONT_DIR.glob("*.ttf")):
        copy_atomic(font, dist / "assets" / "fonts" / font.name)
