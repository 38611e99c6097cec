"""Turn publication HTML into a print edition PDF: every link's address on the page, QR codes
for the full report and the partnership website, print CSS for A4, and a handout's page count.

On paper a link cannot be clicked, so each web or e-mail link whose text is not already its
address gets the address printed: short ones in brackets after the link text, long ones as
a numbered note "[n]" listed under "Links in this publication" at the end. Links inside the
page (footnotes, contents) stay as they are, and "Back to text" links are dropped. A
placeholder link (`[text](#)`) is plain text in the publication HTML already, so it prints
as plain text with no address (`bulletin publish` refuses placeholders outright).
Links are underlined in black and numbered, so nothing depends on colour.
"""

from __future__ import annotations

import base64
import html as html_lib
import io
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote

from markupsafe import escape

from .. import kinds
from .measure import page_geometry

# Addresses up to this many characters print in brackets after the link text; longer
# ones become numbered notes, so a sentence is not broken by a 90-character address.
INLINE_MAX = 40
LINKS_HEADING = "Links in this publication"
PRINT_MARGIN_MM = 15  # the least margin office printers print to reliably
# A phone camera reads a printed QR code reliably when each module (one black or white
# square) is at least about half a millimetre wide; a dense code for a long address is
# printed larger so its modules stay that wide, and no code is smaller than 20 mm.
QR_MODULE_MM = 0.5
QR_MIN_MM = 20.0
QR_QUIET_MODULES = 4  # the white border the standard asks for, part of the printed square


@dataclass
class LinkNote:
    """A numbered note: one distinct address that was too long to print inline."""

    number: int
    text: str
    href: str
    address: str


def printed_address(href: str) -> str:
    """The address as a reader types it: no 'mailto:', no 'https://', no lone trailing '/'."""
    href = href.strip()
    if href.lower().startswith(("mailto:", "tel:")):
        return unquote(href.split(":", 1)[1].split("?", 1)[0])
    shown = href[len("https://"):] if href.lower().startswith("https://") else href
    scheme, sep, rest = shown.rpartition("://")
    return scheme + sep + (rest[:-1] if rest.count("/") == 1 and rest.endswith("/") else rest)


def _same(text: str, href: str) -> bool:
    """True when the link text already is the address (so printing it again is noise)."""
    norm = lambda s: s.strip().lower().rstrip("/").removeprefix("mailto:").removeprefix("https://") \
        .removeprefix("http://")
    return norm(text) == norm(href)


class _LinkRewriter(HTMLParser):
    """Streams the HTML back out unchanged except around external links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.notes: dict[str, LinkNote] = {}
        self.link: dict | None = None  # the <a> being read: href, text, skip
        self.inline: list[tuple[str, str]] = []  # (text, address) printed after the text

    def _emit(self, raw: str) -> None:
        if not (self.link and self.link["skip"]):
            self.out.append(raw)

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            attrs = dict(attrs)
            self.link = {"href": (attrs.get("href") or "").strip(), "text": "",
                         "skip": "footnote-back" in (attrs.get("class") or "")}
        self._emit(self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        self._emit(self.get_starttag_text())

    def handle_endtag(self, tag):
        self._emit(f"</{tag}>")
        if tag == "a" and self.link is not None:
            link, self.link = self.link, None
            if link["skip"]:
                if self.out and self.out[-1].endswith(" "):
                    self.out[-1] = self.out[-1].rstrip(" ")
                return
            self.out.append(self._after_link(link["href"], " ".join(link["text"].split())))

    def _after_link(self, href: str, text: str) -> str:
        if not href or href.startswith("#") or _same(text, href):
            return ""
        address = printed_address(href)
        if len(address) <= INLINE_MAX or href.lower().startswith(("mailto:", "tel:")):
            self.inline.append((text, address))
            return f" ({escape(address)})"
        note = self.notes.get(href)
        if note is None:
            note = self.notes[href] = LinkNote(len(self.notes) + 1, text, href, address)
        return f" [{note.number}]"

    def handle_data(self, data):
        if self.link is not None:
            self.link["text"] += data
        self._emit(data)

    def handle_entityref(self, name):
        if self.link is not None:
            self.link["text"] += html_lib.unescape(f"&{name};")
        self._emit(f"&{name};")

    def handle_charref(self, name):
        if self.link is not None:
            self.link["text"] += html_lib.unescape(f"&#{name};")
        self._emit(f"&#{name};")

    def handle_decl(self, decl):
        self._emit(f"<!{decl}>")

    def handle_comment(self, data):
        self._emit(f"<!--{data}-->")


def rewrite_links(html: str) -> tuple[str, list[LinkNote], list[tuple[str, str]]]:
    """(HTML with addresses printed, the numbered notes, the (text, address) printed inline)."""
    rewriter = _LinkRewriter()
    rewriter.feed(html)
    rewriter.close()
    return "".join(rewriter.out), list(rewriter.notes.values()), rewriter.inline


@dataclass(frozen=True)
class QrImage:
    """A QR code as a PNG data: URL (the PDF fetcher allows data: URLs) and its size on paper."""

    uri: str
    modules: int  # squares across, the quiet zone included

    @property
    def width_mm(self) -> float:
        return max(QR_MIN_MM, self.modules * QR_MODULE_MM)

    def img(self, alt: str) -> str:
        """The <img>, sized inline because each code's size depends on its own data."""
        size = f"{self.width_mm:g}mm"
        return (f'<img class="qr" src="{self.uri}" alt="{escape(alt)}" '
                f'style="width: {size}; height: {size}">')


def qr_image(address: str) -> QrImage:
    """The QR code for `address`, at the smallest version that holds it."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=8, border=QR_QUIET_MODULES)
    code.add_data(address)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    uri = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    return QrImage(uri, code.modules_count + 2 * QR_QUIET_MODULES)


def key_resources(context: dict) -> list[tuple[str, str, str]]:
    """(label, short caption, address) of what deserves a QR code: each review's full
    report, then the partnership website (where readers find reports and procedures)."""
    found: dict[str, tuple[str, str]] = {}
    reviews = context.get("reviews") or []
    for review in reviews:
        report = review.get("report") or {}
        if report.get("url"):
            label = report.get("title") or f"full report of the review of {review['subject']}"
            short = "full report" if len(reviews) == 1 else f"{review['subject']} report"
            found.setdefault(str(report["url"]).strip(), (label, short))
    layout = context.get("layout")
    if layout is not None and layout.website:
        found.setdefault(str(layout.website).strip(),
                         (f"{layout.partnership or ''} website".strip(), "website"))
    return [(label, short, url) for url, (label, short) in found.items()]


def links_section(notes: list[LinkNote]) -> str:
    """The "Links in this publication" section: the numbered addresses, in order."""
    if not notes:
        return ""
    # A long address is hard to type from paper, so each note has its own QR code too; the
    # address goes on a line of its own, so most fit whole and the rest break at a '/'.
    items = "\n".join(f'<li>{qr_image(n.href).img(f"QR code for {n.text}: {n.href}")}{escape(n.text)}:<br>'
                      f'<a href="{escape(n.href)}">{escape(n.address)}</a></li>'
                      for n in notes)
    return (f'<section class="print-links">\n<h2>{LINKS_HEADING}</h2>\n'
            f'<p class="note">The addresses of the links marked [1], [2]... in the text. Scan a code with a phone camera to open the page.</p>\n'
            f'<ol>\n{items}\n</ol>\n</section>')


def qr_figures(resources: list[tuple[str, str, str]]) -> str:
    """QR codes for the key resources, set in the colophon beside the contact details."""
    figures = []
    for label, short, url in resources:
        alt = f"QR code for {label}: {url}"
        figures.append(f'<figure class="qr">{qr_image(url).img(alt)}'
                       f'<figcaption>Scan for the {escape(short)}</figcaption></figure>')
    return "\n".join(figures)


def page_count_text(kind: str, pages: int) -> str:
    """'This handout is 2 pages: print it double-sided on one sheet of A4.'"""
    what = kinds.print_rule(kind, "states_pages_as") or "publication"
    if pages == 1:
        return f"This {what} is 1 page: one side of A4."
    sheets = (pages + 1) // 2
    on = "one sheet" if sheets == 1 else f"{sheets} sheets"
    return f"This {what} is {pages} pages: print it double-sided on {on} of A4."


def print_css(layout, kind: str = "") -> str:
    """Rules added after the layout's CSS: the kind's page with print-safe margins (the
    same columns of `page.line_chars` as the PDF), links that do not depend on colour, the
    links section and QR codes."""
    page = layout.page if layout and layout.page else None
    margin = max(int((page.margin_mm if page else None) or 18), PRINT_MARGIN_MM)
    size = float((layout.fonts.size_pt if layout and layout.fonts else None) or 11)
    geometry = page_geometry(margin, page.line_chars if page else None, size, kinds.paper(kind))
    name = "" if kinds.paper(kind) == kinds.DEFAULTS["paper"] else f"kind-{kind} "
    return f"""
@page {name}{{ size: A4 {geometry.orientation}; margin: {geometry.top_mm}mm {geometry.side_mm}mm {geometry.bottom_mm}mm; }}
a, a:visited {{ color: inherit; text-decoration: underline; }}
.masthead a {{ color: inherit; }}
div.mark-draft {{ display: none; }}  /* the running header marks every page instead */
p.page-count {{ font-weight: 700; margin: 0 0 0.6rem; }}
section.print-links {{ margin-top: 1.2rem; font-size: 0.9rem; }}
/* two columns, so codes sized for their density still fit a page of links (a page set in
   columns already has them: columns inside columns cost WeasyPrint a layout per try) */
section.print-links ol {{ columns: {1 if geometry.columns > 1 else 2}; column-gap: 8mm; }}
section.print-links li {{ overflow-wrap: anywhere; break-inside: avoid; margin-bottom: 2mm; }}
section.print-links li img.qr {{ float: none; display: block; margin: 0 0 1mm 0; }}  /* the code above its address */
footer.colophon {{ break-inside: avoid; display: flow-root; min-height: 19mm; margin-top: 0.9rem; }}
figure.qr {{ float: right; width: 48mm; margin: 0 0 0.3rem 4mm; break-inside: avoid; display: flow-root; }}
img.qr {{ float: right; margin-left: 2mm; image-rendering: pixelated; }}  /* sized inline: QrImage */
figure.qr figcaption {{ font-size: 8pt; line-height: 1.25; text-align: right; padding-top: 6mm; }}
{_NARROW_COLOPHON if geometry.columns > 1 else ""}"""


# In a column of a sheet, codes floated beside the closing note squeezed its text to a word
# a line: they stand in a row above it instead.
_NARROW_COLOPHON = """figure.qr { float: none; display: inline-block; vertical-align: top; margin: 0 5mm 0.3rem 0; }
"""


def print_html(html: str, context: dict, pages: int | None = None) -> str:
    """The print edition's HTML; `pages` (once known) is stated at the top of a handout."""
    kind = context["publication"]["kind"]
    body, notes, _ = rewrite_links(html)
    body = body.replace("</head>", f"<style>{print_css(context.get('layout'), kind)}</style>\n</head>", 1)
    section = links_section(notes)
    if section:
        head, sep, tail = body.rpartition("</main>")
        body = head + section + "\n" + sep + tail if sep else body
    figures = qr_figures(key_resources(context))
    if figures:  # before the colophon's text, so the float sits beside it
        head, sep, tail = body.partition('<footer class="colophon">')
        body = head + sep + "\n" + figures + tail if sep else body.replace("</main>", figures + "\n</main>", 1)
    if pages and kinds.print_rule(kind, "states_pages_as"):
        statement = f'<p class="page-count">{page_count_text(kind, pages)}</p>'
        body = body.replace("<main>", "<main>\n" + statement, 1)
    return body


def _layout_document(html: str, project_root, layout_folder):
    from .pdf import render_document  # WeasyPrint loads only when a print edition is made

    return render_document(html, project_root, layout_folder)


def render_print(html, project, layout, context) -> tuple[bytes, list[str]]:
    """The renderer for format `print` (formats.py names it): (PDF bytes, WeasyPrint warnings).

    A handout states its own page count. It is laid out first with the count it is meant
    to have (its kind's `typical_pages`), which is right in the usual case; when the layout
    disagrees it is laid out again with the measured count (and once more in the rare
    case that the corrected sentence itself changes the count)."""
    kind = context["publication"]["kind"]
    stated = kinds.print_rule(kind, "typical_pages") if kinds.print_rule(kind, "states_pages_as") else None
    document, logs = _layout_document(print_html(html, context, stated), project.root, layout.folder)
    for _ in range(2):
        if stated is None or len(document.pages) == stated:
            break
        stated = len(document.pages)
        document, logs = _layout_document(print_html(html, context, stated), project.root, layout.folder)
    from .pdf import write_document

    data, written = write_document(document)
    return data, logs + written
