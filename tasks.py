"""Thin invoke tasks over the bulletin command line: `invoke --list` shows them."""

from invoke import task


@task(help={"offline": "check links without the network", "strict": "warnings fail the build",
            "force": "rebuild everything"})
def build(c, offline=False, strict=False, force=False):
    """Build every publication into dist/ (PDF, Word, HTML) with link and accessibility checks."""
    import os
    import sys

    flags = " ".join(f for f, on in (("--offline", offline), ("--strict", strict), ("--force", force)) if on)
    # at a terminal, the next build is served by a resident process (bulletin/resident.py), as
    # `bulletin build` typed there would be; invoke's pipes would otherwise hide the terminal
    env = {"BULLETIN_RESIDENT": "on"} if sys.stdout.isatty() and "BULLETIN_RESIDENT" not in os.environ else {}
    c.run(f"bulletin build {flags}".strip(), pty=False, env=env)


@task(help={"offline": "check links without the network", "strict": "warnings fail"})
def check(c, offline=False, strict=False):
    """Validate sources, check links and accessibility, and write reports; build nothing."""
    flags = " ".join(f for f, on in (("--offline", offline), ("--strict", strict)) if on)
    c.run(f"bulletin check {flags}".strip())


@task
def publish(c):
    """Strict build of published, unembargoed publications into publish/ with a manifest."""
    c.run("bulletin publish")


@task
def watch(c):
    """Rebuild on save and serve dist/ with live reload."""
    c.run("bulletin watch")


@task(help={"slow": "also run the slow cases (full reference builds, LibreOffice, Chromium)"})
def test(c, slow=False):
    """Run the test suite (fast by default)."""
    # one worker per core (pytest-xdist); the tests that read
    # the built reference project share one worker so it is built once
    # Python may keep compiled modules: the tests start many interpreters (the command
    # line, build workers), each of which would otherwise compile bulletin again.
    c.run("python -m pytest -n auto --dist loadgroup" + (" -m ''" if slow else ""), pty=False,
          env={"PYTHONDONTWRITEBYTECODE": ""})


@task
def bench(c):
    """Print build and link-checking benchmark figures (nothing is asserted)."""
    c.run("python benchmarks/run.py")


@task
def docs(c):
    """Regenerate the where-each-field-prints table in docs/sources.md from the kind registry."""
    from pathlib import Path

    from bulletin.kinds.table import docs_with_table, field_table
    from bulletin.schema import REVIEW

    path = Path(__file__).parent / "docs" / "sources.md"
    path.write_text(docs_with_table(path.read_text(encoding="utf-8"), field_table(REVIEW.fields)), encoding="utf-8")


@task
def clean(c):
    """Remove dist/, publish/ and the link cache."""
    c.run("rm -rf dist publish .bulletin-cache")


@task
def golden(c):
    """Rewrite tests/golden/ from a fresh build of the reference project (read the diff!)."""
    c.run("python tests/golden.py && git diff --stat tests/golden")


@task
def pages(c):
    """Render every page of dist/'s PDF, print and Word files to PNG contact sheets in dist/pages/."""
    from pathlib import Path

    from bulletin.contact_sheets import make_sheets
    for sheet in make_sheets(Path("dist")):
        print(f"{sheet.source.name}: {sheet.note}" if sheet.png is None
              else f"{sheet.source.name}: {sheet.pages} pages -> {sheet.png}")
