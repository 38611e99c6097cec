"""Turn publication HTML whose last page would hold a few lines into HTML set a little
tighter, when that brings those lines back to the page before.

A designer pulls back a nearly empty last page by tightening the leading and the space
between paragraphs; this does the same once per publication: when the laid-out PDF's
last page is less than a quarter filled, the publication is laid out again with
`class="fit"` on its <body> (publication.css.j2 sets it tighter in print; the Word writer
reads it too), and the tighter setting is kept only if it saves the page. Screen HTML
is unchanged: the class has no rules on screen.
"""

from __future__ import annotations

from collections.abc import Callable

MIN_FILL = 0.25  # a page after the first less filled than this is a page-quality warning
FIT_CLASS = "fit"
# The most the tighter setting takes off a publication's length (its leading is 6% less,
# and the space between paragraphs and above headings less still): a last page holding
# more than this share of the whole cannot be brought back, so it is not tried.
SAVES_AT_MOST = 0.1


def page_fill(page) -> float:
    """How far down its content area a laid-out page is filled (0-1)."""
    # deferred: the page-quality check imports MIN_FILL, and `bulletin check` never loads WeasyPrint
    from .weasyprint_adapter import page_area

    area = page_area(page)
    shown = [box.bottom for box in area.flow if box.line]
    if not shown or area.height <= 0:
        return 0.0
    return max(0.0, min(1.0, (max(shown) - area.top) / area.height))


def is_fitted(html: str) -> bool:
    body = html.split("<body", 1)[-1].split(">", 1)[0]
    return f" {FIT_CLASS} " in " " + body.replace('"', " ") + " "


def set_tighter(html: str) -> str:
    """`html` with the tighter setting (as a build decided it; bulletin watch's preview)."""
    return html if is_fitted(html) else html.replace('<body class="', f'<body class="{FIT_CLASS} ', 1)


def fit_last_page(html: str, lay_out: Callable[[str], object]) -> str:
    """`html`, or `html` set tighter when that takes a nearly empty last page away.
    `lay_out(html)` returns the laid-out WeasyPrint document."""
    pages = lay_out(html).pages
    if len(pages) < 2 or is_fitted(html):
        return html
    last = page_fill(pages[-1])
    if last >= MIN_FILL or last > SAVES_AT_MOST * (len(pages) - 1 + last):
        return html
    tighter = set_tighter(html)
    if tighter == html or len(lay_out(tighter).pages) >= len(pages):
        return html
    return tighter
