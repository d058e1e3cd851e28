"""Analysis of a stream in local worker processes: the default on a machine with 2+ cores.

:class:`ProcessAnalyzer` starts a pool of ``processes`` worker processes (``spawn``: no
state, locks or threads are inherited from the writer), each of which loads the spaCy
pipeline and the embedding model once, when it starts, and then runs
:func:`storydiff.prepare.prepare_batch` on the batches it is sent. Results come back in
submission order, and the caller (the one writer, ``storydiff.stream.process_pending``)
stores and clusters them, so the stories are the same as in one process
(``tests/test_stream_pool.py`` checks it on real articles).

Why processes and not threads: spaCy and the numpy embedding hold the GIL for most of
their time. Why not Dask's LocalCluster (``storydiff.batch``): it does the same with a
scheduler, a nanny per worker and JSON round trips, and measured slower on 2 cores
(docs/benchmarks.md, "Stories and stream"); it stays the way to use other hosts.

Every worker computes with one thread (BLAS, torch): two processes each spinning
several BLAS threads on two cores slow each other down (see ``storydiff.embeddings``).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

# The analyze package, not its functions: it loads spaCy when a function of it is first
# used, which a worker does only after hiding torch (lean_imports.install, below).
from storydiff import analyze, lean_imports
from storydiff.embeddings import load_numpy_model
from storydiff.errors import PipelineError
from storydiff.model import Article
from storydiff.prepare import prepare_batch

#: Batches in flight per process: one running and one queued keeps a process busy while
#: the writer stores the previous result, and memory stays bounded on a long stream.
IN_FLIGHT_PER_PROCESS = 2
#: Most processes chosen by default. Each holds the models (0.5-0.65 GB resident, seen
#: in ps during bench/stream.py; thinc imports torch too), and the one writer stores and
#: clusters ~10 ms per article against ~155 ms of analysis, so it keeps up with more; 4
#: keeps the workers' memory near 2.5 GB on a large machine.
MAX_DEFAULT_PROCESSES = 4
#: Fewer pending articles than this are analysed in the writer's own process: starting
#: a worker (importing spaCy, loading both models) takes ~7 CPU s, the time of ~40
#: articles at ~0.17 CPU s each (bench/stream.py --dask 160, 2026-11-22: 0.238 vs 0.199
#: CPU s per article with and without two workers' start-up); re-measure both and re-run
#: bench/stream.py --dask after changing it.
MIN_ARTICLES_FOR_POOL = 64

_nlp: Any = None


def usable_cores() -> int:
    """CPU cores this process may run on (its affinity mask where the OS has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def default_processes(pending: int) -> int:
    """How many analysing processes a stream of ``pending`` articles gets by default.

    Args:
        pending: articles waiting for analysis.

    Returns:
        0 (analyse in this process) on one core or for a short stream, otherwise one
        process per core, at most :data:`MAX_DEFAULT_PROCESSES`.
    """
    cores = usable_cores()
    if cores < 2 or pending < MIN_ARTICLES_FOR_POOL:
        return 0
    return min(cores, MAX_DEFAULT_PROCESSES)


def _start_worker(writer: int) -> None:
    """Initializer of each worker process: one compute thread, models loaded once."""
    global _nlp
    # Ctrl-C reaches the whole process group: the writer stops the pool; a worker that
    # raised KeyboardInterrupt itself would only print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The writer's pid comes from the writer: a worker may start after the writer died.
    _exit_with_parent(writer)
    # Set before anything starts a BLAS or OpenMP pool in this process.
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    lean_imports.install()  # this process is ours: spaCy without torch (storydiff/lean_imports.py)
    _nlp = analyze.load_nlp()
    if "torch" in sys.modules:  # thinc imports torch when it is installed
        sys.modules["torch"].set_num_threads(1)
    if os.environ.get("STORYDIFF_EMBEDDINGS", "numpy") != "torch":
        load_numpy_model()


def _exit_with_parent(parent: int, every: float = 1.0) -> None:
    """End this worker when the writer that started it is gone (e.g. killed with -9).

    A worker waiting for its next batch would otherwise live on, holding ~0.6 GB, once
    the writer died without shutting the pool down (tests/test_stream_pool.py).
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)

    threading.Thread(target=watch, name="storydiff-exit-with-parent", daemon=True).start()


def _analyse(articles: list[Article]) -> tuple[list[Article], Any]:
    """What a worker runs on one batch (module level so that it pickles)."""
    return prepare_batch(articles, nlp=_nlp)


class ProcessAnalyzer:
    """Analysis in a pool of local worker processes, as a context manager.

    Example::

        with ProcessAnalyzer(2) as pool:
            for analysed, vectors in pool.run(batches):
                ...
    """

    def __init__(self, processes: int) -> None:
        """Say how many processes.

        Args:
            processes: worker processes (at least 1).

        Raises:
            ValueError: ``processes`` is below 1.
        """
        if processes < 1:
            raise ValueError(f"processes must be at least 1, not {processes}")
        self.processes = processes
        self.executor: Any = None

    def __enter__(self) -> ProcessAnalyzer:
        self.executor = ProcessPoolExecutor(
            max_workers=self.processes, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker,
            initargs=(os.getpid(),),
        )
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker processes (queued batches are dropped)."""
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None

    def warm_up(self) -> None:
        """Start every worker and load its models now (the first batches need not wait).

        Raises:
            PipelineError: a worker could not load the models.
        """
        futures = [self.executor.submit(os.getpid) for _ in range(self.processes)]
        for future in futures:
            try:
                future.result()
            except Exception as error:  # noqa: BLE001 - a worker that cannot start is one line
                raise PipelineError(f"an analysing process could not start ({type(error).__name__}: {error})") from None

    def run(self, batches: Iterable[list[Article]]) -> Iterator[tuple[list[Article], Any]]:
        """Analyse batches in the pool and yield the results in submission order.

        Batches are read lazily, :data:`IN_FLIGHT_PER_PROCESS` per process ahead, so a
        long stream is never all in memory (and the store is read only by the caller).

        Args:
            batches: lists of stored articles.

        Yields:
            ``(analysed articles, embeddings)`` per batch, in the order given.

        Raises:
            PipelineError: a worker process died or failed on a batch.
        """
        if self.executor is None:
            raise PipelineError("ProcessAnalyzer.run needs the pool opened: use `with ProcessAnalyzer(n)`")
        limit = self.processes * IN_FLIGHT_PER_PROCESS
        source = iter(batches)
        futures: deque[Any] = deque()
        done = 0
        while True:
            while len(futures) < limit:
                batch = next(source, None)
                if batch is None:
                    break
                futures.append(self.executor.submit(_analyse, batch))
            if not futures:
                return
            future = futures.popleft()
            done += 1
            try:
                result = future.result()
            except Exception as error:  # noqa: BLE001 - a worker error becomes one line
                for pending in futures:
                    pending.cancel()
                raise PipelineError(
                    f"batch {done}: an analysing process failed ({type(error).__name__}: {error})"
                ) from None
            yield result
