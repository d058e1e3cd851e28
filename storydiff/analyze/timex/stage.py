"""Pipeline stage that runs the time-expression engine (:mod:`.engine`).

This stage only calls ``find_timexes(text, anchor=..., location=..., doc=doc)`` with the
article's publication time (``doc._.sd["published"]``, ISO) and the location the location
stage chose, and stores the results as dicts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from spacy.tokens import Doc

from storydiff.analyze.docdata import sd, text_of
from storydiff.analyze.timex.engine import find_timexes
from storydiff.serialize import moment_from_iso


def _anchor(value: str | None) -> dt.datetime | dt.date | None:
    if not value:
        return None
    try:
        return moment_from_iso(value)
    except ValueError:
        return None


def find(doc: Doc) -> Doc:
    """Set ``doc._.sd["timexes"]`` and ``doc._.sd["notes"]``.

    Args:
        doc: a doc after the location stage.

    Returns:
        The same doc.
    """
    data = sd(doc)
    timexes, notes = find_timexes(text_of(doc), anchor=_anchor(data.get("published")),
                                  location=data.get("location"), doc=doc)
    data["timexes"] = [asdict(t) for t in timexes]
    data["notes"] = [asdict(n) for n in notes]
    return doc
