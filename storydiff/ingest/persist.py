"""Read inputs into a store: the library function behind ``storydiff ingest``."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from storydiff import settings
from storydiff.ingest import load
from storydiff.ingest.results import Failure
from storydiff.store import Store


@dataclass(slots=True)
class IngestSummary:
    """What one ingest run did: ids stored now, ids already stored, failed inputs."""

    stored: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    skipped: list[Failure] = field(default_factory=list)  # files in directories not read (not failures)

    @property
    def ok(self) -> bool:
        """True when no input failed."""
        return not self.failures


def ingest(
    sources: Iterable[str | Path],
    store: Store,
    *,
    published: dt.date | dt.datetime | str | None = None,
    allow_private: bool = False,
    progress: bool = False,
    strict: bool = False,
) -> IngestSummary:
    """Read articles from the inputs and add them to the store; record the failures.

    Args:
        sources: paths, directories, URLs or ``-``.
        store: an open store.
        published: publication date for articles whose input gives none.
        allow_private: let URLs reach private, loopback and link-local addresses.
        progress: show progress bars on stderr when it is a terminal.
        strict: when any input fails, store nothing and report only the first failure.

    Returns:
        The summary. Each failure is also recorded in the store's ``failures`` table;
        skipped files (``summary.skipped``) are reported, not recorded, and never fail it.

    Raises:
        ValueError: ``published`` is not a date.
        StoreError: the store cannot be written.
    """
    batch = load(sources, published=published, allow_private=allow_private, progress=progress)
    summary = IngestSummary(skipped=batch.skipped)
    if strict and batch.failures:
        summary.failures = batch.failures[:1]
        return summary
    size = settings.STORE_BATCH_SIZE
    with tqdm(total=len(batch.articles), desc="storing", unit="article", file=sys.stderr,
              disable=not progress or not sys.stderr.isatty()) as bar:
        for start in range(0, len(batch.articles), size):
            chunk = batch.articles[start:start + size]
            for article_id, is_new in store.add_articles(chunk, batch_size=size):
                (summary.stored if is_new else summary.duplicates).append(article_id)
            bar.update(len(chunk))
    for failure in batch.failures:
        store.record_failure(failure.source, failure.code, failure.message)
    summary.failures = batch.failures
    return summary
