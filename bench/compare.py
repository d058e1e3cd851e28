"""How long comparing a story takes as it grows: 2, 10 and 50 real articles.

Stories are built from real ECB+ documents (``../shared/data/ecbplus``, URL sentence
stripped): the documents of topics 1, 2, 3, ... taken in order until there are 50, so a
story of 10 holds the first sub-topics' reports of one event and a story of 50 several
topics' (the cost of a big story is what is measured, not its sense). The articles are
analysed once (timed apart: that is the analysis stage's cost); then ``compare()`` runs
on copies of the analysed articles, REPEATS times, and the median is kept: resolution,
alignment (embeddings included), findings and notes.

A cold run of the bundled example (a fresh Python process: imports, model loading,
ingest, analysis and compare of the two articles) is timed too; the goal is 5 s.

Prints a table, then ``name=value`` pairs as its last line. Record the figures in
docs/benchmarks.md, section "Compare".

    .venv/bin/python bench/compare.py [--data ../shared/data/ecbplus]
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from storydiff.model import Article  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SIZES = (2, 10, 50)
REPEATS = 3

COLD = (
    "from storydiff.ingest import load; from storydiff.compare import compare; "
    "r = compare(load(['examples/alaska-summit-2025']).articles); "
    "print(sum(f.status == 'conflict' for f in r.findings))"
)


def ecb_articles(data: Path, count: int) -> list[Article]:
    """The first ``count`` ECB+ documents (topic order) as unanalysed articles."""
    from storydiff.eval.corpora.ecbplus import iter_documents

    articles = []
    for doc in iter_documents(data):
        articles.append(Article(text=doc.text, id=doc.name, source=doc.name))
        if len(articles) == count:
            break
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ecbplus")
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"{args.data}: ECB+ folder not found; pass --data PATH (see ../shared/data/README.md)")

    from storydiff.analyze import analyze_many, load_nlp
    from storydiff.compare import compare
    from storydiff.embeddings import embed

    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", COLD], cwd=ROOT, capture_output=True, text=True)
    cold = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"cold run failed: {proc.stderr.strip().splitlines()[-1:]}")

    nlp = load_nlp()
    embed(["warm up"])
    articles = ecb_articles(args.data, max(SIZES))
    started = time.perf_counter()
    analyze_many(articles, nlp=nlp)
    analysis = time.perf_counter() - started
    words = sum(len(a.text.split()) for a in articles)

    rows = []
    for size in SIZES:
        times, findings, sentences = [], 0, 0
        for _ in range(REPEATS):
            story = copy.deepcopy(articles[:size])
            for article in story:
                article.voice = None
            started = time.perf_counter()
            report = compare(story, nlp=nlp)
            times.append(time.perf_counter() - started)
            findings = len(report.findings)
            sentences = sum(len(a.sentences) for a in story)
        rows.append((size, sentences, findings, statistics.median(times)))

    print(f"{'articles':>8} {'sentences':>9} {'findings':>8} {'compare_s':>9} {'ms/sentence':>11}")
    for size, sentences, findings, seconds in rows:
        print(f"{size:>8} {sentences:>9} {findings:>8} {seconds:>9.2f} {1000 * seconds / max(sentences, 1):>11.2f}")
    print(f"analysis of the {len(articles)} articles ({words} words): {analysis:.1f} s (not in compare_s)")
    print(f"cold run of the example (fresh process, everything included): {cold:.1f} s (goal 5 s)")
    pairs = " ".join(f"compare_{size}_s={seconds:.2f}" for size, _, _, seconds in rows)
    print(f"{pairs} cold_example_s={cold:.1f}")


if __name__ == "__main__":
    main()
