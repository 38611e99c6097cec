"""Turn earlier successful link checks into answers for this run, and this run's successes
into the project's cache file, `<root>/.bulletin-cache/links.json`.

Only working and redirected answers are stored: a failure may be a passing outage, and a
cached failure would hide the moment it is fixed. The file is written to a temporary
name and moved into place, so an interrupted build never leaves half a cache behind.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .records import Status

CACHE_FILE = Path(".bulletin-cache") / "links.json"
CACHEABLE = {Status.WORKING, Status.REDIRECTED}
_VERSION = 1


@dataclass
class CacheEntry:
    status: Status
    http_status: int | None
    final_uri: str
    info: str
    checked_at: float


def load_cache(root: Path, max_age: float, now: float | None = None) -> dict[str, CacheEntry]:
    """Entries younger than max_age, by normalised URL. A missing or unreadable cache is
    empty: it is only ever an optimisation."""
    now = time.time() if now is None else now
    try:
        data = json.loads((root / CACHE_FILE).read_text(encoding="utf-8"))
        if data.get("version") != _VERSION:
            return {}
        entries = {}
        for key, raw in data.get("entries", {}).items():
            entry = CacheEntry(Status(raw["status"]), raw.get("http_status"),
                               raw.get("final_uri", ""), raw.get("info", ""),
                               float(raw["checked_at"]))
            if entry.status in CACHEABLE and 0 <= now - entry.checked_at <= max_age:
                entries[key] = entry
        return entries
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def save_cache(root: Path, fresh: dict[str, CacheEntry], max_age: float,
               now: float | None = None) -> None:
    """Merge this run's cacheable answers into the file, dropping expired entries."""
    now = time.time() if now is None else now
    entries = load_cache(root, max_age, now)
    entries.update({k: v for k, v in fresh.items() if v.status in CACHEABLE})
    path = root / CACHE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "version": _VERSION,
        "entries": {
            key: {"status": e.status.value, "http_status": e.http_status,
                  "final_uri": e.final_uri, "info": e.info, "checked_at": e.checked_at}
            for key, e in sorted(entries.items())
        },
    }
    fd, tmp = tempfile.mkstemp(prefix=".links-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(payload, out, indent=1)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def describe_age(seconds: float) -> str:
    """'2 s', '5 min', '3 h' or '2 days': how long ago, for messages."""
    if seconds < 60:
        return f"{max(0, round(seconds))} s"
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))} min"
    if seconds < 2 * 86400:
        return f"{round(seconds / 3600)} h"
    return f"{round(seconds / 86400)} days"
