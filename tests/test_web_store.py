"""Comparisons made in the web app outlive a restart when the server has a database.

A real uvicorn on loopback, a real SQLite file, the real pipeline: compare, stop the
server, start a new one on the same file, and the comparison is still listed and served.
"""

from __future__ import annotations

import json

import httpx
import pytest

from storydiff.errors import NotFound
from storydiff.store import Store
from storydiff.web import create_app
from storydiff.web.catalog import Catalog
from storydiff.web.jobs import CompareRunner
from web_support import example_report, running

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
    with pytest.raises(NotFound, match="restarted without --db"):
        memory.report(ids[0])  # the oldest was dropped
    assert list(tmp_path.iterdir()) == []  # and no file was written
    with pytest.raises(NotFound):
        Catalog(None).report(ids[2])  # another server (a restart) does not know it


@pytest.mark.slow
def test_a_restarted_server_still_shows_its_comparisons(tmp_path, nlp):
    db = tmp_path / "serve.db"
    runner = CompareRunner(nlp=nlp)
    body = {"articles": [
        {"text": FERRY_A, "outlet": "Tarvik Post", "published": "2025-03-04T09:00:00+01:00"},
        {"text": FERRY_B, "outlet": "Island Radio", "published": "2025-03-04T10:30:00+01:00"},
    ]}
    try:
        with running(create_app(db, runner=runner)) as base, httpx.Client(base_url=base, timeout=120) as http:
            made = http.post("/compare.json", json=body)
            assert made.status_code == 201, made.text[:500]
            report_id, url = made.json()["id"], made.json()["url"]
            report = made.json()["report"]
        # The first server is gone; a new one on the same file.
        with running(create_app(db, runner=runner)) as base, httpx.Client(base_url=base, timeout=120) as http:
            kept = http.get(f"{url}.json")
            assert kept.status_code == 200 and json.loads(kept.text) == report
            index = http.get("/index.json").json()
            (listed,) = index["reports"]
            assert (listed["id"], listed["size"]) == (report_id, 2)
            assert listed["outlets"] == ["Tarvik Post", "Island Radio"]
            page = http.get(url)
            assert page.status_code == 200 and "Nordlys Line" in page.text
            first_article = report["articles"][0]["id"]
            article = http.get(f"{url}/articles/{first_article}.json")
            assert article.status_code == 200
            assert http.get("/").status_code == 200 and report_id in http.get("/").text
        # A server without --db never saw it.
        with running(create_app(None, runner=runner)) as base, httpx.Client(base_url=base, timeout=30) as http:
            assert http.get(f"{url}.json").status_code == 404
    finally:
        runner.close()
