"""storydiff: compare how several outlets reported one event, fact by fact."""

from storydiff import lean_imports as _lean_imports

# Before any of our modules imports spaCy, which would import torch and its own command line
# for nothing (3.2 s of a cold run): see storydiff/lean_imports.py.
_lean_imports.install()

from storydiff.model import (  # noqa: E402
    Article,
    Entity,
    Finding,
    Identifier,
    Mention,
    Note,
    Quantity,
    Quote,
    Report,
    Span,
    Story,
    Timex,
)

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Entity",
    "Finding",
    "Identifier",
    "Mention",
    "Note",
    "Quantity",
    "Quote",
    "Report",
    "Span",
    "Story",
    "Timex",
    "__version__",
]
