"""Turn a project into a publish folder to upload: the publications that are ready, built strictly,
with a catalogue page, a README line and a manifest of every file bulletin wrote there.

A publication is refused, by name, while its `status` is not `published` or its
`not_before` date has not come. `bulletin publish NAME...` publishes only the named ones
(with their reviews' catalogue entries), so one briefing can go out while others in the
project are unfinished: problems in sources the named ones do not use are not theirs.
The rest are built into a staging folder beside the target with every format, placeholder
links as errors, and strict rules: one error or warning in what is being published
(skeleton text left in a source is one) fails the publish, and the target is untouched.

The target folder may be shared with a website's own files, so bulletin never deletes or
overwrites a file it did not write: bulletin-manifest.json records each file it wrote
(with its SHA-256); the next publish removes only files listed there that are unchanged,
and refuses a non-empty folder with no manifest of its own, or a file in the way that
is not its own as it left it, unless told `--replace`.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from . import formats as format_registry
from .build import build
from .catalogue import PREVIEW_DATA, write_catalogue
from .diagnostics import Diagnostic, Location, Severity, did_you_mean, error, fails
from .model import load_project, review_names
from .naming import output_stem
from .report import print_diagnostics

MANIFEST = "bulletin-manifest.json"
GENERATOR = "bulletin publish"
# what earlier versions called their manifest; one of theirs is recognised by its keys
LEGACY_MANIFEST, LEGACY_KEYS = "manifest.json", {"date", "publications", "refused", "files"}
README = "README.txt"
# the catalogue's page for looking at drafts on this computer: not for a website
LOCAL_ONLY = ("preview.html", PREVIEW_DATA, ".manifest.json")


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
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # listed as ours, but changed since: left alone
    diagnostics: list[Diagnostic] = field(default_factory=list)


def refusal(publication, today: datetime.date) -> Refusal | None:
    """Why a publication may not be published today, or None when it may."""
    if (publication.status or "draft") != "published":
        return Refusal(publication.name, "draft; set status: published to publish it",
                       publication.field_loc("status"))
    not_before = publication.not_before
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


def own_files(target: Path) -> dict[str, str] | None:
    """The files an earlier `bulletin publish` wrote in `target` (path -> SHA-256), from its
    manifest; None when the folder holds no manifest of bulletin's."""
    for name in (MANIFEST, LEGACY_MANIFEST):
        try:
            data = json.loads((target / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        ours = isinstance(data, dict) and isinstance(data.get("files"), list) and (
            data.get("generator") == GENERATOR if name == MANIFEST else set(data) == LEGACY_KEYS)
        if ours and all(isinstance(f, dict) and {"path", "sha256"} <= set(f) for f in data["files"]):
            files = {f["path"]: f["sha256"] for f in data["files"]}
            files[name] = sha256(target / name)  # the manifest itself is bulletin's too
            return files
    return None


def _unsafe_target(root: Path, target: Path, replace: bool) -> str:
    """Why publishing into `target` could destroy something that is not bulletin's."""
    if target == root or root.is_relative_to(target):
        return "it holds the project itself"
    if target.is_relative_to(root / "sources") or target.is_relative_to(root / "layouts"):
        return "it is inside the project's sources or layouts"
    if target.exists() and not target.is_dir():
        return "it is a file"
    if not replace and target.is_dir() and any(target.iterdir()) and own_files(target) is None:
        return (f"it is not empty and has no {MANIFEST}, so its files were not written by `bulletin "
                "publish`; choose an empty folder with --to, or add --replace to publish into it "
                "anyway (bulletin still deletes none of its files)")
    return ""


def _relevant(project, names: list[str]) -> tuple[set[str], set[str]]:
    """(files the named publications are made from, every other source and layout file)."""
    mine = {"bulletin.yaml", "sources/themes.yaml"}
    for name in names:
        publication = project.publications[name]
        mine.add(publication.display)
        mine |= {project.reviews[r].display for r in review_names(project, publication) if r in project.reviews}
        layout = project.layouts.get(publication.layout)
        if layout is not None:
            mine.add(layout.display)
    others = {s.display for s in list(project.publications.values()) + list(project.reviews.values())}
    others |= {layout.display for layout in project.layouts.values()}
    return mine, others - mine


def _theirs(diagnostic: Diagnostic, names: list[str], others: set[str]) -> bool:
    """A diagnostic about a source that none of the publications being published uses."""
    return diagnostic.publication not in names and diagnostic.location.path in others


def _choose(project, names: list[str] | None, today: datetime.date, result: PublishResult) -> list[str]:
    """The publications to publish; the rest are refused. A named one that may not be
    published (or does not exist) is an error: the user asked for it."""
    if not names:
        chosen = []
        for publication in project.publications.values():
            refused = refusal(publication, today)
            if refused:
                result.refused.append(refused)
            else:
                chosen.append(publication.name)
        return chosen
    for name in names:
        if name not in project.publications:
            result.diagnostics.append(error(
                "publish.unknown", f"no publication named '{name}'{did_you_mean(name, project.publications)}",
                Location("sources/publications")))
        elif (refused := refusal(project.publications[name], today)) is not None:
            result.diagnostics.append(error("publish.refused", f"{name} is not ready to publish: {refused.reason}",
                                            refused.location, publication=name))
    return [n for n in dict.fromkeys(names) if n in project.publications]


def _readme(result: PublishResult, today: datetime.date) -> str:
    count = len(result.published)
    return (f"Upload this folder to your website as it is: index.html is the catalogue page, and "
            f"it links to each publication's web page, PDF and Word file.\n\n"
            f"Made by `bulletin publish` on {today.isoformat()}: {count} publication{'s' if count != 1 else ''} "
            f"({', '.join(result.published)}). {MANIFEST} lists every file bulletin wrote here, with its "
            f"SHA-256 checksum; the next `bulletin publish` replaces or removes only those.\n")


def _write_manifest(folder: Path, result: PublishResult, today: datetime.date) -> None:
    result.files = list_files(folder)
    manifest = {"generator": GENERATOR, "date": today.isoformat(), "publications": result.published,
                "refused": [{"name": r.name, "reason": r.reason} for r in result.refused],
                "files": result.files}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def _carry_over(project, named: list[str], target: Path, staging: Path, today: datetime.date) -> list[str]:
    """Publishing some publications by name keeps the others an earlier publish put in
    `target`: their files, as bulletin wrote them, are copied into the staging folder so
    the new catalogue lists them too. Returns the names carried over."""
    ours = own_files(target) or {}
    carried = []
    for name, source in project.publications.items():
        if name in named or refusal(source, today) is not None:
            continue
        stem = output_stem(project, source)
        files = [p for p in ours if "/" not in p and p.startswith(stem + ".")
                 and (target / p).is_file() and sha256(target / p) == ours[p]]
        for path in files:
            shutil.copy2(target / path, staging / path)
        if files:
            carried.append(name)
    return carried


def _in_the_way(staging: Path, target: Path, ours: dict[str, str]) -> list[str]:
    """Files the publish would overwrite that bulletin did not write, or that were changed
    since it did."""
    return [f["path"] for f in list_files(staging) if f["path"] != MANIFEST and (target / f["path"]).exists()
            and ours.get(f["path"]) != sha256(target / f["path"])]


def move_into_place(staging: Path, target: Path, ours: dict[str, str], result: PublishResult) -> None:
    """Rename each staged file into `target`, then remove the files of the last publish
    that are not published now (only those still as bulletin wrote them); the manifest goes
    last, so an interrupted move leaves the old manifest naming what is bulletin's."""
    target.mkdir(parents=True, exist_ok=True)
    new = [f["path"] for f in result.files]
    for path in new:
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / path, target / path)
    for path in sorted(set(ours) - set(new) - {MANIFEST}):
        old = target / path
        if not old.is_file():
            continue
        if sha256(old) != ours[path]:
            result.kept.append(path)
            continue
        old.unlink()
        result.removed.append(path)
        for parent in old.parents:  # folders bulletin emptied; never the target itself
            if parent == target or any(parent.iterdir()):
                break
            parent.rmdir()
    os.replace(staging / MANIFEST, target / MANIFEST)


def publish(root: Path, to: Path | None = None, today: datetime.date | None = None, *,
            names: list[str] | None = None, replace: bool = False, offline: bool = False,
            formats=None, progress=None) -> PublishResult:
    """Publish the named publications (default: every one that may be published `today`)
    of the project at `root` into `to` (default: publish/ in the project)."""
    root = root.resolve()
    target = (to or root / "publish").resolve()
    today = today or datetime.date.today()
    result = PublishResult(target)
    problem = _unsafe_target(root, target, replace)
    if problem:
        result.diagnostics.append(error("publish.folder", f"will not publish into {target}: {problem}",
                                        Location(str(target))))
        return result
    project = load_project(root)
    eligible = _choose(project, names, today, result)
    mine, others = _relevant(project, eligible)
    if not eligible or fails(result.diagnostics):
        result.diagnostics += [d for d in project.diagnostics
                               if d.severity is not Severity.INFO and not _theirs(d, eligible, others)]
        if not eligible and not names:
            result.diagnostics.append(error("publish.nothing", "nothing to publish: every publication is a draft "
                                            "or embargoed", Location("sources/publications")))
        return result
    staging = target.with_name(f".{target.name}.staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        made = tuple(f for f in formats if f in format_registry.FORMATS) if formats else format_registry.names()
        built = build(root, eligible, formats=made, dist=staging,
                      force=True, progress=progress, offline=offline, placeholders_are_errors=True)
        refused_files = {project.publications[r.name].display for r in result.refused}
        result.diagnostics += [d for d in built.diagnostics if d.location.path not in refused_files
                               and not _theirs(d, eligible, others)]
        failed = [p.name for p in built.publications if p.status != "built"]
        for name in failed:
            result.diagnostics.append(error("publish.failed", f"{name} did not build, so nothing was published",
                                            project.publications[name].loc, publication=name))
        if failed or fails(result.diagnostics, strict=True):
            return result
        carried = _carry_over(project, eligible, target, staging, today) if names else []
        write_catalogue(built, staging)  # index.html: what is published, named and carried over
        for name in LOCAL_ONLY:
            (staging / name).unlink(missing_ok=True)
        result.published = eligible + carried
        (staging / README).write_text(_readme(result, today), encoding="utf-8")
        ours = own_files(target) or {}
        clashes = [] if replace else _in_the_way(staging, target, ours)
        if clashes:
            shown = ", ".join(clashes[:3]) + (f" and {len(clashes) - 3} more" if len(clashes) > 3 else "")
            result.diagnostics.append(error(
                "publish.folder", f"will not overwrite {shown} in {target}: bulletin did not write "
                f"{'them' if len(clashes) > 1 else 'it'} there, or {'they were' if len(clashes) > 1 else 'it was'} "
                "changed since; move them away, or add --replace", Location(str(target))))
            result.published = []
            return result
        _write_manifest(staging, result, today)
        move_into_place(staging, target, ours, result)
        result.ok = True
        return result
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def add_options(parser) -> None:
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help="publications to publish (default: every one that is published and not embargoed)")
    parser.add_argument("--to", type=Path, default=None, metavar="DIR",
                        help="folder to publish into (default: publish/ in the project)")
    parser.add_argument("--replace", action="store_true",
                        help="publish into a folder bulletin did not make, overwriting files of the same "
                             "names (it still deletes nothing it did not write)")
    parser.add_argument("--offline", action="store_true", help="check links without the network")
    parser.add_argument("--today", type=datetime.date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                        help="act as if today were this date (to see what an embargo will release)")


def cmd_publish(args) -> int:
    """`bulletin publish`: 0 published; 1 refused by an error or warning, or nothing to publish;
    2 an unusable folder or an unknown publication name."""
    import sys

    to = args.to.resolve() if args.to else None
    result = publish(args.root, to, args.today, names=args.names or None, replace=args.replace,
                     offline=args.offline)
    print_diagnostics(result.diagnostics)
    for refused in result.refused:  # left out on purpose (a draft, an embargo): not a problem
        print(f"{refused.location}: info: not published: {refused} [publish.refused]")
    if any(d.code in ("publish.folder", "publish.unknown") for d in result.diagnostics):
        return 2  # the command itself was wrong: a folder it must not use, a name it does not know
    if not result.ok:
        fix = "fix the errors and warnings above (a publish is strict); " if fails(result.diagnostics, True) else ""
        print(f"nothing published: {fix}{result.folder} was not changed", file=sys.stderr)
        return 1
    for path in result.kept:
        print(f"left {result.folder / path}: bulletin wrote it, but it was changed since, so it is yours now")
    print(f"published {len(result.published)} publication{'s' if len(result.published) != 1 else ''} "
          f"({len(result.files)} files) to {result.folder}"
          + (f", removing {len(result.removed)} no longer published" if result.removed else "")
          + f"; upload that folder (its {README} says so); manifest {result.folder / MANIFEST}")
    return 0
