"""Turn a project folder into a validated, typed `Project` (load.py), of the classes types.py generates from schema.py."""

from .layouts import PACKAGE_LAYOUTS, LayoutError, layout_from_mapping
from .load import load_project
from .project import Project, review_names
from .references import PACKAGE_TEMPLATES, labels_printed
from .types import Config, Layout, Logo, Publication, Record, Review, Section, Theme, attribute, build

__all__ = ["PACKAGE_LAYOUTS", "PACKAGE_TEMPLATES", "Config", "Layout", "LayoutError", "Logo", "Project",
           "Publication", "Record", "Review", "Section", "Theme", "attribute", "build", "labels_printed",
           "layout_from_mapping", "load_project", "review_names"]
