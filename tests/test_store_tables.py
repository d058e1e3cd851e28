"""Findings and evidence as real tables of the store, browsed with Datasette itself, and
the outlets pages built on them. The example event is ingested by the real pipeline."""

from __future__ import annotations

import asyncio
import json
import sqlite3

import httpx
import pytest
from click.testing import CliRunner

from storydiff.cli import cli
from storydiff.reports import story_report
from storydiff.store import MIGRATIONS, Store
from storydiff.web import create_app
from web_support import running

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def db(tmp_path_factory, example_dir):
    path = tmp_path_factory.mktemp("tables") / "storydiff.db"
    result = CliRunner().invoke(cli, ["ingest", str(example_dir), "--db", str(path), "--quiet"])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def report(db):
    result = CliRunner().invoke(cli, ["report", "s1", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_findings_and_evidence_tables_hold_the_report(db, report):
    with sqlite3.connect(db) as raw:
        found = raw.execute("SELECT id, key, status, kind FROM findings WHERE story_id = 's1'").fetchall()
        assert sorted(found) == sorted((f["id"], f["key"], f["status"], f["kind"]) for f in report["findings"])
        # Every evidence row is exactly the article's text at its offsets.
        rows = raw.execute('SELECT e.text, substr(a.text, e.start + 1, e."end" - e.start) '
                           "FROM evidence e JOIN articles a ON a.id = e.article_id").fetchall()
        assert len(rows) == sum(len(f["evidence"]) for f in report["findings"])
        assert all(text == cut for text, cut in rows)
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []


def test_datasette_browses_the_findings_with_their_foreign_keys(db, report):
    from datasette.app import Datasette

    async def browse():
        datasette = Datasette([str(db)])
        await datasette.invoke_startup()
        findings = await datasette.client.get("/storydiff/findings.json?_shape=array&status=conflict")
        evidence = await datasette.client.get("/storydiff/evidence.json?_shape=array&_labels=on&finding_id=f1")
        database = datasette.get_database("storydiff")
        keys = (await database.foreign_keys_for_table("evidence") + await database.foreign_keys_for_table("findings"))
        return findings, evidence, keys

    findings, evidence, keys = asyncio.run(browse())
    assert findings.status_code == 200, findings.text
    conflicts = [f for f in report["findings"] if f["status"] == "conflict"]
    assert [row["id"] for row in findings.json()] == [f["id"] for f in conflicts]
    # Datasette follows single-column keys: evidence -> articles, findings -> stories.
    assert {(k["other_table"], k["column"]) for k in keys} >= {("articles", "article_id"), ("stories", "story_id")}
    labelled = evidence.json()
    assert labelled and all(isinstance(row["article_id"], dict) for row in labelled)  # joined to articles


def test_a_schema_6_store_fills_the_tables_on_upgrade(tmp_path, example_dir, monkeypatch):
    path = tmp_path / "old.db"
    with monkeypatch.context() as patch:
        # As storydiff wrote files before migration 7: no findings tables, reports as JSON.
        patch.setattr("storydiff.store.MIGRATIONS", MIGRATIONS[:6])
        patch.setattr("storydiff.store_stories.save_findings", lambda *args: None)
        assert CliRunner().invoke(cli, ["ingest", str(example_dir), "--db", str(path), "--quiet"]).exit_code == 0
        with Store(path) as store:
            assert store.schema_version == 6
            findings = len(story_report(store, "s1").findings)  # cached as JSON only
    with Store(path) as store:
        assert store.schema_version == len(MIGRATIONS)
        assert store.db.execute("SELECT COUNT(*) FROM findings").fetchone()[0] == findings


def test_outlets_pages(db, report):
    outlets = {a["outlet"] for a in report["articles"]}
    with running(create_app(db)) as base, httpx.Client(base_url=base, timeout=60) as http:
        listing = http.get("/outlets.json").json()
        assert {o["outlet"] for o in listing["outlets"]} == outlets and listing["total"] == len(outlets)
        for row in listing["outlets"]:
            assert row["articles"] == 1 and row["stories"] == 1
            assert row["single_source"] <= row["findings"] and 0 <= row["single_share"] <= 1
        singles = sum(1 for f in report["findings"] if f["status"] == "single_source")
        assert sum(o["single_source"] for o in listing["outlets"]) == singles
        one = sorted(outlets)[0]
        detail = http.get(f"/outlets/{one}.json").json()
        other = (outlets - {one}).pop()
        conflicts = sum(1 for f in report["findings"] if f["status"] == "conflict")
        assert detail["conflicts_with"] == [{"outlet": other, "conflicts": conflicts}]
        assert [s["id"] for s in detail["stories_list"]] == ["s1"]
        page = http.get(f"/outlets/{one}")
        assert page.status_code == 200 and f'href="/outlets/{other}"' in page.text
        assert http.get("/outlets.csv").text.splitlines()[0].startswith("outlet,articles,stories")
        missing = http.get("/outlets/Nobody.json")
        assert missing.status_code == 404 and "no outlet named 'Nobody'" in missing.json()["error"]


def test_full_text_search_finds_a_story_by_a_name_in_its_articles(db):
    with Store(db) as store:
        title = store.list_stories()[0]["title"]
        assert "Belousov" not in title  # named in the articles' text only
        assert store.search_stories(["belousov"]) == ["s1"]
        assert store.search_stories(["Belous"]) == ["s1"]  # the start of a word
        assert store.search_stories(["belousov", "magadan"]) == ["s1"]
        assert store.search_stories(["belousov", "zzzqqq"]) == []
        assert store.search_stories(['"); DROP TABLE stories; --']) == []  # only words reach FTS5
        revision = store.db.execute("SELECT revision FROM stories WHERE id = 's1'").fetchone()[0]
        assert [tuple(row) for row in store.db.execute("SELECT revision FROM story_search_state")] == [(revision,)]
    with running(create_app(db)) as base, httpx.Client(base_url=base, timeout=60) as http:
        assert [s["id"] for s in http.get("/index.json", params={"q": "Belousov"}).json()["stories"]] == ["s1"]
        assert http.get("/index.json", params={"q": "Belousov Zzzqqq"}).json()["total"] == 0
