"""Turn bytes into build outputs on disk atomically: a temporary file beside the target, then a rename.

A failed or interrupted build never leaves a half-written file where a good one was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes | str) -> int:
    """Write `data` to `path` via a temporary file and os.replace; returns the size."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(data)


class Staged:
    """Files written under temporary names beside their targets, not yet in place: a
    build stages each publication as it is rendered (so its bytes need not wait in memory
    for the checks), then commits or discards it."""

    def __init__(self, files: dict[Path, tuple[str, int]]):
        self.files = files  # target -> (temporary path, size)

    def read(self, target: Path) -> bytes:
        return Path(self.files[target][0]).read_bytes()

    def commit(self) -> dict[Path, int]:
        """Rename every file into place; returns {target: size}. If a rename fails, the
        files not yet renamed are removed."""
        try:
            for path, (tmp, _) in self.files.items():
                os.replace(tmp, path)
        except BaseException:
            self.discard()
            raise
        return {path: size for path, (_, size) in self.files.items()}

    def discard(self) -> None:
        """Remove the temporary files (those already renamed are gone from their names)."""
        for tmp, _ in self.files.values():
            Path(tmp).unlink(missing_ok=True)


def stage_together(files: dict[Path, bytes]) -> Staged:
    """Write each file to a temporary name beside its target, ready to be committed
    together. On an error the temporary files are removed and the error raised."""
    staged: dict[Path, tuple[str, int]] = {}
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged[path] = (tmp, len(data))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, 0o644)
    except BaseException:
        Staged(staged).discard()
        raise
    return Staged(staged)


def copy_atomic(source: Path, target: Path) -> None:
    if target.is_file() and target.stat().st_size == source.stat().st_size:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    shutil.copyfile(source, tmp)
    os.replace(tmp, target)
