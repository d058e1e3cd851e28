"""Ingest speed: HTML pages per second on the 181 AEB pages, median of several runs.

Also times the plain-text path (the 181 gold bodies through ``read_text``) and storing
(``Store.add_articles`` into a fresh SQLite file, MinHash voices included), so a slow
step shows which one. Pages are decompressed into memory first: disk and gzip are not timed.

Usage: python bench/ingest.py [AEB_DIR] [--runs N]
Prints a table; the last line is name=value pairs. Record results in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from storydiff.ingest.html import extract_html
from storydiff.ingest.text import read_text
from storydiff.store import Store

ROOT = Path(__file__).resolve().parent.parent


def _timed(function) -> tuple[float, object]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("aeb", nargs="?", default=str(ROOT.parent / "shared" / "data" / "aeb"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = Path(args.aeb)
    gold = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = [(key, gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())) for key in gold]
    bodies = [(key, value["articleBody"].encode("utf-8")) for key, value in gold.items()]
    megabytes = sum(len(html) for _, html in pages) / 1e6

    html_times, text_times, store_times = [], [], []
    for _ in range(args.runs):
        seconds, articles = _timed(lambda: [extract_html(html, source=key) for key, html in pages])
        html_times.append(seconds)
        seconds, _ = _timed(lambda: [read_text(body, source=key) for key, body in bodies])
        text_times.append(seconds)
        with tempfile.TemporaryDirectory() as tmp:
            with Store(Path(tmp) / "bench.db") as store:
                seconds, _ = _timed(lambda: store.add_articles(articles))
        store_times.append(seconds)

    n = len(pages)
    rows = [
        ("HTML extraction (extract_html)", n, statistics.median(html_times)),
        ("plain text (read_text, gold bodies)", n, statistics.median(text_times)),
        ("store (add_articles, new file)", n, statistics.median(store_times)),
    ]
    print(f"ingest on {n} AEB pages ({megabytes:.1f} MB of HTML), median of {args.runs} runs; "
          f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs")
    print(f"{'step':<40} {'items':>6} {'median s':>9} {'items/s':>8}  runs (s)")
    for (name, items, median), times in zip(rows, (html_times, text_times, store_times)):
        print(f"{name:<40} {items:>6} {median:>9.2f} {items / median:>8.1f}  "
              + " ".join(f"{t:.2f}" for t in times))
    print(f"html_pages_per_s={n / rows[0][2]:.1f} text_articles_per_s={n / rows[1][2]:.1f} "
          f"store_articles_per_s={n / rows[2][2]:.1f} runs={args.runs}")


if __name__ == "__main__":
    main()
