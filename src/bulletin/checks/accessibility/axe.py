"""Turn built HTML pages into axe-core diagnostics by running axe in headless Chromium, where both exist.

No browser driver is needed: a copy of the page with axe.min.js inlined is opened with
`chromium --headless --dump-dom`; a script runs axe and writes its violations into the
DOM, which Chromium prints. The page is served from 127.0.0.1 with the files of the
folder it will be published from (its CSS and images), and nothing else: as a web page,
not a `file:` one, it cannot load any other file on the machine. Nothing leaves the
machine either: background networking is off and every host name resolves to nothing.

axe.min.js is looked for in $BULLETIN_AXE_JS, then node_modules/axe-core/ under the
project, then the global npm folder (`npm install -g axe-core`).
"""

from __future__ import annotations

import dataclasses
import html as html_lib
import json
import os
import re
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

from bulletin.diagnostics import Diagnostic, Location, info, warning
from bulletin.checks.accessibility.page_server import serving

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--virtual-time-budget=15000",
                  "--dump-dom",
                  # no request may leave the machine, whatever the page links to
                  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
_RUNNER = """<script>{axe}</script><script>
axe.run(document, {{resultTypes: ['violations'],
                   runOnly: {{type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}}}})
 .then(function (r) {{ out(r.violations); }}, function (e) {{ out({{error: String(e)}}); }});
function out(v) {{ var p = document.createElement('pre'); p.id = 'bulletin-axe';
  p.textContent = JSON.stringify(v); document.body.appendChild(p); }}
</script>"""
_RESULT = re.compile(r'<pre id="bulletin-axe">(.*?)</pre>', re.S)


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def find_axe_js(root: Path | None = None) -> Path | None:
    candidates = []
    if os.environ.get("BULLETIN_AXE_JS"):
        candidates.append(Path(os.environ["BULLETIN_AXE_JS"]))
    for base in ([root] if root else []) + [Path.cwd()]:
        candidates.append(base / "node_modules" / "axe-core" / "axe.min.js")
    global_root = _npm_global_root()
    if global_root:
        candidates.append(Path(global_root) / "axe-core" / "axe.min.js")
    candidates.append(Path("/usr/lib/node_modules/axe-core/axe.min.js"))
    return next((c for c in candidates if c.is_file()), None)


@lru_cache(maxsize=1)
def _npm_global_root() -> str:
    """Where `npm install -g` puts packages ('' without npm): asked once per process, as
    npm starts Node to answer (half a second)."""
    npm = shutil.which("npm")
    if not npm:
        return ""
    try:
        return subprocess.run([npm, "root", "-g"], capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def axe_available(root: Path | None = None) -> tuple[str | None, Path | None, str]:
    """(chromium, axe.min.js, '' or why axe cannot run)."""
    chromium, axe_js = find_chromium(), find_axe_js(root)
    if not chromium:
        return None, axe_js, "Chromium is not installed (apt-get install chromium)"
    if not axe_js:
        return chromium, None, "axe-core is not installed (npm install -g axe-core)"
    return chromium, axe_js, ""


def run_axe(html_paths, root: Path | None = None, timeout: float = 60, jobs: int = 1,
            base: Path | None = None) -> list[Diagnostic]:
    """One diagnostic per axe violation and page (code a11y.axe.<rule-id>), or a single
    info diagnostic saying why axe could not run. `jobs` pages are checked at once, each
    in its own Chromium; the findings come back in the order of `html_paths`."""
    from concurrent.futures import ThreadPoolExecutor

    paths = [Path(p) for p in html_paths]
    chromium, axe_js, why = axe_available(root)
    if why:
        return [info("a11y.axe-unavailable", f"axe-core check skipped: {why}",
                     Location(str(paths[0]) if paths else "dist"))]
    script = _RUNNER.format(axe=axe_js.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="bulletin-axe-") as tmp, serving() as server:
        def one(numbered):
            number, path = numbered
            folder = Path(tmp) / str(number)  # a profile and page copy per Chromium
            folder.mkdir()
            return _run_one(chromium, script, path, folder, timeout, base or path.parent, server)
        with ThreadPoolExecutor(max(1, jobs)) as pool:
            found = list(pool.map(one, enumerate(paths)))
    return [d for page in found for d in page]


def dump_dom(chromium: str, address: str, profile: Path, timeout: float) -> str:
    """The DOM of the page at `address` once its scripts have run, as Chromium prints it."""
    done = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", address],
                          capture_output=True, text=True, timeout=timeout)
    return done.stdout


def check_built_pages(pages: dict[str, Path], root: Path | None = None, jobs: int = 1,
                      base: Path | None = None) -> list[Diagnostic]:
    """axe-core findings for the HTML page of each publication ({name: path}), each
    diagnostic carrying its publication's name so reports group it there. `base` is the
    folder the pages will be published from (their CSS and images), if not their own."""
    names = list(pages)
    out = []
    for diag in run_axe([pages[n] for n in names], root, jobs=jobs, base=base):
        name = next((n for n in names if str(pages[n]) == diag.location.path), "")
        out.append(dataclasses.replace(diag, publication=name))
    return out


def _run_one(chromium: str, script: str, path: Path, tmp: Path, timeout: float,
             folder: Path, server) -> list[Diagnostic]:
    """axe's findings for one page, served with the files of `folder` and nothing else."""
    where = Location(str(path))
    page = path.read_text(encoding="utf-8")
    page = re.sub(r"(</body>)", lambda m: script + m.group(1), page, count=1, flags=re.I) \
        if re.search(r"</body>", page, re.I) else page + script
    copy = tmp / path.name
    copy.write_text(page, encoding="utf-8")
    try:
        dom = dump_dom(chromium, server.add(copy, folder), tmp / "profile", timeout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [info("a11y.axe-unavailable", f"axe-core check skipped: Chromium did not finish ({exc})", where)]
    found = _RESULT.search(dom)
    if not found:
        return [info("a11y.axe-unavailable", "axe-core check skipped: Chromium printed no results", where)]
    result = json.loads(html_lib.unescape(found.group(1)))
    if isinstance(result, dict):
        return [info("a11y.axe-unavailable", f"axe-core failed: {result.get('error')}", where)]
    out = []
    for violation in result:
        nodes = violation.get("nodes", [])
        targets = ", ".join(" ".join(n.get("target", [])[:1]) for n in nodes[:3])
        more = f" and {len(nodes) - 3} more" if len(nodes) > 3 else ""
        out.append(warning(f"a11y.axe.{violation['id']}",
                           f"{violation.get('help', violation['id'])} ({len(nodes)} place(s): "
                           f"{targets}{more})", where,
                           extra={"impact": violation.get("impact"), "help_url": violation.get("helpUrl")}))
    return out
