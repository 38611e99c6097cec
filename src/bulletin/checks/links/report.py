"""Turn link results into diagnostics that say what to do, a JSON Lines report, and a
short summary grouped by publication."""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from pathlib import Path

from ...diagnostics import Diagnostic, Severity
from .records import LinkResult, Status, normalise_url

ERRORS = {Status.BROKEN, Status.INVALID, Status.PARKED}
WARNINGS = {Status.REDIRECTED, Status.BLOCKED, Status.RATE_LIMITED, Status.TIMEOUT,
            Status.PLACEHOLDER, Status.BARE_DOMAIN, Status.SOFT_404, Status.MISSING_FRAGMENT,
            Status.PRIVATE}
# Worst first: the order statuses are listed in summaries.
ORDER = [Status.BROKEN, Status.PARKED, Status.INVALID, Status.PLACEHOLDER, Status.SOFT_404,
         Status.REDIRECTED, Status.MISSING_FRAGMENT, Status.PRIVATE, Status.BLOCKED,
         Status.RATE_LIMITED, Status.TIMEOUT, Status.BARE_DOMAIN, Status.WORKING, Status.CACHED,
         Status.IGNORED, Status.OFFLINE]
ALLOW_HINT = "if it works, add it to links-allow.yaml"


def severity_of(status: Status, placeholders_are_errors: bool = False) -> Severity:
    if status in ERRORS or (placeholders_are_errors and status is Status.PLACEHOLDER):
        return Severity.ERROR
    if status in WARNINGS:
        return Severity.WARNING
    return Severity.INFO


def _message(r: LinkResult) -> str:
    uri, text = r.ref.uri, r.ref.text
    named = f" for '{text}'" if text and text != uri else ""
    if r.status is Status.PLACEHOLDER:
        return (f"link target is a placeholder '{uri}': fill in the real address{named} "
                "or remove the link")
    if r.status is Status.INVALID:
        return f"link target '{uri}' is not a usable address ({r.info}): correct it or remove the link"
    if r.status is Status.BARE_DOMAIN:
        return f"link target '{uri}' has no https://, so the link will not open: write it as {r.info}"
    if r.status is Status.BROKEN:
        return f"link to '{uri}'{named} is broken ({r.info}): find its new address or remove the link"
    if r.status is Status.PARKED:
        return (f"link to '{uri}'{named} leads to a parked or for-sale domain ({r.info}): the "
                "partner's site has gone; find where it moved or remove the link")
    if r.status is Status.SOFT_404:
        return (f"link to '{uri}'{named} opens a 'not found' page ({r.info}): find the page's new "
                "address or remove the link")
    if r.status is Status.MISSING_FRAGMENT:
        return (f"link to '{uri}' opens the page, but not the place it points at ({r.info}): "
                "correct the part after '#' or remove it")
    if r.status is Status.PRIVATE:
        return (f"link to '{uri}' points into a private network ({r.info}): readers outside your "
                "network cannot open this; link a public page instead")
    if r.status is Status.REDIRECTED:
        return (f"link to '{uri}' has moved permanently to '{r.final_uri}': replace it with the "
                "new address")
    if r.status is Status.BLOCKED:
        return (f"'{uri}' refused the link checker ({r.info}), as sites behind bot walls do: "
                f"open it in a browser and, {ALLOW_HINT}")
    if r.status is Status.RATE_LIMITED:
        return (f"'{uri}' asked the checker to slow down ({r.info}) so it was not checked: the "
                f"next build tries again; {ALLOW_HINT} if this keeps happening")
    if r.status is Status.TIMEOUT:
        return f"'{uri}' did not answer in time ({r.info}): open it in a browser and, {ALLOW_HINT}"
    if r.status is Status.CACHED:
        return f"link to '{uri}' works ({r.info}, cached)"
    if r.status is Status.WORKING:
        return f"link to '{uri}' works ({r.info})"
    return f"link to '{uri}' {r.info}"


def diagnose_result(r: LinkResult, placeholders_are_errors: bool = False,
                    verbose: bool = True) -> list[Diagnostic]:
    """The diagnostic for a result's status (an info line only when `verbose`), plus one
    for plain http where it matters."""
    extra = {"uri": r.ref.uri, "status": r.status.value}
    severity = severity_of(r.status, placeholders_are_errors)
    out = []
    if verbose or severity is not Severity.INFO:
        out.append(Diagnostic(severity, f"links.{r.status.value}", _message(r), r.ref.location,
                              r.ref.publication, extra))
    # A bare web address is linked in every format; it gets one warning for its text (an
    # e-mail address as its own text is fine: readers need to see it).
    if r.ref.bare and not r.ref.uri.lower().startswith("mailto:") \
            and r.status not in (Status.IGNORED, Status.PLACEHOLDER):
        out.append(Diagnostic(Severity.WARNING, "links.bare",
                              f"'{r.ref.text}' is a bare address, so its link text is the address "
                              "itself: give it words that say where it goes, e.g. "
                              f"[Partnership website]({r.ref.uri})",
                              r.ref.location, r.ref.publication, extra))
    redirected_to_https = r.status is Status.REDIRECTED and r.final_uri.startswith("https:")
    if "http" in r.notes and r.status is not Status.IGNORED and not redirected_to_https:
        https = "https:" + r.ref.uri.split(":", 1)[1]
        out.append(Diagnostic(Severity.WARNING, "links.http",
                              f"'{r.ref.uri}' uses plain http, which browsers flag as not "
                              f"secure: use '{https}' if the site supports it",
                              r.ref.location, r.ref.publication, extra))
    return out


def diagnose_results(results: list[LinkResult], placeholders_are_errors: bool = False,
                     verbose: bool = False) -> list[Diagnostic]:
    """Errors and warnings for every occurrence; info lines too when verbose."""
    return [d for r in results for d in diagnose_result(r, placeholders_are_errors, verbose)]


def link_record(r: LinkResult) -> dict:
    """One JSON Lines record; `code` is the HTTP status, as in Sphinx's output.json."""
    return {
        "file": r.ref.location.path, "line": r.ref.location.line, "col": r.ref.location.col,
        "publication": r.ref.publication, "status": r.status.value, "code": r.http_status,
        "uri": r.ref.uri, "final_uri": r.final_uri, "info": r.info, "kind": r.ref.kind,
        "text": r.ref.text,
    }


def write_links_report(results: list[LinkResult], path: Path) -> None:
    """Write one JSON record per occurrence, atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".links-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            for r in results:
                out.write(json.dumps(link_record(r), ensure_ascii=False) + "\n")
        os.chmod(tmp, 0o666 & ~_umask())  # as every other output, not mkstemp's 0600
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _counts(results: list[LinkResult]) -> str:
    counts = Counter(r.status for r in results)
    return ", ".join(f"{counts[s]} {s.value}" for s in ORDER if counts[s])


def summarise_links(results: list[LinkResult], limit: int = 10) -> str:
    """A few lines: totals, then each publication's counts and its problems."""
    if not results:
        return "Links: none found."
    targets = len({normalise_url(r.ref.uri) for r in results})
    lines = [f"Links: {len(results)} in the sources ({targets} distinct): {_counts(results)}"]
    by_pub: dict[str, list[LinkResult]] = {}
    for r in results:
        by_pub.setdefault(r.ref.publication or "(layouts and shared sources)", []).append(r)
    for pub, items in sorted(by_pub.items()):
        lines.append(f"  {pub}: {_counts(items)}")
        problems = [r for r in items if r.status in ERRORS or r.status in WARNINGS]
        problems.sort(key=lambda r: (ORDER.index(r.status), r.ref.location))
        for r in problems[:limit]:
            what = (f"'{r.ref.uri}' for '{r.ref.text}'" if r.status is Status.PLACEHOLDER
                    and r.ref.text else r.ref.uri)
            where = f" ({r.ref.location})" if r.ref.location.path else ""
            detail = f" {r.info}" if r.info and r.status is not Status.PLACEHOLDER else ""
            lines.append(f"    {r.status.value}: {what}{where}{detail}")
        if len(problems) > limit:
            lines.append(f"    ... and {len(problems) - limit} more in the links report")
    return "\n".join(lines)
