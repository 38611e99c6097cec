"""Problems found anywhere in a build, as data, and their one-line text form.

Every stage returns `Diagnostic` values instead of raising or printing; the build
prints them in one place, in the format editors and CI understand:

    sources/reviews/child-f.yaml:14:5: error: 'published' must be a date [source.date]
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class Location:
    """Where a problem is written: a file, and a 1-based line and column when known."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line and self.col:
            return f"{self.path}:{self.line}:{self.col}"
        if self.line:
            return f"{self.path}:{self.line}"
        return self.path


@dataclass(frozen=True)
class Diagnostic:
    severity: Severity
    code: str
    message: str
    location: Location
    publication: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:
        return f"{self.location}: {self.severity.value}: {self.message} [{self.code}]"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def to_record(self) -> dict:
        """A JSON-friendly dict for the JSON Lines reports."""
        return {
            "file": self.location.path,
            "line": self.location.line,
            "col": self.location.col,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "publication": self.publication,
            **self.extra,
        }


def error(code: str, message: str, location: Location, **kw) -> Diagnostic:
    return Diagnostic(Severity.ERROR, code, message, location, **kw)


def warning(code: str, message: str, location: Location, **kw) -> Diagnostic:
    return Diagnostic(Severity.WARNING, code, message, location, **kw)


def info(code: str, message: str, location: Location, **kw) -> Diagnostic:
    return Diagnostic(Severity.INFO, code, message, location, **kw)


def did_you_mean(word: str, choices) -> str:
    """' (did you mean 'x'?)' for the closest choice, or '' when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def relative(path: Path | str, root: Path) -> str:
    """A path as the user sees it: relative to the project root where possible."""
    try:
        return str(Path(path).resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def count_by_severity(diagnostics) -> dict[Severity, int]:
    counts = {s: 0 for s in Severity}
    for d in diagnostics:
        counts[d.severity] += 1
    return counts


def fails(diagnostics, strict: bool = False) -> bool:
    """True when the diagnostics should make the command exit 1."""
    return any(
        d.severity is Severity.ERROR or (strict and d.severity is Severity.WARNING)
        for d in diagnostics
    )
