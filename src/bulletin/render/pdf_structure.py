"""Turn WeasyPrint's PDF structure tree into the one a screen reader should walk.

- A contents entry is one link: WeasyPrint tags the entry, its `::after` (leader and
  page number) and the leader each as a Link with its own annotation, three links deep,
  each described by the target's id ("theme-1-co-ordinated-sharing-of-information"). The
  nested links are folded into the entry, the dot leader left out of the tree (so the
  artifact pass marks it as decoration), and the annotation described by the heading's
  own text, taken from the bookmark at the same place.
- A table that runs on to the next page is one Table: WeasyPrint starts a second Table
  on each page, with the repeated header row tagged again. The pieces are joined and
  the repeats left out of the tree (artifacts, as PDF/UA asks for repeated headers).
"""

from __future__ import annotations

import pikepdf


def _kids(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _is(element, tag: str) -> bool:
    return isinstance(element, pikepdf.Dictionary) and element.get("/S") == tag


def _walk(root):
    """Every structure element under `root`, parents before children."""
    stack = [root]
    while stack:
        element = stack.pop()
        yield element
        stack.extend(reversed([k for k in _kids(element) if isinstance(k, pikepdf.Dictionary) and "/S" in k]))


def _annotations(element) -> list:
    return [k.Obj for k in _kids(element) if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"]


def _page_of(element, inherited=None):
    page = element.get("/Pg")
    return page if page is not None else inherited


def _marked(kid, element_page):
    """An MCID kid moved to another element keeps its page (a marked-content reference)."""
    if isinstance(kid, int) and element_page is not None:
        return pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=element_page, MCID=kid)
    return kid


def bookmarks(pdf) -> list[tuple[str, object, float]]:
    """(title, page object, y of the target) of every bookmark with an explicit target, in
    document order: the outline WeasyPrint writes from the headings."""
    found = []

    def walk(node):
        while node is not None:
            dest = node.get("/Dest")
            if isinstance(dest, pikepdf.Array) and len(dest) >= 4:
                found.append((str(node.get("/Title", "")), dest[0], float(dest[3])))
            if "/First" in node:
                walk(node.First)
            node = node.get("/Next")

    outlines = pdf.Root.get("/Outlines")
    if outlines is not None and "/First" in outlines:
        walk(outlines.First)
    return found


def heading_titles(pdf) -> dict[str, str]:
    """Named destination -> the title of the bookmark at the same place (a heading)."""
    marks = {(page.objgen, round(y)): title for title, page, y in bookmarks(pdf)}
    names = pdf.Root.get("/Names", {}).get("/Dests", {}).get("/Names", [])
    titles = {}
    for name, dest in zip(list(names)[::2], list(names)[1::2]):
        if isinstance(dest, pikepdf.Array) and len(dest) >= 4:
            title = marks.get((dest[0].objgen, round(float(dest[3]))))
            if title:
                titles[str(name)] = title
    return titles


def fold_nested_links(pdf) -> None:
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    titles = heading_titles(pdf)
    dropped = set()
    for element in list(_walk(root)):
        if not _is(element, "/Link") or _is(element.get("/P"), "/Link"):
            continue
        if any(_is(k, "/Link") for k in _kids(element)):
            page = _page_of(element)
            kept = []
            for kid in _kids(element):
                if not _is(kid, "/Link"):
                    kept.append(kid)
                    continue
                inner_page = _page_of(kid, page)
                for sub in _kids(kid):
                    if _is(sub, "/Link"):  # the leader: out of the tree, so an artifact
                        dropped.update(a.objgen for e in _walk(sub) for a in _annotations(e))
                    elif isinstance(sub, pikepdf.Dictionary) and sub.get("/Type") == "/OBJR":
                        dropped.add(sub.Obj.objgen)
                    else:  # the page number stays in the link
                        kept.append(_marked(sub, inner_page) if inner_page is not None and page is not None
                                    and inner_page.objgen != page.objgen else sub)
            element.K = pikepdf.Array(kept)
        for annotation in _annotations(element):
            dest = annotation.get("/Dest")
            if isinstance(dest, (pikepdf.String, pikepdf.Name)) and str(dest).lstrip("/") in titles:
                annotation.Contents = pikepdf.String(titles[str(dest).lstrip("/")])
    if dropped:
        _remove_annotations(pdf, dropped)


def _remove_annotations(pdf, dropped: set) -> None:
    keys = set()
    for page in pdf.pages:
        annots = page.get("/Annots")
        if annots is None:
            continue
        keys.update(int(a.StructParent) for a in annots if a.objgen in dropped and "/StructParent" in a)
        page.Annots = pikepdf.Array([a for a in annots if a.objgen not in dropped])
    tree = pdf.Root.StructTreeRoot.get("/ParentTree")
    nums = tree.get("/Nums") if tree is not None else None
    if nums is not None and keys:
        pairs = list(zip(list(nums)[::2], list(nums)[1::2]))
        tree.Nums = pikepdf.Array([x for key, value in pairs if int(key) not in keys for x in (key, value)])


def _struct_kids(element) -> list:
    return [k for k in _kids(element) if isinstance(k, pikepdf.Dictionary) and "/S" in k]


def _previous_sibling(element):
    parent = element.get("/P")
    if parent is None:
        return None
    siblings = _struct_kids(parent)
    index = next((i for i, k in enumerate(siblings) if k.objgen == element.objgen), 0)
    return siblings[index - 1] if index > 0 else None


def _continued_from(piece, tag: str):
    """The element `piece` continues from the page before, or None. WeasyPrint splits an
    element at a page break into one per page, and every element holding it likewise up
    to a common ancestor: `piece` opens its holders, and its first part sits as deep in
    the last elements of the holder's previous sibling as `piece` does in the holder."""
    holder, depth = piece, 0
    while True:
        parent = holder.get("/P")
        if parent is None:
            return None
        if _struct_kids(parent)[0].objgen != holder.objgen:
            break
        holder, depth = parent, depth + 1
    found = _previous_sibling(holder)
    for _ in range(depth):
        tail = _struct_kids(found) if found is not None else []
        found = tail[-1] if tail else None
    return found if _is(found, tag) else None


def _append(target, kids) -> None:
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            kid.P = target
    target.K = pikepdf.Array(_kids(target) + list(kids))


def _join_holders(first, piece) -> None:
    """Remove `piece` and join each element that held it to its counterpart before."""
    left, right = first.P, piece.P
    _remove(piece)
    while left is not None and right is not None and left.objgen != right.objgen \
            and left.get("/S") == right.get("/S"):
        upper = right.get("/P")
        _append(left, _kids(right))
        _remove(right)
        left, right = left.get("/P"), upper


def join_split_tables(pdf) -> None:
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    for table in [e for e in _walk(root) if _is(e, "/Table")]:
        kids = _struct_kids(table)
        if not kids or _is(kids[0], "/Caption") or not any(_is(k, "/THead") for k in kids):
            continue
        first = _continued_from(table, "/Table")
        if first is None:
            continue
        bodies = [k for k in _struct_kids(first) if _is(k, "/TBody")]
        rows = [r for body in kids if _is(body, "/TBody") for r in _kids(body)]
        if bodies:
            _append(bodies[-1], rows)
        else:
            _append(first, [b for b in kids if _is(b, "/TBody")])
        _join_holders(first, table)  # the repeated header row leaves the tree: an artifact


def _first_mark(element, pages: dict, page=None) -> tuple:
    """(page number, MCID) of the first content an element holds, its label aside."""
    page = _page_of(element, page)
    found = []
    for kid in _kids(element):
        if isinstance(kid, int):
            found.append((pages.get(page.objgen, 0) if page is not None else 0, kid))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            kid_page = _page_of(kid, page)
            found.append((pages.get(kid_page.objgen, 0) if kid_page is not None else 0, int(kid.MCID)))
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid and not _is(kid, "/Lbl"):
            found.append(_first_mark(kid, pages, page))
    return min(found, default=(10 ** 6, 0))


def tidy_lists(pdf) -> None:
    """Each list item as Lbl then LBody holding everything else, nested lists included,
    in the order it is painted; an item continued on the next page joined to itself."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
    for lst in [e for e in _walk(root) if _is(e, "/L")]:
        kept, item = [], None
        for kid in _kids(lst):
            if _is(kid, "/L") and item is not None:  # a nested list beside its item
                _append(item, [kid])
                continue
            item = kid if _is(kid, "/LI") else None
            kept.append(kid)
        lst.K = pikepdf.Array(kept)
    for item in [e for e in _walk(root) if _is(e, "/LI")]:
        if not any(_is(k, "/Lbl") for k in _struct_kids(item)):
            first = _continued_from(item, "/LI")
            if first is not None and any(_is(k, "/Lbl") for k in _struct_kids(first)):
                _append(first, _kids(item))
                _join_holders(first, item)
    for item in [e for e in _walk(root) if _is(e, "/LI")]:
        labels = [k for k in _kids(item) if _is(k, "/Lbl")]
        rest = []
        for kid in _kids(item):
            if _is(kid, "/LBody"):
                rest.extend(_kids(kid))
            elif not _is(kid, "/Lbl"):
                rest.append(kid)
        if not rest:
            continue
        rest.sort(key=lambda k: _first_mark(k, pages, _page_of(item)) if isinstance(k, pikepdf.Dictionary)
                  and "/S" in k else (pages.get(_page_of(item).objgen, 0) if _page_of(item) is not None else 0,
                                      int(k) if isinstance(k, int) else 0))
        body = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.LBody, P=item))
        if _page_of(item) is not None:
            body.Pg = _page_of(item)
        _append(body, [_marked(k, _page_of(item)) if isinstance(k, int) else k for k in rest])
        item.K = pikepdf.Array(labels + [body])


def _remove(element) -> None:
    parent = element.get("/P")
    if parent is not None:
        parent.K = pikepdf.Array([k for k in _kids(parent) if not (isinstance(k, pikepdf.Dictionary)
                                                                   and k.objgen == element.objgen)])


def tidy_structure(pdf) -> None:
    """Every fix above, before the artifact pass turns what left the tree into artifacts."""
    fold_nested_links(pdf)
    join_split_tables(pdf)
    tidy_lists(pdf)
