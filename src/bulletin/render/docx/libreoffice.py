"""Turn a Word file into the PDF LibreOffice lays it out as, to measure Word's pages.

Word itself is not available on a build machine; LibreOffice's layout of a .docx is the
closest stand-in (it paginates within a page or so of Word). Optional: when `soffice` is
not installed, `docx_to_pdf` returns None and callers say so once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

SOFFICE_NAMES = ("soffice", "libreoffice")
TIMEOUT_S = 120
# Set by bulletin's resident process (bulletin/resident.py) to the profile of the LibreOffice it
# keeps open: a conversion started with that profile is handed to it, a fifth of a second
# instead of a second and a half.
RESIDENT_PROFILE = "BULLETIN_SOFFICE_PROFILE"


def find_soffice() -> str | None:
    return next((found for name in SOFFICE_NAMES if (found := shutil.which(name))), None)


def docx_to_pdf(data: bytes) -> bytes | None:
    """PDF bytes of a .docx as LibreOffice paginates it, or None without LibreOffice or
    when it fails. Each call uses its own LibreOffice profile, so parallel builds do not
    fight over one."""
    soffice = find_soffice()
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory(prefix="bulletin-soffice-") as tmp:
        folder = Path(tmp)
        (folder / "in.docx").write_bytes(data)
        profiles = [os.environ[RESIDENT_PROFILE]] if os.environ.get(RESIDENT_PROFILE) else []
        # if the resident LibreOffice is gone or busy starting, a LibreOffice of its own
        for profile in profiles + [(folder / "profile").as_uri()]:
            try:
                subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                                "--convert-to", "pdf", "--outdir", str(folder), str(folder / "in.docx")],
                               capture_output=True, timeout=TIMEOUT_S, check=False)
            except (OSError, subprocess.SubprocessError):
                continue
            out = folder / "in.pdf"
            if out.is_file():
                return out.read_bytes()
        return None
