"""A bounded load on the web app over loopback: report pages and uploads at once.

Starts the real server (``storydiff serve`` in a subprocess on a free 127.0.0.1 port),
makes one comparison of the example event through ``POST /compare.json``, then for
``--seconds`` runs ``--readers`` concurrent clients that fetch that report (alternating
the HTML page and its JSON twin) and ``--uploaders`` concurrent clients that upload the
example event again and again. It prints a table and, as its last line, name=value pairs.

- errors: responses that are not 2xx/3xx, and requests that failed (goal 0).
- articles_lost: articles sent in an upload that are missing from the stored report read
  back by its id, or whose upload failed (goal 0).

With ``--stories`` the readers read stories of a database instead: the example event is
ingested into a temporary store, its story reports are computed and cached (``storydiff
stories --reports``), the server runs with ``--db``, and the readers fetch the story pages
(``/stories/ID``, HTML and JSON alternately) while the uploaders keep comparisons running.
Goal there: 0 errors and p95 of the cached reads under 200 ms with 50 readers.

Usage:
    .venv/bin/python bench/web_load.py [--seconds 30] [--readers 20] [--uploaders 2]
    .venv/bin/python bench/web_load.py --stories --readers 50 [--compare-in process]

Record the table in docs/benchmarks.md (section "Web app under load") after changes to
storydiff/web/ (jobs, catalog, responses) or to the compare stage.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "alaska-summit-2025"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def example_body() -> dict:
    """The example event as a JSON compare request (texts and their sidecars' dates)."""
    import json

    articles = []
    for path in sorted(EXAMPLE.glob("*.txt")):
        meta = json.loads(path.with_name(path.stem + ".meta.json").read_text(encoding="utf-8"))
        articles.append({"text": path.read_text(encoding="utf-8"), "outlet": path.stem,
                         "published": meta.get("published") or ""})
    return {"articles": articles}


def storydiff_command() -> list[str]:
    exe = Path(sys.executable).with_name("storydiff")
    return [str(exe)] if exe.exists() else [sys.executable, "-c", "from storydiff.cli import main; main()"]


def cached_stories(db: Path) -> list[str]:
    """Ingest the example into ``db`` and compute its story reports; the story ids."""
    import json

    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    subprocess.run([*storydiff_command(), "ingest", str(EXAMPLE), "--db", str(db), "-q", "--processes", "0"],
                   check=True, cwd=ROOT, env=env)
    listed = subprocess.run([*storydiff_command(), "stories", "--db", str(db), "--reports", "--json"],
                            check=True, cwd=ROOT, env=env, capture_output=True, text=True)
    return [json.loads(line)["id"] for line in listed.stdout.splitlines() if line.strip()]


def start_server(port: int, db: Path | None = None, compare_in: str = "thread") -> subprocess.Popen:
    command = [*storydiff_command(), "serve", "--port", str(port), "--host", "127.0.0.1", "--compare-in", compare_in]
    if db is not None:
        command += ["--db", str(db)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"storydiff serve exited: {server.stderr.read().decode()[-500:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("storydiff serve did not answer /health within 60 s")


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a process so far (Linux /proc; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def run(base: str, seconds: float, readers: int, uploaders: int, stories: list[str] | None = None,
              pid: int | None = None) -> dict:
    body = example_body()
    limits = httpx.Limits(max_connections=readers + uploaders + 2)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        first = await client.post("/compare.json", json=body)
        if first.status_code != 201:
            raise SystemExit(f"the first comparison failed: {first.status_code} {first.text[:300]}")
        read_urls = [f"/stories/{story}" for story in stories] if stories else [first.json()["url"]]
        stats = {"reads": [], "uploads": [], "errors": 0, "sent": 0, "lost": 0, "error_samples": [],
                 "cpu_start": cpu_seconds(pid) if pid else None}
        stop = time.monotonic() + seconds

        async def reader(number: int) -> None:
            k = number
            while time.monotonic() < stop:
                path = read_urls[(k // 2) % len(read_urls)] + (".json" if k % 2 else "")
                k += 1
                began = time.perf_counter()
                try:
                    response = await client.get(path)
                    ok = response.status_code == 200
                except httpx.HTTPError as error:
                    ok, response = False, error
                stats["reads"].append(time.perf_counter() - began)
                stats["reads_end"] = max(stats.get("reads_end", 0.0), time.perf_counter())
                if not ok:
                    stats["errors"] += 1
                    what = (f"GET {response.status_code}" if isinstance(response, httpx.Response)
                            else f"GET {type(response).__name__}: {response}")
                    stats["error_samples"].append(what[:160])

        async def uploader() -> None:
            while time.monotonic() < stop:
                began = time.perf_counter()
                try:
                    response = await client.post("/compare.json", json=body)
                except httpx.HTTPError as error:
                    stats["errors"] += 1
                    stats["error_samples"].append(f"POST {type(error).__name__}: {error}"[:160])
                    stats["lost"] += len(body["articles"])
                    continue
                stats["uploads"].append(time.perf_counter() - began)
                stats["sent"] += len(body["articles"])
                if response.status_code != 201:
                    stats["errors"] += 1
                    stats["error_samples"].append(f"upload {response.status_code}: {response.text[:100]}")
                    stats["lost"] += len(body["articles"])
                    continue
                # Read the report back by its id: every article sent must be in it (by outlet,
                # which the request names; texts are cleaned on the way in).
                stored = await client.get(response.json()["url"] + ".json")
                present = [a.get("outlet") for a in stored.json().get("articles", [])] if stored.status_code == 200 else []
                stats["lost"] += sum(1 for a in body["articles"] if a["outlet"] not in present)

        began = time.perf_counter()
        await asyncio.gather(*(reader(i) for i in range(readers)), *(uploader() for _ in range(uploaders)))
        stats["elapsed"] = time.perf_counter() - began
        stats["cpu_end"] = cpu_seconds(pid) if pid else None
        # Readers stop at the deadline; uploads in flight then finish, so requests/s is
        # over the readers' own time, uploads/s over the whole run.
        stats["read_elapsed"] = stats.get("reads_end", time.perf_counter()) - began
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--uploaders", type=int, default=2)
    parser.add_argument("--stories", action="store_true",
                        help="read the cached story reports of a database instead of a comparison")
    parser.add_argument("--compare-in", choices=["thread", "process"], default="thread")
    args = parser.parse_args()
    import tempfile

    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "load.db" if args.stories else None
        stories = cached_stories(db) if db is not None else None
        server = start_server(port, db, args.compare_in)
        try:
            stats = asyncio.run(run(f"http://127.0.0.1:{port}", args.seconds, args.readers, args.uploaders, stories,
                                    pid=server.pid))
        finally:
            server.terminate()
            server.wait(timeout=30)
    reads, uploads = stats["reads"], stats["uploads"]
    rps = len(reads) / stats["read_elapsed"]
    rows = [
        ("cached story reads" if args.stories else "report requests", len(reads), f"{rps:.1f}", f"{pct(reads, .5) * 1000:.0f}", f"{pct(reads, .95) * 1000:.0f}"),
        ("uploads (2 articles)", len(uploads), f"{len(uploads) / stats['elapsed']:.2f}",
         f"{pct(uploads, .5) * 1000:.0f}", f"{pct(uploads, .95) * 1000:.0f}"),
    ]
    print(f"web_load: {args.readers} readers{' of cached stories' if args.stories else ''} + {args.uploaders} "
          f"uploaders for {args.seconds:g} s on {platform.machine()} ({os.cpu_count()} cores, load "
          f"{os.getloadavg()[0]:.1f}), storydiff serve --compare-in {args.compare_in} on loopback")
    print(f"{'what':<22}{'count':>8}{'per s':>9}{'p50 ms':>9}{'p95 ms':>9}")
    for row in rows:
        print(f"{row[0]:<22}{row[1]:>8}{row[2]:>9}{row[3]:>9}{row[4]:>9}")
    print(f"errors: {stats['errors']}   articles sent: {stats['sent']}   articles lost: {stats['lost']}")
    if stats["cpu_start"] is not None and stats["cpu_end"] is not None and reads:
        # From after the first comparison; with uploads in thread mode it holds theirs too.
        used = stats["cpu_end"] - stats["cpu_start"]
        print(f"server CPU: {used:.1f} s over the run, {used / len(reads) * 1000:.1f} ms per read")
    for sample in stats["error_samples"][:5]:
        print(f"  error: {sample}")
    print(f"requests_per_s={rps:.1f} p50_ms={pct(reads, .5) * 1000:.0f} p95_ms={pct(reads, .95) * 1000:.0f} "
          f"uploads={len(uploads)} upload_p50_ms={pct(uploads, .5) * 1000:.0f} errors={stats['errors']} "
          f"articles_lost={stats['lost']}")


if __name__ == "__main__":
    main()
