"""The Dask back end: analysis of a stream on a cluster. The ONLY module that imports dask.

``DaskAnalyzer`` connects to a scheduler (``scheduler="tcp://host:8786"``) or starts a
``LocalCluster`` of ``workers`` processes with one thread each, and runs
:func:`storydiff.prepare.prepare_batch` (analysis and title+lead embedding) on batches of
articles. Articles travel as JSON-ready dicts (:mod:`storydiff.serialize`), so workers need
only storydiff installed, never the store. Each worker loads the spaCy pipeline and the
embedding model once, when it starts (:class:`ModelLoader`, a worker plugin), and keeps
them for every batch. Results come back in submission order and the caller (one writer,
``storydiff.stream.process_pending``) merges them into the store, so the stories are the
same as in a local run. docs/scale.md shows how to run it on several hosts.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

# The analyze package, not its functions: it loads spaCy when a function of it is first used.
from storydiff import analyze
from storydiff.embeddings import load_model, load_numpy_model
from storydiff.errors import ClusterError
from storydiff.model import Article
from storydiff.prepare import prepare_batch
from storydiff.serialize import article_from_dict, article_to_dict

try:  # dask is the optional extra storydiff[dask]
    from distributed import Client, LocalCluster, WorkerPlugin
except ImportError:  # pragma: no cover - depends on the install
    Client = LocalCluster = None  # type: ignore[assignment,misc]
    WorkerPlugin = object  # type: ignore[assignment,misc]

#: Seconds to wait for a scheduler to answer. A reachable scheduler answers in well under
#: a second on a LAN; 10 s also covers one that is still starting.
CONNECT_TIMEOUT = 10
#: Batches in flight per worker: one running and one queued keeps a worker busy while the
#: writer stores the previous result, without holding the whole stream in memory.
IN_FLIGHT_PER_WORKER = 2

_nlp: Any = None
#: How many times this process loaded the spaCy pipeline (tests check it stays 1).
loads = 0


class ModelLoader(WorkerPlugin):  # type: ignore[misc]
    """Loads the spaCy pipeline and the embedding model when a worker starts."""

    name = "storydiff-models"

    def setup(self, worker: Any = None) -> None:
        """Load the models into this worker process (once)."""
        threads = getattr(worker, "nthreads", None)
        if threads:
            # torch is imported here only: it is optional (the numpy embedding needs none)
            # and takes seconds to import.
            import torch

            # torch would start one thread per core in every worker process; the worker's
            # own thread count is what it was given.
            torch.set_num_threads(int(threads))
        _worker_nlp()
        # Load the back end that storydiff.embeddings.embed will use: the numpy one by
        # default, so a worker does not hold sentence-transformers (~0.3 GB) for nothing.
        if os.environ.get("STORYDIFF_EMBEDDINGS", "numpy") == "torch":
            load_model()
        else:
            load_numpy_model()


def _worker_nlp() -> Any:
    global _nlp, loads
    if _nlp is None:
        _nlp = analyze.load_nlp()
        loads += 1
    return _nlp


def analyze_payload(payload: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], np.ndarray]:
    """What a worker runs: one batch of articles in, analyses and embeddings out.

    Args:
        payload: articles as :func:`storydiff.serialize.article_to_dict` dicts.

    Returns:
        The analysed articles as dicts, and their title+lead embeddings.
    """
    articles = [article_from_dict(item) for item in payload]
    analysed, vectors = prepare_batch(articles, nlp=_worker_nlp())
    return [article_to_dict(a) for a in analysed], vectors


class DaskAnalyzer:
    """Analysis on a Dask cluster, as a context manager.

    Example::

        with DaskAnalyzer(workers=2) as dask_analyzer:
            for analysed, vectors in dask_analyzer.run(batches):
                ...
    """

    def __init__(self, *, scheduler: str | None = None, workers: int | None = None,
                 timeout: float = CONNECT_TIMEOUT) -> None:
        """Say where to run.

        Args:
            scheduler: address of a running scheduler (``tcp://host:8786``).
            workers: worker processes of a local cluster (when no scheduler is given).
            timeout: seconds to wait for the scheduler.

        Raises:
            ClusterError: dask is not installed.
        """
        if Client is None:
            raise ClusterError("the Dask back end needs dask: run `pip install 'storydiff[dask]'`")
        self.scheduler = scheduler
        self.workers = workers or 2
        self.timeout = timeout
        self.client: Any = None
        self._cluster: Any = None

    def __enter__(self) -> DaskAnalyzer:
        try:
            if self.scheduler:
                self.client = Client(self.scheduler, timeout=self.timeout)
            else:
                # One thread per worker process: spaCy and torch are not faster with more
                # threads per process here, and processes sidestep the GIL.
                # silence_logs: Dask's own warnings (e.g. a worker killed at shutdown while
                # it unloads torch) are not the user's business on a local run.
                self._cluster = LocalCluster(
                    n_workers=self.workers, threads_per_worker=1, processes=True, dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                self.client = Client(self._cluster)
        except (OSError, TimeoutError) as error:
            self.close()
            where = self.scheduler or "a local cluster"
            raise ClusterError(
                f"{where}: cannot reach the Dask scheduler ({error}); "
                "check the address and that `dask scheduler` runs there"
            ) from None
        self.client.register_plugin(ModelLoader())
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        """Disconnect, and stop the local cluster when this analyzer started one."""
        if self.client is not None:
            self.client.close()
            self.client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def run(self, batches: Iterable[list[Article]]) -> Iterator[tuple[list[Article], np.ndarray]]:
        """Analyse batches on the cluster and yield the results in submission order.

        Batches are read lazily, :data:`IN_FLIGHT_PER_WORKER` per worker ahead, so a long
        stream is never all in memory.

        Args:
            batches: lists of stored articles.

        Yields:
            ``(analysed articles, embeddings)`` per batch, in the order given.

        Raises:
            ClusterError: a worker failed on a batch.
        """
        if self.client is None:
            raise ClusterError("DaskAnalyzer.run needs the analyzer opened: use `with DaskAnalyzer(...)`")
        workers = max(1, len(self.client.scheduler_info().get("workers", {})) or self.workers)
        limit = workers * IN_FLIGHT_PER_WORKER
        source = iter(batches)
        futures: deque[Any] = deque()
        done = 0
        while True:
            while len(futures) < limit:
                batch = next(source, None)
                if batch is None:
                    break
                payload = [article_to_dict(a) for a in batch]
                futures.append(self.client.submit(analyze_payload, payload, pure=False))
            if not futures:
                return
            future = futures.popleft()
            done += 1
            try:
                items, vectors = future.result()
            except Exception as error:  # noqa: BLE001 - a worker error becomes one line
                raise ClusterError(f"batch {done}: a Dask worker failed ({type(error).__name__}: {error})") from None
            yield [article_from_dict(item) for item in items], np.asarray(vectors, dtype=np.float32)
