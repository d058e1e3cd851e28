"""`storydiff ingest` as a stream into stories: a real subprocess killed with SIGKILL
mid-run, run again, ends with every article once, analysed once, in exactly one story,
and with the same stories as a run that was never interrupted."""

from __future__ import annotations

import json

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_stories_data import write_ecb_docs

# Real ECB+ texts of four topics, two events each in topics 1 and 3.
DOCS = [f"{t}/{t}_{n}{k}.xml" for t in (1, 3) for n in (1, 2, 3) for k in ("ecb", "ecbplus")] + [
    "12/12_1ecb.xml", "12/12_2ecb.xml", "18/18_1ecb.xml", "18/18_2ecb.xml"]


def _ingest(inputs: Path, db: Path, *extra: str) -> subprocess.Popen:
    env = dict(os.environ, HF_HUB_OFFLINE="1", PYTHONUNBUFFERED="1")
    return subprocess.Popen(
        [sys.executable, "-c", "from storydiff.cli import main; main()", "ingest", str(inputs), "--db", str(db),
         "--batch-size", "3", "--quiet", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )


def _count(db: Path, table: str) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as con:
            return con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def _stories(db: Path) -> list[list[str]]:
    with sqlite3.connect(db) as con:
        rows = con.execute(
            "SELECT m.story_id, a.content_hash FROM story_articles m JOIN articles a ON a.id = m.article_id"
        ).fetchall()
    groups: dict[str, list[str]] = {}
    for story, digest in rows:
        groups.setdefault(story, []).append(digest)
    return sorted(sorted(g) for g in groups.values())


@pytest.mark.slow
def test_kill_9_mid_ingest_then_rerun_completes_without_duplicates(shared_data: Path, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    write_ecb_docs(shared_data, inputs, DOCS)
    db = tmp_path / "stream.db"

    process = _ingest(inputs, db)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None and _count(db, "story_articles") < 3:
        time.sleep(0.2)
    assert process.poll() is None, f"ingest ended before it could be killed: {process.communicate()}"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    clustered = _count(db, "story_articles")
    assert 3 <= clustered < len(DOCS), "killed mid-run: some batches clustered, not all"

    rerun = _ingest(inputs, db)
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err

    assert _count(db, "articles") == len(DOCS)
    assert _count(db, "analyses") == len(DOCS)
    assert _count(db, "story_articles") == len(DOCS)
    with sqlite3.connect(db) as con:
        sizes = con.execute("SELECT SUM(size) FROM stories").fetchone()[0]
        states = [row[0] for row in con.execute("SELECT state FROM stories")]
    assert sizes == len(DOCS)
    import json

    members = [aid for state in states for aid in json.loads(state)["article_ids"]]
    assert len(members) == len(set(members)) == len(DOCS), "an article in two stories"

    # The same stories as one uninterrupted run.
    whole = tmp_path / "whole.db"
    once = _ingest(inputs, whole)
    out, err = once.communicate(timeout=600)
    assert once.returncode == 0, err
    assert _stories(db) == _stories(whole)


@pytest.mark.slow
def test_ingest_prints_a_summary_and_stories_lists_them(example_dir: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from storydiff.cli import cli

    db = tmp_path / "s.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", str(example_dir), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "stored 2, already stored 0, failed 0" in result.output
    assert "analysed 2" in result.output and "1 story" in result.output

    again = runner.invoke(cli, ["ingest", str(example_dir), "--db", str(db)])
    assert "stored 0, already stored 2" in again.output and "analysed 0" in again.output

    listing = runner.invoke(cli, ["stories", "--db", str(db)])
    assert listing.exit_code == 0
    lines = listing.output.strip().splitlines()
    assert lines[0].split()[:4] == ["story", "articles", "outlets", "span"]
    assert lines[1].split()[:4] == ["s1", "2", "2", "2025-08-15"]
    assert lines[1].split()[4] == "?"  # no report computed yet

    # --conflicts computes the missing report: the example's talks start at two times.
    conflicted = runner.invoke(cli, ["stories", "--db", str(db), "--conflicts", "--json"])
    assert conflicted.exit_code == 0, conflicted.output
    rows = [json.loads(line) for line in conflicted.output.splitlines()]
    assert [(r["id"], r["conflicts"]) for r in rows] == [("s1", 1)]
    cached = runner.invoke(cli, ["stories", "--db", str(db)])
    assert cached.output.strip().splitlines()[1].split()[4] == "1"  # the report is cached now


def test_stories_on_a_missing_file_is_one_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from storydiff.cli import cli

    result = CliRunner().invoke(cli, ["stories", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {tmp_path / 'none.db'}: no such database; create it with "
        f"'storydiff ingest PATH_OR_URL... --db {tmp_path / 'none.db'}'"
    ]


def _dated_jsonl(shared_data: Path, path: Path, docs: list[tuple[str, str]]) -> Path:
    import json

    from test_stories_data import ecb_text

    lines = [json.dumps({"text": ecb_text(shared_data / "ecbplus" / name), "published": day}) for name, day in docs]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# Real ECB+ documents of four events (topics 1, 3, 12, 18), dated 40 days apart, in
# date order: with the smallest retirement (14 days) every event but the last leaves
# memory during the stream.
_DATED = [(f"{t}/{t}_{n}ecb.xml", day) for t, day in (("1", "2008-09-01"), ("3", "2008-10-11"),
                                                      ("12", "2008-11-20"), ("18", "2008-12-30"))
          for n in (1, 2, 3)]


@pytest.mark.slow
def test_retirement_changes_no_story_of_a_real_ingest_and_a_late_article_reaches_its_story(
        shared_data: Path, tmp_path: Path) -> None:
    """`storydiff ingest` of a dated stream into real SQLite files, stories retired after
    14 days vs never: the same stories; then a late report of the first event, dated with
    it, is assigned as without retirement (its retired story is read back from the file)."""
    from storydiff.store import Store
    from storydiff.stream import ingest_stream, load_story_index

    stream = _dated_jsonl(shared_data, tmp_path / "stream.jsonl", _DATED)
    late = _dated_jsonl(shared_data, tmp_path / "late.jsonl", [("1/1_4ecb.xml", "2008-09-02")])
    dbs = {keep: tmp_path / f"keep-{keep}.db" for keep in (14.0, None)}
    for keep, db in dbs.items():
        summary = ingest_stream([stream], db, processes=0, batch_size=2, progress=False, keep_stories_days=keep)
        assert summary.ok and summary.clustered == len(_DATED)
    assert _stories(dbs[14.0]) == _stories(dbs[None])
    with Store(dbs[14.0]) as store:
        index = load_story_index(store)
        assert index.retire_after_days == 14.0
        assert index.live_stories < len(index.stories()), "the stream retired nothing: the test tests nothing"
    for keep, db in dbs.items():
        ingest_stream([late], db, processes=0, progress=False, keep_stories_days=keep)
    assert _stories(dbs[14.0]) == _stories(dbs[None])
    with Store(dbs[14.0]) as store:
        # The late article joined a story of the first event's articles (ids 1-3), not a new one.
        assert store.story_of("13") in {store.story_of(i) for i in ("1", "2", "3")}
