"""A stream of articles into stories: the library function behind ``storydiff ingest``.

Stages, in order (each batch of :data:`BATCH_SIZE` articles goes through all of them
before the next one starts, so a killed run loses at most one batch of work):

1. **store**: read the inputs and store them (``storydiff.ingest.persist.ingest``: one
   row per distinct text, failures recorded with why).
2. **analyse**: every stored article without an analysis is analysed
   (``storydiff.prepare.prepare_batch``: ``storydiff.analyze.analyze_many`` and the title+lead
   embedding that clustering needs), here or on a Dask cluster (``storydiff.batch``),
   and the analyses are written to the store, one transaction per batch.
3. **cluster**: the batch's articles are added to the story index, in the order they
   were stored, and the changed stories are written with their new members in one
   transaction (``Store.save_clustering``).
4. **consolidate**: splinter stories (a few articles that opened a story before their
   event's main story formed) are merged into the story they now resemble. A dated
   splinter is looked at while the stream goes on, once it has settled (two weeks
   behind the newest article, before retirement could take it), and saved with its
   batch; the rest once at the end of the run (``StoryIndex.consolidate``), saved in one
   transaction. Then each article of the run gets a second look (``storydiff.stories.reassign``)
   and moves to another story when that one now fits it clearly better, in the same
   transaction.

Memory follows the recent weeks of the stream, not its length: a saved story whose newest
article is more than :data:`RETIRE_AFTER_DAYS` behind the newest article seen leaves
memory (``StoryIndex(retire_after_days=...)``; the store keeps it). An article dated
before that (a late report, a back-filled archive) first brings back from the store the
stories it could reach (``StoryIndex.revival_window``, ``Store.retired_story_states``),
so retirement changes no assignment, only memory and the time a late article takes.

Re-running picks up where a killed run stopped: stored articles are not stored again
(content hash), analysed ones are not analysed again, and clustered ones are not added
again (the index is rebuilt from the store). The order of clustering is the order of
storing, whichever machine analysed what, so a Dask run gives the same stories.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from storydiff.embeddings import embed
from storydiff.ingest.persist import ingest
from storydiff.ingest.results import Failure
from storydiff.model import Article
from storydiff.pool import ProcessAnalyzer, default_processes
from storydiff.prepare import prepare_batch
from storydiff.store import Store
from storydiff.stories import MAX_GAP_DAYS, StoryIndex, lead_text, published_day

#: Articles analysed and clustered per step. spaCy's ``nlp.pipe`` gains little past 32
#: docs per batch, and a batch is the unit of work lost to a kill -9 and sent to a Dask
#: worker; bench/stream.py measures throughput (docs/benchmarks.md, "Stories and stream").
BATCH_SIZE = 32

#: Days behind the newest article after which a saved story leaves memory (retires). An
#: article reads postings of its week and ceil(MAX_GAP_DAYS / 7) = 2 weeks on each side
#: (storydiff.stories: stories more than 14 days apart never merge). A story retired 28
#: days behind the newest article has its last posting at least 3 whole weeks before the
#: week of any article dated up to 7 days behind the newest: 7 * (2 + 1) + 7 = 28. So a
#: stream in publication order, give or take a week, never needs a retired story back;
#: an article later than that revives the stories of its weeks from the store first (a
#: few SQLite reads). Smaller values (down to 14) hold less but revive more often; None
#: (``storydiff ingest --keep-stories-days all``) holds every story. Re-run
#: bench/stream.py (live stories, peak memory) after changing it.
RETIRE_AFTER_DAYS = 7.0 * (math.ceil(MAX_GAP_DAYS / 7.0) + 1) + 7.0


@dataclass(slots=True)
class StreamSummary:
    """What one run of :func:`ingest_stream` did."""

    stored: int = 0  # new articles stored
    duplicates: int = 0  # inputs whose text was already stored
    failures: list[Failure] = field(default_factory=list)  # inputs that could not be read
    skipped: list[Failure] = field(default_factory=list)  # files in directories not read (not failures)
    analyzed: int = 0  # articles analysed in this run
    analysis_failures: list[Failure] = field(default_factory=list)  # analysed with a problem
    clustered: int = 0  # articles assigned to a story in this run
    merged: int = 0  # splinter stories merged into larger ones at the end of the run
    reassigned: int = 0  # articles moved to another story at the end of the run (storydiff.stories.reassign)
    split: int = 0  # stories split in two at the end of the run (storydiff.stories.split)
    new_stories: int = 0  # stories opened in this run (less those merged)
    stories: int = 0  # stories in the store after the run
    seconds: float = 0.0  # analysis and clustering time

    @property
    def ok(self) -> bool:
        """True when every input was read and analysed."""
        return not self.failures and not self.analysis_failures


Analyzer = Callable[[Iterable[list[Article]]], Iterator[tuple[list[Article], np.ndarray]]]


def local_analyzer(batches: Iterable[list[Article]]) -> Iterator[tuple[list[Article], np.ndarray]]:
    """Run ``prepare_batch`` over batches in this process, yielding in order."""
    for batch in batches:
        yield prepare_batch(batch)


def process_pending(
    store: Store,
    *,
    analyzer: Analyzer | None = None,
    batch_size: int = BATCH_SIZE,
    progress: bool = True,
    summary: StreamSummary | None = None,
    retire_after_days: float | None = RETIRE_AFTER_DAYS,
) -> StreamSummary:
    """Analyse every stored article not yet analysed and add it to a story.

    Args:
        store: an open :class:`storydiff.store.Store`.
        analyzer: runs ``prepare_batch`` over batches and yields results in order
            (default: :func:`local_analyzer`; ``storydiff.batch.DaskAnalyzer.run`` for Dask).
        batch_size: articles per batch.
        progress: a progress bar (rate, ETA) on stderr when it is a terminal.
        summary: a summary to add to (a new one when not given).
        retire_after_days: days behind the newest article after which a saved story
            leaves memory (:data:`RETIRE_AFTER_DAYS`); None holds every story. Changes
            memory, not the stories: the same stream gives the same stories either way.

    Returns:
        The summary with ``analyzed``, ``clustered``, ``new_stories`` and ``stories`` set.

    Raises:
        StoreError: the store cannot be written.
        PipelineError: a model is missing.
        ClusterError: the Dask scheduler cannot be reached.
        ValueError: ``retire_after_days`` is below ``storydiff.stories.MAX_GAP_DAYS``.
    """
    summary = summary or StreamSummary()
    analyzer = analyzer or local_analyzer
    started = time.perf_counter()
    index = load_story_index(store, retire_after_days=retire_after_days)
    before = len(index.stories())
    # Analysed by a run killed before it clustered them: cluster these first, in order.
    leftover = [store.get_analysis(i) for i in store.unclustered_ids()]
    if leftover:
        _cluster(store, index, leftover, None, summary)
    pending = store.unanalyzed_ids()
    # Articles are read from the store batch by batch: a long stream is never all in memory.
    batches = ([store.get_article(i) for i in pending[n : n + batch_size]] for n in range(0, len(pending), batch_size))
    show = progress and sys.stderr.isatty()
    with tqdm(total=len(pending), desc="analysing", unit="article", file=sys.stderr, disable=not show) as bar:
        for analysed, vectors in analyzer(batches):
            for article in analysed:
                for problem in article.problems:
                    if problem.stage == "analyze":
                        summary.analysis_failures.append(Failure(article.source, problem.code, problem.message))
            store.save_analyses(analysed)
            summary.analyzed += len(analysed)
            _cluster(store, index, analysed, vectors, summary)
            bar.update(len(analysed))
    # Also when nothing was pending: a run killed between its last batch and this step
    # consolidates on the next run, as an uninterrupted run would have (a second
    # consolidation with no new article merges nothing).
    merges = index.consolidate()
    summary.merged += len(merges)
    summary.split += len(index.splits)
    summary.reassigned += len(index.moved) - sum(len(moved) for _, _, moved in index.splits)
    if index.dirty or index.recent_dropped:  # merges and moves change stories: dirty
        store.save_clustering(index.changes())
    summary.stories = len(index.stories())
    summary.new_stories += summary.stories - before
    summary.seconds += time.perf_counter() - started
    return summary


def load_story_index(store: Store, *, retire_after_days: float | None | str = "saved",
                     embedder: Any = None) -> StoryIndex:
    """The story index as last saved in a store, ready to go on (an empty one for a new file).

    With retirement on, only the stories of the last ``retire_after_days`` (and those
    with undated members) are loaded whole; older ones are listed by id, members and
    title only (:meth:`StoryIndex.from_state`'s ``retired``), so memory follows the
    recent weeks of the stream, not its length. ``Store.retired_story_states`` gives
    them back when a late article needs them (:func:`process_pending` does that).

    Args:
        store: an open store.
        retire_after_days: days behind the newest article after which a saved story
            leaves memory; None never retires; "saved" (default) keeps what the file
            was last written with (None for a file from before the option).
        embedder: texts -> unit vectors (default: storydiff's embedding model).

    Raises:
        ValueError: ``retire_after_days`` is below the index's ``max_gap_days``.
    """
    meta = store.story_index_meta()
    if meta is None:
        keep = None if retire_after_days == "saved" else retire_after_days
        return StoryIndex(embedder=embedder, retire_after_days=keep)
    if retire_after_days != "saved":
        meta["retire_after_days"] = retire_after_days
    keep = meta.get("retire_after_days")
    df, recent = store.story_terms(), store.story_recent()
    if keep is None:
        return StoryIndex.from_state(meta, store.story_states(), df=df, embedder=embedder, recent=recent)
    spans = store.story_spans()
    newest = max((s["last_day"] for s in spans if s["last_day"] is not None), default=None)
    retired, live = [], []
    for span in spans:
        # The rule of StoryIndex._retire_old: dated, no undated member, older than the horizon.
        if newest is not None and span["last_day"] is not None and not span["undated"] \
                and span["last_day"] < newest - keep:
            retired.append({k: span[k] for k in ("id", "article_ids", "title", "last_day")})
        else:
            live.append(span["id"])
    del spans
    return StoryIndex.from_state(meta, store.story_states(live), df=df, embedder=embedder, retired=retired,
                                 recent=recent)


def _cluster(store: Store, index: StoryIndex, articles: list[Article], vectors: np.ndarray | None,
             summary: StreamSummary) -> None:
    if vectors is None:
        # What StoryIndex.add_many does, split so each article can revive first.
        vectors = np.asarray(embed([lead_text(a) for a in articles]), dtype=np.float32)
    for article, vector in zip(articles, vectors):
        window = index.revival_window(published_day(article))
        if window is not None:
            index.revive(store.retired_story_states(*window))
        index.add(article, vector=vector)
    store.save_clustering(index.changes())
    summary.clustered += len(articles)


def ingest_stream(
    sources: Iterable[str | Path],
    db: str | Path,
    *,
    published: dt.date | dt.datetime | str | None = None,
    allow_private: bool = False,
    analyze: bool = True,
    scheduler: str | None = None,
    workers: int | None = None,
    processes: int | None = None,
    batch_size: int = BATCH_SIZE,
    progress: bool = True,
    strict: bool = False,
    keep_stories_days: float | None = RETIRE_AFTER_DAYS,
) -> StreamSummary:
    """Store the inputs, analyse what is new and assign it to stories, incrementally.

    Args:
        sources: paths, directories, URLs or ``-``.
        db: the SQLite file.
        published: publication date for articles whose input gives none.
        allow_private: let URLs reach private, loopback and link-local addresses.
        analyze: analyse and cluster (False: only store).
        scheduler: a Dask scheduler address (``tcp://host:8786``) to analyse on.
        workers: analyse on a local Dask cluster of this many worker processes.
        processes: analyse in this many local worker processes (``storydiff.pool``); 0
            analyses in this process; None chooses (``storydiff.pool.default_processes``:
            one per core for a stream of 64 articles or more, this process otherwise).
        batch_size: articles per batch (per transaction, per Dask task).
        progress: progress bars on stderr when it is a terminal.
        strict: when any input fails, store nothing (see ``storydiff.ingest.persist``).
        keep_stories_days: hold in memory only stories with an article this many days
            behind the newest one (:data:`RETIRE_AFTER_DAYS`); None holds all. Memory
            only: the stories are the same either way.

    Returns:
        The :class:`StreamSummary`.

    Raises:
        ValueError: ``published`` is not a date, or ``keep_stories_days`` is below
            ``storydiff.stories.MAX_GAP_DAYS``.
        StoreError: the store cannot be written.
        ClusterError: the scheduler cannot be reached.
        PipelineError: a model is missing, or an analysing process failed.
    """
    with Store(db) as store:
        stored = ingest(sources, store, published=published, allow_private=allow_private,
                        progress=progress, strict=strict)
        summary = StreamSummary(stored=len(stored.stored), duplicates=len(stored.duplicates),
                                failures=list(stored.failures), skipped=list(stored.skipped))
        if not analyze or (strict and stored.failures):
            return summary
        if scheduler or workers:
            # Imported only here: storydiff.batch imports Dask, an optional extra
            # (storydiff[dask]) that takes seconds to import.
            from storydiff.batch import DaskAnalyzer

            with DaskAnalyzer(scheduler=scheduler, workers=workers) as dask_analyzer:
                return process_pending(store, analyzer=dask_analyzer.run, batch_size=batch_size,
                                       progress=progress, summary=summary,
                                       retire_after_days=keep_stories_days)
        if processes is None:
            processes = default_processes(len(store.unanalyzed_ids()))
        if processes:
            with ProcessAnalyzer(processes) as pool:
                return process_pending(store, analyzer=pool.run, batch_size=batch_size,
                                       progress=progress, summary=summary,
                                       retire_after_days=keep_stories_days)
        return process_pending(store, batch_size=batch_size, progress=progress, summary=summary,
                               retire_after_days=keep_stories_days)
