"""Turn a learning bulletin's fact headings and a compendium's cases and recurring themes into source fields.

Mixed into `document.Importer`: `_mapping` gives the mapping the kind registry names for
the kind the document was recognised as (its `importer.reads_as`: briefing, bulletin or
compendium; handouts and 7-minute briefings read as briefings). Bulletins and compendiums
lean on the briefing mapping for the rest.
"""

from __future__ import annotations

import re

from .. import kinds as registry
from .. import schema
from .read import Block
from .text import find_date, markdown, normal, plain, slug


class KindsMixin:
    def _mapping(self, kind: str):
        """The mapping that reads a document of this kind (KeyError for a mapping the
        registry names and the importer lacks: a mistake in the kind's entry)."""
        mappings = {"briefing": self._map_briefing, "bulletin": self._map_bulletin,
                    "compendium": self._map_compendium}
        return mappings[registry.KINDS[kind]["importer"]["reads_as"]]

    # --- bulletins -----------------------------------------------------------------

    def _map_bulletin(self, sections) -> None:
        for heading, body in sections:
            facts = self._split(body, min((b.level for b in body if b.kind == "heading"), default=0))
            fact_keys = [self.labels.key(f.text) for f, _ in facts]
            if not {"themes", "key_points", "case_details"} & set(fact_keys):
                self._other(heading, body, True)
                continue
            for (fact, fact_body), key in zip(facts, fact_keys):
                self.keep_label(key or "", fact.text)
                if key == "themes":
                    self.review["theme_summary"] = plain(markdown(fact_body))
                elif key == "published":
                    date, _ = find_date(markdown(fact_body))
                    if date:
                        self.review["published"] = date
                elif key in ("case_details", "key_points"):
                    self._map_briefing(self._split(fact_body, min(
                        (b.level for b in fact_body if b.kind == "heading"), default=0)))
                else:
                    self._other(fact, fact_body, True)
        if "background" not in self.review:
            self.review["background"] = "To be written: the bulletin gives case details only.\n"
            self.draft.notes.append("background: a bulletin prints case details, not a background; "
                                    "write one before printing this review in another kind")

    # --- compendiums ---------------------------------------------------------------

    def _map_compendium(self, sections) -> None:
        cases_seen = False
        for heading, body in sections:
            key = self.labels.key(heading.text)
            if key == "cases":
                cases_seen = True
                self.keep_label("cases", heading.text)
                level = min((b.level for b in body if b.kind == "heading"), default=0)
                for case, case_body in self._split(body, level):
                    self._case(case, case_body)
            elif key == "recurring_themes":
                self._recurring(heading, body)
            else:
                self._other(heading, body, cases_seen)

    def _case(self, heading: Block, body: list[Block]) -> None:
        text = plain(heading.text)
        review: dict = {"subject": text, "review_type": "serious-case-review"}
        bracket = re.match(r"^(.*?)\s*\((.+)\)$", text)
        if bracket:
            for key, words in schema.REVIEW_TYPES.items():
                if normal(words) == normal(bracket.group(2)):
                    review.update(subject=bracket.group(1), review_type=key)
        subs = [i for i, b in enumerate(body) if b.kind == "heading"]
        review["background"] = markdown(body[:subs[0]] if subs else body)
        if subs:
            self.keep_label("key_learning", body[subs[0]].text)
            rest = body[subs[0] + 1:]
            loose = next((i for i, b in enumerate(rest) if b.kind == "para" and i > 0), None)
            review["key_learning"] = markdown(rest[:loose] if loose is not None else rest)
            if loose is not None:
                further = rest[loose:]
                first_item = next((i for i, b in enumerate(further) if b.kind == "item"), len(further))
                review["further_learning"] = {"intro": markdown(further[:first_item]),
                                              "points": markdown(further[first_item:]) or "-"}
        name = slug(review["subject"])
        self.draft.reviews.append({"name": name, "data": review})
        self.pub.setdefault("reviews", []).append(name)
        self.draft.done.append(f"case '{text}' -> review {name}")

    def _recurring(self, heading: Block, body: list[Block]) -> None:
        level = min((b.level for b in body if b.kind == "heading"), default=0)
        first = next((i for i, b in enumerate(body) if b.kind == "heading"), len(body))
        lead = [b for b in body[:first] if b.kind != "table" and not plain(b.text).startswith("Themes by case")]
        recurring: dict = {"heading": heading.text, "items": []}
        if lead:
            recurring["intro"] = markdown(lead)
        for item, item_body in self._split(body[first:], level):
            theme = self._theme_named(item.text)
            if theme:
                recurring["items"].append({"theme": theme, "heading": item.text, "body": markdown(item_body)})
            else:
                self.draft.notes.append(f"'{item.text}': no theme in sources/themes.yaml matches it, so "
                                        f"it is a section after the cases; add a theme and move it")
                self._other(item, item_body, True)
        if recurring["items"]:
            self.pub["recurring_themes"] = recurring
        self.draft.done.append(f"'{heading.text}' -> recurring themes ({len(recurring['items'])})")

    def _theme_named(self, text: str) -> str | None:
        def stems(words: str) -> set[str]:  # "Assessments" is the theme "Assessment"
            return {w.rstrip("s") for w in re.findall(r"[a-z]+", words)}
        words = stems(normal(text))
        best, score = None, 0
        for name, entry in self.project.themes.items():
            label = stems(normal(str(entry.label or name)))
            common = len(words & label) / max(len(label), 1)
            if common > score:
                best, score = name, common
        return best if score >= 0.5 else None
