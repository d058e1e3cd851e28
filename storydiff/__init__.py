"""storydiff: compare how several outlets reported one event, fact by fact."""

from storydiff.model import (
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
