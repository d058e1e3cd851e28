"""The cheaper ways the stories list answers at 10,000 stories give the same answers as
the plain ones: full-text search's ids, the CSV writer's text, and an export kept while
the store does not change (fresh on the first read after a change). The store is the
example event ingested by the real pipeline and copied into several stories, as
bench/web_pages.py builds it; pages come from a real uvicorn server on loopback."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import random
import sqlite3
from pathlib import Path

import httpx
import pytest

from storydiff.render.tables import to_csv, to_jsonl
from storydiff.store import Store
from storydiff.web import catalog, create_app
from web_support import running

pytestmark = pytest.mark.slow

#: Stories in the test store: enough that a prefix (``zq1``) matches several and a word
#: (``belousov``) all, few enough to build in seconds.
STORIES = 12


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    # The benchmark's own store builder, so the test and the benchmark measure one store.
    spec = importlib.util.spec_from_file_location("web_pages", Path(__file__).parent.parent / "bench" / "web_pages.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    path = tmp_path_factory.mktemp("fast") / "storydiff.db"
    bench.build(path, STORIES)
    return path


def _row_by_row(store: Store, words: list[str]) -> list[str]:
    # The plan search_stories used before it built the ids inside SQLite: the same
    # expression, the ids stepped one row at a time.
    from storydiff.store_findings import search_terms

    terms = [term for word in words for term in search_terms(word)]
    if not terms:
        return []
    expression = " ".join(f'"{term}"*' for term in terms)
    return [row[0] for row in store.db.execute(
        "SELECT x.story_id FROM story_search f JOIN story_search_state x ON x.doc = f.rowid "
        "WHERE story_search MATCH ?", (expression,))]


def test_search_finds_the_same_ids_as_the_row_by_row_plan(db):
    queries = [["belousov"], ["belousov", "magadan"], ["zq5"], ["zq1"], ["Belous"], ["putin's"],
               ["zzzqqq"], ["belousov", "zzzqqq"], ["--"]]
    with Store(db) as store:
        every = {row["id"] for row in store.list_stories()}
        assert len(every) == STORIES
        for words in queries:
            found = store.search_stories(words)
            assert sorted(found) == sorted(_row_by_row(store, words)), words
            assert len(found) == len(set(found)) and set(found) <= every
        assert set(store.search_stories(["belousov"])) == every  # a name in every copy
        assert sorted(store.search_stories(["zq1"])) == ["s10", "s11", "s12"]  # s1 is the original
        assert store.search_stories(["zzzqqq"]) == []


def _csv_writer(rows, columns):
    from storydiff.render.tables import _cell

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return out.getvalue()


def test_csv_writer_quotes_as_the_csv_module_does():
    pieces = ["", " ", "a", "Putin", ",", '"', "'", "\r", "\n", "\r\n", "=1+1", "-3", "+x", "@a", "\t", "é", "|", ";"]
    chance = random.Random(20)
    values = [None, True, False, 0, -3, 7, 2.5, -0.5, ["a", "b,c"], [], {"k": "v, w"}, ("x",)]
    for _ in range(400):
        values.append("".join(chance.choice(pieces) for _ in range(chance.randint(0, 5))))
    columns = ["a", "b,", 'c"', "d"]
    rows = [{column: chance.choice(values) for column in columns if chance.random() > 0.1} for _ in range(300)]
    assert to_csv(rows, columns) == _csv_writer(rows, columns)
    for one in ([""], ["x"]):  # a row of one empty field is written as "" by both
        assert to_csv([{}, {"x": ""}, {"x": "y"}], one) == _csv_writer([{}, {"x": ""}, {"x": "y"}], one)
    assert to_csv([{}], []) == _csv_writer([{}], [])
    back = list(csv.DictReader(io.StringIO(to_csv(rows, columns))))
    assert len(back) == len(rows)


def test_jsonl_rows_read_back():
    rows = [{"a": "é, \"x\"", "b": [1, None], "c": {"d": True}}, {}]
    assert [json.loads(line) for line in to_jsonl(rows).splitlines()] == rows


def test_an_export_is_kept_until_the_store_changes(db):
    with running(create_app(db)) as base, httpx.Client(base_url=base, timeout=60) as http:
        first = http.get("/index.csv")
        assert first.status_code == 200 and first.headers["content-type"].startswith("text/csv")
        assert http.get("/index.csv").content == first.content
        rows = list(csv.DictReader(io.StringIO(first.text)))
        assert len(rows) == STORIES
        found = http.get("/index.jsonl", params={"q": "zq1", "sort": "title"}).text.splitlines()
        assert [json.loads(line)["id"] for line in found] == ["s10", "s11", "s12"]
        # A change as the store makes one (a new revision): the next read is fresh.
        with sqlite3.connect(db) as raw:
            raw.execute("UPDATE stories SET title = 'Renamed, \"quoted\"', revision = revision + 1 WHERE id = 's11'")
        again = list(csv.DictReader(io.StringIO(http.get("/index.csv").text)))
        assert {row["id"]: row["title"] for row in again}["s11"] == 'Renamed, "quoted"'
        assert again != rows and len(again) == STORIES
        text = http.get("/index.jsonl", params={"q": "zq1", "sort": "title"}).text
        found = [json.loads(line) for line in text.splitlines()]
        assert {row["id"]: row["title"] for row in found}["s11"] == 'Renamed, "quoted"' and len(found) == 3
        # Bounded: many queries keep no more than EXPORTS_KEPT bodies.
        for n in range(1, STORIES + 1):
            assert http.get("/index.csv", params={"q": f"zq{n}", "limit": 5}).status_code == 200
        assert len(catalog._EXPORTS) <= catalog.EXPORTS_KEPT
        assert http.get("/index.csv", params={"q": "zq5"}).text.count("\r\n") == 2  # header and s5
