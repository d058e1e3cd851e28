"""Comparisons made in the web app outlive a restart when the server has a database.

The real ``storydiff serve --db`` on loopback, a real SQLite file, the real pipeline:
compare, stop the server, start a new one on the same file, and the comparison is still
listed and served.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from storydiff.errors import NotFound
from storydiff.store import MIGRATIONS, Store
from storydiff.web import create_app
from storydiff.web.catalog import Catalog
from web_support import example_report, free_port, running

FERRY_A = (
    "The ferry between Tarvik and Holm island resumed on Tuesday after a three-day strike, "
    "the operator Nordlys Line said. The first crossing left Tarvik at 07:15 with 212 passengers. "
    '"We are glad to be back at sea," said captain Ingrid Dahl.'
)
FERRY_B = (
    "Ferries to Holm island are running again. Nordlys Line said the first boat left Tarvik "
    "at 07:45 on Tuesday, ending a strike that lasted three days. About 200 people were on board."
)


def test_a_new_catalog_on_the_same_file_finds_the_comparisons(tmp_path, example_dir):
    db = tmp_path / "web.db"
    first = Catalog(db, keep=2)
    ids = [first.save_report(example_report(example_dir)) for _ in range(3)]
    again = Catalog(db, keep=2)  # as after a restart: nothing in memory
    assert again.report(ids[0]) == first.report(ids[0])
    assert again.report(ids[0])["schema"] == "storydiff.report/1"
    listed = again.reports()
    assert [row["id"] for row in listed] == [ids[2], ids[1]]  # newest first, `keep` of them
    assert listed[0]["kind"] == "report" and listed[0]["size"] == 2 and listed[0]["conflicts"] >= 1
    with Store(db) as store:
        assert len(store.list_comparisons()) == 3  # a database keeps them all
    with pytest.raises(NotFound, match="no comparison 'c-000000000000' in this server's database"):
        again.report("c-000000000000")


def test_without_a_database_comparisons_stay_in_memory(tmp_path, example_dir):
    memory = Catalog(None, keep=2)
    ids = [memory.save_report(example_report(example_dir)) for _ in range(3)]
    assert [row["id"] for row in memory.reports()] == [ids[2], ids[1]]
    with pytest.raises(NotFound, match="keeps comparisons only while it runs"):
        memory.report(ids[0])  # the oldest was dropped
    assert list(tmp_path.iterdir()) == []  # and no file was written
    with pytest.raises(NotFound):
        Catalog(None).report(ids[2])  # another server (a restart) does not know it


@contextlib.contextmanager
def serving(db: Path) -> Iterator[str]:
    """``storydiff serve --db DB`` as a real process on a free loopback port; stopped after."""
    port = free_port()
    exe = Path(sys.executable).with_name("storydiff")
    server = subprocess.Popen([str(exe), "serve", "--db", str(db), "--port", str(port)],
                              env={**os.environ, "HF_HUB_OFFLINE": "1"},
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/health", timeout=1)
                break
            except httpx.HTTPError:
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "storydiff serve did not start"
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.slow
def test_a_restarted_serve_still_shows_its_comparisons(tmp_path, monkeypatch):
    # A database at schema 2, as the first storydiff wrote it: serve upgrades it in place.
    db = tmp_path / "serve.db"
    with monkeypatch.context() as patch:
        patch.setattr("storydiff.store.MIGRATIONS", MIGRATIONS[:2])
        Store(db).close()
    body = {"articles": [
        {"text": FERRY_A, "outlet": "Tarvik Post", "published": "2025-03-04T09:00:00+01:00"},
        {"text": FERRY_B, "outlet": "Island Radio", "published": "2025-03-04T10:30:00+01:00"},
    ]}
    with serving(db) as base, httpx.Client(base_url=base, timeout=300) as http:
        made = http.post("/compare.json", json=body)
        assert made.status_code == 201, made.text[:500]
        report_id, url, report = made.json()["id"], made.json()["url"], made.json()["report"]
    # The first server is stopped; a new process on the same file.
    with serving(db) as base, httpx.Client(base_url=base, timeout=60) as http:
        kept = http.get(f"{url}.json")
        assert kept.status_code == 200 and json.loads(kept.text) == report
        (listed,) = http.get("/index.json").json()["reports"]
        assert (listed["id"], listed["size"]) == (report_id, 2)
        assert listed["outlets"] == ["Tarvik Post", "Island Radio"]
        page = http.get(url)
        assert page.status_code == 200 and "Nordlys Line" in page.text
        article_id = report["articles"][0]["id"]
        assert http.get(f"{url}/articles/{article_id}.json").status_code == 200
        assert report_id in http.get("/").text
    with Store(db) as store:
        assert store.schema_version == len(MIGRATIONS)
    # A server without --db never saw it.
    with running(create_app(None)) as base:
        assert httpx.get(f"{base}{url}.json", timeout=30).status_code == 404
