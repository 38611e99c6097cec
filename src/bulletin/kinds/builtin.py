"""The five publication kinds bulletin ships, as registry entries (their fields: kinds/__init__.py).

Each entry is written from its template as it is (templates/<kind>.html.j2): `prints`
says under which heading each review field appears, and tests/test_kinds.py renders
every kind to prove it.
"""

from __future__ import annotations

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

BUILT_IN_KINDS: dict[str, dict] = {
    "briefing": {
        "label": "Learning briefing",
        "template": "briefing.html.j2",
        "skeleton": "briefing.yaml",
        "reviews": "one",
        "own_fields": (),
        "prints": BRIEFING_PRINTS,
        "prints_report_url": False,
        "word_footer": None,
        "print": {"states_pages_as": None, "typical_pages": None, "contents": "when long",
                  "usually_short": False},
        "delivery": {"max_sides": None, "too_long_fix": ""},
        "importer": {"title_words": (), "top_headings": (), "fact_headings": (), "reads_as": "briefing"},
        "name_suffixes": ("-briefing",),
    },
    "handout": {
        "label": "Handout",
        "template": "handout.html.j2",  # extends briefing.html.j2: the same fields, set for two sides
        "skeleton": "handout.yaml",
        "reviews": "one",
        "own_fields": (),
        "prints": BRIEFING_PRINTS,
        "prints_report_url": False,
        "word_footer": None,
        "print": {"states_pages_as": "handout", "typical_pages": 2, "contents": "when long",
                  "usually_short": True},
        # one sheet: A4 landscape in two columns keeps lines short and still fits two sides
        "paper": {"orientation": "landscape", "columns": 2, "type_scale": 1.0},
        "delivery": {"max_sides": 2,
                     "too_long_fix": "shorten the longest sections, or publish the detail as a briefing"},
        "importer": {"title_words": ("handout",), "top_headings": (), "fact_headings": (),
                     "reads_as": "briefing"},
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
        "prints_report_url": False,
        "word_footer": None,
        "print": {"states_pages_as": None, "typical_pages": None, "contents": "when long",
                  "usually_short": False},
        "delivery": {"max_sides": None, "too_long_fix": ""},
        "importer": {"title_words": (), "top_headings": (),
                     "fact_headings": ("themes", "published", "case_details", "key_points"),
                     "reads_as": "bulletin"},
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
        "prints_report_url": True,  # "7. Further information" links the full report
        "word_footer": "7-minute briefing",
        "print": {"states_pages_as": "briefing", "typical_pages": 2, "contents": "when long",
                  "usually_short": True},
        # one sheet: A4 landscape in two columns keeps lines short and still fits two sides;
        # its seven steps are set a little smaller, as the form needs its room
        "paper": {"orientation": "landscape", "columns": 2, "type_scale": 0.94},
        "delivery": {"max_sides": 2, "too_long_fix": "rewrite the longest sections shorter under 'overrides'"},
        # Never guessed from a title: its seven fixed steps would drop whatever else a Word
        # document says ("7-minute learning summary" briefings are longer); --kind chooses it.
        "importer": {"title_words": (), "top_headings": (), "fact_headings": (), "reads_as": "briefing"},
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
        "prints_report_url": False,
        "word_footer": None,
        "print": {"states_pages_as": None, "typical_pages": None, "contents": "always",
                  "usually_short": False},
        "delivery": {"max_sides": None, "too_long_fix": ""},
        "importer": {"title_words": (), "top_headings": ("cases",), "fact_headings": (),
                     "reads_as": "compendium"},
        "name_suffixes": ("-compendium",),
    },
}
