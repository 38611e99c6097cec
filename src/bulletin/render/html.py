"""Turn a composed publication context into publication HTML with Jinja2.

One template per kind (the kind registry names it: templates/<kind>.html.j2). A layout may put its own templates in
layouts/<name>/templates/: they are found first, and can extend the packaged one as
`base/<kind>.html.j2` to override a single block. Autoescape and StrictUndefined are on,
so source text cannot inject markup and a template naming a missing field fails loudly.
Templates run in Jinja2's sandbox: a shared layout's template cannot reach Python's
internals (`cycler.__init__.__globals__`) to run commands; trying is a located error.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from .. import kinds
from ..diagnostics import Diagnostic, Location, error
from ..markup import unique_heading_id
from ..model import Layout
from .measure import page_geometry

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _css_string(value: str) -> str:
    return (str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
            .replace("<", "\\3C "))


def template_environment(layout_folder: str | None) -> jinja2.Environment:
    """The environment for a layout: layouts without their own templates share one, so
    the packaged templates are compiled once per process, not once per layout."""
    own = Path(layout_folder) / "templates" if layout_folder else None
    return _environment(str(own) if own is not None and own.is_dir() else None)


@lru_cache(maxsize=32)
def _environment(layout_templates: str | None) -> jinja2.Environment:
    package = jinja2.FileSystemLoader(str(PACKAGE_TEMPLATES))
    loaders = []
    if layout_templates:
        loaders.append(jinja2.FileSystemLoader(layout_templates))
    loaders += [package, jinja2.PrefixLoader({"base": package})]
    env = SandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=True,
                                             default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    )
    env.filters["css_string"] = _css_string
    env.globals["unique_heading_id"] = unique_heading_id
    return env


def render_css(layout: Layout, footer_left: str, extra_css: str = "") -> str:
    """The stylesheet of a layout's publications (PDF and web page), then its own `extra_css`."""
    env = template_environment(None)
    fonts, page = layout.fonts, layout.page
    size = float(fonts.size_pt)
    # Every kind's page, so one stylesheet serves every publication of the layout; a kind
    # set on other paper than the default gets a named page (`@page kind-<name>`).
    default = page_geometry(page.margin_mm, page.line_chars, size, kinds.DEFAULTS["paper"])
    papers = {name: page_geometry(page.margin_mm, page.line_chars, size, kinds.paper(name)) for name in kinds.NAMES}
    papers = {name: geometry for name, geometry in papers.items() if geometry != default}
    css = env.get_template("publication.css.j2").render(
        colours=layout.colours, fonts=fonts, page=page, geometry=default, papers=papers,
        footer_left=footer_left, logo=layout.logo)
    return css + ("\n" + extra_css if extra_css else "")


def page_title(context: dict) -> str:
    """The <title>: drafts say so (checks/accessibility/build.py expects the same)."""
    pub = context["publication"]
    return f"DRAFT – {pub['title']}" if pub["draft"] else pub["title"]


def render_publication_html(context: dict, layout_folder: Path | None,
                            display: str) -> tuple[str | None, list[Diagnostic]]:
    """(publication HTML, diagnostics). Template errors name the template line."""
    layout = context["layout"]  # a typed model.Layout
    pub = context["publication"]
    extra = ""
    if layout_folder and (layout_folder / "style.css").is_file():
        extra = (layout_folder / "style.css").read_text(encoding="utf-8")
    footer_left = f"{layout.short_name or ''} · {pub['title']}"
    if pub["draft"]:
        footer_left = "DRAFT · " + footer_left
    env = template_environment(str(layout_folder) if layout_folder else None)
    try:
        template = env.get_template(kinds.KINDS[pub["kind"]]["template"])
        css = Markup(render_css(layout, footer_left, extra))  # its tokens are validated in model/
        html = template.render(**context, css=css,
                               page_title=page_title(context))
    except jinja2.TemplateSyntaxError as exc:
        return None, [error("template.syntax", f"template syntax: {exc.message}",
                            Location(_template_display(exc.filename, layout_folder) if exc.filename
                                     else exc.name or "template", exc.lineno or 1, 1), publication=display)]
    except jinja2.UndefinedError as exc:
        return None, [error("template.undefined", f"template uses a missing field: {exc.message}",
                            _template_location(exc, layout_folder), publication=display)]
    except jinja2.TemplateNotFound as exc:
        return None, [error("template.missing", f"no template '{exc.name}' for kind '{pub['kind']}'",
                            Location(display, 1, 1), publication=display)]
    except jinja2.exceptions.SecurityError as exc:
        return None, [error("template.unsafe", f"template tried something the sandbox forbids ({str(exc).rstrip('.')}); "
                            "a layout template may only print the publication's fields",
                            _template_location(exc, layout_folder), publication=display)]
    except (jinja2.TemplateError, ArithmeticError, LookupError, TypeError, ValueError, AttributeError) as exc:
        where = _template_location(exc, layout_folder)
        if where.path == "template":  # not raised by a template's own code: a bug here
            raise
        return None, [error("template.error", f"template failed: {type(exc).__name__}: {exc}",
                            where, publication=display)]
    return html, []


def _template_location(exc: BaseException, layout_folder: Path | None = None) -> Location:
    """The template file and line a Jinja2 error came from, read off the traceback; a
    layout's own template is named as the user sees it (layouts/<name>/templates/...)."""
    tb, found = exc.__traceback__, None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = Location(_template_display(filename, layout_folder), tb.tb_lineno, 1)
        tb = tb.tb_next
    return found or Location("template")


def _template_display(filename: str, layout_folder: Path | None) -> str:
    path = Path(filename)
    if layout_folder is not None and path.is_relative_to(layout_folder):
        return str(Path(layout_folder.parent.name, layout_folder.name, path.relative_to(layout_folder)))
    return filename
