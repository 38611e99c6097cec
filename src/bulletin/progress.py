"""Turn build events into what the person at the terminal sees while they wait.

On a terminal: a rich progress bar naming the publications being rendered. Anywhere
else (CI, logs, a pipe): one plain line per publication started, so logs stay readable.
"""

from __future__ import annotations

import sys


class BuildProgress:
    """Callable as progress(event, value): 'plan' with the number of publications to
    render, then 'start' and 'done' with each publication's name."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout
        self.done = 0
        self.active: list[str] = []
        self._rich = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self._rich:
            self._rich.stop()

    def _start_bar(self, total: int) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
        self._rich = Progress(TextColumn("[bold]building"), BarColumn(), MofNCompleteColumn(),
                              TimeElapsedColumn(), TextColumn("{task.description}"), transient=True)
        self._task = self._rich.add_task("", total=total)
        self._rich.start()

    def __call__(self, event: str, name) -> None:
        if event == "plan":
            if self.stream.isatty() and name:
                self._start_bar(name)
            return
        if event == "start":
            self.active.append(name)
            if not self._rich:
                print(f"  rendering {name}", file=self.stream, flush=True)
        else:
            self.done += 1
            if name in self.active:
                self.active.remove(name)
        if self._rich:
            self._rich.update(self._task, completed=self.done, description=", ".join(self.active[:3]))
