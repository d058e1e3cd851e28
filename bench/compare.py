"""How long comparing a story takes as it grows: 2, 10 and 50 real articles.

Stories are built from real ECB+ documents (``../shared/data/ecbplus``, URL sentence
stripped): the documents of topics 1, 2, 3, ... taken in order until there are 50, so a
story of 10 holds the first sub-topics' reports of one event and a story of 50 several
topics' (the cost of a big story is what is measured, not its sense). The articles are
analysed once (timed apart: that is the analysis stage's cost); then ``compare()`` runs
on copies of the analysed articles, REPEATS times, and the median is kept: resolution,
alignment (embeddings included), findings and notes.

A cold run of the bundled example is timed too (issue 6: goal 5 s): the command
``storydiff compare examples/alaska-summit-2025 --format json -o FILE`` in a fresh process
(imports, model loading, ingest, analysis, compare, render), run ``--runs`` times; the
median wall time and the median CPU time (user+sys, which other processes on a shared
machine inflate less) are kept. One more fresh process runs the same steps one by one and
prints where the time goes.

Prints tables, then ``name=value`` pairs as its last line. Record the figures in
docs/benchmarks.md, section "Compare".

    .venv/bin/python bench/compare.py [--data ../shared/data/ecbplus] [--runs 5] [--cold-only]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from storydiff.model import Article  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SIZES = (2, 10, 50)
REPEATS = 3

EXAMPLE = "examples/alaska-summit-2025"

# The cold run's steps one by one, in a fresh process; prints JSON [[step, wall_s, cpu_s]].
STEPS = """
import json, sys, time
marks = [("start", time.perf_counter(), time.process_time())]
def mark(name):
    marks.append((name, time.perf_counter(), time.process_time()))
import storydiff.cli, storydiff.ingest, storydiff.compare, storydiff.render
mark("import storydiff (cli, ingest, compare, render)")
from storydiff.ingest import load
articles = load([sys.argv[1]]).articles
mark("ingest the example")
import spacy
mark("import spacy")
from storydiff.analyze import analyze_many, load_nlp
nlp = load_nlp()
mark("load the spaCy pipeline")
from storydiff.analyze import places
places.lookup("Anchorage")
mark("load the place gazetteer")
analyze_many(articles, nlp=nlp)
mark("analyse 2 articles")
from storydiff.ingest.voices import assign_voices
assign_voices(articles)
mark("voices")
from storydiff.embeddings import embed
embed(["warm up"])
mark("load the embedding model")
from storydiff.compare import compare
report = compare(articles, nlp=nlp)
mark("compare (resolve, align, findings, notes)")
text = storydiff.render.render(report, "json")
mark("render json")
print(json.dumps([[n, t - t0, c - c0] for (_, t0, c0), (n, t, c) in zip(marks, marks[1:])]))
"""


def cold_runs(runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU (user+sys) seconds of ``runs`` fresh ``storydiff compare`` processes."""
    walls, cpus = [], []
    with tempfile.TemporaryDirectory() as folder:
        command = [str(Path(sys.executable).with_name("storydiff")), "compare", EXAMPLE,
                   "--format", "json", "-o", str(Path(folder) / "report.json"), "--quiet"]
        for _ in range(runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
            walls.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            if proc.returncode != 0:
                sys.exit(f"cold run failed: {proc.stderr.strip().splitlines()[-1:]}")
    return walls, cpus


def cold_steps() -> list[tuple[str, float, float]]:
    """Where a cold run's time goes: (step, wall s, CPU s of this process) in order."""
    proc = subprocess.run([sys.executable, "-c", STEPS, EXAMPLE], cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"cold steps failed: {proc.stderr.strip().splitlines()[-1:]}")
    return [tuple(step) for step in json.loads(proc.stdout.strip().splitlines()[-1])]


def print_cold(runs: int) -> str:
    """Time the cold runs, print them and their steps; the name=value pairs for the last line."""
    walls, cpus = cold_runs(runs)
    steps = cold_steps()
    load = os.getloadavg()[0]
    print(f"cold run of the example, {runs} fresh processes (load average {load:.1f}):")
    print("  wall_s " + " ".join(f"{w:.2f}" for w in walls) + f"  median {statistics.median(walls):.2f} (goal 5 s)")
    print("  cpu_s  " + " ".join(f"{c:.2f}" for c in cpus) + f"  median {statistics.median(cpus):.2f}")
    print(f"{'step of a cold run (one fresh process)':<48} {'wall_s':>7} {'cpu_s':>7}")
    for name, wall, cpu in steps:
        print(f"{name:<48} {wall:>7.2f} {cpu:>7.2f}")
    print(f"{'total':<48} {sum(s[1] for s in steps):>7.2f} {sum(s[2] for s in steps):>7.2f}")
    return f"cold_example_s={statistics.median(walls):.2f} cold_example_cpu_s={statistics.median(cpus):.2f}"


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
    parser.add_argument("--runs", type=int, default=5, help="fresh processes for the cold run (median kept)")
    parser.add_argument("--cold-only", action="store_true", help="time only the cold run of the example")
    args = parser.parse_args()
    if args.cold_only:
        print(print_cold(args.runs))
        return
    if not args.data.is_dir():
        sys.exit(f"{args.data}: ECB+ folder not found; pass --data PATH (see ../shared/data/README.md)")

    from storydiff.analyze import analyze_many, load_nlp
    from storydiff.compare import compare
    from storydiff.embeddings import embed

    cold = print_cold(args.runs)

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
    pairs = " ".join(f"compare_{size}_s={seconds:.2f}" for size, _, _, seconds in rows)
    print(f"{pairs} {cold}")


if __name__ == "__main__":
    main()
