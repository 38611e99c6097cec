"""Turn a Word document's blocks into a draft: the title and masthead, the pseudonym, the sections mapped to fields.

`Importer.run` shapes the blocks (`shape.py`), takes the title and the lines around it,
splits the rest into sections at the top heading level and hands them to the mapping of
the publication kind (`briefing.py`, `kinds.py`); what it could not be sure of goes into
the draft's notes, which `bulletin import` prints under "Needs a human look".
"""

from __future__ import annotations

import re
from pathlib import Path

from .. import kinds, schema
from ..scaffold import review_name_for
from .briefing import BriefingMixin
from .kinds import KindsMixin
from .labels import Labels
from .read import Block, WordDocument
from .shape import shape
from .subject import find_subject, review_type
from .text import find_date, markdown, normal, plain
from .write import Draft, in_schema_order


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
            if name != "default" and layout.partnership in texts:
                self.draft.done.append(f"layout '{name}': the document names {layout.partnership}")
                return name
        self.draft.notes.append("layout: no partnership recognised, so 'default' is used; "
                                "pass --layout NAME or change 'layout' and 'partnership'")
        return "default"

    def effective_label(self, key: str) -> str:
        layout = self.project.layouts.get(self.layout)
        labels = layout.labels if layout else {}
        return str(labels.get(key) or schema.DEFAULT_LABELS.get(key, ""))

    def keep_label(self, key: str, heading: str) -> None:
        """Keep the document's wording of a label when it is not what would print anyway."""
        if heading and heading != self.effective_label(key):
            self.found_labels.setdefault(key, heading)

    # --- top of the document -------------------------------------------------------

    def run(self) -> Draft:
        blocks = [b for b in shape(self.doc.blocks, self.labels) if not self._is_colophon(b)]
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
        self._subject(title, intro, sections)
        if intro:
            self.pub["intro"] = markdown(intro)
        self._mapping(self.kind)(sections)
        self._finish()
        return self.draft

    def _is_colophon(self, block: Block) -> bool:
        """The layout prints its own 'Published by...' line and partnership name."""
        text = plain(block.text)
        if block.kind == "para" and (block.style in ("Contact", "Partnership") or text.startswith("Published by ")):
            layout = self.project.layouts.get(self.layout)
            partnership = layout.partnership if layout and self.layout != "default" else None
            if partnership and partnership in text:  # the generic layout's name is part of many others
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
        """The kind registry's importer hints, matched against the document's headings and title."""
        subs = [self.labels.key(b.text) for _, body in sections for b in body if b.kind == "heading"]
        tops = [self.labels.key(h.text) for h, _ in sections]
        words = " ".join(str(self.pub.get(k, "")) for k in ("title", "subtitle", "kicker")).lower()
        return kinds.guess_from_document(tops, subs, words)

    def _subject(self, title: str, intro: list[Block], sections) -> None:
        """The pseudonym: from the title, else the lines around it, the document's properties,
        the first headings or the opening paragraphs (each of those a guess to check)."""
        elsewhere = [(f"the line '{plain(str(self.pub[k]))[:60]}'", str(self.pub[k]))
                     for k in ("kicker", "subtitle") if self.pub.get(k)]
        elsewhere += [("the document's properties", self.doc.properties.get(k, "")) for k in ("subject", "title")]
        elsewhere += [(f"the heading '{plain(h.text)[:60]}'", h.text) for h, _ in sections[:2]]
        elsewhere += [("the opening paragraphs", b.text) for b in intro[:3]]
        found = find_subject(plain(title), elsewhere)
        if found is None:
            self.review["subject"] = plain(title)
            self.draft.notes.append(f"subject: no pseudonym found in the title; set 'subject' to it "
                                    f"exactly as published (now '{plain(title)}')")
            return
        self.review["subject"] = found.subject
        if found.doubt:
            self.draft.notes.append(f"subject: '{found.subject}' is a guess ({found.doubt}); "
                                    f"set 'subject' to the pseudonym exactly as published")
        else:
            self.draft.done.append(f"subject '{found.subject}' from the title")

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
        if kinds.many_reviews(self.kind):
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
        known = {normal(str(value or "")) for value in
                 ((layout.partnership, layout.footer, layout.short_name) if layout else ())} | {""}
        known |= {normal(str(self.pub.get(k) or "")) for k in ("title", "kicker", "subtitle")}
        parts = [normal(p) for p in re.split(r"\t|\bpage\s*\d*(?:\s*of\s*\d+)?", text, flags=re.I)]
        return all(not p or p in known for p in parts)

    def _review_type(self) -> str:
        texts = [str(self.pub.get(k, "")) for k in ("title", "kicker", "subtitle")]
        found = review_type(texts + [self.doc.properties.get("subject", ""),
                                     self.review.get("background", "")[:400]])
        if found:
            return found
        self.draft.notes.append("review_type: not recognised; child-safeguarding-practice-review is a guess")
        return "child-safeguarding-practice-review"

    def _themes_from_properties(self) -> list[str]:
        """Themes the document's keywords name (the Word writer lists a review's themes there)."""
        by_label = {normal(str(e.label or n)): n for n, e in self.project.themes.items()}
        wanted = [normal(k) for k in re.split(r"[,;]", self.doc.properties.get("keywords", "")) if k.strip()]
        found = [by_label[k] for k in wanted if k in by_label]
        if found:
            self.draft.done.append(f"themes from the document's keywords: {', '.join(found)}")
        return found
