"""Turn a partnership's name, contacts, two brand colours and logo into a new project folder that builds with no warnings.

`bulletin init DIR` asks for what it is not given as options (when typed at a terminal),
checks the colours' contrast at once with the build's own contrast code, and writes:
the layout (layouts/NAME/layout.yaml, with the logo copied beside it), bulletin.yaml with
no overridden checks, sources/themes.yaml (the national panel's practice themes), one
example review and briefing marked as examples, schema/ and .vscode/settings.json for
the editor, and a .gitignore. It writes nothing when any of it would overwrite a file,
and refuses a folder that is already a project.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from . import starter
from bulletin.checks.accessibility.contrast import check_layout_contrast, contrast_ratio, parse_colour, token_pairs
from .diagnostics import Location
from .model import layout_from_mapping
from .jsonschema import vscode_settings, write_schemas

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
WEBSITE = re.compile(r"^https://[^\s/]+\.[^\s]+$")
LOGO_TYPES = {".png", ".jpg", ".jpeg", ".svg"}
WHITE, TEXT = "#ffffff", "#1a1a1a"
GENERIC_WORDS = {"the", "safeguarding", "children", "childrens", "partnership", "board", "and", "of"}


class InitError(Exception):
    """The reasons `bulletin init` cannot go ahead, one line each, worded for the user."""

    def __init__(self, *lines: str):
        super().__init__("; ".join(lines))
        self.lines = list(lines)


@dataclass
class Partnership:
    name: str
    short_name: str
    website: str = ""
    email: str = ""
    primary: str = "#1d4f91"
    accent: str = "#e8eef7"
    logo: Path | None = None
    logo_alt: str = ""
    layout: str = ""


def initials(name: str) -> str:
    """'Northshire Safeguarding Children Partnership' -> 'NSCP'."""
    return "".join(word[0] for word in re.findall(r"[A-Za-z][\w'’-]*", name) if word[0].isupper())


def layout_name(name: str, short_name: str) -> str:
    """The layout's folder name: the place ('northshire'), else the initials."""
    words = [w for w in re.findall(r"[a-z0-9]+", name.lower()) if w not in GENERIC_WORDS]
    slug = "-".join(words[:2]) if words else re.sub(r"[^a-z0-9]+", "-", short_name.lower()).strip("-")
    return slug or "partnership"


def _hex(rgb) -> str:
    return "#" + "".join(f"{round(max(0, min(255, c))):02x}" for c in rgb)


def _mix(rgb, towards, share: float):
    return tuple(c + (t - c) * share for c, t in zip(rgb, towards))


def _first_passing(colour: str, towards: str, passes) -> str:
    """The nearest shade of `colour`, moved towards black or white, for which `passes`."""
    rgb, goal = parse_colour(colour), parse_colour(towards)
    for step in range(0, 101):
        shade = _hex(_mix(rgb, goal, step / 100))
        if passes(shade):
            return shade
    return towards


def colour_tokens(primary: str, accent: str) -> dict:
    """The layout's colour tokens from the two brand colours."""
    rgb = parse_colour(primary)
    primary, accent = (_hex(parse_colour(c)) if parse_colour(c) else c for c in (primary, accent))
    return {"primary": primary, "on_primary": WHITE, "accent": accent, "text": TEXT,
            "background": WHITE, "muted": "#4a4a4a", "link": primary,
            "callout_bg": _hex(_mix(rgb, parse_colour(WHITE), 0.92)) if rgb else "#f4f4f4"}


def _say(token: str, colours: dict) -> str:
    """A colour token in the words of someone who gave two brand colours."""
    words = {"primary": "your main colour", "link": "links in your main colour", "accent": "your second colour",
             "on_primary": "white text", "background": "the white page", "text": "dark text",
             "callout_bg": "the tinted box background"}
    return f"{words.get(token, token)} {colours[token]}"


def _text_on(primary: str, accent: str) -> bool:
    """Whether the text set on the second colour (row headers) is readable; the main
    colour's own text on it is the darker suggestion's part."""
    colours = colour_tokens(primary, accent)
    return all(contrast_ratio(parse_colour(colours[fg]), parse_colour(colours[bg])) + 1e-9 >= minimum
               for fg, bg, minimum, _ in token_pairs(layout_from_mapping({"colours": colours}))
               if bg == "accent" and fg not in ("primary", "link"))


def colour_problems(primary: str, accent: str) -> list[str]:
    """Why these brand colours will not do, each with its ratio and a colour that would."""
    problems = []
    for key, value in (("colour", primary), ("accent", accent)):
        if parse_colour(value) is None:
            problems.append(f"--{key} '{value}' is not a colour: write it as #rrggbb, e.g. #1d4f91")
    if problems:
        return problems
    colours = colour_tokens(primary, accent)
    for fg, bg, minimum, use in token_pairs(layout_from_mapping({"colours": colours})):  # the pairs the build checks
        if fg in colours and bg in colours:
            ratio = contrast_ratio(parse_colour(colours[fg]), parse_colour(colours[bg]))
            if ratio + 1e-9 < minimum:
                problems.append(f"{_say(fg, colours)} on {_say(bg, colours)} ({use}) has contrast "
                                f"{ratio:.2f}:1, below the {minimum:g}:1 WCAG minimum")
    if problems:
        lighter = _first_passing(accent, WHITE, lambda shade: _text_on(primary, shade))
        darker = _first_passing(primary, "#000000", lambda shade: not check_layout_contrast(
            layout_from_mapping({"colours": colour_tokens(shade, lighter)}), Location("layout.yaml")))
        if darker.lower() != primary.lower():
            problems.append(f"try --colour {darker} (your {primary}, darkened until white text on it "
                            f"and it as text on white reach 4.5:1)")
        if lighter.lower() != accent.lower():
            problems.append(f"try --accent {lighter} (your {accent}, lightened until dark text on it "
                            f"reaches 4.5:1)")
    return problems


def check(partnership: Partnership) -> list[str]:
    """Every reason the answers will not do, worded to fix."""
    problems = []
    if not partnership.name.strip():
        problems.append("the partnership's name is needed: --name \"Northshire Safeguarding Children Partnership\"")
    if not re.fullmatch(r"[A-Za-z0-9&' -]{1,12}", partnership.short_name or ""):
        problems.append(f"short name '{partnership.short_name}' should be the initials, up to 12 letters: "
                        "--short-name NSCP")
    if partnership.website and not WEBSITE.match(partnership.website):
        problems.append(f"website '{partnership.website}' should be a full address starting https://")
    if partnership.email and not EMAIL.match(partnership.email):
        problems.append(f"e-mail '{partnership.email}' is not an e-mail address")
    if partnership.logo is not None:
        if not partnership.logo.is_file():
            problems.append(f"logo {partnership.logo} is not a file")
        elif partnership.logo.suffix.lower() not in LOGO_TYPES:
            problems.append(f"logo {partnership.logo.name} should be a PNG, JPEG or SVG file")
    return problems + colour_problems(partnership.primary, partnership.accent)


def _yaml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def plan(folder: Path, p: Partnership, today: datetime.date) -> dict[Path, str | Path]:
    """Every file to write (relative path -> its text, or the file to copy)."""
    layout = p.layout or layout_name(p.name, p.short_name)
    colours = colour_tokens(p.primary, p.accent)
    files: dict[Path, str | Path] = {}
    logo_lines = ""
    if p.logo is not None:
        logo_file = "logo" + p.logo.suffix.lower()
        files[Path("layouts", layout, logo_file)] = p.logo
        logo_lines = f"logo:\n  file: {logo_file}\n  alt: {_yaml(p.logo_alt or p.name + ' logo')}\n"
    files[Path("layouts", layout, "layout.yaml")] = starter.LAYOUT.substitute(
        partnership=p.name, partnership_yaml=_yaml(p.name), short_name=p.short_name,
        short_name_yaml=_yaml(p.short_name), layout=layout, footer_yaml=_yaml(p.name),
        **{k: colours[k] for k in ("primary", "on_primary", "accent", "callout_bg")},
        website_line=f"website: {p.website}\n" if p.website else "",
        contact_lines=f"contact:\n  email: {p.email}\n" if p.email else "",
        logo_lines=logo_lines)
    files[Path("bulletin.yaml")] = starter.SETTINGS
    files[Path("sources/themes.yaml")] = starter.THEMES
    review, briefing = "example-child-a", "example-child-a-briefing"
    files[Path("sources/reviews", f"{review}.yaml")] = starter.EXAMPLE_REVIEW.substitute(
        layout=layout, month=today.strftime("%Y-%m"), briefing=briefing,
        due=f"{today.year + 1}-{today.month:02d}")
    files[Path("sources/publications", f"{briefing}.yaml")] = starter.EXAMPLE_BRIEFING.substitute(
        layout=layout, review=review)
    files[Path(".vscode/settings.json")] = json.dumps(vscode_settings(), indent=2) + "\n"
    files[Path(".gitignore")] = starter.GITIGNORE
    return files


def refusal(folder: Path, files) -> str:
    """Why `folder` may not be made into a project, or ''."""
    if folder.exists() and not folder.is_dir():
        return f"{folder} is a file"
    marks = [m for m in ("bulletin.yaml", "sources", "layouts") if (folder / m).exists()]
    if marks:
        return (f"{folder} is already a project (it has {', '.join(marks)}); "
                "choose an empty folder, or carry on in this one with `bulletin new`")
    clashes = [str(path) for path in files if (folder / path).exists()]
    if clashes:
        return f"{folder} already has {', '.join(clashes)}; nothing was written"
    return ""


def create(folder: Path, p: Partnership, today: datetime.date | None = None) -> list[Path]:
    """Write the new project into `folder`; refuse, writing nothing, if it is a project."""
    problems = check(p)
    if problems:
        raise InitError(*problems)
    files = plan(folder, p, today or datetime.date.today())
    problem = refusal(folder, files)
    if problem:
        raise InitError(problem)
    written = []
    for path, content in files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, target)
        else:
            with open(target, "x", encoding="utf-8") as handle:  # "x": never overwrite
                handle.write(content)
        written.append(target)
    written += write_schemas(folder)
    return written


QUESTIONS = [  # (attribute, question, default from the answers so far)
    ("name", "Partnership's full name", lambda p: ""),
    ("short_name", "Short name (initials)", lambda p: initials(p.name)),
    ("website", "Website (https://...; leave empty if none)", lambda p: ""),
    ("email", "Contact e-mail (leave empty if none)", lambda p: ""),
    ("primary", "Main brand colour, for the masthead and headings (#rrggbb)", lambda p: p.primary),
    ("accent", "Second brand colour, light, for rules and table headers (#rrggbb)", lambda p: p.accent),
    ("logo", "Logo file (PNG, JPEG or SVG; leave empty if none)", lambda p: ""),
]


def ask(p: Partnership, given: set[str], read=input) -> Partnership:
    """Ask, at a terminal, for each answer not given as an option; colours whose contrast
    fails are asked again, with the ratio and a shade that would pass."""
    for attribute, question, default in QUESTIONS:
        if attribute in given:
            continue
        suggestion = default(p)
        answer = read(f"{question}{f' [{suggestion}]' if suggestion else ''}: ").strip() or suggestion
        setattr(p, attribute, Path(answer).expanduser() if attribute == "logo" and answer else
                (None if attribute == "logo" else answer))
        if attribute == "accent":
            for _ in range(3):
                problems = colour_problems(p.primary, p.accent)
                if not problems:
                    break
                print("\n".join(f"  {problem}" for problem in problems))
                p.primary = read(f"Main brand colour [{p.primary}]: ").strip() or p.primary
                p.accent = read(f"Second brand colour [{p.accent}]: ").strip() or p.accent
    return p


def add_options(parser) -> None:
    parser.add_argument("folder", metavar="DIR", type=Path, help="the new project's folder")
    parser.add_argument("--name", help="the partnership's full name")
    parser.add_argument("--short-name", help="its initials, as in the footer (default: from the name)")
    parser.add_argument("--website", help="its website address, https://...")
    parser.add_argument("--email", help="the contact e-mail printed on every publication")
    parser.add_argument("--colour", "--color", dest="primary", help="main brand colour, #rrggbb "
                        "(masthead, headings, links)")
    parser.add_argument("--accent", help="second brand colour, light, #rrggbb (rules, table headers)")
    parser.add_argument("--logo", type=Path, help="logo image (PNG, JPEG or SVG), copied into the layout")
    parser.add_argument("--logo-alt", default="", help="what the logo says, for screen readers "
                        "(default: the partnership's name and the word logo)")
    parser.add_argument("--layout", default="", help="the layout's name (default: from the partnership's name)")


def cmd_init(args) -> int:
    """`bulletin init DIR`: 0 created; 2 refused, with the reasons."""
    given = {k for k in ("name", "short_name", "website", "email", "primary", "accent", "logo")
             if getattr(args, k) is not None}
    p = Partnership(name=args.name or "", short_name=args.short_name or "", website=args.website or "",
                    email=args.email or "", logo=args.logo, logo_alt=args.logo_alt, layout=args.layout)
    p.primary = args.primary or p.primary
    p.accent = args.accent or p.accent
    try:
        if sys.stdin.isatty():
            ask(p, given)
        elif not p.name:
            raise InitError("give the partnership's name with --name (or run bulletin init at a terminal "
                            "to be asked)")
        p.short_name = p.short_name or initials(p.name)
        folder = args.folder.expanduser().resolve()
        written = create(folder, p)
    except InitError as exc:
        for line in exc.lines:
            print(f"bulletin init: error: {line}", file=sys.stderr)
        return 2
    layout = p.layout or layout_name(p.name, p.short_name)
    print(f"created a project for {p.name} in {folder} ({len(written)} files), with layout '{layout}'")
    print(f"\nNext:\n  cd {folder}\n  bulletin build --offline       # builds the example briefing into dist/\n"
          f"  bulletin new review child-b   # then write your own (docs/guide.md)")
    return 0
