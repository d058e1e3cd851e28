"""Databases that cannot be written, are not SQLite, or are in no folder (issue 19, item 8).

Before: ``storydiff report`` on a read-only file failed with "attempt to write a readonly
database" (it caches the report it computes); ``serve --db`` started on a file that is not
SQLite and answered 500 on every page; ``--db /missing/dir/x.db`` created the folders.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from storydiff.cli import cli
from storydiff.errors import StoreError
from storydiff.store import Store

pytestmark = pytest.mark.slow


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)
    except TypeError:  # click >= 8.2 keeps stderr apart already
        return CliRunner()


@contextlib.contextmanager
def read_only(path: Path):
    """Make ``path`` unwritable for this process: mode 0444, or for root (whom modes do not
    stop) the immutable attribute; skip where neither is possible."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o644)
        return
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("running as root where chattr +i is refused: no way to make a file read-only here")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


@pytest.fixture(scope="module")
def stored(tmp_path_factory, example_dir) -> Path:
    """A store with the example's story, analysed, its report not computed yet."""
    db = tmp_path_factory.mktemp("ro") / "s.db"
    result = _runner().invoke(cli, ["ingest", str(example_dir), "--db", str(db), "-q", "--processes", "0"])
    assert result.exit_code == 0, result.output
    return db


def test_a_read_only_store_is_listed_and_reported(stored):
    with read_only(stored):
        assert not os.access(stored, os.W_OK)
        listed = _runner().invoke(cli, ["stories", "--db", str(stored), "--json"])
        assert listed.exit_code == 0, listed.output
        story = json.loads(listed.stdout.splitlines()[0])["id"]
        report = _runner().invoke(cli, ["report", story, "--db", str(stored), "--format", "json"])
        assert report.exit_code == 0, report.output
        assert json.loads(report.stdout)["story"]["id"] == story
        with_reports = _runner().invoke(cli, ["stories", "--db", str(stored), "--reports"])
        assert with_reports.exit_code == 0, with_reports.output
    with Store(stored) as store:  # computed, never cached: the file could not be written
        assert store.db.execute("SELECT COUNT(*) FROM reports").fetchone()[0] == 0


def test_the_web_app_serves_a_read_only_store(stored, example_dir):
    from storydiff.web import create_app
    from web_support import running

    with read_only(stored):
        app = create_app(stored)
        assert app.state.catalog.readonly
        with running(app) as base, httpx.Client(base_url=base, timeout=60) as http:
            stories = http.get("/index.json").json()["stories"]
            story = http.get(f"/stories/{stories[0]['id']}.json")
            assert story.status_code == 200


def test_a_file_that_is_not_sqlite_stops_the_server_at_start(tmp_path):
    from storydiff.web import create_app

    bad = tmp_path / "notes.db"
    bad.write_text("these are my notes, not a database\n", encoding="utf-8")
    with pytest.raises(StoreError, match="cannot be used as a storydiff store"):
        create_app(bad)


def test_missing_folder_is_one_line_and_never_created(tmp_path, example_dir):
    db = tmp_path / "missing" / "dir" / "x.db"
    result = _runner().invoke(cli, ["ingest", str(example_dir), "--db", str(db), "--no-analyze"])
    assert result.exit_code == 1
    assert f"{db}: the folder {db.parent} does not exist; create it first" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "missing").exists()
