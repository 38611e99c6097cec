"""Turn publication HTML into a tagged PDF/UA-1 file with WeasyPrint, hermetically.

The URL fetcher serves only the packaged fonts (`assets/fonts/...`) and files inside
the project; every other address, `http(s)` included, is refused, so a build never
touches the network and never reads outside the project. WeasyPrint's own warnings
and errors are captured and returned, so the accessibility checks can report them.
"""

from __future__ import annotations

import logging
import os
import re
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlparse

import weasyprint
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..assets import FONT_DIR
from ..session import Session
from .pdf_structure import tidy_structure

VIRTUAL_BASE = "file:///bulletin-build/"


class ProjectFetcher(URLFetcher):
    """Serves `assets/fonts/*` from the font package and other relative paths from the
    project root; refuses everything else."""

    def __init__(self, project_root: Path, layout_folder: Path | None):
        super().__init__(allowed_protocols={"file", "data"})
        self.roots = [project_root.resolve()] + ([layout_folder.resolve()] if layout_folder else [])

    def fetch(self, url, headers=None):
        if url.startswith("data:"):  # self-contained (QR codes): no file, no network
            return super().fetch(url, headers)
        if not url.startswith(VIRTUAL_BASE):
            raise ValueError(f"refused (rendering is hermetic): {url}")
        relative = unquote(urlparse(url).path)[len("/bulletin-build/"):]
        if relative.startswith("assets/fonts/"):
            path = (FONT_DIR / relative[len("assets/fonts/"):]).resolve()
            allowed = [FONT_DIR.resolve()]
        else:
            for root in self.roots:
                path = (root / relative).resolve()
                if path.is_file():
                    break
            allowed = self.roots
        if not any(path.is_relative_to(root) for root in allowed) or not path.is_file():
            raise ValueError(f"refused (not a project file): {relative}")
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": _mime(path)})


def _mime(path: Path) -> str:
    return {".ttf": "font/ttf", ".otf": "font/otf", ".css": "text/css", ".png": "image/png",
            ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}.get(
        path.suffix.lower(), "application/octet-stream")


# WeasyPrint warnings that describe the machine, not the publication: the build reports
# them once as a notice about the machine (environment.py), never as a publication's warning.
MACHINE_MESSAGES = ("instead of HarfBuzz-Subset",)


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        message = record.getMessage()
        if not any(part in message for part in MACHINE_MESSAGES):
            self.messages.append(f"{record.levelname.lower()}: {message}")


@lru_cache(maxsize=1)
def _font_epoch() -> str:
    """The packaged font's own modification time, as seconds since 1970."""
    from fontTools.misc.timeTools import epoch_diff
    from fontTools.ttLib import TTFont

    font = TTFont(sorted(FONT_DIR.glob("*.ttf"))[0], lazy=True)
    return str(font["head"].modified + epoch_diff)


@contextmanager
def _stable_font_dates():
    """Where HarfBuzz-subset is missing, WeasyPrint subsets fonts with fontTools, which
    stamps each subset with the clock unless SOURCE_DATE_EPOCH is set; the stamp then
    made two builds of the same PDF differ. Subsets keep the font's own date instead."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = _font_epoch()
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def write_document(document) -> tuple[bytes, list[str]]:
    """(finished PDF/UA-1 bytes, WeasyPrint's warnings) for a laid-out document."""
    capture = _Capture()
    weasyprint.LOGGER.addHandler(capture)
    try:
        with _stable_font_dates():
            data = document.write_pdf(**PDF_OPTIONS)
    finally:
        weasyprint.LOGGER.removeHandler(capture)
    return finish_pdf(data), capture.messages


PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}


def lay_out(html: str, project_root: Path, layout_folder: Path | None = None,
            session: Session | None = None):
    """(WeasyPrint Document, its warnings) for publication HTML: pages laid out, no PDF yet.
    With the publication's `session`, the layout is kept there: measuring the publication
    (its contents list) and writing its PDF then cost one layout, whatever else is laid
    out in between."""
    if session is not None and html in session.layouts:
        document, messages = session.layouts[html]
        return document, list(messages)
    document, messages = render_document(html, project_root, layout_folder)
    if session is not None:
        session.layouts[html] = (document, messages)
    return document, list(messages)


def render_document(html: str, project_root: Path, layout_folder: Path | None = None):
    """(WeasyPrint Document, its warnings) for HTML, laid out hermetically; nothing kept.
    Every layout bulletin makes (PDF, contents measuring, print edition) is made here."""
    body, sheets = _split_styles(html)
    # only sheets that name a project's own files depend on where the project is
    own_files = any(_OWN_FILE.search(text) for text in sheets)
    stylesheets, fonts, parse_messages = _parsed_styles(sheets, project_root if own_files else None,
                                                        layout_folder if own_files else None)
    capture = _Capture()
    capture.messages += parse_messages  # each document reports its stylesheets' warnings
    weasyprint.LOGGER.addHandler(capture)
    try:
        document = weasyprint.HTML(string=body, base_url=VIRTUAL_BASE,
                                   url_fetcher=ProjectFetcher(project_root, layout_folder)).render(
            stylesheets=stylesheets, font_config=fonts, **PDF_OPTIONS)
    finally:
        weasyprint.LOGGER.removeHandler(capture)
    return document, capture.messages


# A publication's stylesheet is the same text for every publication of its layout and
# kind, and for every layout of it: parsed once (selectors compiled, fonts loaded) and
# kept, keyed by its text and the folders its addresses resolve in, rather than parsed
# again from the <style> in each document. The sheets keep their order, so the cascade
# among them is the document's; as stylesheets handed to WeasyPrint they rank above its
# defaults and below inline style attributes, as the <style> elements did.
_STYLE = re.compile(r"<style>(.*?)</style>", re.S)
_OWN_FILE = re.compile(r"""url\((?![\s"']*(?:assets/fonts/|data:))|@import""")


def _split_styles(html: str) -> tuple[str, tuple[str, ...]]:
    """(the HTML without its <style> elements, their texts in order)."""
    head, sep, rest = html.partition("</head>")
    if not sep:
        return html, ()
    return _STYLE.sub("", head) + sep + rest, tuple(_STYLE.findall(head))


@lru_cache(maxsize=16)
def _parsed_styles(sheets: tuple[str, ...], project_root: Path | None, layout_folder: Path | None):
    """(the sheets parsed, the font configuration their @font-face rules loaded into, which
    the document is rendered with, and WeasyPrint's warnings while parsing them)."""
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    fetcher = ProjectFetcher(project_root or FONT_DIR, layout_folder)
    capture = _Capture()
    weasyprint.LOGGER.addHandler(capture)
    try:
        parsed = [weasyprint.CSS(string=text, base_url=VIRTUAL_BASE, url_fetcher=fetcher, font_config=fonts)
                  for text in sheets]
    finally:
        weasyprint.LOGGER.removeHandler(capture)
    return parsed, fonts, tuple(capture.messages)


def pdf_bytes(html: str, project_root: Path, layout_folder: Path | None = None,
              session: Session | None = None) -> tuple[bytes, list[str]]:
    """(PDF/UA-1 bytes, WeasyPrint's warnings and errors while laying out and writing this
    file) for publication HTML; the session's layout of it is used, then let go."""
    document, messages = lay_out(html, project_root, layout_folder, session)
    if session is not None:
        session.layouts.pop(html, None)  # written: the layout's memory can go
    data, written = write_document(document)
    return data, messages + written


def finish_pdf(data: bytes) -> bytes:
    """WeasyPrint's PDF with the two things it leaves undone: running text marked as
    artifacts and XMP metadata completed. Saved with an ID derived from the content, so
    the same publication gives the same bytes whichever build, serial or parallel, made it."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        tidy_structure(pdf)  # first: what it takes out of the tree becomes an artifact below
        mark_running_text_as_artifacts(pdf)
        complete_metadata(pdf)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


def mark_running_text_as_artifacts(pdf) -> None:
    """Turn marked content the structure tree never references (WeasyPrint tags the
    @page footer's text as /Span with an MCID but leaves it out of the tree) into
    /Artifact /Pagination, as PDF/UA asks for running headers and footers.

    WeasyPrint writes each such mark as `/Span <</MCID n>> BDC`; the page's content is
    rewritten at the byte level (text is in hex strings there, so the pattern cannot
    occur inside it). checks/accessibility/pdf.py checks the result independently."""
    import re

    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None:
        return
    used = _referenced_mcids(tree)
    mark = re.compile(rb"/[A-Za-z0-9]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
    for page in pdf.pages:
        page.contents_coalesce()
        content = page.Contents.read_bytes()

        def to_artifact(found, objgen=page.objgen):
            if (objgen, int(found.group(1))) in used:
                return found.group(0)
            return b"/Artifact << /Type /Pagination >> BDC"
        rewritten = mark.sub(to_artifact, content)
        if rewritten != content:
            page.Contents.write(rewritten)


def _referenced_mcids(tree) -> set[tuple]:
    """(page objgen, MCID) for every marked-content reference in the structure tree."""
    import pikepdf

    found, stack = set(), [(tree, None)]
    while stack:
        element, page = stack.pop()
        page = element.get("/Pg", page) if isinstance(element, pikepdf.Dictionary) else page
        kids = element.get("/K") if isinstance(element, pikepdf.Dictionary) else None
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
            if isinstance(kid, int):
                found.add((page.objgen if page is not None else None, int(kid)))
            elif isinstance(kid, pikepdf.Dictionary):
                if "/MCID" in kid:
                    kid_page = kid.get("/Pg", page)
                    found.add((kid_page.objgen if kid_page is not None else None, int(kid.MCID)))
                elif "/S" in kid or "/K" in kid:
                    stack.append((kid, page))
    return found


def complete_metadata(pdf) -> None:
    """Fill the XMP gaps WeasyPrint 70 leaves: dc:language (from the catalog's /Lang) and
    dc:subject (from the keywords), so catalogues and DMS tools that read only XMP see them."""
    lang = str(pdf.Root.get("/Lang", "") or "")
    keywords = [k.strip() for k in str(pdf.docinfo.get("/Keywords", "") or "").split(",") if k.strip()]
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        if lang:
            meta["dc:language"] = [lang]
        if keywords:
            meta["dc:subject"] = keywords
