"""Ingestion: real inputs in, clean Articles out.

Stages, in order (one module each):

1. ``sources``: what each input is (directory, file by extension or sniffing, URL, ``-``)
   and its sidecar metadata (``NAME.meta.json``);
2. ``fetch``: URLs, safely (timeouts, size cap, redirects, private addresses refused);
3. ``text`` / ``html`` / ``feeds`` / ``jsonl``: the readers; ``text`` decodes bytes and
   builds every Article;
4. ``normalize``: Unicode clean-up with an exact offset map back to the original;
5. ``boilerplate``: share/reply/"Read more" lines at the head or tail of plain text;
6. ``voices``: exact and near copies grouped into voices.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from storydiff.ingest.dates import coerce_published, parse_published
from storydiff.ingest.results import Batch, Failure
from storydiff.ingest.sources import read_all
from storydiff.ingest.text import read_text

__all__ = ["Batch", "Failure", "load", "parse_published", "read_text"]


def load(
    sources: Iterable[str | Path],
    *,
    published: dt.date | dt.datetime | str | None = None,
    allow_private: bool = False,
    progress: bool = False,
) -> Batch:
    """Read articles from paths, directories, URLs and ``-`` (stdin).

    Args:
        sources: what to read; directories are walked recursively by extension.
        published: publication date for articles whose input gives none (a sidecar,
            the page or the feed entry wins when it has one).
        allow_private: let URLs reach private, loopback and link-local addresses.
        progress: show a progress bar on stderr when it is a terminal.

    Returns:
        A Batch: ``articles`` in input order and ``failures``, one per bad input, each
        with a one-line message that names the input and says what to do.

    Raises:
        ValueError: ``published`` is a string that is not a date.
    """
    default = coerce_published(published)
    if published not in (None, "") and default is None:
        raise ValueError(f"--published {published!r} is not a date; use ISO 8601 such as 2025-08-15")
    batch = read_all(sources, allow_private=allow_private, progress=progress)
    if default is not None:
        for article in batch.articles:
            if article.published is None:
                article.published = default
    return batch
