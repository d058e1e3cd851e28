"""The web app's list pages with 10,000 stories in the store: how long each page and twin
takes, and full-text search (FTS5) on its own.

The store: the example event ingested by the real pipeline (one story of two analysed
articles), then copied at the SQL level into ``--stories`` stories (default 10,000;
20,000 articles). Each copy gets its own ids, a numbered title, one of 40 outlets, and a
word of its own (``zqN``) at the end of its texts, so a search can hit one story
(``q=zq5000``) or all of them (``q=belousov``, a name in every copy's text). The copies
are the same event, so the pages do the real work (the same SQL, filters, templates) on a
store of that size without the hours an ingest of 20,000 articles takes. Three stories get
their reports computed (the compare stage), so the findings, outlets and story pages have
findings to show.

Each page is fetched over loopback from a real uvicorn server, once to warm up and then
``--repeat`` times; the table gives the median and the 95th percentile. Goals (issue 20):
pages and twins under 300 ms, FTS ``q`` under 50 ms.

Usage:
    .venv/bin/python bench/web_pages.py [--stories 10000] [--repeat 20]

Record the table in docs/benchmarks.md (section "List pages with 10,000 stories") after
changes to storydiff/web/ lists, the stories list's SQL or the search index.
"""

from __future__ import annotations

import argparse
import platform
import socket
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EXAMPLE = ROOT / "examples" / "alaska-summit-2025"


def build(db: Path, stories: int) -> float:
    """The example ingested, then copied into ``stories`` stories; returns seconds taken."""
    from storydiff.store import Store
    from storydiff.stream import ingest_stream

    started = time.perf_counter()
    ingest_stream([EXAMPLE], db, progress=False)
    with Store(db):
        pass  # every migration run
    raw = sqlite3.connect(db)
    raw.execute("PRAGMA foreign_keys = ON")
    (story_id,) = raw.execute("SELECT id FROM stories").fetchone()
    members = [row[0] for row in raw.execute(
        "SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY position", (story_id,))]
    columns = [row[1] for row in raw.execute("PRAGMA table_info(articles)") if row[1] != "id"]
    with raw:
        next_id = raw.execute("SELECT MAX(id) FROM articles").fetchone()[0] + 1
        for n in range(2, stories + 1):
            story = f"s{n}"
            raw.execute(
                "INSERT INTO stories (id, title, size, first_published, last_published, revision, state, updated_at) "
                "SELECT ?, title || ' #' || ?, size, first_published, last_published, 1, state, updated_at "
                "FROM stories WHERE id = ?", (story, n, story_id))
            for position, member in enumerate(members):
                values = ", ".join(
                    "content_hash || ?" if c == "content_hash"
                    else "text || ?" if c == "text"
                    else "outlet || ' ' || ?" if c == "outlet" else c for c in columns)
                raw.execute(
                    f"INSERT INTO articles (id, {', '.join(columns)}) SELECT ?, {values} FROM articles WHERE id = ?",
                    (next_id, f"-{n}", f" zq{n}", str(n % 40), member))
                raw.execute(
                    "INSERT INTO analyses (article_id, version, analysis, analyzed_at) "
                    "SELECT ?, version, json_set(analysis, '$.id', ?, '$.text', json_extract(analysis, '$.text') || ?, "
                    "'$.outlet', json_extract(analysis, '$.outlet') || ' ' || ?), analyzed_at "
                    "FROM analyses WHERE article_id = ?",
                    (next_id, str(next_id), f" zq{n}", str(n % 40), member))
                raw.execute("INSERT INTO story_articles (article_id, story_id, position) VALUES (?, ?, ?)",
                            (next_id, story, position))
                next_id += 1
    raw.close()
    from storydiff.reports import story_report

    with Store(db) as store:
        for story in ("s1", f"s{stories // 2}", f"s{stories}"):
            story_report(store, story)  # the compare stage: findings for three stories
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(db: Path) -> tuple[str, object]:
    import uvicorn

    from storydiff.web import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def timed(call, repeat: int, before=None) -> tuple[float, float]:
    """Median and 95th percentile of ``call`` in ms; ``before`` (untimed) runs ahead of each."""
    call()  # warm-up (and, for the first search, the index build)
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    times.sort()
    return statistics.median(times) * 1000, times[min(len(times) - 1, int(len(times) * 0.95))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--work", type=Path, default=None,
                        help="keep the store in this folder; a later run with the same folder and size reuses it")
    args = parser.parse_args()
    from storydiff.store import Store

    with tempfile.TemporaryDirectory() as scratch:
        folder = args.work or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        db = folder / f"pages-{args.stories}.db"
        built = 0.0 if db.exists() else build(db, args.stories)
        with Store(db) as store:
            started = time.perf_counter()
            store.search_stories(["belousov"])
            index_s = time.perf_counter() - started
            searches = {
                "FTS q=zq5000 (one story)": timed(lambda: store.search_stories(["zq5000"]), args.repeat),
                "FTS q=belousov (every story)": timed(lambda: store.search_stories(["belousov"]), args.repeat),
                "FTS q=belousov magadan": timed(lambda: store.search_stories(["belousov", "magadan"]), args.repeat),
            }
        base, server = serve(db)
        middle = f"s{args.stories // 2}"
        pages = ["/", "/index.json", "/index.json?q=zq5000", "/index.json?q=belousov&limit=50",
                 "/?q=belousov&sort=newest", "/index.json?outlet=putin-visits-magadan%207&sort=title",
                 "/index.json?offset=9950", "/index.csv", "/index.jsonl", f"/stories/{middle}",
                 f"/stories/{middle}.json",
                 f"/stories/{middle}/findings?status=conflict", f"/stories/{middle}/findings.csv",
                 "/outlets", "/outlets.json"]
        results = {}
        with httpx.Client(base_url=base, timeout=120) as http:
            for path in pages:
                status = http.get(path).status_code
                assert status == 200, (path, status)
                results[path] = timed(lambda path=path: http.get(path), args.repeat)
            # An export is kept while the store does not change (storydiff.web.catalog):
            # the rows above are repeated reads. Here each read follows a change (a story's
            # revision moved, untimed), so it reads the list, searches and writes afresh.
            with sqlite3.connect(db) as raw:
                def change():
                    raw.execute("UPDATE stories SET revision = revision + 1 WHERE id = 's2'")
                    raw.commit()

                for path in ("/index.csv", "/index.jsonl"):
                    results[f"{path}, first read after a change"] = timed(
                        lambda path=path: http.get(path), args.repeat, before=change)
        server.should_exit = True
    print(f"web_pages: {args.stories} stories ({2 * args.stories} articles), store built in {built:.0f} s, "
          f"search index built in {index_s:.1f} s; {platform.processor() or platform.machine()}, "
          f"{args.repeat} requests each after one warm-up")
    print(f"| {'page or query':<58} | median ms | p95 ms |")
    print(f"|{'-' * 60}|----------:|-------:|")
    for name, (median, p95) in [*results.items(), *searches.items()]:
        print(f"| {name:<58} | {median:9.1f} | {p95:6.1f} |")
    worst_page = max(p95 for p95 in (v[1] for v in results.values()))
    worst_fts = max(v[1] for v in searches.values())
    print(f"stories={args.stories} worst_page_p95_ms={worst_page:.1f} worst_fts_p95_ms={worst_fts:.1f} "
          f"index_build_s={index_s:.1f}")


if __name__ == "__main__":
    main()
