"""Turn a heading's wording into the source field it names: Background, findings, learning, questions, useful links...

A heading worded like one of the labels a template prints (Background, What the review
found, Key learning...; a layout's own wording too), or like the wordings partnerships'
briefings use for the same thing, names that field. Numbering and a closing colon are
ignored ("2. Background:"), and a heading that starts with a known name ("Recommendations
for the partnership") counts too. "Theme 1 – ..." headings are learning themes.
"""

from __future__ import annotations

import re

from .. import schema
from .text import normal

THEME_HEADING = re.compile(
    r"^(?P<word>(?:key\s+)?(?:learning\s+)?theme)\s+(?P<n>\d+)\s*(?P<sep>[–—:\-.]?)\s*(?P<title>.*)$", re.I)
# wordings seen in partnerships' briefings, beyond the template defaults and layouts' labels
SYNONYMS = {
    "background": ["background", "the case", "case summary", "summary of the case", "about the case",
                   "case background", "brief background", "background to the review", "background and context",
                   "context", "the child and family", "about the child", "about the family",
                   "background to the case", "circumstances of the case", "what happened"],
    "findings": ["the review found", "findings", "key findings", "what the review found", "main findings",
                 "summary of findings", "findings of the review", "what we found", "what did the review find",
                 "review findings", "the findings"],
    "key_learning": ["key learning", "key learning points", "learning points", "key messages", "learning",
                     "lessons learned", "lessons learnt", "lessons", "what we learned", "what we learnt",
                     "learning for practice", "key messages for practice", "learning from this review",
                     "learning from the case", "key learning from the review", "learning themes",
                     "key themes", "themes and learning", "key learning themes"],
    "recommendations": ["recommendations", "the review's recommendations", "review recommendations",
                        "recommendations for the partnership", "recommendations and actions"],
    "questions": ["questions", "questions for reflection", "reflective questions", "questions to consider",
                  "questions for practitioners", "points for reflection", "reflection", "reflect",
                  "questions for supervision", "reflective practice questions", "things to think about",
                  "time to reflect", "questions to ask yourself", "reflection questions",
                  "questions for practice", "questions for your team"],
    "further_learning": ["further learning", "further information", "useful links", "further reading",
                         "useful resources", "resources", "more information", "find out more",
                         "where to find out more", "for more information", "links", "useful information",
                         "further resources", "additional resources", "learning resources",
                         "further information and resources", "useful links and resources"],
    "practice": ["what does this mean for practice", "what this means for practice",
                 "what does this mean for my practice", "implications for practice", "what to do",
                 "what should practitioners do", "what you can do", "learning for practitioners",
                 "what practitioners should do", "what practitioners can do", "what can practitioners do",
                 "actions for practitioners", "what this means for you", "what does this mean for you"],
    "family_history": ["family history"],
    "risk_indicators": ["indicators of risk", "risk indicators", "indicators of risk and vulnerability"],
    "review_learning": ["learning from the review"],
    "themes": ["themes", "theme of scr", "themes of the review"],
    "published": ["date published", "published"],
    "case_details": ["case details"],
    "key_points": ["key points of learning", "key points"],
    "cases": ["cases", "the cases"],
    "recurring_themes": ["recurring themes"],
}
REVIEW_FIELDS = ("background", "findings", "key_learning", "family_history", "risk_indicators",
                 "review_learning")
# a heading that starts with one of these words names the field whatever follows
_STARTS = (("key learning", "key_learning"), ("recommendations", "recommendations"),
           ("background", "background"), ("questions for", "questions"), ("useful links", "further_learning"),
           ("further information", "further_learning"), ("findings", "findings"),
           ("learning from the case of", None), ("lessons learn", "key_learning"))
_NUMBER = re.compile(r"^(?:\d{1,2}[.)]?|[a-z][.)]|\(?[ivx]{1,4}\))\s+", re.I)


class Labels:
    """Recognise a heading as one of the labels the templates print."""

    def __init__(self, layouts: dict):
        self.lookup: dict[str, str] = {}
        for key, words in SYNONYMS.items():
            for word in words:
                self.lookup.setdefault(normal(word), key)
        for key, word in schema.DEFAULT_LABELS.items():
            if word:
                self.lookup.setdefault(normal(word), key)
        for layout in layouts.values():
            for key, word in layout.labels.items():
                if word:
                    self.lookup.setdefault(normal(str(word)), key)

    def exact(self, text: str) -> str | None:
        """The field a heading names when it is exactly one of the known wordings."""
        return self.lookup.get(_NUMBER.sub("", normal(text)))

    def key(self, text: str) -> str | None:
        found = self.exact(text)
        if found:
            return found
        words = _NUMBER.sub("", normal(text))
        for start, key in _STARTS:
            if words.startswith(start):
                return key
        if "recurring themes" in words:
            return "recurring_themes"
        return None
