"""Turn this machine into facts the build and `bulletin doctor` need: libraries, programs, network.

Each fact is a `Capability`: what it is, whether it is there (and which version), whether
the main job (`bulletin build`) needs it, and the exact Debian/Ubuntu command that
installs it. Nothing here imports WeasyPrint: the system libraries are looked up through
ctypes, so `bulletin doctor` still answers on a machine where WeasyPrint cannot load.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PANGO_INSTALL = "apt-get install libpango-1.0-0 libpangoft2-1.0-0"
HARFBUZZ_SUBSET_INSTALL = "apt-get install libharfbuzz-subset0"


@dataclass(frozen=True)
class Capability:
    name: str
    found: bool
    detail: str  # a version, a path, or why it is missing
    needed: bool  # True: the build cannot run without it
    install: str = ""  # the Debian/Ubuntu command that brings it, when missing
    purpose: str = ""

    @property
    def status(self) -> str:
        if self.found:
            return "ok"
        return "MISSING" if self.needed else "optional, missing"


def _library(name: str):
    found = ctypes.util.find_library(name)
    if not found:
        return None
    try:
        return ctypes.CDLL(found)
    except OSError:
        return None


def python_version() -> Capability:
    ok = sys.version_info >= (3, 11)
    return Capability("Python", ok, platform.python_version(), True,
                      "" if ok else "apt-get install python3 (3.11 or newer)", "runs bulletin")


def _text_library(name: str, library_name: str, version_function: str, purpose: str) -> Capability:
    """A library WeasyPrint needs, with the version it reports of itself."""
    library = _library(library_name)
    if library is None:
        return Capability(name, False, f"lib{library_name} not found", True, PANGO_INSTALL, purpose)
    getattr(library, version_function).restype = ctypes.c_char_p
    return Capability(name, True, getattr(library, version_function)().decode(), True, purpose=purpose)


def pango() -> Capability:
    return _text_library("Pango", "pango-1.0", "pango_version_string", "lays out text for the PDFs (WeasyPrint)")


def harfbuzz() -> Capability:
    return _text_library("HarfBuzz", "harfbuzz", "hb_version_string", "shapes text for the PDFs (WeasyPrint)")


@lru_cache(maxsize=1)
def harfbuzz_subset() -> Capability:
    """WeasyPrint subsets fonts with this library when it can, with fontTools otherwise;
    the two give different (equally good) font bytes, so PDFs differ between machines."""
    found = _library("harfbuzz-subset") is not None
    return Capability("HarfBuzz-subset", found, "found" if found else "not found", False,
                      "" if found else HARFBUZZ_SUBSET_INSTALL,
                      "subsets fonts in PDFs (without it fontTools does, giving other bytes)")


def fonts() -> Capability:
    from .assets import FONT_DIR

    files = sorted(p.name for p in FONT_DIR.glob("*.ttf")) if FONT_DIR.is_dir() else []
    return Capability("Atkinson Hyperlegible font", bool(files),
                      f"{len(files)} files in {FONT_DIR}" if files else f"no fonts in {FONT_DIR}", True,
                      "" if files else 'pip install -e "."', "the typeface of every output")


def chromium() -> Capability:
    from bulletin.checks.accessibility.axe import find_chromium

    found = find_chromium()
    return Capability("Chromium", bool(found), found or "not found", False,
                      "" if found else "apt-get install chromium",
                      "runs the axe-core accessibility check of HTML pages")


def axe_core(root: Path | None = None) -> Capability:
    from bulletin.checks.accessibility.axe import find_axe_js

    found = find_axe_js(root)
    return Capability("axe-core", bool(found), str(found) if found else "not found", False,
                      "" if found else "apt-get install npm && npm install -g axe-core@4",
                      "the accessibility rules run in Chromium")


def libreoffice() -> Capability:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    version = ""
    if found:
        try:
            version = subprocess.run([found, "--version"], capture_output=True, text=True,
                                     timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            version = found
    return Capability("LibreOffice", bool(found), version or "not found", False,
                      "" if found else "apt-get install libreoffice-writer",
                      "opens the Word files as Word would, to count their pages")


def network(host: str = "www.gov.uk", port: int = 443, timeout: float = 3.0) -> Capability:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
        return Capability("Network", True, f"reached {host}", False,
                          purpose="checks that the links in publications still work")
    except OSError as exc:
        return Capability("Network", False, f"cannot reach {host} ({exc.strerror or exc})", False,
                          "connect to the internet (links are then checked); builds work offline",
                          "checks that the links in publications still work")


def writable(folder: Path, name: str, purpose: str) -> Capability:
    """Whether files can be created in `folder` (or in the nearest folder that exists)."""
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        with tempfile.NamedTemporaryFile(dir=probe, prefix=".bulletin-doctor-"):
            pass
        return Capability(name, True, f"{folder} (writable)", name == "dist/", purpose=purpose)
    except OSError as exc:
        return Capability(name, False, f"{folder}: {exc.strerror or exc}", name == "dist/",
                          f"chmod u+w {probe}  (or run from a folder you can write to)", purpose)


def machine_report(root: Path, check_network: bool = True) -> list[Capability]:
    """Every fact `bulletin doctor` prints, in the order it prints them."""
    found = [python_version(), pango(), harfbuzz(), harfbuzz_subset(), fonts(), chromium(),
             axe_core(root), libreoffice()]
    if check_network:
        found.append(network())
    cache = root / ".bulletin-cache"
    found.append(writable(cache, "Link cache", "remembers link verdicts for a day"))
    found.append(writable(root / "dist", "dist/", "where the build writes publications"))
    found.append(resident())
    return found


def resident() -> Capability:
    """Whether a resident process serves builds here (bulletin/resident.py): never missing."""
    from . import resident_place

    if resident_place.mode() == "off":
        detail = "off (BULLETIN_RESIDENT=off): every build starts afresh"
    else:
        detail = resident_place.status() or ("none running: the next build at a terminal starts one, "
                                             "which serves builds after it until ten idle minutes pass")
    return Capability("Resident process", True, detail, False,
                      purpose="keeps the renderers loaded and LibreOffice open between builds")
