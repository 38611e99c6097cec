"""Turn a project into a publish folder: only published, unembargoed publications, built strictly,
with a manifest of every file and its SHA-256, swapped into place only when all is well.

A publication is refused, by name, while its `status` is not `published` or its
`not_before` date has not come. The rest are built into a staging folder beside the
target with every format, placeholder links as errors, and strict rules: one error or
warning anywhere in what is being published fails the publish, the staging folder is
removed and the previous publish folder is left exactly as it was. Only then is the
staging folder renamed into place.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic, Location, Severity, error, fails
from .model import load_project

MANIFEST = "manifest.json"
PUBLISH_FORMATS = ("pdf", "docx", "html", "print")


@dataclass
class Refusal:
    """A publication left out, and the one line saying why and what to change."""

    name: str
    reason: str
    location: Location

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


@dataclass
class PublishResult:
    folder: Path
    ok: bool = False
    published: list[str] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    files: list[dict] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def refusal(publication, today: datetime.date) -> Refusal | None:
    """Why a publication may not be published today, or None when it may."""
    data = publication.data
    if data.get("status", "draft") != "published":
        return Refusal(publication.name, "draft; set status: published to publish it",
                       publication.field_loc("status"))
    not_before = data.get("not_before")
    if not_before is not None and today < not_before.first_day():
        return Refusal(publication.name, f"embargoed until {not_before.first_day().isoformat()}",
                       publication.field_loc("not_before"))
    return None


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def list_files(folder: Path) -> list[dict]:
    """Every file under `folder` (relative path, bytes, SHA-256), in a stable order."""
    return [{"path": path.relative_to(folder).as_posix(), "bytes": path.stat().st_size, "sha256": sha256(path)}
            for path in sorted(p for p in folder.rglob("*") if p.is_file())]


def write_manifest(folder: Path, result: PublishResult, today: datetime.date) -> None:
    result.files = list_files(folder)
    manifest = {"date": today.isoformat(), "publications": result.published,
                "refused": [{"name": r.name, "reason": r.reason} for r in result.refused],
                "files": result.files}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def _unsafe_target(root: Path, target: Path) -> str:
    """Why replacing `target` could destroy something that is not a publish folder."""
    if target == root or root.is_relative_to(target):
        return "it holds the project itself"
    if target.is_relative_to(root / "sources") or target.is_relative_to(root / "layouts"):
        return "it is inside the project's sources or layouts"
    if target.exists() and not target.is_dir():
        return "it is a file"
    if target.is_dir() and any(target.iterdir()) and not (target / MANIFEST).is_file():
        return f"it is not empty and has no {MANIFEST}, so it was not made by `bulletin publish`"
    return ""


def swap_into_place(staging: Path, target: Path) -> None:
    """Rename `staging` to `target`; the old target is kept until the new one is in place."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    try:
        os.replace(staging, target)
    except BaseException:
        if old.exists():
            os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def publish(root: Path, to: Path | None = None, today: datetime.date | None = None, *,
            offline: bool = False, formats=PUBLISH_FORMATS, progress=None) -> PublishResult:
    """Publish every publication of the project at `root` that may be published `today`."""
    from .build import RENDERERS, build

    root = root.resolve()
    target = (to or root / "publish").resolve()
    today = today or datetime.date.today()
    result = PublishResult(target)
    problem = _unsafe_target(root, target)
    if problem:
        result.diagnostics.append(error("publish.folder", f"will not publish into {target}: {problem}; "
                                        "choose another folder with --to", Location(str(target))))
        return result
    project = load_project(root)
    eligible = []
    for publication in project.publications.values():
        refused = refusal(publication, today)
        if refused:
            result.refused.append(refused)
        else:
            eligible.append(publication.name)
    if not eligible:
        result.diagnostics += [d for d in project.diagnostics if d.severity is not Severity.INFO]
        result.diagnostics.append(error("publish.nothing", "nothing to publish: every publication is a draft "
                                        "or embargoed", Location("sources/publications")))
        return result
    staging = target.with_name(f".{target.name}.staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        built = build(root, eligible, formats=tuple(f for f in formats if f in RENDERERS), dist=staging,
                      force=True, progress=progress, offline=offline, placeholders_are_errors=True)
        refused_files = {project.publications[r.name].display for r in result.refused}
        result.diagnostics += [d for d in built.diagnostics if d.location.path not in refused_files]
        failed = [p.name for p in built.publications if p.status != "built"]
        for name in failed:
            result.diagnostics.append(error("publish.failed", f"{name} did not build, so nothing was published",
                                            project.publications[name].loc, publication=name))
        if failed or fails(result.diagnostics, strict=True):
            return result
        (staging / ".manifest.json").unlink(missing_ok=True)  # the build's own bookkeeping
        result.published = eligible
        write_manifest(staging, result, today)
        swap_into_place(staging, target)
        result.ok = True
        return result
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def add_options(parser) -> None:
    parser.add_argument("--to", type=Path, default=None, metavar="DIR",
                        help="folder to publish into (default: publish/ in the project)")
    parser.add_argument("--offline", action="store_true", help="check links without the network")
    parser.add_argument("--today", type=datetime.date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                        help="act as if today were this date (to see what an embargo will release)")


def cmd_publish(args) -> int:
    """`bulletin publish`: 0 published; 1 refused by an error or warning; 2 unusable folder."""
    import sys

    from .cli import _print_diagnostics

    to = args.to.resolve() if args.to else None
    result = publish(args.root, to, args.today, offline=args.offline)
    _print_diagnostics(result.diagnostics)
    for refused in result.refused:
        print(f"{refused.location}: not published: {refused}")
    if any(d.code == "publish.folder" for d in result.diagnostics):
        return 2
    if not result.ok:
        print(f"nothing published: fix the errors and warnings above (a publish is strict); "
              f"{result.folder} is unchanged", file=sys.stderr)
        return 1
    print(f"published {len(result.published)} publication{'s' if len(result.published) != 1 else ''} "
          f"({len(result.files)} files) to {result.folder}; manifest {result.folder / MANIFEST}")
    return 0
