"""The shape of every source file, as data: fields, types, help text and references.

One table drives validation (`model.py`), the JSON Schema editors use (`bulletin
schema`) and the skeletons `bulletin new` writes, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import kinds


@dataclass(frozen=True)
class Field:
    """One field. `type` is one of: text, markdown, date, name, bool, int, url, email,
    enum, list, record, map, section (a settings section whose contents the module that
    reads it checks). `ref` names what a name points at: theme, review, layout. A map
    with `choices` accepts only those keys; an int with `bounds` only (low, high)."""

    type: str
    help: str = ""
    required: bool = False
    of: "Field | None" = None           # list items, map values
    fields: dict = field(default_factory=dict)  # record fields
    choices: tuple = ()                  # enum values; map keys
    ref: str = ""
    bounds: tuple = ()                   # int: (lowest, highest)


def record(help: str = "", required: bool = False, **fields: Field) -> Field:
    return Field("record", help, required, fields=fields)


def listof(item: Field, help: str = "", required: bool = False) -> Field:
    return Field("list", help, required, of=item)


TEXT = Field("text")
MARKDOWN = Field("markdown")

DEFAULT_LABELS = {
    "background": "Background",
    "findings": "What the review found",
    "learning": "",
    "practice": "What does this mean for practice?",
    "key_learning": "Key learning",
    "further_learning": "Further learning",
    "family_history": "Family history",
    "risk_indicators": "Indicators of risk",
    "review_learning": "Learning from the review",
    "recommendations": "Recommendations",
    "themes": "Themes",
    "published": "Date published",
    "case_details": "Case details",
    "key_points": "Key points of learning",
    "cases": "Cases",
    "contents": "Contents",
    "recurring_themes": "Recurring themes",
    "footnotes": "Notes",
    "questions": "Questions for reflection",
    # the line under each recommendation: "Owner: ... Due: ..."; `hide` leaves that part out
    "owner": "Owner",
    "due": "Due",
}

# The numbered steps of a 7-minute briefing, which `overrides` may replace (kind registry).
SEVEN_MINUTE_SECTIONS = kinds.KINDS["seven-minute"]["sections"]
LABELS = Field("map", "Headings the template prints, worded as the partnership does", of=TEXT,
               choices=tuple(DEFAULT_LABELS))

REVIEW_TYPES = {
    "serious-case-review": "Serious Case Review",
    "child-safeguarding-practice-review": "Child Safeguarding Practice Review",
    "partnership-learning-review": "Partnership Learning Review",
    "rapid-review": "Rapid Review",
    "learning-review": "Learning Review",
}

KINDS = kinds.NAMES  # the kind registry's names, live: a kind registered later is a choice too

SECTION = record(
    "A section of text",
    heading=Field("text", "Heading printed above the section (none: the body only)"),
    body=Field("markdown", "The section's text", required=True),
    box=Field("bool", "true prints the section as a highlighted box"),
)

THEME_ENTRY = record(
    "A theme in the vocabulary",
    label=Field("text", "The theme as printed", required=True),
    description=Field("text", "One sentence saying what the theme covers", required=True),
)

THEMES_FILE = Field("map", "Theme vocabulary: theme name -> label and description", of=THEME_ENTRY)

THEME_NAMES = listof(Field("name", "A theme name from sources/themes.yaml", ref="theme"))

REVIEW = record(
    "One case review",
    subject=Field("text", "The pseudonym exactly as published: Child F, Family 'E'", required=True),
    review_type=Field("enum", "What kind of review", required=True, choices=tuple(REVIEW_TYPES)),
    partnership=Field("name", "Layout name of the partnership that commissioned it",
                      required=True, ref="layout"),
    published=Field("date", "Date the review's report was published (YYYY-MM-DD or YYYY-MM)"),
    themes=listof(THEME_NAMES.of, "Theme names from sources/themes.yaml", required=True),
    theme_summary=Field("text", "Free text shown instead of the theme labels"),
    background=Field("markdown", "What happened, briefly", required=True),
    findings=Field("markdown", "What the review found, overall"),
    report=record(
        "Where the full report is",
        text=Field("markdown", "Sentence pointing to the full report"),
        url=Field("url", "Address of the full report"),
        title=Field("text", "Title of the full report"),
    ),
    learning=listof(record(
        "A learning theme",
        title=Field("text", "Short title of the learning theme"),
        themes=THEME_NAMES,
        finding=Field("markdown", "What went wrong or right", required=True),
        practice=Field("markdown", "What this means for practice (usually bullets)"),
        practice_heading=Field("text", "Heading over the practice points, for this theme only"),
    ), "Learning themes, in order"),
    key_learning=Field("markdown", "Key learning points (usually bullets)"),
    further_learning=record(
        "Further learning for everyone",
        intro=Field("markdown", "Sentence introducing the points"),
        points=Field("markdown", "The points (bullets)", required=True),
    ),
    family_history=Field("markdown", "Case details: family history (bullets)"),
    risk_indicators=Field("markdown", "Indicators of risk and vulnerability (bullets)"),
    review_learning=Field("markdown", "Learning from the review (bullets)"),
    recommendations=record(
        "Recommendations and who will carry them out",
        heading=Field("text", "Heading over the recommendations"),
        items=listof(record(
            "A recommendation",
            text=Field("markdown", "The recommendation", required=True),
            owner=Field("text", "Who is responsible"),
            due=Field("date", "When it is due (YYYY-MM-DD or YYYY-MM)"),
        ), required=True),
    ),
    questions=listof(Field("text"), "Questions for a team to reflect on"),
    sections=listof(SECTION, "Extra sections after the learning"),
    footnotes=Field("map", "Footnote number -> text, referenced as [^1]", of=MARKDOWN),
)

PUBLICATION = record(
    "One publication: what is printed, in which layout",
    kind=Field("enum", "What kind of publication", required=True, choices=KINDS),
    layout=Field("name", "The partnership layout", required=True, ref="layout"),
    title=Field("text", "The title, as on the cover and in the file's properties", required=True),
    kicker=Field("text", "A line above the title"),
    subtitle=Field("text", "A line below the title"),
    date=Field("date", "Edition date (YYYY-MM-DD or YYYY-MM)"),
    edition=Field("text", "Edition words: First edition"),
    status=Field("enum", "draft (default) or published", choices=("draft", "published")),
    not_before=Field("date", "Embargo: not to be published before this date"),
    review=Field("name", "The review this publication prints", ref="review"),
    reviews=listof(Field("name", "A review name", ref="review"), "Compendium: reviews, in order"),
    select=record(
        "Compendium: add reviews that match",
        themes=THEME_NAMES,
        partnership=Field("name", "Only reviews of this partnership", ref="layout"),
        **{"from": Field("date", "Published on or after"), "to": Field("date", "Published on or before")},
    ),
    intro=Field("markdown", "Text before everything else"),
    before=listof(SECTION, "Sections before the learning"),
    recurring_themes=record(
        "Compendium: themes that recur across the reviews",
        heading=Field("text", "Heading"),
        intro=Field("markdown", "Text before the table"),
        items=listof(record(
            "The board's commentary on one theme",
            theme=Field("name", "Theme name", required=True, ref="theme"),
            heading=Field("text", "Heading (default: the theme's label)"),
            body=Field("markdown", "Commentary", required=True),
        ), required=True),
    ),
    after=listof(SECTION, "Sections after the learning"),
    labels=LABELS,
    theme_label=Field("text", "How learning themes are numbered: Theme {n}"),
    overrides=Field("map", "Seven-minute briefing: replace a generated section's text", of=MARKDOWN,
                    choices=SEVEN_MINUTE_SECTIONS),
)

# The layout's colour tokens, each written #rrggbb: what the stylesheet, the Word styles and
# the contrast rule know by name (an unknown name is a mistake, reported with a suggestion).
COLOURS = record(
    "Colour tokens, each written #rrggbb",
    primary=Field("text", "Masthead background and headings"),
    on_primary=Field("text", "Text on the masthead"),
    accent=Field("text", "Table headers and rules"),
    text=Field("text", "Body text"),
    background=Field("text", "The page"),
    muted=Field("text", "Footer and captions"),
    callout_bg=Field("text", "Boxes"),
    link=Field("text", "Links"),
)

LAYOUT = record(
    "A partnership's brand",
    partnership=Field("text", "Full name of the partnership", required=True),
    short_name=Field("text", "Initials: WSCB", required=True),
    website=Field("url", "Website address"),
    contact=record("How readers get in touch", email=Field("email", "E-mail address"),
                   phone=Field("text", "Telephone"),
                   address=Field("text", "Postal address (its postcode is the partnership's own, not a family's)")),
    footer=Field("text", "Footer text on every page"),
    colours=COLOURS,
    fonts=record("Fonts", body=Field("text", "Body font family"),
                 heading=Field("text", "Heading font family"),
                 fallback=Field("text", "Fallback font Word users have"),
                 size_pt=Field("int", "Body text size in points", bounds=(6, 36))),
    reading_grade=Field("int", "Highest reading grade the prose checks accept", bounds=(1, 20)),
    known_acronyms=listof(Field("text"), "Abbreviations readers know without spelling out (NHS is built in)"),
    logo=record("Logo", file=Field("text", "Image file in the layout folder", required=True),
                alt=Field("text", "What the logo says, for screen readers", required=True),
                height_mm=Field("int", "Height of the logo on the cover in millimetres (16 if not given)",
                                bounds=(8, 40))),
    labels=Field("map", "Default headings for this partnership", of=TEXT, choices=tuple(DEFAULT_LABELS)),
    page=record("Page", margin_mm=Field("int", "Page margin in millimetres", bounds=(0, 60)),
                line_chars=Field("int", "Characters in a full line of body text; the side margins widen to keep "
                                        "lines this short (75 if not given; 60-80 read best)", bounds=(45, 110))),
)

CONFIG = record(
    "Project settings (bulletin.yaml)",
    checks=Field("section", "Severity changes: rule code -> {severity: error|warning|info|off, reason: ...} "
                            "(docs/checks.md; read by checks/severity.py)"),
    links=Field("section", "Link checker settings (docs/links.md; read by checks/links/settings.py)"),
    delivery=Field("section", "E-mail and print limits: size_budget_kb, handout_pages "
                              "(read by checks/delivery.py)"),
)

