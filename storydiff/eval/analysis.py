"""Running the analysis stage over many articles for an evaluation, with a progress bar."""

from __future__ import annotations

import importlib
from collections.abc import Sequence

from tqdm import tqdm

from storydiff.eval.runner import progress_enabled
from storydiff.eval.stage import require
from storydiff.model import Article


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
            for article in many(list(articles)):
                done.append(article)
                bar.update(1)
        else:
            for article in articles:
                done.append(analyze(article))
                bar.update(1)
    return done
