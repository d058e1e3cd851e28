"""A bounded load on the web app over loopback: report pages and uploads at once.

Starts the real server (``storydiff serve`` in a subprocess on a free 127.0.0.1 port),
makes one comparison of the example event through ``POST /compare.json``, then for
``--seconds`` runs ``--readers`` concurrent clients that fetch that report (alternating
the HTML page and its JSON twin) and ``--uploaders`` concurrent clients that upload the
example event again and again. It prints a table and, as its last line, name=value pairs.

- errors: responses that are not 2xx/3xx, and requests that failed (goal 0).
- articles_lost: articles sent in an upload that are missing from the stored report read
  back by its id, or whose upload failed (goal 0).

Usage:
    .venv/bin/python bench/web_load.py [--seconds 30] [--readers 20] [--uploaders 2]

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


def start_server(port: int) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("storydiff")
    command = [str(exe), "serve", "--port", str(port), "--host", "127.0.0.1"]
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


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def run(base: str, seconds: float, readers: int, uploaders: int) -> dict:
    body = example_body()
    limits = httpx.Limits(max_connections=readers + uploaders + 2)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        first = await client.post("/compare.json", json=body)
        if first.status_code != 201:
            raise SystemExit(f"the first comparison failed: {first.status_code} {first.text[:300]}")
        report_url = first.json()["url"]
        stats = {"reads": [], "uploads": [], "errors": 0, "sent": 0, "lost": 0, "error_samples": []}
        stop = time.monotonic() + seconds

        async def reader(number: int) -> None:
            k = number
            while time.monotonic() < stop:
                path = report_url + (".json" if k % 2 else "")
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
        # Readers stop at the deadline; uploads in flight then finish, so requests/s is
        # over the readers' own time, uploads/s over the whole run.
        stats["read_elapsed"] = stats.get("reads_end", time.perf_counter()) - began
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--uploaders", type=int, default=2)
    args = parser.parse_args()
    port = free_port()
    server = start_server(port)
    try:
        stats = asyncio.run(run(f"http://127.0.0.1:{port}", args.seconds, args.readers, args.uploaders))
    finally:
        server.terminate()
        server.wait(timeout=30)
    reads, uploads = stats["reads"], stats["uploads"]
    rps = len(reads) / stats["read_elapsed"]
    rows = [
        ("report requests", len(reads), f"{rps:.1f}", f"{pct(reads, .5) * 1000:.0f}", f"{pct(reads, .95) * 1000:.0f}"),
        ("uploads (2 articles)", len(uploads), f"{len(uploads) / stats['elapsed']:.2f}",
         f"{pct(uploads, .5) * 1000:.0f}", f"{pct(uploads, .95) * 1000:.0f}"),
    ]
    print(f"web_load: {args.readers} readers + {args.uploaders} uploaders for {args.seconds:g} s on "
          f"{platform.machine()} ({os.cpu_count()} cores), storydiff serve on loopback")
    print(f"{'what':<22}{'count':>8}{'per s':>9}{'p50 ms':>9}{'p95 ms':>9}")
    for row in rows:
        print(f"{row[0]:<22}{row[1]:>8}{row[2]:>9}{row[3]:>9}{row[4]:>9}")
    print(f"errors: {stats['errors']}   articles sent: {stats['sent']}   articles lost: {stats['lost']}")
    for sample in stats["error_samples"][:5]:
        print(f"  error: {sample}")
    print(f"requests_per_s={rps:.1f} p50_ms={pct(reads, .5) * 1000:.0f} p95_ms={pct(reads, .95) * 1000:.0f} "
          f"uploads={len(uploads)} upload_p50_ms={pct(uploads, .5) * 1000:.0f} errors={stats['errors']} "
          f"articles_lost={stats['lost']}")


if __name__ == "__main__":
    main()
