"""Time expressions: recognition, normalisation to ISO values, and zones.

The modules, in the order the engine uses them (:mod:`.engine`, ``find_timexes``):

- :mod:`.lexicon`: the words (months, weekdays, numbers, units), compiled once;
- :mod:`.registry` and :mod:`.rules`: the recognition rules, registered in order from
  :mod:`.dates`, :mod:`.relative` (weekdays, "last week", "ago", references),
  :mod:`.durations` (durations and sets) and :mod:`.holidays`;
- :mod:`.clock`: clock times and the zone phrase after them (zones: ``storydiff.analyze.zones``);
- :mod:`.calendar`: calendar arithmetic and tense;
- :mod:`.discourse`: expressions resolved against the one before ("the next day");
- :mod:`.stage`: the pipeline stage that calls the engine on a doc.

The names below are loaded from :mod:`.engine` on first use, so that importing one small
module of this package (``lexicon``, as ``storydiff.stories`` does) does not compile
every rule (a third of a second).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storydiff.analyze.timex.engine import dateline_date, find_timexes, guess_location, sentence_spans
    from storydiff.analyze.zones import convert, to_utc

#: Public name -> the module of this package that defines it.
_EXPORTS = {
    "find_timexes": "engine", "guess_location": "engine", "sentence_spans": "engine", "dateline_date": "engine",
    "to_utc": "engine", "convert": "engine",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
