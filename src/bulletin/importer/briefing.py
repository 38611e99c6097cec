"""Turn a briefing's or handout's sections into review fields, learning themes, recommendations and extra sections.

Mixed into `document.Importer`: a heading worded like a template label fills that field;
"Theme 1 – ..." headings (or headings under one "learning" heading) become learning
themes; a "Recommendations" list becomes items with owner and due; anything else is
kept, in order, as a section before or after the learning.
"""

from __future__ import annotations

import re

from .labels import REVIEW_FIELDS, THEME_HEADING
from .read import Block
from .text import cell_text, escape_start, find_date, markdown, plain


class BriefingMixin:
    def _map_briefing(self, sections) -> None:
        learning_seen = False
        for heading, body in self._with_practice(sections):
            key = self.labels.key(heading.text)
            theme = THEME_HEADING.match(plain(heading.text))
            subthemes = [b for b in body if b.kind == "heading" and THEME_HEADING.match(plain(b.text))]
            if theme:
                learning_seen = True
                self._theme(heading, body)
            elif subthemes or (key == "key_learning" and "learning" not in self.review and self._untitled(body)):
                learning_seen = True
                self._learning(heading, body, subthemes)
            elif not self._field(key, heading, body):
                self._other(heading, body, learning_seen)

    def _with_practice(self, pairs: list[tuple[Block, list[Block]]]) -> list[tuple[Block, list[Block]]]:
        """'What this means for practice' at the same level as the theme before it belongs to that theme."""
        out: list[tuple[Block, list[Block]]] = []
        for heading, body in pairs:
            if out and self.labels.key(heading.text) == "practice" and \
                    not any(b.kind == "heading" for b in out[-1][1]) and self.labels.key(out[-1][0].text) is None:
                out[-1][1].extend([Block("heading", heading.text, heading.level + 1, heading.style), *body])
            else:
                out.append((heading, list(body)))
        return out

    def _untitled(self, body: list[Block]) -> bool:
        """Headings under a learning heading that name no field of their own: its themes."""
        subs = [b for b in body if b.kind == "heading"]
        return bool(subs) and not any(self.labels.key(b.text) not in (None, "practice") for b in subs)

    def _learning(self, heading: Block, body: list[Block], subthemes: list[Block]) -> None:
        """One 'Learning' heading over several themes, numbered ('Theme 1 – ...') or not."""
        first = next(b for b in body if b.kind == "heading")
        level = first.level if not subthemes else subthemes[0].level
        start = body.index(subthemes[0]) if subthemes else body.index(first)
        self.found_labels["learning"] = heading.text
        if body[:start]:
            self.pub.setdefault("before", []).append({"body": markdown(body[:start])})
        for sub, sub_body in self._with_practice(self._split(body[start:], level)):
            if THEME_HEADING.match(plain(sub.text)) or not subthemes:
                self._theme(sub, sub_body)
            elif not self._field(self.labels.key(sub.text), sub, sub_body):
                self._other(sub, sub_body, True)
        if not subthemes:
            self.draft.notes.append(f"'{heading.text}': the headings under it became learning themes, "
                                    f"printed 'Theme 1 – ...'; check the numbering reads well")

    def _field(self, key: str | None, heading: Block, body: list[Block]) -> bool:
        """Fill the field a heading names, wherever the heading is; False if it names none (or one already filled)."""
        if key in REVIEW_FIELDS and key not in self.review:
            self.review[key] = markdown(body) or "To be written.\n"
            self.keep_label(key, heading.text)
            self.draft.done.append(f"'{heading.text}' -> review {key}")
        elif key == "further_learning" and "further_learning" not in self.review:
            self._further(body, heading.text)
        elif key == "recommendations" and "recommendations" not in self.review:
            self._recommendations(heading.text, body)
        elif key == "questions" and "questions" not in self.review:
            self._questions(heading.text, body)
        else:
            return False
        return True

    def _questions(self, heading_text: str, body: list[Block]) -> None:
        """Questions for reflection: each list item or paragraph ending in '?' is one; other text is kept apart."""
        questions, other = [], []
        for block in body:
            if block.kind == "item" or (block.kind == "para" and plain(block.text).endswith("?")):
                questions.append(plain(block.text))
            else:
                other.append(block)
        if not questions:
            self._other(Block("heading", heading_text, 2), body, True)
            return
        self.review["questions"] = questions
        self.keep_label("questions", heading_text)
        self.draft.done.append(f"'{heading_text}' -> {len(questions)} questions")
        if other:
            self.review.setdefault("sections", []).append({"body": markdown(other)})
            self.draft.notes.append(f"'{heading_text}': the text around the questions was moved after "
                                    f"them, since questions print as a list; check it reads well")

    def _split(self, blocks, level):
        out = []
        for block in blocks:
            if block.kind == "heading" and block.level == level:
                out.append((block, []))
            elif out:
                out[-1][1].append(block)
        return out

    def _theme(self, heading: Block, body: list[Block]) -> None:
        item: dict = {}
        match = THEME_HEADING.match(plain(heading.text))
        if match:
            word = match.group("word")
            label = f"{word} {{n}}" + (":" if match.group("sep") == ":" else "")
            if label != "Theme {n}":
                self.pub.setdefault("theme_label", label)
            if match.group("title"):
                item["title"] = match.group("title")
        else:
            item["title"] = plain(heading.text)
        subs = [i for i, b in enumerate(body) if b.kind == "heading"]
        finding, practice = (body[:subs[0]], body[subs[0] + 1:]) if subs else (body, [])
        item["finding"] = markdown(finding) or None
        if item["finding"] is None:
            item["finding"] = markdown(practice)
            practice = []
            self.draft.notes.append(f"'{heading.text}': no finding text before the practice points; check it")
        if subs:
            item["_practice_heading"] = body[subs[0]].text
        if practice:
            item["practice"] = markdown(practice)
        self.review.setdefault("learning", []).append(item)
        self.draft.done.append(f"'{plain(heading.text)[:60]}' -> learning theme")

    def _further(self, body, heading_text) -> None:
        first_item = next((i for i, b in enumerate(body) if b.kind == "item"), len(body))
        further = {"points": markdown(body[first_item:]) or markdown(body)}
        if first_item and body[first_item:]:
            further["intro"] = markdown(body[:first_item])
        self.review["further_learning"] = further
        self.keep_label("further_learning", heading_text)

    def _recommendations(self, heading_text: str, body: list[Block]) -> None:
        items: list[dict] = []
        base = min((b.level for b in body if b.kind == "item"), default=0)
        current: list[Block] = []

        def close():
            if current:  # the item's own words, then anything nested under it
                rest = markdown(current[1:]) if len(current) > 1 else ""
                items.append({"text": escape_start(current[0].text) + ("\n\n" + rest if rest else "")})
        loose: list[Block] = []
        for block in body:
            owner = re.match(r"^Owner:\s*(?P<owner>[^.]+)\.?\s*(?:Due:\s*(?P<due>.+?)\.?)?$", plain(block.text))
            due_only = re.match(r"^Due:\s*(?P<due>.+?)\.?$", plain(block.text))
            if block.kind == "item" and block.level == base:
                close()
                current = [block]
            elif (owner or due_only) and current:
                found = owner or due_only
                close()
                current = []
                if owner:
                    items[-1]["owner"] = owner.group("owner").strip()
                if found.group("due"):
                    date, _ = find_date(found.group("due"))
                    if date:
                        items[-1]["due"] = date
            elif current:
                current.append(block)
            else:
                loose.append(block)
        close()
        if not items:
            self._other(Block("heading", heading_text, 2), body, True)
            return
        self.review["recommendations"] = {"heading": heading_text, "items": items}
        if loose:
            self.draft.notes.append(f"'{heading_text}': text before the first recommendation went "
                                    f"into the review's sections")
            self.review.setdefault("sections", []).append({"body": markdown(loose)})
        self.draft.done.append(f"'{heading_text}' -> {len(items)} recommendations")

    def _other(self, heading: Block, body: list[Block], after: bool) -> None:
        """A section the templates have no field for: kept, in order, as a section."""
        section = {"heading": heading.text}
        tables = [b for b in body if b.kind == "table"]
        if tables and all(len(row) == 2 for t in tables for row in t.rows) and len(body) == len(tables):
            for table in tables:  # a label | content table: one section a row
                for label, content in table.rows:
                    self._place_section({"heading": plain(cell_text(label)),
                                         "body": markdown(content) or "-"}, after)
            self.draft.done.append(f"'{heading.text}': a two-column table -> one section a row")
            self.draft.notes.append(f"'{heading.text}': its heading was dropped when its table "
                                    f"became sections; check it is not missed")
            return
        if tables:
            self.draft.notes.append(f"'{heading.text}': a table became a list, one row a line; check it")
        subs = [i for i, b in enumerate(body) if b.kind == "heading"]
        if subs:  # sections do not nest: each heading under this one starts its own section
            level = min(body[i].level for i in subs)
            lead = body[:subs[0]]
            if lead:
                self._other(heading, lead, after)
            for number, (sub, sub_body) in enumerate(self._split(body[subs[0]:], level)):
                if self._field(self.labels.key(sub.text), sub, sub_body):
                    continue  # a known section's name fills its field wherever it stands
                name = sub.text if lead or number else f"{heading.text} – {sub.text}"
                self._other(Block("heading", name, level), sub_body, after)
            self.draft.notes.append(f"'{heading.text}': the headings under it are now sections of their own")
            return
        section["body"] = markdown(body) or "To be written."
        if not markdown(body):
            self.draft.notes.append(f"'{heading.text}': a heading with no text under it; "
                                    f"'To be written.' holds its place")
        if any(b.style.lower().startswith("callout") for b in body):
            section["box"] = True
        self._place_section(section, after)
        self.draft.done.append(f"'{plain(heading.text)[:60]}' -> section ({'after' if after else 'before'} the learning)")

    def _place_section(self, section: dict, after: bool) -> None:
        self.pub.setdefault("after" if after else "before", []).append(section)
