"""Render publications in a pool of processes, yielding results in the order asked.

Each worker loads the project once (cheap: YAML only) and renders publications by
name, up to TASKS_PER_WORKER of them before it is replaced; the parent writes files and
gathers diagnostics in the original order, so a parallel build's outputs and messages are
the same as a serial one's.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from .collector import collect_less_often
from .model import load_project

_project = None
_process = None


def _start(root: str, process, source_date_epoch: str | None) -> None:
    """Load the project once per worker. Ctrl-C is left to the parent, which stops the
    pool: a worker interrupted mid-render would only print a traceback. The parent's
    SOURCE_DATE_EPOCH is taken over: a worker comes from a fork server that keeps the
    environment it started with, which an earlier build in the same process may have had."""
    global _project, _process
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if source_date_epoch is None:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    else:
        os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch
    collect_less_often()  # as the parent's build does
    _project, _process = load_project(Path(root)), process


def _render(task: tuple) -> tuple:
    name, formats = task
    started = time.perf_counter()
    rendered, diags = _process(_project, _project.publications[name], formats)
    if rendered is not None:
        rendered.context = {}  # template context stays in the worker: only bytes travel
    return rendered, diags, time.perf_counter() - started


# A worker is replaced after this many publications: WeasyPrint and the libraries under
# it keep a little memory per document, so a long-lived worker of a 500-review build grew
# to 400 MB. Replaced workers keep the peak flat, whatever the number of publications.
# (multiprocessing.Pool, not ProcessPoolExecutor: the executor's max_tasks_per_child can
# stop replacing workers and hang on Python 3.11 and on later releases made before the
# fix for CPython issue gh-115634.)
TASKS_PER_WORKER = 40


def _pool_context():
    """Workers come from a fork server that has imported the renderers once, so starting
    a replacement costs a fork, not a fresh import of WeasyPrint. (Windows has no fork
    server: there each worker starts afresh.)"""
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["bulletin.build", "bulletin.render.pdf", "bulletin.render.docx.writer",
                                    "bulletin.render.html", "bulletin.checks.registry"])
    return context


def render_in_pool(project, todo, formats, progress, jobs: int, process):
    """Yield (publication, entry, fingerprint, rendered, diagnostics, seconds) in `todo`
    order, each publication rendered by `process(project, publication, formats)` in a worker."""
    tasks = [(publication.name, tuple(formats)) for publication, _, _ in todo]
    with _pool_context().Pool(min(jobs, len(todo)), initializer=_start,
                              initargs=(str(project.root), process, os.environ.get("SOURCE_DATE_EPOCH")),
                              maxtasksperchild=TASKS_PER_WORKER) as pool:
        if progress:
            for publication, _, _ in todo:
                progress("start", publication.name)
        results = pool.imap(_render, tasks, chunksize=1)
        for (publication, entry, print_), (rendered, diags, seconds) in zip(todo, results):
            if progress:
                progress("done", publication.name)
            yield publication, entry, print_, rendered, diags, seconds
