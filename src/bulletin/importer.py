"""Turn an existing Word briefing (.docx) into draft sources: a review (or several) plus a publication, status draft.

`bulletin import FILE.docx [--name NAME] [--layout L]` reads the document
(importer_read), recognises its parts (importer_map's labels, learning themes, bulletin
facts, compendium cases), writes sources/reviews/*.yaml and sources/publications/NAME.yaml
with a comment block at the top of each listing what needs a human look (headers,
images, text boxes, guesses), and never overwrites a file.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from . import schema
from .importer_map import Draft, Labels, find_date, markdown, normal, plain
from .importer_briefing import BriefingMixin
from .importer_kinds import KindsMixin, slug
from .importer_read import Block, WordDocument, read_docx
from .importer_write import in_schema_order, write_draft, yaml_text  # noqa: F401 (the API)
from .scaffold import NAME_RE, review_name_for

SUBJECT = re.compile(r"\b(Child(?:ren)?\s+[A-Z][A-Za-z0-9]{0,2}(?:\s+and\s+[A-Z])?|Family\s+['‘’]?[A-Z][A-Za-z0-9]{0,2}['‘’]?|"
                     r"Baby\s+[A-Z]|Young Person\s+[A-Z]|(?<=Review )[A-Z]\b)")


# --- the document's parts -------------------------------------------------------------

class Importer(BriefingMixin, KindsMixin):
    def __init__(self, project, doc: WordDocument, name: str, layout: str | None, kind: str | None):
        self.project = project
        self.doc = doc
        self.name = name
        self.kind = kind
        self.labels = Labels(project.layouts)
        self.draft = Draft()
        self.pub: dict = {}
        self.review: dict = {}
        self.layout = layout or self._guess_layout()
        self.found_labels: dict[str, str] = {}

    def _guess_layout(self) -> str:
        texts = [plain(b.text) for b in self.doc.blocks[:3] if b.kind == "para"]
        texts.append(self.doc.properties.get("author", ""))
        for name, layout in self.project.layouts.items():
            if name != "default" and layout.tokens.get("partnership") in texts:
                self.draft.done.append(f"layout '{name}': the document names {layout.tokens['partnership']}")
                return name
        self.draft.notes.append("layout: no partnership recognised, so 'default' is used; "
                                "pass --layout NAME or change 'layout' and 'partnership'")
        return "default"

    def effective_label(self, key: str) -> str:
        layout = self.project.layouts.get(self.layout)
        labels = (layout.tokens.get("labels") or {}) if layout else {}
        return str(labels.get(key) or schema.DEFAULT_LABELS.get(key, ""))

    def keep_label(self, key: str, heading: str) -> None:
        """Keep the document's wording of a label when it is not what would print anyway."""
        if heading and heading != self.effective_label(key):
            self.found_labels.setdefault(key, heading)

    # --- top of the document -------------------------------------------------------

    def run(self) -> Draft:
        blocks = [b for b in self.doc.blocks if not self._is_colophon(b)]
        title_at = next((i for i, b in enumerate(blocks) if b.kind == "heading"), None)
        if title_at is None:
            title = self.doc.properties.get("title") or Path(self.name).stem.replace("-", " ").title()
            self.draft.notes.append("title: the document has no headings; the title comes from its "
                                    "properties or file name, and everything else is in one section")
            before, rest = [], blocks
        else:
            title = blocks[title_at].text
            before, rest = blocks[:title_at], blocks[title_at + 1:]
        self.pub.update(kind="briefing", layout=self.layout, title=plain(title), status="draft")
        self._preamble(before)
        first = next((i for i, b in enumerate(rest) if b.kind == "heading"), len(rest))
        intro = self._masthead(rest[:first])
        sections = self._sections(rest[first:])
        self.kind = self.kind or self._guess_kind(sections)
        self.pub["kind"] = self.kind
        self._subject(title, sections)
        if intro:
            self.pub["intro"] = markdown(intro)
        getattr(self, f"_map_{self.kind.replace('-', '_')}", self._map_briefing)(sections)
        self._finish()
        return self.draft

    def _is_colophon(self, block: Block) -> bool:
        """The layout prints its own 'Published by...' line and partnership name."""
        text = plain(block.text)
        if block.kind == "para" and (block.style in ("Contact", "Partnership") or text.startswith("Published by ")):
            if any(l.tokens.get("partnership") and l.tokens["partnership"] in text
                   for l in self.project.layouts.values()):
                if block.style != "Partnership":
                    self.draft.done.append(f"left out the closing line (the layout prints its own): {text[:70]}")
                return True
        return False

    def _preamble(self, blocks: list[Block]) -> None:
        for block in blocks:
            if block.kind == "para" and "kicker" not in self.pub and len(plain(block.text)) < 90:
                self.pub["kicker"] = plain(block.text)
            else:
                self.pub["intro"] = (self.pub.get("intro", "") + "\n" + markdown([block])).strip() + "\n"

    def _masthead(self, blocks: list[Block]) -> list[Block]:
        """Subtitle, edition and date lines under the title; returns the rest (the intro)."""
        intro = []
        for block in blocks:
            style = block.style.lower()
            if block.kind == "para" and style == "subtitle" and "subtitle" not in self.pub:
                self.pub["subtitle"] = plain(block.text)
            elif block.kind == "para" and (style == "meta" or len(plain(block.text)) < 60) and \
                    find_date(block.text)[0] and "date" not in self.pub and not intro:
                date, rest = find_date(block.text)
                self.pub["date"] = date
                if rest:
                    self.pub["edition"] = rest
            elif style == "callout report":
                self.review.setdefault("report", {})["text"] = markdown([block])
            else:
                intro.append(block)
        return intro

    # --- sections ------------------------------------------------------------------

    def _sections(self, blocks: list[Block]) -> list[tuple[Block, list[Block]]]:
        """Split at the top heading level: (heading, everything under it)."""
        levels = [b.level for b in blocks if b.kind == "heading"]
        top = min(levels, default=2)
        sections: list[tuple[Block, list[Block]]] = []
        for block in blocks:
            if block.kind == "heading" and block.level == top:
                sections.append((block, []))
            elif block.style.lower() == "callout report":
                self.review.setdefault("report", {})["text"] = markdown([block])
            elif sections:
                sections[-1][1].append(block)
        return sections

    def _guess_kind(self, sections) -> str:
        subs = [self.labels.key(b.text) for _, body in sections for b in body if b.kind == "heading"]
        tops = [self.labels.key(h.text) for h, _ in sections]
        if "cases" in tops:
            return "compendium"
        if len({"themes", "published", "case_details", "key_points"} & set(subs)) >= 2:
            return "bulletin"
        words = " ".join(str(self.pub.get(k, "")) for k in ("title", "subtitle", "kicker")).lower()
        return "handout" if "handout" in words else "briefing"

    def _subject(self, title: str, sections) -> None:
        """The pseudonym: from the title, the document's subject property, or a case heading."""
        candidates = [title, self.doc.properties.get("subject", "")]
        candidates += [h.text for h, _ in sections[:2]]
        for text in candidates:
            found = SUBJECT.search(plain(text))
            if found:
                self.review["subject"] = found.group(1).strip()
                return
        self.review["subject"] = title
        self.draft.notes.append(f"subject: no pseudonym found in the title; set 'subject' to it "
                                f"exactly as published (now '{title}')")

    # --- the end -------------------------------------------------------------------

    def _finish(self) -> None:
        learning = self.review.get("learning", [])
        headings = [item.pop("_practice_heading", None) for item in learning]
        used = [h for h in headings if h]
        if used:
            common = max(set(used), key=used.count)
            self.keep_label("practice", common)
            for item, h in zip(learning, headings):
                if h and h != common:
                    item["practice_heading"] = h
        if self.found_labels:
            self.pub["labels"] = {k: v for k, v in self.found_labels.items() if k}
        themes = self._themes_from_properties()
        if self.kind == "compendium":
            for entry in self.draft.reviews:
                entry["data"].update(partnership=self.layout, themes=themes or [])
        else:
            review = {"subject": self.review.pop("subject"), "review_type": self._review_type(),
                      "partnership": self.layout, "themes": themes}
            review.update(self.review)
            if "background" not in review:
                review["background"] = "To be written.\n"
                self.draft.notes.append("background: nothing in the document was recognised as "
                                        "the background; write it (it is required)")
            if self.doc.footnotes:
                review["footnotes"] = dict(self.doc.footnotes)
            name = review_name_for(self.name)
            self.draft.reviews.append({"name": name, "data": review})
            self.pub["review"] = name
        if not themes:
            self.draft.notes.append("themes: none recognised; tag the review with names from "
                                    "sources/themes.yaml")
        self.draft.publication = in_schema_order(self.pub, schema.PUBLICATION)
        for entry in self.draft.reviews:
            entry["data"] = in_schema_order(entry["data"], schema.REVIEW)
        for note in self.doc.notes:
            if self._printed_by_layout(note.split(":", 1)[1]):
                continue
            self.draft.notes.append(f"not imported ({note.split(':')[0]}): {note.split(':', 1)[1].strip()[:120]}")

    def _printed_by_layout(self, text: str) -> bool:
        """A header or footer the layout prints anyway (partnership, footer, page numbers)."""
        layout = self.project.layouts.get(self.layout)
        tokens = layout.tokens if layout else {}
        known = {normal(str(tokens.get(k) or "")) for k in ("partnership", "footer", "short_name")}
        known |= {normal(str(self.pub.get(k) or "")) for k in ("title", "kicker", "subtitle")}
        parts = [normal(p) for p in re.split(r"\t|\bpage\s*\d*(?:\s*of\s*\d+)?", text, flags=re.I)]
        return all(not p or p in known for p in parts)

    def _review_type(self) -> str:
        words = normal(" ".join(str(self.pub.get(k, "")) for k in ("title", "kicker", "subtitle")))
        words += " " + normal(self.review.get("background", ""))[:400]
        for key, label in schema.REVIEW_TYPES.items():
            if normal(label) in words:
                return key
        if "scr" in words.split():
            return "serious-case-review"
        self.draft.notes.append("review_type: not recognised; child-safeguarding-practice-review is a guess")
        return "child-safeguarding-practice-review"

    def _themes_from_properties(self) -> list[str]:
        """Themes the document's keywords name (the Word writer lists a review's themes there)."""
        by_label = {normal(str(e.get("label", n))): n for n, e in self.project.themes.items()}
        wanted = [normal(k) for k in re.split(r"[,;]", self.doc.properties.get("keywords", "")) if k.strip()]
        found = [by_label[k] for k in wanted if k in by_label]
        if found:
            self.draft.done.append(f"themes from the document's keywords: {', '.join(found)}")
        return found


def import_docx(root: Path, path: Path, name: str | None = None, layout: str | None = None,
                kind: str | None = None) -> Draft:
    """What importing `path` into the project at `root` would write (nothing is written)."""
    from .model import load_project
    project = load_project(root)
    name = name or slug(path.stem) or "imported"
    if not NAME_RE.match(name):
        raise ValueError(f"'{name}' is not a name: use lower case letters, digits and hyphens")
    if layout and layout not in project.layouts:
        raise ValueError(f"no layout named '{layout}'; choose from {', '.join(project.layouts)}")
    return Importer(project, read_docx(path), name, layout, kind).run()


def add_options(parser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE.docx", help="the Word document to import")
    parser.add_argument("--name", default=None, help="the new publication's name (default: from the file name)")
    parser.add_argument("--layout", default=None, help="the partnership layout (default: recognised "
                                                         "from the document, else 'default')")
    parser.add_argument("--kind", default=None, choices=schema.KINDS,
                        help="the publication kind (default: recognised from the document)")


def cmd_import(args) -> int:
    path = args.file if args.file.is_absolute() else Path.cwd() / args.file
    if not path.is_file() or path.suffix.lower() != ".docx":
        print(f"bulletin import: error: {args.file} is not a Word .docx file", file=sys.stderr)
        return 2
    name = args.name or slug(path.stem)
    try:
        draft = import_docx(args.root, path, name, args.layout, args.kind)
        written = write_draft(args.root, draft, path, name)
    except FileExistsError as exc:
        print(f"bulletin import: error: {exc} already exists; choose another --name (nothing was written)",
              file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"bulletin import: error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a damaged or unusual file: say so in one line
        if type(exc).__name__ in ("PackageNotFoundError", "BadZipFile", "KeyError", "XMLSyntaxError"):
            print(f"bulletin import: error: {args.file} could not be read as a Word document ({exc})",
                  file=sys.stderr)
            return 2
        raise
    for line in draft.done:
        print(f"  recognised: {line}")
    for path_written in written:
        print(f"created {path_written.relative_to(args.root)}")
    if draft.notes:
        print(f"\nNeeds a human look ({len(draft.notes)}; also listed at the top of the files):")
        for note in draft.notes:
            print(f"  - {note}")
    print(f"\nNext: check the files against the original, then build it:\n"
          f"  bulletin build {name}")
    return 0
