"""Compare jobs: analyse and compare a request's articles off the event loop.

The spaCy pipeline takes about a second per article, which would stall every other
request if it ran on the event loop. Jobs run in a small thread pool instead, all
sharing one loaded pipeline (loading it takes seconds and ~0.5 GB; one copy per server).

The pool has one worker by default: spaCy does not promise that one ``Language`` object
is safe to call from several threads at once, and our CI machine has two cores, the
second of which serves the pages. Worker processes instead of threads are an option
(:class:`CompareRunner`, ``processes=True``). Jobs beyond ``max_pending`` are refused at once with
503 ("busy, retry") rather than queued without bound.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, TypeVar

from storydiff.analyze import analyze, load_nlp
from storydiff.compare import compare
from storydiff.errors import Busy, PipelineError
from storydiff.model import Article, Problem, Report


T = TypeVar("T")


def analyze_articles(articles: list[Article], nlp: Any) -> None:
    """Run the analysis pipeline on the articles (in place) with an already-loaded ``nlp``.

    An article whose analysis fails keeps a ``Problem`` (stage "analyze") and stays
    unanalysed; the comparison goes on with the rest. One ``analyze`` call per article
    rather than ``analyze_many``: that one installs an error handler on the shared
    pipeline, which other worker threads would see.

    Raises:
        PipelineError: the analysis stage or its model is missing.
    """
    for article in articles:
        if article.analyzed:
            continue
        try:
            analyze(article, nlp=nlp)
        except PipelineError:
            raise
        except Exception as error:  # noqa: BLE001 - one bad article must not sink the comparison
            article.problems.append(Problem(
                "analyze", "stage_failed",
                f"{article.source or article.id}: analysis failed ({type(error).__name__}: {error}); "
                "the article is compared unanalysed"))


def compare_articles(articles: list[Article], nlp: Any) -> Report:
    """Analyse ``articles`` and compare them into a Report (runs in a worker thread).

    Raises:
        PipelineError: a stage is missing.
    """
    analyze_articles(articles, nlp)
    return compare(articles, nlp=nlp)


# The pipeline of a worker process (process mode), loaded once by its initializer.
_WORKER_NLP: Any = None


def _init_worker() -> None:
    global _WORKER_NLP
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

    _WORKER_NLP = load_nlp()


def _process_job(articles: list[Article]) -> Report:
    return compare_articles(articles, _WORKER_NLP)


class CompareRunner:
    """Runs compare jobs off the event loop with one loaded pipeline per worker.

    Two modes. ``processes=False`` (the default): a thread pool sharing this process's
    pipeline. ``processes=True`` (``storydiff serve --compare-in process``): a pool of
    worker processes (spawned, not forked: the server has threads), each loading the
    pipeline once, so the analysis (mostly Python) does not hold the server's GIL. On
    our shared 2-core machine bench/web_load.py measured 84 report requests/s without
    uploads, and with two uploaders 23.1/s in thread mode vs 25.8/s in process mode: the
    cores, not the GIL, are the limit there, so the lighter thread mode is the default
    (docs/benchmarks.md). A worker process costs its own ~1 GB of models.

    Args:
        workers: threads or processes that run jobs (see the module docstring for why 1).
        max_pending: jobs allowed to wait or run at once before new ones get :class:`Busy`.
            Eight covers the load benchmark's two concurrent uploads with room for a few
            users; more would only make each wait longer (jobs are CPU bound).
        processes: run jobs in worker processes instead of threads.
    """

    def __init__(self, workers: int = 1, max_pending: int = 8, *, processes: bool = False):
        self.processes = processes
        if processes:
            self.pool: Executor = ProcessPoolExecutor(
                max_workers=workers, mp_context=multiprocessing.get_context("spawn"), initializer=_init_worker
            )
        else:
            self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="storydiff-compare")
        self.max_pending = max_pending
        self._pending = 0
        self._lock = threading.Lock()  # guards _pending; never held for long (the loop takes it)
        self._load_lock = threading.Lock()  # guards loading the pipeline (seconds)
        self._nlp: Any = None

    def nlp(self) -> Any:
        """The shared pipeline of thread mode, loaded on first use (in a worker thread)."""
        with self._load_lock:
            if self._nlp is None:
                self._nlp = load_nlp()
            return self._nlp

    def _job(self, articles: list[Article]) -> Report:
        return compare_articles(articles, self.nlp())

    async def run(self, articles: list[Article]) -> Report:
        """Compare ``articles`` in the pool, without blocking the event loop.

        Raises:
            Busy: ``max_pending`` jobs are already waiting or running.
            PipelineError: a stage is missing, or a worker process died.
        """
        if self.processes:
            return await self.call(_process_job, articles)
        return await self.call(self._job, articles)

    async def call(self, func: Callable[..., T], *args: Any) -> T:
        """Run ``func(*args)`` in the pool (a module-level function in process mode), so
        heavy work (a story's report may run the compare stage) queues with comparisons.

        Raises:
            Busy: ``max_pending`` jobs are already waiting or running.
            PipelineError: a worker process died.
        """
        with self._lock:
            if self._pending >= self.max_pending:
                raise Busy(f"{self._pending} comparisons are already running or waiting; retry in a few seconds")
            self._pending += 1
        try:
            loop = asyncio.get_running_loop()
            try:
                return await loop.run_in_executor(self.pool, func, *args)
            except BrokenProcessPool:
                raise PipelineError(
                    "the comparison worker process died (out of memory, or the models failed to load); "
                    "the server's log has the details; try again in a minute"
                ) from None
        finally:
            with self._lock:
                self._pending -= 1

    def close(self) -> None:
        """Stop the pool (waits for running jobs)."""
        self.pool.shutdown(wait=True, cancel_futures=True)
