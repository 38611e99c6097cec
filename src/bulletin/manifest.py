"""Turn a publication's inputs into a fingerprint, and dist/.manifest.json into skip decisions.

A publication's fingerprint hashes everything its outputs depend on: its own source, the
reviews it prints, the theme vocabulary, its layout folder, the project config, the
packaged templates and code, and the formats asked for. If the fingerprint matches the
one recorded when its outputs were last written, and those files are still there, the
build skips it and replays the diagnostics recorded with it, so the exit status stays
honest. Nothing here imports a renderer.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from . import __version__
from .diagnostics import Diagnostic, Location, Severity
from .output import write_atomic

MANIFEST_NAME = ".manifest.json"
PACKAGE = Path(__file__).resolve().parent


def _hash_files(paths) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
        digest.update(b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def package_fingerprint() -> str:
    """The packaged templates, layouts and code: a new version or an edit rebuilds all."""
    files = [p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix in (".py", ".j2", ".yaml", ".css")]
    return __version__ + ":" + _hash_files(files)


def _folder_files(folder: Path | None) -> list[Path]:
    if folder is None or not folder.is_dir():
        return []
    return [p for p in folder.rglob("*") if p.is_file()]


def fingerprint(project, publication, review_paths: list[Path], formats) -> str:
    layout = project.layouts.get(publication.data.get("layout"))
    inputs = [publication.path, *review_paths,
              project.root / "sources" / "themes.yaml", project.root / "bulletin.yaml",
              *_folder_files(layout.folder if layout else None)]
    digest = hashlib.sha256()
    digest.update(package_fingerprint().encode())
    digest.update(",".join(sorted(formats)).encode())
    digest.update(_hash_files(inputs).encode())
    return digest.hexdigest()


class Manifest:
    """What the last build wrote: publication -> fingerprint, files, diagnostics."""

    def __init__(self, dist: Path):
        self.path = dist / MANIFEST_NAME
        try:
            self.entries: dict = json.loads(self.path.read_text(encoding="utf-8"))["publications"]
        except (OSError, ValueError, KeyError):
            self.entries = {}

    def is_current(self, name: str, print_fingerprint: str) -> bool:
        entry = self.entries.get(name)
        return bool(entry and entry["fingerprint"] == print_fingerprint
                    and all(Path(f["path"]).is_file() and Path(f["path"]).stat().st_size == f["size"]
                            for f in entry["files"]))

    def recorded(self, name: str) -> dict:
        return self.entries[name]

    def record(self, name: str, print_fingerprint: str, outputs, diagnostics) -> None:
        self.entries[name] = {
            "fingerprint": print_fingerprint,
            "files": [{"path": str(o.path), "format": o.format, "size": o.size} for o in outputs],
            "diagnostics": [d.to_record() for d in diagnostics],
        }

    def forget(self, name: str) -> None:
        self.entries.pop(name, None)

    def save(self) -> None:
        write_atomic(self.path, json.dumps({"version": __version__, "publications": self.entries},
                                           indent=1, sort_keys=True))


def replay(records: list[dict]) -> list[Diagnostic]:
    """Diagnostics recorded in the manifest, as Diagnostic values again."""
    known = {"file", "line", "col", "severity", "code", "message", "publication"}
    return [Diagnostic(Severity(r["severity"]), r["code"], r["message"],
                       Location(r["file"], r["line"], r["col"]), r.get("publication", ""),
                       {k: v for k, v in r.items() if k not in known})
            for r in records]
