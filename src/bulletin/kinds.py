"""Turn a publication kind's name into everything known about it: template, skeleton, what it prints where, print and delivery rules.

One plain dict per kind, read from the templates as they are (templates/*.html.j2), so
scaffolding, the docs' "where each field prints" table and, in time, compose, delivery,
the print edition, Word and the importer ask one place. Adding a kind is one template,
one skeleton and one entry here.

Per kind:
- `label`: what people call it (catalogue, messages).
- `template`, `skeleton`: file names in templates/ and skeletons/.
- `reviews`: "one" (the `review` field) or "many" (`reviews` / `select`, a compendium).
- `own_fields`: publication fields that only this kind reads; `ignores`: publication
  fields every other kind reads and this one does not print.
- `prints`: review field -> where it prints, in the docs' words: `labels.x` is the
  heading the partnership words in `labels:`, a quoted heading is fixed, `›` nests, and
  `(no heading)` prints the text without one. A field not listed is not printed.
- `word_footer`: the Word footer's left-hand text; None means the layout's `footer`
  (else the title). The 7-minute briefing is its own product whatever a partnership's
  series is called, so "Learning Lessons Briefing" is never printed under it.
- `print`: `states_pages_as` (the print edition says "This handout is 2 pages..."; None:
  no statement), `contents` ("always", or "when long": past two pages), `usually_short`
  (laid out without a contents list first).
- `delivery`: `max_sides` (sides of A4 it should fit; bulletin.yaml `delivery:
  handout_pages` changes the number), `too_long_fix` (what the warning suggests).
- `importer`: how a Word document is recognised as this kind: `title_words` in its
  title, kicker or subtitle; `top_headings` among its top-level headings; `fact_headings`
  (at least two of them) among its sub-headings.
- `name_suffixes`: endings of a publication's name that `bulletin new` strips to name
  its review (child-a-briefing -> child-a).
"""

from __future__ import annotations

import re

BRIEFING_PRINTS = {
    "background": "labels.background",
    "family_history": "labels.family_history",
    "findings": "labels.findings",
    "report": "`report.text` in a box (no heading)",
    "learning": "labels.learning (when set) › `theme_label` numbered heading; "
                "`practice` under labels.practice or the theme's `practice_heading`",
    "risk_indicators": "labels.risk_indicators",
    "review_learning": "labels.review_learning",
    "key_learning": "labels.key_learning",
    "further_learning": "labels.further_learning",
    "recommendations": "`recommendations.heading`, else labels.recommendations",
    "questions": "labels.questions",
    "sections": "each section's own `heading`",
    "footnotes": "labels.footnotes",
}

KINDS: dict[str, dict] = {
    "briefing": {
        "label": "Learning briefing",
        "template": "briefing.html.j2",
        "skeleton": "briefing.yaml",
        "reviews": "one",
        "own_fields": (),
        "prints": BRIEFING_PRINTS,
        "word_footer": None,
        "print": {"states_pages_as": None, "contents": "when long", "usually_short": False},
        "delivery": {"max_sides": None, "too_long_fix": ""},
        "importer": {"title_words": (), "top_headings": (), "fact_headings": ()},
        "name_suffixes": ("-briefing",),
    },
    "handout": {
        "label": "Handout",
        "template": "handout.html.j2",  # extends briefing.html.j2: the same fields, set for two sides
        "skeleton": "handout.yaml",
        "reviews": "one",
        "own_fields": (),
        "prints": BRIEFING_PRINTS,
        "word_footer": None,
        "print": {"states_pages_as": "handout", "contents": "when long", "usually_short": True},
        "delivery": {"max_sides": 2,
                     "too_long_fix": "shorten the longest sections, or publish the detail as a briefing"},
        "importer": {"title_words": ("handout",), "top_headings": (), "fact_headings": ()},
        "name_suffixes": ("-handout",),
    },
    "bulletin": {
        "label": "Learning bulletin",
        "template": "bulletin.html.j2",
        "skeleton": "bulletin.yaml",
        "reviews": "one",
        "own_fields": (),
        "ignores": ("before",),
        "prints": {
            "subject": "the fact sheet's heading: the publication's `title`, then `subject`",
            "themes": "labels.themes (`theme_summary` when given, else the themes' labels)",
            "theme_summary": "labels.themes",
            "published": "labels.published",
            "family_history": "labels.case_details › labels.family_history",
            "background": "labels.case_details, only when there is no `family_history`",
            "findings": "labels.key_points › labels.findings",
            "risk_indicators": "labels.key_points › labels.risk_indicators",
            "review_learning": "labels.key_points › labels.review_learning",
            "learning": "labels.key_points › `theme_label` numbered heading (finding and practice together)",
            "key_learning": "labels.key_points › labels.key_learning",
            "further_learning": "labels.key_points › labels.further_learning",
            "recommendations": "labels.key_points › `recommendations.heading`, else labels.recommendations",
            "questions": "labels.key_points › labels.questions",
            "report": "`report.text` in a box after the fact sheet (no heading)",
            "sections": "each section's own `heading`",
            "footnotes": "labels.footnotes",
        },
        "word_footer": None,
        "print": {"states_pages_as": None, "contents": "when long", "usually_short": False},
        "delivery": {"max_sides": None, "too_long_fix": ""},
        "importer": {"title_words": (), "top_headings": (),
                     "fact_headings": ("themes", "published", "case_details", "key_points")},
        "name_suffixes": ("-bulletin",),
    },
    "seven-minute": {
        "label": "7-minute briefing",
        "template": "seven-minute.html.j2",
        "skeleton": "seven-minute.yaml",
        "reviews": "one",
        "own_fields": ("overrides",),
        "ignores": ("before",),
        # the numbered steps of the template, in order; `overrides` keys must be one of them
        "sections": ("background", "why_it_matters", "findings", "practice", "questions",
                     "actions", "further_information"),
        "prints": {
            "background": '"1. Background"',
            "subject": '"2. Why it matters" (with `review_type`)',
            "review_type": '"2. Why it matters"',
            "themes": '"2. Why it matters" (their labels)',
            "findings": '"3. What the review found"',
            "learning": '"3. What the review found" (each `finding`, its `title` in bold); '
                        '"4. What it means for practice" (each `practice`, when there is no `key_learning`)',
            "key_learning": '"4. What it means for practice"',
            "questions": '"5. Questions for reflection" (three standard questions when there are none)',
            "recommendations": '"6. What to do" (the text only; no owner or due date)',
            "report": '"7. Further information" (`text`, and `url` as a link named by `title`)',
            "footnotes": "labels.footnotes",
        },
        "word_footer": "7-minute briefing",
        "print": {"states_pages_as": "briefing", "contents": "when long", "usually_short": True},
        "delivery": {"max_sides": 2, "too_long_fix": "rewrite the longest sections shorter under 'overrides'"},
        "importer": {"title_words": ("7-minute", "seven minute", "seven-minute"), "top_headings": (),
                     "fact_headings": ()},
        "name_suffixes": ("-7-minute", "-seven-minute"),
    },
    "compendium": {
        "label": "Compendium of reviews",
        "template": "compendium.html.j2",
        "skeleton": "compendium.yaml",
        "reviews": "many",
        "own_fields": ("reviews", "select", "recurring_themes"),
        "prints": {
            "subject": "labels.cases › the case heading (with `review_type` unless a Serious Case Review)",
            "review_type": "labels.cases › the case heading",
            "background": "labels.cases › the case heading (no heading of its own)",
            "findings": "labels.cases › case › labels.findings",
            "report": "labels.cases › case: `report.text` in a box",
            "learning": "labels.cases › case › `theme_label` numbered heading; `practice` "
                        "after labels.practice or the theme's `practice_heading` as a lead line",
            "key_learning": "labels.cases › case › labels.key_learning",
            "further_learning": "labels.cases › case (no heading)",
            "recommendations": "labels.cases › case › `recommendations.heading`, else labels.recommendations",
            "sections": "labels.cases › case › each section's own `heading`",
            "themes": "the themes-by-case table under `recurring_themes.heading`, else labels.recurring_themes",
            "footnotes": "labels.footnotes",
        },
        "word_footer": None,
        "print": {"states_pages_as": None, "contents": "always", "usually_short": False},
        "delivery": {"max_sides": None, "too_long_fix": ""},
        "importer": {"title_words": (), "top_headings": ("cases",), "fact_headings": ()},
        "name_suffixes": ("-compendium",),
    },
}

NAMES = tuple(KINDS)
LABEL_REF = re.compile(r"labels\.([a-z_]+)")


def kind(name: str) -> dict:
    """The registry entry for `name` (KeyError for an unknown kind: validation names those)."""
    return KINDS[name]


def prints(name: str, field: str) -> str | None:
    """Where a review field prints in this kind, in the docs' words; None when it does not."""
    return KINDS[name]["prints"].get(field)


def applies(name: str, field: str) -> bool:
    """Whether a publication field means anything in this kind."""
    entry = KINDS[name]
    if field in entry.get("ignores", ()):
        return False
    if field == "review":
        return entry["reviews"] == "one"
    owners = [k for k, e in KINDS.items() if field in e["own_fields"]]
    return not owners or name in owners


def required_fields(name: str) -> set[str]:
    """Publication fields this kind needs beyond the schema's required ones."""
    return {"reviews"} if KINDS[name]["reviews"] == "many" else {"review"}


def word_footer(name: str, layout_footer: str, title: str) -> str:
    """The Word footer's left-hand text for a publication of this kind."""
    return KINDS[name]["word_footer"] or layout_footer or title


def max_sides(name: str, configured: int) -> int | None:
    """Sides of A4 this kind should fit (bulletin.yaml's `handout_pages` when set), or None."""
    return configured if KINDS[name]["delivery"]["max_sides"] else None


def review_name_for(name: str) -> str:
    """The review a new publication gets when none is named: its name, less the kind."""
    suffixes = sorted((s for e in KINDS.values() for s in e["name_suffixes"]), key=len, reverse=True)
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


# --- the docs' table ------------------------------------------------------------------

TABLE_START = "<!-- field-table: generated from src/bulletin/kinds.py by `invoke docs`; do not edit -->"
TABLE_END = "<!-- end field-table -->"


def _cell(text: str | None) -> str:
    if text is None:
        return "–"
    return LABEL_REF.sub(lambda m: f"`labels.{m.group(1)}`", text)


def field_table(review_fields) -> str:
    """Markdown table: one row per review field, one column per kind (handout shares
    briefing's template, so it shares its column), saying under which heading it prints."""
    columns = [("briefing, handout", "briefing")] + [(k, k) for k in NAMES if k not in ("briefing", "handout")]
    lines = ["| review field | " + " | ".join(f"**{title}**" for title, _ in columns) + " |",
             "|---|" + "---|" * len(columns)]
    for field in review_fields:
        lines.append(f"| `{field}` | " + " | ".join(_cell(prints(k, field)) for _, k in columns) + " |")
    return "\n".join([TABLE_START, *lines, TABLE_END])


def docs_with_table(text: str, table: str) -> str:
    """`text` (docs/sources.md) with the generated table put between its markers."""
    start, end = text.index(TABLE_START), text.index(TABLE_END) + len(TABLE_END)
    return text[:start] + table + text[end:]
