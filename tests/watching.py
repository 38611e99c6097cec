"""What the watch tests share: reading a served page and saving an edit as an editor does."""

from __future__ import annotations

import urllib.request
from pathlib import Path


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def save(path: Path, old: str, new: str) -> list[Path]:
    """Edit a file as an editor saves it; the changed files, as watchfiles reports them."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return [path]
