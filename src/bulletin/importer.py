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
from .importer_map import (REVIEW_FIELDS, THEME_HEADING, Draft, Labels, _escape_start, cell_text,
                           find_date, markdown, normal, plain)
from .importer_read import Block, WordDocument, read_docx
from .scaffold import NAME_RE, review_name_for

SUBJECT = re.compile(r"\b(Child(?:ren)?\s+[A-Z][A-Za-z0-9]{0,2}(?:\s+and\s+[A-Z])?|Family\s+['‘’]?[A-Z][A-Za-z0-9]{0,2}['‘’]?|"
                     r"Baby\s+[A-Z]|Young Person\s+[A-Z]|(?<=Review )[A-Z]\b)")


def slug(text: str) -> str:
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", plain(text).casefold().replace("'", ""))).strip("-")


# --- the document's parts -------------------------------------------------------------

class Importer:
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

    # --- briefings and handouts ----------------------------------------------------

    def _map_briefing(self, sections) -> None:
        learning_seen = False
        for heading, body in sections:
            key = self.labels.key(heading.text)
            theme = THEME_HEADING.match(plain(heading.text))
            subthemes = [b for b in body if b.kind == "heading" and THEME_HEADING.match(plain(b.text))]
            if theme:
                learning_seen = True
                self._theme(heading, body)
            elif subthemes:
                learning_seen = True
                lead = body[:body.index(subthemes[0])]
                self.found_labels["learning"] = heading.text
                if lead:
                    self.pub.setdefault("before", []).append({"body": markdown(lead)})
                for sub, sub_body in self._split(body[body.index(subthemes[0]):], subthemes[0].level):
                    if THEME_HEADING.match(plain(sub.text)):
                        self._theme(sub, sub_body)
                    else:
                        self._other(sub, sub_body, learning_seen)
            elif key in REVIEW_FIELDS and key not in self.review:
                self.review[key] = markdown(body)
                self.keep_label(key, heading.text)
                self.draft.done.append(f"'{heading.text}' -> review {key}")
            elif key == "further_learning" and "further_learning" not in self.review:
                self._further(body, heading.text)
            elif key == "recommendations" and "recommendations" not in self.review:
                self._recommendations(heading.text, body)
            else:
                self._other(heading, body, learning_seen)

    def _split(self, blocks, level):
        out = []
        for block in blocks:
            if block.kind == "heading" and block.level == level:
                out.append((block, []))
            elif out:
                out[-1][1].append(block)
        return out

    def _theme(self, heading: Block, body: list[Block]) -> None:
        match = THEME_HEADING.match(plain(heading.text))
        word = match.group("word")
        label = f"{word} {{n}}" + (":" if match.group("sep") == ":" else "")
        if label != "Theme {n}":
            self.pub.setdefault("theme_label", label)
        item: dict = {}
        if match.group("title"):
            item["title"] = match.group("title")
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
                items.append({"text": _escape_start(current[0].text) + ("\n\n" + rest if rest else "")})
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
        if any(b.kind == "heading" for b in body):
            self.draft.notes.append(f"'{heading.text}': headings inside it are now bold lines")
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
            label = stems(normal(str(entry.get("label", name))))
            common = len(words & label) / max(len(label), 1)
            if common > score:
                best, score = name, common
        return best if score >= 0.5 else None

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


def in_schema_order(data: dict, spec) -> dict:
    """Fields in the order schema.py lists them, as the skeletons and guide show them."""
    order = list(spec.fields)
    return dict(sorted(data.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)))


# --- writing ---------------------------------------------------------------------------

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


def yaml_text(data, indent: int = 0) -> str:
    """Readable YAML: Markdown in `|` blocks, short text plain or quoted, order kept."""
    pad = " " * indent
    lines = []
    for key, value in data.items():
        if value is None or value == "" or value == {}:
            continue
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            lines.append(yaml_text(value, indent + 2).rstrip("\n"))
        elif isinstance(value, list) and all(isinstance(v, str) and "\n" not in v for v in value):
            lines.append(f"{pad}{key}: [{', '.join(_scalar(v) for v in value)}]")
        elif isinstance(value, list):
            lines.append(f"{pad}{key}:")
            for item in value:
                text = yaml_text(item, indent + 4) if isinstance(item, dict) else f"{pad}    {_scalar(item)}\n"
                lines.append(f"{pad}  - " + text.lstrip(" ").rstrip("\n"))
        elif isinstance(value, str) and "\n" in value:
            body = value.strip("\n")
            lines.append(f"{pad}{key}: |")
            lines += [f"{pad}  {line}".rstrip() for line in body.split("\n")]
        else:
            lines.append(f"{pad}{key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def _scalar(value) -> str:
    import yaml
    if isinstance(value, bool):
        return "true" if value else "false"
    if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", str(value)):
        return str(value)  # bulletin reads dates as text; quotes would only add noise
    text = yaml.safe_dump(str(value), default_flow_style=True, width=10**6, allow_unicode=True)
    if text.endswith("\n...\n"):
        text = text[:-5]
    return text.strip()


def _header(what: str, source: Path, notes: list[str]) -> str:
    lines = [f"# Imported from {source.name} by `bulletin import`: {what}. Status is draft until",
             "# a person has checked it against the original.",
             ]
    if notes:
        lines.append("# TO CHECK (delete each line once done):")
        lines += [f"#  - {note}" for note in notes]
    return "\n".join(lines) + "\n"


def write_draft(root: Path, draft: Draft, source: Path, name: str) -> list[Path]:
    """Write the draft's files; refuse, writing nothing, if any exists already."""
    files = [(root / "sources/reviews" / f"{r['name']}.yaml", r["data"], "a review") for r in draft.reviews]
    files.append((root / "sources/publications" / f"{name}.yaml", draft.publication, "a publication"))
    existing = [p for p, _, _ in files if p.exists()]
    if existing:
        raise FileExistsError(", ".join(str(p.relative_to(root)) for p in existing))
    written = []
    for path, data, what in files:
        path.parent.mkdir(parents=True, exist_ok=True)
        notes = draft.notes if what == "a publication" or len(draft.reviews) == 1 else []
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(_header(what, source, notes) + yaml_text(data))
        written.append(path)
    return written


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
