"""`storydiff ingest`: summary, pinned messages, exit codes; once as a real subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from storydiff.cli import cli
from storydiff.store import Store

INPUTS = Path(__file__).parent / "data" / "inputs"


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)
    except TypeError:  # click >= 8.2 keeps stderr apart already
        return CliRunner()


def test_ingest_example_then_again(tmp_path, example_dir):
    db = tmp_path / "s.db"
    result = _runner().invoke(cli, ["ingest", str(example_dir), "--db", str(db), "--quiet", "--no-analyze"])
    assert result.exit_code == 0, result.output
    result = _runner().invoke(cli, ["ingest", str(example_dir), "--db", str(db), "--no-analyze"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"stored 0, already stored 2, failed 0; {db} holds 2 articles"


def test_bad_inputs_are_listed_and_exit_1(tmp_path, example_dir):
    db = tmp_path / "s.db"
    pdf = INPUTS / "tiny.pdf"
    result = _runner().invoke(cli, ["ingest", str(example_dir / "putin-visits-magadan.txt"), str(pdf), "--db", str(db), "--no-analyze"])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"failed: {pdf}: this is a PDF document, not text or HTML; "
        "convert it to text first (e.g. `pdftotext FILE out.txt`) and give the .txt")
    assert result.stdout.strip() == f"stored 1, already stored 0, failed 1; {db} holds 1 article"
    with Store(db) as store:
        assert [f["code"] for f in store.failures()] == ["binary"]


def test_strict_stores_nothing(tmp_path, example_dir):
    db = tmp_path / "s.db"
    result = _runner().invoke(cli, ["ingest", str(example_dir), str(INPUTS / "empty.txt"), "--db", str(db), "--strict", "--no-analyze"])
    assert result.exit_code == 1
    with Store(db) as store:
        assert store.count() == 0


def test_bad_published_date(tmp_path, example_dir):
    result = _runner().invoke(cli, ["ingest", str(example_dir), "--db", str(tmp_path / "s.db"), "--published", "soon"])
    assert result.exit_code == 2
    assert "--published 'soon' is not a date; use ISO 8601 such as 2025-08-15" in result.stderr


def test_real_process_url_refused_and_no_traceback(tmp_path, example_dir):
    db = tmp_path / "s.db"
    script = Path(sys.executable).with_name("storydiff")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "storydiff.cli"]
    result = subprocess.run(
        [*command, "ingest", str(example_dir), "http://127.0.0.1:8/news", "--db", str(db), "--quiet", "--no-analyze"],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "failed: http://127.0.0.1:8/news: resolves to 127.0.0.1, a private, loopback or link-local address, "
        "which storydiff does not fetch; pass --allow-private if you mean it",
        f"stored 2, already stored 0, failed 1; {db} holds 2 articles",
    ]


def test_keep_stories_days_below_the_merge_gap_is_refused_before_anything_is_stored(tmp_path, example_dir):
    db = tmp_path / "s.db"
    result = _runner().invoke(cli, ["ingest", str(example_dir), "--db", str(db), "--keep-stories-days", "7"])
    assert result.exit_code == 2
    assert ("Invalid value for --keep-stories-days: '7': give a number of days, at least 14 (stories further "
            "apart never merge), or 'all' to hold every story") in result.stderr
    assert not db.exists()
    result = _runner().invoke(cli, ["ingest", str(example_dir), "--db", str(db), "--keep-stories-days", "all",
                                    "--no-analyze", "--quiet"])
    assert result.exit_code == 0 and db.exists()
