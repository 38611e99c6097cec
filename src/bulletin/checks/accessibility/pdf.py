"""Turn a built PDF into PDF/UA-1 diagnostics by reading its catalogue, XMP, structure tree and pages."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf

from bulletin.diagnostics import Diagnostic, Location, error, warning

_TEXT_OPS = {"Tj", "TJ", "'", '"'}


def _name(obj) -> str:
    return str(obj).lstrip("/") if obj is not None else ""


def _walk(elem, role_map, parents=()):
    """(element, standard type, ancestors) for each structure element, in reading order;
    plus ('OBJR', obj, parents) and ('MCID', (page objgen or None, mcid)) leaves.

    Iterative, with each element's page (its /Pg or the nearest ancestor's) carried down,
    so a tree of thousands of marked-content references is read once."""
    standard: dict[str, str] = {}

    def standard_type(name) -> str:
        if name is None:
            return ""
        key = str(name)
        if key not in standard:
            mapped = role_map.get(key) if len(role_map) else None
            standard[key] = _name(mapped if mapped is not None else key)
        return standard[key]

    stack = [(elem, parents, None)]
    while stack:
        node, ancestors, page = stack.pop()
        if isinstance(node, int):
            yield "MCID", (page, int(node)), ancestors
            continue
        if not isinstance(node, pikepdf.Dictionary):
            continue
        node_type = node.get("/Type")
        own_page = node.get("/Pg")
        page = own_page.objgen if own_page is not None else page
        if node_type == "/OBJR":
            yield "OBJR", node, ancestors
            continue
        if node_type == "/MCR":
            yield "MCID", (page, int(node.MCID)), ancestors
            continue
        kind = standard_type(node.get("/S"))
        yield "ELEM", (node, kind), ancestors
        here = ancestors + ((node, kind),)
        kids = node.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
        stack.extend((kid, here, page) for kid in reversed(kids))


def check_pdf(path: Path, title: str, weasyprint_log: list[str] = ()) -> list[Diagnostic]:
    """Tagging, language, title, figures, links, headings, tables, fonts, artifacts, bookmarks."""
    path = Path(path)
    where = Location(str(path))
    out: list[Diagnostic] = []

    def add(make, code, message, page: int | None = None):
        prefix = f"page {page}: " if page else ""
        out.append(make(code, prefix + message, where, extra={"page": page} if page else {}))

    for line in weasyprint_log:
        severity = error if re.search(r"\berror\b", line, re.I) else warning
        add(severity, "a11y.pdf-render", f"WeasyPrint: {line.strip()}")
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, OSError) as exc:
        return out + [error("a11y.pdf-open", f"the PDF could not be read: {exc}", where)]
    with pdf:
        root = pdf.Root
        mark = root.get("/MarkInfo")
        if mark is None or not bool(mark.get("/Marked", False)):
            add(error, "a11y.pdf-tagged", "PDF is not tagged (no MarkInfo/Marked): render with "
                "pdf_variant='pdf/ua-1'")
        lang = str(root.get("/Lang", "")).strip()
        if lang.lower() != "en-gb":
            add(error, "a11y.pdf-lang", f"document language is '{lang or 'not set'}', not en-GB: "
                "the template must write <html lang=\"en-GB\">")
        prefs = root.get("/ViewerPreferences")
        if prefs is None or not bool(prefs.get("/DisplayDocTitle", False)):
            add(error, "a11y.pdf-display-title", "ViewerPreferences/DisplayDocTitle is not true: "
                "render with pdf_variant='pdf/ua-1'")
        meta = pdf.open_metadata()
        if str(meta.get("pdfuaid:part", "")) != "1":
            add(error, "a11y.pdf-ua-id", "XMP metadata does not claim PDF/UA-1 (pdfuaid:part 1): "
                "render with pdf_variant='pdf/ua-1'")
        xmp_title = " ".join(str(meta.get("dc:title", "")).split())
        if xmp_title != " ".join(title.split()):
            add(error, "a11y.pdf-title", f"document title is '{xmp_title or 'not set'}', not the "
                f"publication title '{title}': the template's <title> must be the title")
        _check_structure(pdf, add)
        _check_fonts(pdf, add)
        outlines = root.get("/Outlines")
        if len(pdf.pages) > 2 and (outlines is None or outlines.get("/First") is None):
            add(warning, "a11y.pdf-bookmarks", f"PDF has {len(pdf.pages)} pages and no bookmarks: "
                "headings (h1-h4) make them")
    return out


def _check_structure(pdf, add) -> None:
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None:
        add(error, "a11y.pdf-structure", "PDF has no structure tree: render with "
            "pdf_variant='pdf/ua-1'")
        return
    role_map = tree.get("/RoleMap") or pikepdf.Dictionary()
    annot_parents: dict[tuple, str] = {}
    tagged_mcids: set[tuple] = set()
    previous_level = 0
    for kind, item, parents in _walk(tree, role_map):
        if kind == "OBJR":
            annot_parents[item.Obj.objgen] = parents[-1][1] if parents else ""
        elif kind == "MCID":
            tagged_mcids.add(item)
        else:
            elem, std = item
            if std == "Figure" and not str(elem.get("/Alt", "")).strip() \
                    and not str(elem.get("/ActualText", "")).strip():
                add(error, "a11y.pdf-figure-alt", "a Figure has no /Alt text: give the <img> "
                    "a real alt, or make a decorative image a CSS background")
            m = re.fullmatch(r"H([1-6])", std)
            if m:
                level = int(m.group(1))
                if level > previous_level + 1:
                    add(error, "a11y.pdf-heading-order", f"heading H{level} follows "
                        f"H{previous_level}: headings must not skip a level")
                previous_level = level
            if std == "Table":
                inside = {i[1] for k, i, _ in _walk(elem, role_map) if k == "ELEM"}
                if inside <= {"Table", "Caption", "Span", "P"} and "Caption" in inside:
                    add(error, "a11y.pdf-table-headers", "a table's caption is on one page and "
                        "its rows on the next, so the PDF has two Table tags, one with only the "
                        "caption: keep them together (caption { break-after: avoid })")
                elif "TH" not in inside:
                    add(error, "a11y.pdf-table-headers", "a table has no header cells (TH): "
                        "use <th scope=\"col\"> in the template")
    loose_pages: list[int] = []
    orphan_pages: list[int] = []
    for number, page in enumerate(pdf.pages, 1):
        for annot in page.get("/Annots", []):
            if annot.get("/Subtype") != "/Link":
                continue
            parent = annot_parents.get(annot.objgen)
            if parent is None:
                add(error, "a11y.pdf-link-tag", "a link is not in the structure tree", number)
            elif parent != "Link":
                add(error, "a11y.pdf-link-tag", f"a link sits under {parent}, not a Link tag: "
                    "keep link text plain (no <strong> or <em> inside <a>)", number)
            if not str(annot.get("/Contents", "")).strip():
                add(error, "a11y.pdf-link-contents", "a link annotation has no /Contents "
                    "(alternative description)", number)
        loose, orphans = _untagged_content(page, tagged_mcids)
        if loose:
            loose_pages.append(number)
        if orphans:
            orphan_pages.append(number)
    if loose_pages:
        add(warning, "a11y.pdf-untagged", f"text on page(s) {_pages(loose_pages)} is neither "
            "tagged nor marked as an artifact")
    if orphan_pages:
        add(warning, "a11y.pdf-untagged", f"marked content on page(s) {_pages(orphan_pages)} is "
            "not in the structure tree and not an artifact (often a running header or footer "
            "from @page margin boxes, which WeasyPrint does not mark as artifacts)")


def _pages(numbers: list[int]) -> str:
    """'1-3, 5' for [1, 2, 3, 5]."""
    runs, start = [], numbers[0]
    for a, b in zip(numbers, numbers[1:] + [None]):
        if b != a + 1:
            runs.append(f"{start}-{a}" if a != start else f"{a}")
            start = b
    return ", ".join(runs)


_MCID = re.compile(rb"/MCID\s*(\d+)\s*>>\s*$")
_OPERATOR_WORDS = {b"BDC", b"BMC", b"EMC", b"Tj", b"TJ"}


def _has_literal_strings(content: bytes) -> bool:
    if b"'" in content or b'"' in content:
        return True
    return b"(" in content and b"(" in content.replace(b"()", b"")


def _untagged_content(page, tagged_mcids) -> tuple[int, int]:
    """(text runs outside any marked content, MCIDs the tree never uses) on one page.

    A content stream with no literal strings (WeasyPrint writes text as hex strings, and
    every operator as its own word) is read word by word, several times faster than
    parsing it into Python objects; any other stream is parsed properly."""
    try:
        content = page.Contents.read_bytes() if isinstance(page.Contents, pikepdf.Stream) else None
    except pikepdf.PdfError:
        content = None
    if content is None or _has_literal_strings(content):
        return _untagged_content_parsed(page, tagged_mcids)
    marks = _operators(content)
    shown = sum(op in (b"Tj", b"TJ") for _, op in marks)
    if shown != content.count(b"Tj") + content.count(b"TJ"):  # an operator not on its own
        return _untagged_content_parsed(page, tagged_mcids)
    page_id = page.objgen
    depth, loose_text, orphan_mcids = 0, 0, set()
    for at, op in marks:
        if op == b"BDC" or op == b"BMC":
            depth += 1
            found = _MCID.search(content, max(0, at - 40), at) if op == b"BDC" else None
            if found is not None:
                mcid = int(found.group(1))
                if (page_id, mcid) not in tagged_mcids and (None, mcid) not in tagged_mcids:
                    orphan_mcids.add(mcid)
        elif op == b"EMC":
            depth = max(0, depth - 1)
        elif not depth:
            loose_text += 1
    return loose_text, len(orphan_mcids)


_WHITE = frozenset(b" \t\r\n\f\0")


def _operators(content: bytes) -> list[tuple[int, bytes]]:
    """(offset, operator) of each marked-content and text-showing operator written as a
    word of its own, in stream order (bytes.find runs in C: far quicker than a regex or
    a Python loop over every word of a 200 KB stream)."""
    found = []
    end_of_content = len(content)
    for op in _OPERATOR_WORDS:
        at = content.find(op)
        while at != -1:
            end = at + len(op)
            if (at == 0 or content[at - 1] in _WHITE) and (end == end_of_content or content[end] in _WHITE):
                found.append((at, op))
            at = content.find(op, end)
    found.sort()
    return found


def _untagged_content_parsed(page, tagged_mcids) -> tuple[int, int]:
    stack: list[tuple[str, int | None]] = []
    loose_text = 0
    orphan_mcids = set()
    try:
        # only the operators looked at: building Python objects for every other is most of the cost
        instructions = pikepdf.parse_content_stream(page, "BDC BMC EMC " + " ".join(_TEXT_OPS))
    except pikepdf.PdfError:
        return 0, 0
    for operands, operator in instructions:
        op = str(operator)
        if op == "BDC":
            tag = _name(operands[0])
            props = operands[1] if len(operands) > 1 else None
            mcid = int(props.MCID) if isinstance(props, pikepdf.Dictionary) and "/MCID" in props else None
            stack.append((tag, mcid))
            if mcid is not None and (page.objgen, mcid) not in tagged_mcids \
                    and (None, mcid) not in tagged_mcids:
                orphan_mcids.add(mcid)
        elif op == "BMC":
            stack.append((_name(operands[0]), None))
        elif op == "EMC":
            if stack:
                stack.pop()
        elif op in _TEXT_OPS and not stack:
            loose_text += 1
    return loose_text, len(orphan_mcids)


def _fonts(resources, seen):
    if not isinstance(resources, pikepdf.Dictionary):
        return
    for _, font in (resources.get("/Font") or {}).items():
        if font.objgen not in seen:
            seen.add(font.objgen)
            yield font
    for _, xobj in (resources.get("/XObject") or {}).items():
        if xobj.get("/Subtype") == "/Form" and xobj.objgen not in seen:
            seen.add(xobj.objgen)
            yield from _fonts(xobj.get("/Resources"), seen)


def _check_fonts(pdf, add) -> None:
    seen: set = set()
    for number, page in enumerate(pdf.pages, 1):
        for font in _fonts(page.get("/Resources"), seen):
            name = _name(font.get("/BaseFont")) or "(unnamed)"
            if font.get("/ToUnicode") is None:
                add(error, "a11y.pdf-font-unicode", f"font {name} has no ToUnicode map: its text "
                    "cannot be read aloud or searched", number)
            if font.get("/Subtype") == "/Type3":
                continue
            desc_font = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = desc_font.get("/FontDescriptor")
            if descriptor is None or not any(k in descriptor for k in
                                             ("/FontFile", "/FontFile2", "/FontFile3")):
                add(error, "a11y.pdf-font-embedded", f"font {name} is not embedded", number)
