"""The accessibility and content rules as a table: code -> default severity and what it checks.

docs/checks.md explains each one for the people who fix them; severity tuning
(`severity.py`) uses this table to spot a misspelt code in bulletin.yaml.
"""

from __future__ import annotations

from bulletin.diagnostics import Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

RULES: dict[str, tuple[Severity, str]] = {
    # source text
    "a11y.link-text": (E, "link text is empty, a web address, or generic ('click here')"),
    "a11y.link-same-text": (W, "the same link text points at different places"),
    "a11y.image-alt": (E, "an image has no useful alt text"),
    "a11y.fake-heading": (W, "a bold line in a source standing as a heading"),
    "a11y.link-phrase": (W, "'click here' or 'the link below' with no working link beside it"),
    "a11y.sentence-length": (W, "a sentence is longer than 25 words"),
    "a11y.reading-grade": (W, "a field's reading grade is above the layout's limit"),
    "a11y.acronym": (W, "an acronym is not spelled out where it is first used"),
    "a11y.caps": (W, "words written in capitals"),
    "a11y.contrast": (E, "a layout colour pair is below WCAG contrast"),
    "a11y.colour": (E, "a layout colour cannot be read"),
    # HTML output
    "a11y.html-parse": (E, "the HTML page cannot be read"),
    "a11y.html-lang": (E, "<html lang> missing or not en-GB"),
    "a11y.html-title": (E, "<title> is not the publication title"),
    "a11y.html-h1": (E, "not exactly one <h1>"),
    "a11y.heading-order": (E, "HTML headings skip a level"),
    "a11y.html-fake-heading": (E, "a bold paragraph in the HTML standing as a heading"),
    "a11y.table-caption": (E, "a table has no caption"),
    "a11y.table-headers": (E, "a table has no <th>, or a <th> has no scope"),
    "a11y.html-contract": (E, "an element or class outside the template contract"),
    # PDF output
    "a11y.pdf-render": (E, "WeasyPrint logged a problem"),
    "a11y.pdf-open": (E, "the PDF cannot be read"),
    "a11y.pdf-tagged": (E, "the PDF is not tagged"),
    "a11y.pdf-lang": (E, "the PDF's language is not en-GB"),
    "a11y.pdf-display-title": (E, "the PDF does not show its title in the window"),
    "a11y.pdf-ua-id": (E, "the PDF does not claim PDF/UA-1"),
    "a11y.pdf-title": (E, "the PDF's title is not the publication title"),
    "a11y.pdf-structure": (E, "the PDF has no structure tree"),
    "a11y.pdf-figure-alt": (E, "a PDF Figure has no /Alt"),
    "a11y.pdf-heading-order": (E, "PDF headings skip a level"),
    "a11y.pdf-table-headers": (E, "a PDF table has no TH"),
    "a11y.pdf-link-tag": (E, "a PDF link is not under a Link tag"),
    "a11y.pdf-link-contents": (E, "a PDF link has no /Contents"),
    "a11y.pdf-font-unicode": (E, "a PDF font has no ToUnicode map"),
    "a11y.pdf-font-embedded": (E, "a PDF font is not embedded"),
    "a11y.pdf-untagged": (W, "PDF content neither tagged nor an artifact"),
    "a11y.pdf-bookmarks": (W, "a PDF over 2 pages has no bookmarks"),
    # Word output
    "a11y.docx-open": (E, "the Word file cannot be read"),
    "a11y.docx-title": (E, "the Word title is not the publication title"),
    "a11y.docx-lang": (E, "the Word language is not en-GB"),
    "a11y.docx-heading-order": (E, "Word headings skip a level"),
    "a11y.docx-fake-heading": (E, "a bold paragraph stands in for a heading"),
    "a11y.docx-image-alt": (E, "a Word picture has no alt text and is not decorative"),
    "a11y.docx-table-header": (E, "a Word table's first row does not repeat as a header"),
    "a11y.docx-merged-cells": (W, "a Word table has merged cells"),
    "a11y.docx-nested-table": (W, "a Word table inside a table"),
    "a11y.docx-floating": (W, "a floating (anchored) object in Word"),
    "a11y.docx-empty-paragraph": (W, "empty paragraphs used as spacing"),
    "a11y.docx-spaces": (W, "runs of spaces or tabs used for layout"),
    "a11y.docx-link-text": (E, "Word link text is its address or generic"),
    # axe-core
    "a11y.axe": (W, "axe-core found a problem (a11y.axe.<rule>)"),
    "a11y.axe-unavailable": (I, "axe-core could not run here"),
    # content
    "content.postcode": (E, "a UK postcode"),
    "content.phone": (E, "a UK phone number that is not the partnership's"),
    "content.date-of-birth": (E, "a date of birth"),
    "content.email": (W, "a team's e-mail address outside the partnership's domain"),
    "content.real-name": (E, "a first name and surname near a pseudonym"),
    "content.identifier.nhs-number": (E, "an NHS number (valid check digit)"),
    "content.identifier.address": (E, "a street address (house number and street type)"),
    "content.identifier.email": (E, "a named person's e-mail address"),
    "content.identifier.name": (E, "a first name beside a pseudonym"),
    "content.skeleton-text": (E, "example text from a skeleton left in a source (a warning in drafts)"),
    "content.recommendation-owner": (W, "a recommendation has no owner"),
    "content.recommendation-due": (W, "a recommendation has no due date"),
    "content.no-practice": (W, "no 'what this means for practice' content"),
    # severity tuning itself
    "config.checks": (E, "a severity change in bulletin.yaml is not valid"),
    "config.checks-reason": (W, "a severity change in bulletin.yaml gives no reason"),
}


def is_known(code: str) -> bool:
    """True for a rule in the table, and for every axe-core rule (a11y.axe.<rule-id>)."""
    return code in RULES or code.startswith("a11y.axe.")
