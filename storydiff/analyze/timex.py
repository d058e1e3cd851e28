"""Time expressions: recognise, then normalise against the article's anchor and zones.

Public entry points (others code against these names):

- :func:`find_timexes` -- every time expression of a text, normalised (``Timex``), with
  the ``Note`` s it raises (a sentence whose conversions disagree; an ambiguous zone).
- :func:`parse_published` -- publication times from metadata and feeds.
- :func:`to_utc`, :func:`convert` -- clock times between zones (from ``zones``).
"""

from __future__ import annotations

from storydiff.analyze.timex_published import parse_published
from storydiff.analyze.zones import convert, to_utc

__all__ = ["parse_published", "to_utc", "convert"]
