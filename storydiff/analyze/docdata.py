"""Where the analysis stages keep their results on a spaCy doc, and the doc's text.

Stages write plain dicts to ``doc._.sd`` (:func:`sd`), because docs cross process
boundaries as msgpack when ``n_process > 1``; ``storydiff.analyze.run.to_article`` turns
them into the dataclasses of :mod:`storydiff.model`. Every stage and the pipeline import
this module; it imports none of them.
"""

from __future__ import annotations

import threading
from typing import Any

from spacy.tokens import Doc


def ensure_extensions() -> None:
    """Register ``doc._.sd`` (once per process)."""
    if not Doc.has_extension("sd"):
        Doc.set_extension("sd", default=None)


def sd(doc: Doc) -> dict[str, Any]:
    """The storydiff results dict of a doc (created on first use).

    Args:
        doc: a spaCy Doc.

    Returns:
        The dict stages read and write (keys such as ``mentions``, ``quotes``).
    """
    data = doc._.sd
    if data is None:
        data = {}
        doc._.sd = data
    return data


# The last doc whose text was asked for and that text, per thread: a pipeline shared by
# threads (``storydiff serve --workers N``) analyses a document in each thread at once,
# and one cache for all of them would hand a thread another thread's text.
_last = threading.local()


def text_of(doc: Doc) -> str:
    """``doc.text``, computed once per doc: spaCy rebuilds it from the tokens on every access.

    Args:
        doc: a spaCy Doc.

    Returns:
        Its text.
    """
    if getattr(_last, "doc", None) is not doc:
        _last.doc, _last.text = doc, doc.text
    return _last.text
