"""Turn this user and this interpreter into the place where a resident process of the same
code listens (bulletin/resident.py): its folder, the stamp of the code, whether one answers.

Kept apart from the resident itself so that `bulletin doctor` (environment.py) can say
whether one runs without importing what the resident loads.
"""

from __future__ import annotations

import hashlib
import os
import socket
import sys
from pathlib import Path


def mode(environ=os.environ) -> str:
    """'on', 'off' or 'auto' (at a terminal only), from BULLETIN_RESIDENT."""
    value = environ.get("BULLETIN_RESIDENT", "").strip().lower()
    return "off" if value in ("off", "0", "no") else "on" if value in ("on", "1", "yes") else "auto"


def runtime_dir(environ=os.environ) -> Path:
    """The folder for residents' sockets, logs and LibreOffice profiles: this user's only."""
    base = environ.get("BULLETIN_RUNTIME_DIR") or environ.get("XDG_RUNTIME_DIR") or "/tmp"
    folder = Path(base) / f"bulletin-{os.getuid()}"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.stat()
    if info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise PermissionError(f"{folder} is not this user's alone")
    return folder


def code_stamp() -> str:
    """A stamp of the code a process of this interpreter would load: a resident serves only
    commands whose stamp is its own."""
    # sys.path after its first entry, which is where the script or `-c` started from
    digest = hashlib.sha256(f"{sys.executable}\0{sys.version}\0{os.pathsep.join(sys.path[1:])}".encode())
    package = Path(__file__).parent  # the bulletin package
    for path in sorted(package.rglob("*.py")):
        info = path.stat()
        digest.update(f"{path.relative_to(package)}\0{info.st_mtime_ns}\0{info.st_size}\0".encode())
    for entry in sys.path:
        if entry.endswith("-packages") and os.path.isdir(entry):
            digest.update("\0".join(sorted(n for n in os.listdir(entry) if n.endswith(".dist-info"))).encode())
    return digest.hexdigest()[:16]


def socket_path(environ=os.environ) -> Path:
    return runtime_dir(environ) / f"resident-{code_stamp()}.sock"


def status() -> str | None:
    """'running (pid N, served M commands)' for the resident of this code, or None."""
    try:
        path = socket_path()
    except OSError:
        return None
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.connect(str(path))
    except OSError:
        return None
    finally:
        probe.close()
    log, pid = path.with_suffix(".log"), path.with_suffix(".pid")
    served = len(log.read_text(encoding="utf-8").splitlines()) if log.is_file() else 0
    number = pid.read_text(encoding="utf-8").split()[0] if pid.is_file() else "?"
    return f"running (process {number}, {served} command{'' if served == 1 else 's'} served; {path})"
