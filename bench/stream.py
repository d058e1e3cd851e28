"""Benchmark: a stream of real articles into stories (ingest + analyse + cluster), at scale.

The stream is built from real texts: ECB+ documents (one story per sub-topic) and MEANTIME
articles (one story each), read by path from ../shared/data. To make more distinct stories
than the corpora hold, each text is repeated in *variants*: variant k renames every
capitalised word longer than three letters consistently ("Reid" -> "Reidkor") and moves
the publication date by 45 days per variant, so a variant is another event with the same
kind of words (the hard case for clustering, as ECB+ sub-topics are).

Parts (each prints a table; the last line is name=value pairs):

1. ``--full N`` (default 1000): ``storydiff.stream.ingest_stream`` on N articles written as
   JSON Lines, end to end: articles/s, time in analysis+embedding, peak memory.
2. ``--sizes 1000,10000``: clustering alone (``StoryIndex.add``) on streams of that many
   articles, reusing the analyses and embeddings of part 1 with names renamed per variant
   (and the embedding jittered by Gaussian noise of sd 0.01, standing in for the renamed
   text): per-article clustering time over the last 1000 additions, stories, peak memory.
   Flat per-article time across sizes is the goal (blocking bounds the work).
3. ``--dask 200``: analysis (+ embedding + clustering by the one writer) of that many
   articles in this process (workers "0", models loaded beforehand) and on a LocalCluster
   of 1 and 2 workers: articles/s after the cluster is up, and the start-up time.

Run: ``.venv/bin/python bench/stream.py [--full 1000] [--sizes 1000,10000] [--dask 200]``.
Record the tables in docs/benchmarks.md, section "Stories and stream".
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("STORYDIFF_DATA", ROOT.parent / "shared" / "data"))
SUFFIXES = ["", "kor", "ville", "stan", "berg", "ova", "ton", "ez", "mark", "ini", "holm", "ard"]
_NAME = re.compile(r"\b([A-Z][a-z]{3,})\b")


def base_texts() -> list[tuple[str, str]]:
    """(story key, text) for every ECB+ and MEANTIME document."""
    sys.path.insert(0, str(ROOT))
    from storydiff.eval.corpora import ecbplus, meantime

    out = [(doc.subtopic, doc.text) for doc in ecbplus.iter_documents(DATA / "ecbplus", strip_url=True)]
    out += [(f"meantime:{doc.name}", doc.text) for doc in meantime.load(DATA / "meantime")]
    return out


def rename(text: str, variant: int) -> str:
    """Variant ``variant`` of a text: capitalised words renamed consistently."""
    if variant == 0:
        return text
    suffix = SUFFIXES[variant % len(SUFFIXES)] + ("" if variant < len(SUFFIXES) else str(variant // len(SUFFIXES)))
    return _NAME.sub(lambda m: m.group(1) + suffix, text)


def build_stream(n: int, seed: int = 7) -> list[dict]:
    """N article records (JSON Lines form) with gold story keys, in publication order."""
    base = base_texts()
    keys = sorted({k for k, _ in base})
    day_of = {k: i % 300 for i, k in enumerate(keys)}  # each story somewhere in ~10 months
    rng = random.Random(seed)
    records = []
    variant = 0
    while len(records) < n:
        for key, text in base:
            published = dt.date(2020, 1, 1) + dt.timedelta(days=day_of[key] + 45 * variant + rng.randint(0, 3))
            records.append({"text": rename(text, variant), "published": published.isoformat(),
                            "outlet": f"outlet{rng.randint(1, 40)}", "story": f"{key}#{variant}"})
        variant += 1
    rng.shuffle(records)
    records = records[:n]
    records.sort(key=lambda r: r["published"])
    return records


def peak_mb() -> float:
    """Peak resident memory of this process in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def full_run(n: int, work: Path) -> dict:
    """End to end on n articles: ingest_stream into a new store."""
    from storydiff.stream import ingest_stream

    records = build_stream(n)
    path = work / "stream.jsonl"
    path.write_text("\n".join(json.dumps({k: v for k, v in r.items() if k != "story"}) for r in records) + "\n")
    started = time.perf_counter()
    summary = ingest_stream([path], work / "stream.db", progress=False)
    seconds = time.perf_counter() - started
    return {"articles": n, "seconds": seconds, "rate": n / seconds, "analyse_cluster_s": summary.seconds,
            "stories": summary.stories, "peak_mb": peak_mb(), "gold": records}


def clustering_scaling(sizes: list[int], work: Path) -> list[dict]:
    """Clustering time per article at each stream size, from analysed variants."""
    from storydiff.embeddings import embed
    from storydiff.stories import StoryIndex, lead_text
    from storydiff.store import Store

    with Store(work / "stream.db") as store:
        analysed = [store.get_analysis(a.id) for a in store.iter_articles()]
    analysed = [a for a in analysed if a is not None]
    vectors = embed([lead_text(a) for a in analysed])
    rng = np.random.default_rng(3)
    rows = []
    for size in sizes:
        index = StoryIndex()
        times = []
        started = time.perf_counter()
        for i in range(size):
            source = analysed[i % len(analysed)]
            variant = i // len(analysed)
            article = _variant(source, variant, f"{i}")
            vector = vectors[i % len(analysed)] + (rng.normal(0, 0.01, vectors.shape[1]).astype(np.float32) if variant else 0)
            vector /= np.linalg.norm(vector)
            t = time.perf_counter()
            index.add(article, vector=vector)
            times.append(time.perf_counter() - t)
        total = time.perf_counter() - started
        rows.append({"size": size, "ms_per_article_last_1000": 1000 * float(np.mean(times[-1000:])),
                     "ms_per_article_mean": 1000 * total / size, "stories": len(index.stories()),
                     "peak_mb": peak_mb()})
        print(f"  clustered {size}: {rows[-1]['ms_per_article_last_1000']:.2f} ms/article", file=sys.stderr)
    return rows


def _variant(article, variant: int, new_id: str):
    import copy

    out = copy.copy(article)
    out.id = new_id
    out.text = rename(article.text, variant)
    out.mentions = [copy.copy(m) for m in article.mentions]
    for m in out.mentions:
        m.text = rename(m.text, variant)
    if isinstance(article.published, dt.date):
        out.published = article.published + dt.timedelta(days=45 * variant)
    return out


def dask_run(n: int, work: Path) -> list[dict]:
    """Analysis throughput on a LocalCluster of 1 and 2 workers."""
    from storydiff.batch import DaskAnalyzer
    from storydiff.store import Store
    from storydiff.stream import ingest_stream, process_pending

    records = build_stream(n, seed=11)
    path = work / "dask.jsonl"
    path.write_text("\n".join(json.dumps({k: v for k, v in r.items() if k != "story"}) for r in records) + "\n")
    rows = []
    db = work / "local.db"
    ingest_stream([path], db, analyze=False, progress=False)
    with Store(db) as store:
        from storydiff.stream import prepare_batch

        prepare_batch([store.get_article(store.unanalyzed_ids()[0])])  # load the models first
        t = time.perf_counter()
        summary = process_pending(store, progress=False)
        seconds = time.perf_counter() - t
    rows.append({"workers": 0, "articles": summary.analyzed, "startup_s": 0.0, "seconds": seconds,
                 "rate": summary.analyzed / seconds})
    for workers in (1, 2):
        db = work / f"dask{workers}.db"
        ingest_stream([path], db, analyze=False, progress=False)
        started = time.perf_counter()
        with DaskAnalyzer(workers=workers) as analyzer:
            analyzer.client.wait_for_workers(workers)
            analyzer.client.run(lambda: None)  # the model plugin has run on every worker
            up = time.perf_counter() - started
            with Store(db) as store:
                t = time.perf_counter()
                summary = process_pending(store, analyzer=analyzer.run, progress=False)
                seconds = time.perf_counter() - t
        rows.append({"workers": workers, "articles": summary.analyzed, "startup_s": up, "seconds": seconds,
                     "rate": summary.analyzed / seconds})
        print(f"  dask {workers} worker(s): {rows[-1]['rate']:.1f} articles/s", file=sys.stderr)
    return rows


def pairwise_f1(gold: dict[str, str], predicted: dict[str, str]) -> float:
    """Pairwise F1 of a clustering (document pairs in the same story)."""
    from itertools import combinations

    def pairs(labels: dict[str, str]) -> set:
        groups: dict[str, list[str]] = {}
        for item, label in labels.items():
            groups.setdefault(label, []).append(item)
        return {p for g in groups.values() for p in combinations(sorted(g), 2)}

    g, p = pairs(gold), pairs(predicted)
    if not g or not p:
        return 0.0
    precision, recall = len(g & p) / len(p), len(g & p) / len(g)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def report_full(full: dict, work: Path, pairs: dict) -> None:
    """Print the end-to-end table, with the pairwise F1 of the stream's stories."""
    from storydiff.ingest import read_text
    from storydiff.store import Store

    with Store(work / "stream.db") as store:
        hashes = {a.content_hash: a.id for a in store.iter_articles()}
        predicted = {aid: store.story_of(aid) or "" for aid in hashes.values()}
    gold = {}
    for record in full["gold"]:
        article_id = hashes.get(read_text(record["text"], source="bench").content_hash)
        if article_id:
            gold[article_id] = record["story"]
    stream_f1 = pairwise_f1(gold, {k: predicted[k] for k in gold})
    print(f"\nEnd to end (ingest + analyse + embed + cluster), {full['articles']} articles")
    print(f"{'articles':>8} {'seconds':>8} {'articles/s':>10} {'stories':>8} {'pairwise F1':>11} {'peak MB':>8}")
    print(f"{full['articles']:>8} {full['seconds']:>8.1f} {full['rate']:>10.2f} {full['stories']:>8} "
          f"{stream_f1:>11.3f} {full['peak_mb']:>8.0f}")
    pairs.update(full_rate=round(full["rate"], 2), full_peak_mb=round(full["peak_mb"]),
                 stream_pairwise_f1=round(stream_f1, 3))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--full", type=int, default=1000, help="articles end to end (0: skip, and skip --sizes)")
    parser.add_argument("--sizes", default="1000,10000", help="clustering-only stream sizes (need --full)")
    parser.add_argument("--dask", type=int, default=200, help="articles for the Dask table (0: skip)")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sys.path.insert(0, str(ROOT))
    pairs: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.full:
            report_full(full_run(args.full, work), work, pairs)
            sizes = [int(s) for s in args.sizes.split(",") if s]
            if sizes:
                rows = clustering_scaling(sizes, work)
                print("\nClustering alone (StoryIndex.add), per article")
                print(f"{'articles':>8} {'ms/article (last 1000)':>22} {'ms/article (mean)':>17} {'stories':>8} {'peak MB':>8}")
                for row in rows:
                    print(f"{row['size']:>8} {row['ms_per_article_last_1000']:>22.2f} "
                          f"{row['ms_per_article_mean']:>17.2f} {row['stories']:>8} {row['peak_mb']:>8.0f}")
                    pairs[f"cluster_ms_{row['size']}"] = round(row["ms_per_article_last_1000"], 2)
        if args.dask:
            rows = dask_run(args.dask, work)
            print("\nAnalysis + embedding (+ clustering by the one writer); workers 0 = in this process")
            print(f"{'workers':>7} {'articles':>8} {'start-up s':>10} {'seconds':>8} {'articles/s':>10}")
            for row in rows:
                print(f"{row['workers']:>7} {row['articles']:>8} {row['startup_s']:>10.1f} {row['seconds']:>8.1f} "
                      f"{row['rate']:>10.2f}")
                pairs[f"dask{row['workers']}_rate" if row["workers"] else "local_rate"] = round(row["rate"], 2)
    print(" ".join(f"{k}={v}" for k, v in pairs.items()))


if __name__ == "__main__":
    main()
