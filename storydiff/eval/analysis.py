"""Running the analysis stage over many articles for an evaluation, with a progress bar."""

from __future__ import annotations

import importlib
from collections.abc import Sequence

from tqdm import tqdm

from storydiff.eval.runner import progress_enabled
from storydiff.eval.stage import require
from storydiff.model import Article


#: Articles per call of ``analyze_many``: large enough for spaCy's batching (its default
#: batch is 32 here), small enough for the progress bar to move every few seconds.
CHUNK = 64


def analyze_articles(
    articles: Sequence[Article], *, task: str, progress: bool = True
) -> list[Article]:
    """Analyse every article with ``storydiff.analyze``.

    Uses ``analyze_many`` (batched through spaCy's ``nlp.pipe``) when the analysis stage
    offers it, else ``analyze`` one article at a time.

    Args:
        articles: the articles, text set.
        task: the evaluation's name, for messages and the progress bar.
        progress: progress bar on stderr.

    Returns:
        The analysed articles, in input order.

    Raises:
        StageNotBuilt: ``storydiff.analyze.analyze`` does not exist yet.
    """
    analyze = require("storydiff.analyze", "analyze", task)
    many = getattr(importlib.import_module("storydiff.analyze"), "analyze_many", None)
    bar = tqdm(
        total=len(articles),
        desc=f"{task}: analyze",
        unit="doc",
        disable=not progress_enabled(progress),
    )
    done: list[Article] = []
    with bar:
        if many is not None:
            # Chunks so the bar moves; each chunk is still batched through nlp.pipe.
            for first in range(0, len(articles), CHUNK):
                chunk = list(articles[first : first + CHUNK])
                done.extend(many(chunk))
                bar.update(len(chunk))
        else:
            for article in articles:
                done.append(analyze(article))
                bar.update(1)
    return done
