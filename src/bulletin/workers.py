"""Render publications in a pool of processes, yielding results in the order asked.

Each worker loads the project once (cheap: YAML only) and renders publications by
name; the parent writes files and gathers diagnostics in the original order, so a
parallel build's outputs and messages are the same as a serial one's.
"""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

_project = None


def _start(root: str) -> None:
    global _project
    from .model import load_project
    _project = load_project(Path(root))


def _render(name: str, formats) -> tuple:
    from .build import process_publication
    started = time.perf_counter()
    rendered, diags = process_publication(_project, _project.publications[name], formats)
    if rendered is not None:
        rendered.context = {}  # template context stays in the worker: only bytes travel
    return rendered, diags, time.perf_counter() - started


def render_in_pool(project, todo, formats, progress, jobs: int):
    with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), initializer=_start,
                             initargs=(str(project.root),)) as pool:
        futures = []
        for publication, _, _ in todo:
            if progress:
                progress("start", publication.name)
            futures.append(pool.submit(_render, publication.name, tuple(formats)))
        for (publication, entry, print_), future in zip(todo, futures):
            rendered, diags, seconds = future.result()
            if progress:
                progress("done", publication.name)
            yield publication, entry, print_, rendered, diags, seconds
