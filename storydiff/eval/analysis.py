"""Running the analysis stage over many articles for an evaluation, with a progress bar."""

from __future__ import annotations

from collections.abc import Sequence

from tqdm import tqdm

from storydiff.analyze import analyze_many
from storydiff.eval.runner import progress_enabled
from storydiff.model import Article


#: Articles per call of ``analyze_many``: large enough for spaCy's batching (its default
#: batch is 32 here), small enough for the progress bar to move every few seconds.
CHUNK = 64


def analyze_articles(
    articles: Sequence[Article], *, task: str, progress: bool = True
) -> list[Article]:
    """Analyse every article with ``storydiff.analyze.analyze_many`` (batched through
    spaCy's ``nlp.pipe``), in chunks so the progress bar moves.

    Args:
        articles: the articles, text set.
        task: the evaluation's name, for the progress bar.
        progress: progress bar on stderr.

    Returns:
        The analysed articles, in input order.
    """
    bar = tqdm(
        total=len(articles),
        desc=f"{task}: analyze",
        unit="doc",
        disable=not progress_enabled(progress),
    )
    done: list[Article] = []
    with bar:
        for first in range(0, len(articles), CHUNK):
            chunk = list(articles[first : first + CHUNK])
            done.extend(analyze_many(chunk))
            bar.update(len(chunk))
    return done
