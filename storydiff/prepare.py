"""The per-article work of a stream: analysis and the title+lead embedding clustering needs.

Below every back end that runs it: this process (``storydiff.stream``), local worker
processes (``storydiff.pool``) and Dask workers (``storydiff.batch``) all call
:func:`prepare_batch`, and none of them imports another to get it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

# The package, not its functions: ``storydiff.analyze`` loads spaCy when a function of it
# is first used, so importing this module stays light and a worker process can hide
# torch (storydiff/lean_imports.py) before spaCy is imported.
from storydiff import analyze
from storydiff.embeddings import embed
from storydiff.model import Article
from storydiff.stories import lead_text


def prepare_batch(articles: list[Article], *, nlp: Any = None) -> tuple[list[Article], np.ndarray]:
    """Analyse articles and embed their title and lead.

    A pure function of its input (Dask workers run it too): the same articles in the same
    batch give the same analyses and vectors.

    Args:
        articles: stored articles (ids set), not analysed.
        nlp: the spaCy pipeline (``storydiff.analyze.load_nlp()`` when not given).

    Returns:
        The analysed articles, in order, and their embeddings (one row each).
    """
    analysed = analyze.analyze_many(articles, nlp=nlp, batch_size=len(articles) or 1)
    vectors = embed([lead_text(a) for a in analysed])
    return analysed, vectors
