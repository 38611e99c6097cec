"""Turn this machine's facts into the `bulletin doctor` report: what is there, what is missing, how to install it.

Exit status 0 when the main job (`bulletin build`) can run here, 1 when something it
needs is missing. Optional readers (Chromium, axe-core, LibreOffice) and the network
only add checks; without them the build still runs and says what it skipped.
"""

from __future__ import annotations

import argparse

from .environment import machine_report


def add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--offline", action="store_true", help="do not try to reach the internet")


def cmd_doctor(args) -> int:
    facts = machine_report(args.root, check_network=not args.offline)
    width = max(len(f.name) for f in facts)
    for fact in facts:
        print(f"{fact.name:<{width}}  {fact.status:<17}  {fact.detail}")
        if not fact.found and fact.install:
            label = "install" if fact.install.split()[0] in ("apt-get", "pip", "npm") else "to do"
            print(f"{'':<{width}}  {'':<17}  {label}: {fact.install}")
    missing = [f.name for f in facts if f.needed and not f.found]
    if missing:
        print(f"\nbulletin cannot build here: {', '.join(missing)} missing (install commands above).")
        return 1
    optional = [f.name for f in facts if not f.needed and not f.found]
    note = f" Without {', '.join(optional)}, some checks are skipped and the build says which." if optional else ""
    print(f"\nbulletin can build here.{note}")
    return 0

