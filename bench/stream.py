"""Benchmark: a stream of real articles into stories (ingest + analyse + cluster), at scale.

The stream is built from real texts: ECB+ documents (one story per sub-topic) and MEANTIME
articles (one story each), read by path from ../shared/data. To make more distinct stories
than the corpora hold, each text is repeated in *variants*: variant k renames every
capitalised word longer than three letters consistently ("Reid" -> "Reidkor") and moves
the publication date by 45 days per variant, so a variant is another event with the same
kind of words (the hard case for clustering, as ECB+ sub-topics are).

Parts (each prints a table; the last line is name=value pairs):

1. ``--full N`` (default 1000): ``storydiff.stream.ingest_stream`` on N articles written as
   JSON Lines, end to end, with its default analysis (a process per core,
   ``storydiff.pool``; ``--processes`` to choose): articles/s, CPU seconds per article
   (this process and its workers), pairwise F1 of the stories, peak memory.
2. ``--sizes 1000,10000,100000``: clustering alone (``StoryIndex.add``) on streams of that
   many articles, reusing the analyses and embeddings of part 1 with names renamed per
   variant (and the embedding jittered by Gaussian noise of sd 0.01, standing in for the
   renamed text). Each size runs in a fresh process (so its peak memory is its own: the
   index, the analyses it copies from, no spaCy): per-article clustering time over the
   last 1000 additions, stories, live stories (held in memory), peak memory. Flat
   per-article time across sizes is the goal (blocking bounds the work), and peak memory
   <= 2 GB at 100k. As ``storydiff ingest`` does: articles in publication order (each
   variant's dates moved 45 days, so the stream is sorted by date after repeating), the
   index marked saved every 32 articles (``clear_dirty``, what ``Store.save_clustering``
   ends with) and stories retired 28 days behind the newest article
   (``storydiff.stream.RETIRE_AFTER_DAYS``; ``--keep-stories-days all`` to hold all);
   then ``StoryIndex.consolidate`` once, as at the end of an ingest run (its seconds and
   how many splinters it merged).
3. ``--dask 200``: analysis + embedding (+ clustering by the one writer) of that many
   articles in this process (models loaded beforehand), in the default process pool of
   2, and on a Dask LocalCluster of 1 and 2 workers: articles/s after start-up, start-up
   time, CPU seconds per article (all processes, start-up included).

``--work DIR`` keeps the files (stream, store, embeddings) in DIR; a later run with the same
DIR and ``--full`` reuses the analysed store instead of analysing again (so the 100k row can
be re-run alone: ``--work /tmp/sd-stream --sizes 100000 --dask 0``).

Run (about 15 minutes on an idle 2-core machine):
``.venv/bin/python bench/stream.py --full 1000 --sizes 1000,10000,100000 --dask 200``.
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

# As `storydiff ingest` does (storydiff/cli/ingest.py): one BLAS thread, set before numpy loads.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402 - after the thread settings

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


def rss_mb() -> float:
    """Resident memory of this process now, in MB (Linux /proc; 0 elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except OSError:  # pragma: no cover - not Linux
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def cpu_seconds() -> float:
    """CPU seconds of this process and of its children that have ended (pool workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def write_stream(records: list[dict], path: Path) -> Path:
    """The records as JSON Lines, without their gold story keys."""
    path.write_text("\n".join(json.dumps({k: v for k, v in r.items() if k != "story"}) for r in records) + "\n")
    return path


def full_run(n: int, work: Path, processes: int | None) -> dict:
    """End to end on n articles: ingest_stream into a new store (reused when present)."""
    from storydiff.store import Store
    from storydiff.stream import ingest_stream

    records = build_stream(n)
    db = work / "stream.db"
    if db.exists():
        with Store(db) as store:
            if store.count() == n and not store.unanalyzed_ids():
                print(f"  reusing the analysed stream in {db}", file=sys.stderr)
                return {"articles": n, "reused": True, "gold": records}
        raise SystemExit(f"{db} holds another stream: delete it or use another --work")
    path = write_stream(records, work / "stream.jsonl")
    cpu = cpu_seconds()
    started = time.perf_counter()
    summary = ingest_stream([path], db, progress=False, processes=processes)
    seconds = time.perf_counter() - started
    cpu = cpu_seconds() - cpu
    return {"articles": n, "seconds": seconds, "rate": n / seconds, "cpu_per_article": cpu / n,
            "stories": summary.stories, "peak_mb": peak_mb(), "gold": records, "reused": False,
            "worker_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def clustering_scaling(sizes: list[int], work: Path, retire: float | None) -> list[dict]:
    """Clustering time per article at each stream size, each size in a fresh process.

    Args:
        sizes: stream sizes.
        work: the folder of the analysed stream (``full_run``).
        retire: ``StoryIndex(retire_after_days=...)``; None holds every story.

    Returns:
        One row (dict) per size.
    """
    import multiprocessing

    vectors_path = work / "lead_vectors.npy"
    if not vectors_path.exists():
        from storydiff.embeddings import embed
        from storydiff.stories import lead_text
        from storydiff.store import Store

        with Store(work / "stream.db") as store:
            analysed = [store.get_analysis(a.id) for a in store.iter_articles()]
        np.save(vectors_path, embed([lead_text(a) for a in analysed if a is not None]))
    rows = []
    context = multiprocessing.get_context("spawn")
    for size in sizes:
        with context.Pool(1) as pool:
            rows.append(pool.apply(_cluster_size, (size, str(work), retire)))
        row = rows[-1]
        print(f"  clustered {size}: {row['ms_per_article_last_1000']:.2f} ms/article, {row['peak_mb']:.0f} MB; "
              f"held: {row['live_stories']} stories, {row['postings']} posting keys, {row['df_terms']} "
              f"document frequencies, {row['article_ids']} article ids", file=sys.stderr)
    return rows


def _cluster_size(size: int, work: str, retire: float | None) -> dict:
    """One row of the clustering table, in a process of its own (see clustering_scaling)."""
    sys.path.insert(0, str(ROOT))
    from storydiff.stories import StoryIndex, published_day
    from storydiff.store import Store
    from storydiff.stream import BATCH_SIZE

    with Store(Path(work) / "stream.db") as store:
        analysed = [store.get_analysis(a.id) for a in store.iter_articles()]
    analysed = [a for a in analysed if a is not None]
    vectors = np.load(Path(work) / "lead_vectors.npy")
    base_mb = rss_mb()
    n = len(analysed)
    # Article i is variant i // n of analysed article i % n, dated 45 days later per
    # variant; clustered in date order (ties in stream order) as a live stream would be.
    days = [published_day(a) for a in analysed]
    order = sorted(range(size), key=lambda i: (-1e9 if days[i % n] is None else days[i % n] + 45 * (i // n), i))
    rng = np.random.default_rng(3)
    index = StoryIndex(retire_after_days=retire)
    times = []
    started = time.perf_counter()
    cpu = time.process_time()
    for done, i in enumerate(order, 1):
        source = analysed[i % n]
        variant = i // n
        article = _variant(source, variant, f"{i}")
        vector = vectors[i % n] + (rng.normal(0, 0.01, vectors.shape[1]).astype(np.float32) if variant else 0)
        vector /= np.linalg.norm(vector)
        t = time.perf_counter()
        index.add(article, vector=vector)
        times.append(time.perf_counter() - t)
        if done % BATCH_SIZE == 0:
            index.clear_dirty()  # the index counts as saved after each batch, as StoryIndex.changes leaves it
    total = time.perf_counter() - started
    # The end of an ingest run: the second look at splinter stories still in memory.
    t = time.perf_counter()
    merged = len(index.consolidate())
    consolidate_s = time.perf_counter() - t
    return {"size": size, "ms_per_article_last_1000": 1000 * float(np.mean(times[-1000:])),
            "consolidate_s": consolidate_s, "merged": merged,
            "ms_per_article_mean": 1000 * total / size, "cpu_ms_per_article": 1000 * (time.process_time() - cpu) / size,
            "stories": len(index.stories()), "live_stories": index.live_stories, "peak_mb": peak_mb(),
            "index_mb": rss_mb() - base_mb, "postings": len(index._postings), "df_terms": len(index._df),
            "article_ids": len(index._article_story)}


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
    """Analysis throughput in this process, in a pool of 2 processes, on Dask with 1 and 2 workers."""
    from storydiff.batch import DaskAnalyzer
    from storydiff.pool import ProcessAnalyzer
    from storydiff.store import Store
    from storydiff.prepare import prepare_batch
    from storydiff.stream import ingest_stream, process_pending

    path = write_stream(build_stream(n, seed=11), work / "dask.jsonl")
    rows = []
    for kind, count in (("this process", 0), ("process pool", 2), ("Dask", 1), ("Dask", 2)):
        db = work / f"dask-{kind[0]}{count}.db"
        if db.exists():
            db.unlink()
        ingest_stream([path], db, analyze=False, progress=False)
        cpu = cpu_seconds()
        started = time.perf_counter()
        with Store(db) as store:
            if kind == "this process":
                prepare_batch([store.get_article(store.unanalyzed_ids()[0])])  # load the models first
                up = time.perf_counter() - started
                t = time.perf_counter()
                summary = process_pending(store, progress=False)
            elif kind == "process pool":
                with ProcessAnalyzer(count) as pool:
                    pool.warm_up()
                    up = time.perf_counter() - started
                    t = time.perf_counter()
                    summary = process_pending(store, analyzer=pool.run, progress=False)
            else:
                with DaskAnalyzer(workers=count) as analyzer:
                    analyzer.client.wait_for_workers(count)
                    analyzer.client.run(lambda: None)  # the model plugin has run on every worker
                    up = time.perf_counter() - started
                    t = time.perf_counter()
                    summary = process_pending(store, analyzer=analyzer.run, progress=False)
            seconds = time.perf_counter() - t
        cpu = cpu_seconds() - cpu
        rows.append({"kind": kind, "workers": count, "articles": summary.analyzed, "startup_s": up,
                     "seconds": seconds, "rate": summary.analyzed / seconds, "cpu_per_article": cpu / summary.analyzed})
        print(f"  {kind} {count}: {rows[-1]['rate']:.2f} articles/s", file=sys.stderr)
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
    pairs.update(stream_pairwise_f1=round(stream_f1, 3))
    if full["reused"]:
        print(f"\nEnd to end: reused the analysed stream of {full['articles']} articles; pairwise F1 {stream_f1:.3f}")
        return
    print(f"\nEnd to end (ingest + analyse + embed + cluster), {full['articles']} articles")
    print(f"{'articles':>8} {'seconds':>8} {'articles/s':>10} {'CPU s/article':>13} {'stories':>8} "
          f"{'pairwise F1':>11} {'peak MB':>8} {'worker peak MB':>14}")
    print(f"{full['articles']:>8} {full['seconds']:>8.1f} {full['rate']:>10.2f} {full['cpu_per_article']:>13.3f} "
          f"{full['stories']:>8} {stream_f1:>11.3f} {full['peak_mb']:>8.0f} {full['worker_peak_mb']:>14.0f}")
    pairs.update(full_rate=round(full["rate"], 2), full_cpu_s_per_article=round(full["cpu_per_article"], 3),
                 full_peak_mb=round(full["peak_mb"]), worker_peak_mb=round(full["worker_peak_mb"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--full", type=int, default=1000, help="articles end to end (0: skip, and skip --sizes)")
    parser.add_argument("--sizes", default="1000,10000,100000", help="clustering-only stream sizes (need --full)")
    parser.add_argument("--dask", type=int, default=200, help="articles for the Dask table (0: skip)")
    parser.add_argument("--processes", type=int, default=None,
                        help="analysing processes for --full (default: storydiff's choice; 0: this process)")
    parser.add_argument("--work", type=Path, default=None, help="keep files here and reuse an analysed stream")
    parser.add_argument("--keep-stories-days", default=None, metavar="N|all",
                        help="retirement for --sizes, as `storydiff ingest` (default: its default, 28)")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sys.path.insert(0, str(ROOT))
    pairs: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        if args.full:
            report_full(full_run(args.full, work, args.processes), work, pairs)
            sizes = [int(s) for s in args.sizes.split(",") if s]
            if sizes:
                keep = args.keep_stories_days
                from storydiff.stream import RETIRE_AFTER_DAYS

                retire = RETIRE_AFTER_DAYS if keep is None else (None if keep in ("all", "0") else float(keep))
                rows = clustering_scaling(sizes, work, retire)
                print("\nClustering alone (StoryIndex.add), per article, in date order, saved every 32; "
                      f"stories retired after {'never' if retire is None else f'{retire:g} days'}; "
                      "each size in a fresh process")
                print(f"{'articles':>8} {'ms/article (last 1000)':>22} {'ms/article (mean)':>17} "
                      f"{'CPU ms/article':>14} {'stories':>8} {'live':>6} {'peak MB':>8} {'index MB':>8} "
                      f"{'consolidate s':>13} {'merged':>6}")
                for row in rows:
                    print(f"{row['size']:>8} {row['ms_per_article_last_1000']:>22.2f} "
                          f"{row['ms_per_article_mean']:>17.2f} {row['cpu_ms_per_article']:>14.2f} "
                          f"{row['stories']:>8} {row['live_stories']:>6} {row['peak_mb']:>8.0f} {row['index_mb']:>8.0f} "
                          f"{row['consolidate_s']:>13.2f} {row['merged']:>6}")
                    pairs[f"consolidate_s_{row['size']}"] = round(row["consolidate_s"], 2)
                    pairs[f"cluster_ms_{row['size']}"] = round(row["ms_per_article_last_1000"], 2)
                    pairs[f"cluster_cpu_ms_{row['size']}"] = round(row["cpu_ms_per_article"], 2)
                    pairs[f"stories_{row['size']}"] = row["stories"]
                    pairs[f"live_stories_{row['size']}"] = row["live_stories"]
                    pairs[f"cluster_peak_mb_{row['size']}"] = round(row["peak_mb"])
                    pairs[f"index_mb_{row['size']}"] = round(row["index_mb"])
        if args.dask:
            rows = dask_run(args.dask, work)
            print("\nAnalysis + embedding (+ clustering by the one writer); CPU of all processes, start-up included")
            print(f"{'where':>12} {'workers':>7} {'articles':>8} {'start-up s':>10} {'seconds':>8} {'articles/s':>10} "
                  f"{'CPU s/article':>13}")
            for row in rows:
                print(f"{row['kind']:>12} {row['workers']:>7} {row['articles']:>8} {row['startup_s']:>10.1f} "
                      f"{row['seconds']:>8.1f} {row['rate']:>10.2f} {row['cpu_per_article']:>13.3f}")
                name = {"this process": "local", "process pool": "pool", "Dask": "dask"}[row["kind"]]
                pairs[f"{name}{row['workers'] or ''}_rate"] = round(row["rate"], 2)
    print(" ".join(f"{k}={v}" for k, v in pairs.items()))


if __name__ == "__main__":
    main()
