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


# Wall time AND this process's CPU time: on a shared machine wall time swings with the
# other processes' load, CPU time much less, so both are printed.
_CPU: dict[str, list[float]] = {}


def _timed(function, name: str) -> tuple[float, object]:
    start, cpu = time.perf_counter(), time.process_time()
    result = function()
    _CPU.setdefault(name, []).append(time.process_time() - cpu)
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
        seconds, articles = _timed(lambda: [extract_html(html, source=key) for key, html in pages], "html")
        html_times.append(seconds)
        seconds, _ = _timed(lambda: [read_text(body, source=key) for key, body in bodies], "text")
        text_times.append(seconds)
        with tempfile.TemporaryDirectory() as tmp:
            with Store(Path(tmp) / "bench.db") as store:
                seconds, _ = _timed(lambda: store.add_articles(articles), "store")
        store_times.append(seconds)

    n = len(pages)
    rows = [
        ("HTML extraction (extract_html)", statistics.median(html_times), statistics.median(_CPU["html"]), html_times),
        ("plain text (read_text, gold bodies)", statistics.median(text_times), statistics.median(_CPU["text"]), text_times),
        ("store (add_articles, new file)", statistics.median(store_times), statistics.median(_CPU["store"]), store_times),
    ]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"ingest on {n} AEB pages ({megabytes:.1f} MB of HTML), median of {args.runs} runs; "
          f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs, load {load:.1f}")
    print(f"{'step':<38} {'items':>5} {'wall s':>7} {'items/s':>8} {'cpu s':>7} {'items/cpu-s':>11}  wall runs (s)")
    for name, wall, cpu, times in rows:
        print(f"{name:<38} {n:>5} {wall:>7.2f} {n / wall:>8.1f} {cpu:>7.2f} {n / cpu:>11.1f}  "
              + " ".join(f"{t:.2f}" for t in times))
    print(f"html_pages_per_s={n / rows[0][1]:.1f} html_pages_per_cpu_s={n / rows[0][2]:.1f} "
          f"text_articles_per_s={n / rows[1][1]:.1f} store_articles_per_s={n / rows[2][1]:.1f} runs={args.runs}")


if __name__ == "__main__":
    main()
