"""Every conflict compare() reports on real stories, printed for a person to read.

Each ECB+ sub-topic (``N_ecb`` or ``N_ecbplus``: several outlets' reports of one real
event) is one story. The documents carry no publication date, so relative times stay
unplaced and time conflicts can only come from absolute clock times; numbers,
identifiers and times are all compared as in a real run. Read every conflict printed,
judge it true or false, and record the precision and the false ones in docs/quality.md,
section "Compare". The last line gives the counts as ``name=value`` pairs.

    .venv/bin/python bench/compare_conflicts.py [--data ../shared/data/ecbplus] [--topics 1-10]
        [--cache DIR] [--kinds person,negation,quote]

``--cache DIR`` keeps each sub-topic's analysed articles (pickled) so that re-reading the
conflicts after a change to ``storydiff/compare`` skips the analysis; delete the folder
after changing ``storydiff/analyze`` (the cached analysis would be stale).
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from storydiff.model import Article  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def parse_topics(text: str) -> set[int]:
    """ "1-10,12" -> {1, ..., 10, 12}."""
    topics: set[int] = set()
    for part in text.split(","):
        low, _, high = part.partition("-")
        topics.update(range(int(low), int(high or low) + 1))
    return topics


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ecbplus")
    parser.add_argument("--topics", default="1-10")
    parser.add_argument("--cache", type=Path, default=None, help="folder for analysed articles (see above)")
    parser.add_argument("--kinds", default="", help="print only conflicts of these kinds (comma-separated)")
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"{args.data}: ECB+ folder not found; pass --data PATH (see ../shared/data/README.md)")

    from storydiff.analyze import analyze_many, load_nlp
    from storydiff.compare import compare
    from storydiff.eval.corpora.ecbplus import iter_documents

    nlp = load_nlp()
    stories: dict[str, list[Article]] = defaultdict(list)
    present = {int(p.name) for p in args.data.iterdir() if p.is_dir() and p.name.isdigit()}
    for doc in iter_documents(args.data, parse_topics(args.topics) & present):
        stories[doc.subtopic].append(Article(text=doc.text, id=doc.name, source=doc.name))
    started = time.perf_counter()
    counts = defaultdict(int)
    for subtopic, articles in stories.items():
        if len(articles) < 2:
            continue
        cached = args.cache / f"{subtopic}.pickle" if args.cache else None
        if cached is not None and cached.exists():
            articles = pickle.loads(cached.read_bytes())
        else:
            analyze_many(articles, nlp=nlp)
            if cached is not None:
                cached.parent.mkdir(parents=True, exist_ok=True)
                cached.write_bytes(pickle.dumps(articles))
        report = compare(articles, nlp=nlp)
        counts["stories"] += 1
        counts["articles"] += len(articles)
        kinds = set(filter(None, args.kinds.split(",")))
        for finding in report.findings:
            counts[finding.status] += 1
            if finding.status == "conflict":
                counts[f"conflict_{finding.kind}"] += 1
            if finding.status != "conflict" or (kinds and finding.kind not in kinds):
                continue
            print(f"## {subtopic} {finding.id} [{finding.kind}] {finding.summary}", flush=True)
            for ev in finding.evidence:
                print(f"   {ev.article}: {' '.join(ev.text.split())}")
    elapsed = time.perf_counter() - started
    sys.stdout.flush()
    print(f"{counts['stories']} stories, {counts['articles']} articles, {elapsed:.0f} s")
    names = ["stories", "articles", "conflict", "complementary", "corroborated", "single_source"]
    names += sorted(k for k in counts if k.startswith("conflict_"))
    print(" ".join(f"{k}={counts[k]}" for k in names))


if __name__ == "__main__":
    main()
