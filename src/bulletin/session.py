"""Turn the making of one publication into one object its stages share: parsed Markdown, laid-out pages, renderer warnings.

build.py makes a `Session` for each publication it renders and hands it down: compose and
markup keep what each source string parsed into (`remember`), the contents-list decision
and the PDF writer share the WeasyPrint layouts of the publication's HTML (`layouts`), and
each file's renderer warnings stay with that file. Nothing here is module-level, so two
publications made in any order, interleaved or in one process, never see each other's
results; a session is dropped with its publication, and its memory with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass(eq=False)
class Session:
    """What the stages of one publication share while it is made."""

    publication: str
    # (what was computed, its arguments) -> result: the same source text is read several
    # times (the review's fields, then the link and content checks), parsed once
    markdown: dict = field(default_factory=dict)
    # publication HTML -> (laid-out WeasyPrint document, WeasyPrint's warnings while laying
    # it out): the contents-list decision measures a layout the PDF then writes
    layouts: dict = field(default_factory=dict)
    # whether the publication opens with a contents list: decided by measuring
    # (render/contents.py), or given beforehand (a preview reuses the last build's answer)
    contents: bool | None = None
    # whether it is set a little tighter to save a nearly empty last page (render/copyfit.py):
    # decided by measuring, or given beforehand like `contents`
    fitted: bool | None = None
    # the page (from 1) each id is printed on in the PDF, once it is laid out: the Word
    # file's contents list prints the PDF's page numbers
    anchor_pages: dict[str, int] | None = None

    def __getstate__(self) -> dict:
        """What crosses to another process (a rendered publication back from a worker):
        the decisions, not the parsed text and pages, which belong to this process."""
        return {**self.__dict__, "markdown": {}, "layouts": {}}

    def remember(self, what: str, args: tuple, make: Callable[[], Any]) -> Any:
        """`make()`'s result, computed once per session for the same `what` and `args`."""
        key = (what, tuple((type(a), a) for a in args))
        if key not in self.markdown:
            self.markdown[key] = make()
        return self.markdown[key]

    def keep_layout_of(self, html: str) -> None:
        """Forget every layout but the one of `html` (the one that will be written)."""
        for other in [h for h in self.layouts if h != html]:
            del self.layouts[other]
