"""Turn the `bulletin` command into a run of the command line, in a resident process when one
of the same code is listening (bulletin/resident.py), else in this one.

This is the installed `bulletin` script. It imports only the standard library before it
knows where the command will run: a command served by a resident costs this process
a few hundredths of a second.
"""

from __future__ import annotations

import sys

from bulletin import resident


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    wanted = resident.wanted(argv)
    if wanted:
        code = resident.run_in_resident(argv)
        if code is not None:
            return code
    from bulletin.cli import main as run_here
    code = run_here(argv)
    if wanted:
        resident.start_in_background()  # for the next command; started after this one so as not to slow it
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
