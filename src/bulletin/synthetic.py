"""Turn a size (N reviews) into a realistic synthetic project folder, for scale tests and benchmarks.

Reviews are spread over several partnerships, tagged with themes from a shared
vocabulary, and written in the register of real learning briefings (backgrounds,
learning themes with practice points, recommendations with owners and due dates). Each
review gets a briefing; every ten reviews of a partnership get a compendium. The same
seed always gives the same project.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

THEMES = {
    "neglect": ("Neglect", "Persistent failure to meet a child's basic needs."),
    "domestic-abuse": ("Domestic abuse", "Abuse between adults in the household and its impact on children."),
    "information-sharing": ("Information sharing", "Agencies sharing what they know, in time."),
    "professional-curiosity": ("Professional curiosity", "Asking questions rather than accepting what is presented."),
    "voice-of-the-child": ("Voice of the child", "The child's lived experience at the centre of practice."),
    "fathers-and-significant-males": ("Fathers and significant males", "Knowing and assessing the men in a child's life."),
    "management-oversight": ("Management oversight", "Supervision and scrutiny of decisions."),
    "assessment": ("Assessment", "Thorough assessment informed by history."),
    "escalation": ("Escalation", "Challenging decisions that leave a child unsafe."),
    "pre-birth": ("Pre-birth", "Planning and assessment before a baby is born."),
}
PARTNERSHIPS = [("northshire", "Northshire Safeguarding Children Partnership", "NSCP", "#1f4e79"),
                ("eastvale", "Eastvale Safeguarding Children Partnership", "ESCP", "#6a1b4d"),
                ("southmoor", "Southmoor Safeguarding Children Partnership", "SMSCP", "#00573f"),
                ("westbury", "Westbury Safeguarding Children Partnership", "WBSCP", "#7a3e00")]
OPENINGS = ["The family were known to a range of services over several years.",
            "The child lived with their mother and two older siblings.",
            "Agencies had been involved with the family since the birth of the first child.",
            "The parents had moved between three local authority areas in two years."]
FINDINGS = ["Information held by one agency was not shared with the others who needed it.",
            "Assessments did not take account of the family's history.",
            "The views of the child were not recorded or considered in planning.",
            "Concerns were not escalated when plans did not progress.",
            "The role of the father was not explored by any agency."]
PRACTICE = ["Check what other agencies know before you close a case.",
            "Record the child's own words and what you observe.",
            "Ask who else lives in or visits the home.",
            "Use the escalation policy when you disagree with a decision.",
            "Read the chronology before you visit."]


def _markdown_list(items) -> str:
    return "".join(f"- {item}\n" for item in items)


def write_synthetic_project(root: Path, reviews: int, seed: int = 1) -> Path:
    """Write sources/ and layouts/ for `reviews` reviews under `root`; returns root."""
    rng = random.Random(seed)
    (root / "sources" / "reviews").mkdir(parents=True, exist_ok=True)
    (root / "sources" / "publications").mkdir(parents=True, exist_ok=True)
    themes = {name: {"label": label, "description": text} for name, (label, text) in THEMES.items()}
    (root / "sources" / "themes.yaml").write_text(yaml.safe_dump(themes, sort_keys=False))
    for name, partnership, short, colour in PARTNERSHIPS:
        (root / "layouts" / name).mkdir(parents=True, exist_ok=True)
        (root / "layouts" / name / "layout.yaml").write_text(yaml.safe_dump({
            "partnership": partnership, "short_name": short,
            "website": f"https://www.{name}scp.example.org.uk",
            "colours": {"primary": colour, "link": colour}}, sort_keys=False))
    by_partnership: dict[str, list[str]] = {}
    for n in range(1, reviews + 1):
        layout = PARTNERSHIPS[n % len(PARTNERSHIPS)][0]
        name = f"child-{n:04d}"
        tags = rng.sample(sorted(THEMES), 3)
        review = {
            "subject": f"Child {n:04d}",
            "review_type": rng.choice(["serious-case-review", "child-safeguarding-practice-review",
                                       "rapid-review"]),
            "partnership": layout,
            "published": f"20{rng.randint(17, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "themes": tags,
            "background": " ".join(rng.sample(OPENINGS, 2)) + "\n",
            "learning": [{"title": THEMES[t][0], "themes": [t], "finding": rng.choice(FINDINGS),
                          "practice": _markdown_list(rng.sample(PRACTICE, 3))} for t in tags],
            "key_learning": _markdown_list(rng.sample(FINDINGS, 3)),
            "recommendations": {"items": [{"text": rng.choice(PRACTICE), "owner": "The Partnership",
                                           "due": f"20{rng.randint(18, 26)}-{rng.randint(1, 12):02d}"}]},
        }
        (root / "sources" / "reviews" / f"{name}.yaml").write_text(yaml.safe_dump(review, sort_keys=False))
        (root / "sources" / "publications" / f"{name}-briefing.yaml").write_text(yaml.safe_dump({
            "kind": "briefing", "layout": layout, "status": "published",
            "title": f"Learning from the review of Child {n:04d}", "kicker": "Learning Briefing",
            "review": name}, sort_keys=False))
        by_partnership.setdefault(layout, []).append(name)
        if len(by_partnership[layout]) == 10:
            batch = by_partnership.pop(layout)
            (root / "sources" / "publications" / f"{layout}-compendium-{n:04d}.yaml").write_text(
                yaml.safe_dump({"kind": "compendium", "layout": layout, "status": "published",
                                "title": f"Learning from ten reviews ({batch[0]} to {batch[-1]})",
                                "reviews": batch}, sort_keys=False))
    return root
