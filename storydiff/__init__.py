"""storydiff: compare how several outlets reported one event, fact by fact."""

from storydiff import torchless as _torchless

# Before any of our modules imports spaCy: thinc would import torch (2.8 s) for nothing.
_torchless.install()

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
