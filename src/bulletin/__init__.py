"""bulletin: structured case-review sources to PDF, Word and accessible HTML learning publications."""

__version__ = "0.1.0"
