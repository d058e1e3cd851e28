"""The SQLite store: idempotent, resumable after kill -9, safe with two writers at once."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from storydiff.errors import NotFound, StoreError
from storydiff.ingest.text import build_article, read_text
from storydiff.store import MIGRATIONS, Store

# Writes articles numbered START..END into DB in transactions of BATCH (argv), each with
# its own text, so every one is a new row.
_WRITER = textwrap.dedent(
    """
    import sys
    from storydiff.ingest.text import build_article
    from storydiff.store import Store
    db, start, end, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    words = "harbour ferry council bridge storm market school airport river station".split()
    articles = [
        build_article(
            f"Report {i}. " + " ".join(words[(i * 7 + k * 3) % 10] + str((i * 31 + k) % 997) for k in range(60)),
            source=f"gen/{i}.txt")
        for i in range(start, end)
    ]
    with Store(db) as store:
        store.add_articles(articles, batch_size=batch)
    print("done")
    """
)


def _article(text: str, **meta):
    return build_article(text, source=meta.pop("source", "t.txt"), **meta)


def test_add_is_idempotent_and_round_trips(tmp_path, example_dir):
    path = example_dir / "russian-delegation-arrives.txt"
    article = read_text(path.read_bytes(), source=str(path))
    article.published = dt.datetime(2025, 8, 15, 22, 0, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    article.authors = ["A. Writer"]
    with Store(tmp_path / "s.db") as store:
        assert store.schema_version == len(MIGRATIONS)
        [(first_id, is_new)] = store.add_articles([article])
        assert is_new
        again = read_text(path.read_bytes(), source="elsewhere/copy.txt")
        assert store.add_articles([again]) == [(first_id, False)]
        assert again.id == first_id and again.voice == "v1"
        assert store.count() == 1
        stored = store.get_article(first_id)
    assert stored.text == article.text and stored.original == article.original
    assert stored.offset_map == article.offset_map and stored.removed == article.removed
    assert stored.published == article.published and stored.authors == ["A. Writer"]
    assert stored.voice == "v1" and stored.content_hash == article.content_hash
    with sqlite3.connect(tmp_path / "s.db") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_missing_article_and_failures(tmp_path):
    with Store(tmp_path / "s.db") as store:
        with pytest.raises(NotFound, match="no article with id '42'"):
            store.get_article("42")
        store.record_failure("x.pdf", "binary", "x.pdf: this is a PDF document")
        assert [(f["source"], f["code"]) for f in store.failures()] == [("x.pdf", "binary")]


def test_not_a_database_is_a_store_error(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError, match=r"notes\.db: cannot be used as a storydiff store"):
        Store(bogus)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.db"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(StoreError, match="written by a newer storydiff"):
        Store(path)


def test_near_copies_share_a_voice_across_runs(tmp_path, example_dir):
    text = (example_dir / "putin-visits-magadan.txt").read_text(encoding="utf-8")
    other = (example_dir / "russian-delegation-arrives.txt").read_text(encoding="utf-8")
    with Store(tmp_path / "v.db") as store:
        store.add_articles([_article(text), _article(other)])
    repost = "Posted by the news desk\n\n" + text.rsplit("\n", 2)[0] + "\n\nFollow us for more."
    with Store(tmp_path / "v.db") as store:
        [(new_id, is_new)] = store.add_articles([_article(repost, source="repost.txt")])
        assert is_new
        assert store.get_article(new_id).voice == "v1"
        assert store.voices() == {"v1": ["1", "3"], "v2": ["2"]}


def _writer(db, start, end, batch):
    return subprocess.Popen([sys.executable, "-c", _WRITER, str(db), str(start), str(end), str(batch)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_two_processes_at_once_lose_nothing(tmp_path):
    db = tmp_path / "shared.db"
    first, second = _writer(db, 0, 120, 3), _writer(db, 60, 180, 3)  # 60 articles overlap
    for process in (first, second):
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert out.strip() == "done"
    with Store(db) as store:
        assert store.count() == 180
        assert sorted(int(a.source[4:-4]) for a in store.iter_articles()) == list(range(180))


@pytest.mark.slow
def test_kill_9_mid_ingest_loses_nothing_committed(tmp_path):
    db = tmp_path / "crash.db"
    process = _writer(db, 0, 600, 5)
    deadline = time.monotonic() + 60
    count = 0
    while time.monotonic() < deadline:
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=5) as conn:
                    count = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                count = 0  # the schema is not there yet
        if count >= 20:
            break
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        killed_at = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert 20 <= killed_at < 600 and killed_at % 5 == 0  # whole transactions only
    rerun = _writer(db, 0, 600, 5)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    with Store(db) as store:
        assert store.count() == 600


def test_an_appended_migration_upgrades_an_existing_file(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    with Store(path) as store:
        store.add_articles([_article("The bakery on Main Street closed after forty years.")])

    def _migration_bookmarks(db):
        db.execute("CREATE TABLE test_bookmarks (id INTEGER PRIMARY KEY, title TEXT NOT NULL)")

    monkeypatch.setattr("storydiff.store.MIGRATIONS", [*MIGRATIONS, _migration_bookmarks])
    with Store(path) as store:
        assert store.schema_version == len(MIGRATIONS) + 1
        assert store.count() == 1
        with store.transaction() as db:
            db.execute("INSERT INTO test_bookmarks (title) VALUES ('bakery')")


def test_a_schema_2_file_upgrades_to_keep_comparisons(tmp_path, monkeypatch):
    # A file as storydiff wrote it before migration 3: only the first two migrations ran.
    path = tmp_path / "schema2.db"
    with monkeypatch.context() as patch:
        patch.setattr("storydiff.store.MIGRATIONS", MIGRATIONS[:2])
        with Store(path) as store:
            assert store.schema_version == 2
            store.add_articles([_article("The ferry to the island resumed on Tuesday after the strike.")])
    with sqlite3.connect(path) as raw:
        assert "comparisons" not in {row[0] for row in raw.execute("SELECT name FROM sqlite_master")}
    with Store(path) as store:
        assert store.schema_version == len(MIGRATIONS) == 8
        assert store.count() == 1  # nothing lost on the way
        assert store.resolve_story("s1") == "s1"  # migration 4: story_merges, empty
        assert store.list_comparisons() == []
        report = {"schema": "storydiff.report/1", "articles": [], "findings": []}
        store.save_comparison("c-0123456789ab", report, {"title": "Ferry", "size": 2})
        store.save_comparison("c-ba9876543210", {**report, "findings": [{"id": "f1"}]}, {"title": "Ferry 2", "size": 3})
        with pytest.raises(StoreError, match="cannot keep comparison c-0123456789ab"):
            store.save_comparison("c-0123456789ab", report, {})
    with Store(path) as store:  # another process, later
        assert [row["id"] for row in store.list_comparisons()] == ["c-ba9876543210", "c-0123456789ab"]
        assert [row["title"] for row in store.list_comparisons(limit=1)] == ["Ferry 2"]
        assert store.comparison("c-0123456789ab") == report
        with pytest.raises(NotFound, match="no comparison with id 'c-000000000000'"):
            store.comparison("c-000000000000")
