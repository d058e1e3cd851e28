"""Per-article analysis: entities with roles, timexes, quantities, identifiers, quotes, claims.

- :func:`analyze` fills one :class:`~storydiff.model.Article` in place and returns it.
- :func:`analyze_many` does the same for many, batched through ``nlp.pipe``.
- :func:`load_nlp` gives the spaCy pipeline with our stages (loaded once per process).

The stages and their order are listed in :mod:`storydiff.analyze.pipeline`; the code that
runs them is in :mod:`storydiff.analyze.run`. Importing spaCy costs seconds, so the names
here load it on first use: importing one small module of the package (``analyze.timex``'s
``lexicon``, as ``storydiff.stories`` does) stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["analyze", "analyze_many", "load_nlp", "to_article"]

if TYPE_CHECKING:  # pragma: no cover
    from storydiff.analyze.run import analyze, analyze_many, load_nlp, to_article


def __getattr__(name: str):
    if name in __all__:
        # spaCy takes seconds to import: the analysis loads on the first use of these names.
        from storydiff.analyze import run

        return getattr(run, name)
    raise AttributeError(f"module 'storydiff.analyze' has no attribute {name!r}")
