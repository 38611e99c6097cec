"""Link checking: source links and URL fields into verdicts, diagnostics and reports.

records (vocabulary) <- static, settings, cache, net <- run <- report <- check <- build.
Callers outside the package use the names below; modules inside import their siblings.
"""

from .check import check_links, find_links, link_ref
from .records import LinkRef, LinkResult, Status, group_refs, normalise_url

__all__ = ["LinkRef", "LinkResult", "Status", "check_links", "find_links", "group_refs",
           "link_ref", "normalise_url"]
