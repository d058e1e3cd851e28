"""``storydiff eval extract``: main-text extraction from HTML on the article extraction benchmark.

Each page's HTML goes through ``storydiff.ingest.html.extract_html``; the article's
cleaned ``text`` is scored against the gold ``articleBody`` with the benchmark's own
metric (``metrics.shingle_counts``: 4-gram word shingles, per-page counts normalised,
precision and recall averaged over pages, F1 of the means). A page we cannot extract
(``InputError``: no article found, ...) scores as an empty extraction and is listed.
"""

from __future__ import annotations

from pathlib import Path

from tqdm import tqdm

from storydiff.errors import InputError
from storydiff.eval.corpora.aeb import load_pages
from storydiff.eval.metrics import shingle_counts, shingle_scores
from storydiff.eval.result import EvalResult
from storydiff.eval.runner import progress_enabled
from storydiff.ingest.html import extract_html


def run(path: Path, *, topics: str | None = None, progress: bool = True) -> EvalResult:
    """Score HTML extraction on an AEB folder.

    Args:
        path: the ``aeb`` folder (``ground-truth.json`` and ``html/``).
        topics: unused (ECB+ only); accepted so every task has one signature.
        progress: progress bar over pages on stderr.

    Returns:
        Rows ``all`` and ``failed pages``; headline ``f1``, ``precision``, ``recall``.

    Raises:
        DataMissing: the folder is incomplete.
    """
    pages = load_pages(path)
    counts = []
    failures: list[str] = []
    exact = 0
    for page in tqdm(pages, desc="extract", unit="page", disable=not progress_enabled(progress)):
        try:
            text = extract_html(page.html(), source=page.path.name).text
        except InputError as error:
            failures.append(f"{page.key[:12]}: {error.message}")
            text = ""
        counts.append(shingle_counts(page.body, text))
        exact += counts[-1][1] == counts[-1][2] == 0
    scores = shingle_scores(counts)
    rows = [
        ["pages", "n", "precision", "recall", "f1"],
        ["all", len(pages), scores.precision, scores.recall, scores.f1],
        ["no text extracted", len(failures), "", "", ""],
    ]
    return EvalResult(
        task="extract",
        dataset=str(path),
        rows=rows,
        headline={"f1": scores.f1, "precision": scores.precision, "recall": scores.recall},
        details={"failures": failures, "exact_pages": exact},
        documents=len(pages),
    )
