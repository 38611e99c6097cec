"""The checks a build runs on each rendered publication, as a plain list of functions.

Each function takes (project, publication, rendered) and returns diagnostics. Adding a
check is one entry here; `build.py` runs them all after rendering, before writing.
"""

from __future__ import annotations

# Filled in below by name so that importing this module stays cheap; each entry is
# "module:function" inside bulletin.checks.
PUBLICATION_CHECKS: list[str] = [
    "accessibility.build:check_rendered",   # source prose, content, and the HTML/PDF/Word outputs
    "parity:check_word_parity",    # the Word file says what the HTML says, in the same order
    "delivery:check_delivery",     # e-mail size budget, handout length, PDF metadata, file names
]


# The output checks a format may list (formats.py `checks`), and the check that does each:
# a format gets exactly the checks its entry names, so a new format says which apply.
OUTPUT_CHECKS = {
    "a11y.html": "accessibility.build:check_rendered",    # headings, link text, language, images...
    "a11y.pdf": "accessibility.build:check_rendered",     # tagged PDF/UA, title, bookmarks, renderer warnings
    "a11y.docx": "accessibility.build:check_rendered",    # Word's own accessibility rules
    "parity": "parity:check_word_parity",        # says what the HTML says, in the same order
    "size-budget": "delivery:check_delivery",    # small enough to e-mail
    "metadata": "delivery:check_delivery",       # title, author, subject, keywords, language
    "handout-length": "delivery:check_delivery", # a kind that must fit a sheet of A4 does
    "axe": "build._check_pages_with_axe",        # axe-core in Chromium, on the staged page
}


def run_publication_checks(project, publication, rendered) -> list:
    import importlib
    diagnostics = []
    for entry in PUBLICATION_CHECKS:
        module_name, function_name = entry.split(":")
        module = importlib.import_module(f"bulletin.checks.{module_name}")
        diagnostics += getattr(module, function_name)(project, publication, rendered)
    return diagnostics
