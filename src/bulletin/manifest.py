"""Turn a publication's inputs into a fingerprint, and dist/.manifest.json into skip decisions.

A publication's fingerprint hashes everything its outputs depend on: its own source, the
reviews it prints, the theme vocabulary, its layout merged with the default layout, the
project config, the packaged templates and code, the versions of the libraries that shape
output, the fonts, and the formats asked for. If the fingerprint matches the one recorded
when its outputs were last written, and those files are still there, the build skips it
and replays the diagnostics recorded with it (but for link verdicts, which the build
checks again through the link cache), so the exit status stays honest. Nothing here
imports a renderer.
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


# Libraries whose version changes what a publication looks like.
SHAPING_LIBRARIES = ("weasyprint", "pydyf", "python-docx", "jinja2", "markdown-it-py", "linkify-it-py",
                     "pikepdf", "fonttools", "qrcode", "fontpkg-atkinson-hyperlegible")


@lru_cache(maxsize=1)
def libraries_fingerprint() -> str:
    """The versions of the libraries that shape output, and the font files themselves."""
    from importlib.metadata import PackageNotFoundError, version

    from .assets import FONT_DIR

    parts = []
    for name in SHAPING_LIBRARIES:
        try:
            parts.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            parts.append(f"{name}=absent")
    return ";".join(parts) + ":" + _hash_files(_folder_files(FONT_DIR))


def fingerprint(project, publication, review_paths: list[Path], formats) -> str:
    """Everything the publication's outputs depend on: its sources, the project's theme
    vocabulary and bulletin.yaml, its layout as merged with the default layout (tokens,
    then every file of both folders), the packaged code and templates, the libraries that
    shape output and their fonts, and the formats asked for."""
    layout = project.layouts.get(publication.layout)
    default = project.layouts.get("default")
    inputs = [publication.path, *review_paths,
              project.root / "sources" / "themes.yaml", project.root / "bulletin.yaml",
              *_folder_files(layout.folder if layout else None),
              *_folder_files(default.folder if default else None),
              *_folder_files(project.root / "layouts" / "default")]
    digest = hashlib.sha256()
    digest.update(package_fingerprint().encode())
    digest.update(libraries_fingerprint().encode())
    digest.update((layout.fingerprint if layout else "{}").encode())
    digest.update(",".join(sorted(formats)).encode())
    digest.update(_hash_files(set(inputs)).encode())
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


def replay(records: list[dict], leave_out: tuple[str, ...] = ()) -> list[Diagnostic]:
    """Diagnostics recorded in the manifest, as Diagnostic values again, except those whose
    code starts with one of `leave_out` (link verdicts, which are checked again)."""
    known = {"file", "line", "col", "severity", "code", "message", "publication"}
    return [Diagnostic(Severity(r["severity"]), r["code"], r["message"],
                       Location(r["file"], r["line"], r["col"]), r.get("publication", ""),
                       {k: v for k, v in r.items() if k not in known})
            for r in records if not (leave_out and r["code"].startswith(leave_out))]
