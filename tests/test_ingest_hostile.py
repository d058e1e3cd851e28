"""Hostile JSON in the readers (issue 19, item 5): one bad line of a JSON Lines file is that
line's failure, never the whole file's; a lone surrogate is read as U+FFFD.

Before: a line holding ``"\\ud800"`` raised UnicodeEncodeError out of the reader, so the
whole file failed, and ``storydiff ingest`` blamed ``--published`` for it.
"""

from __future__ import annotations

import json

from click.testing import CliRunner

from storydiff.cli import cli
from storydiff.ingest import load


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)
    except TypeError:  # click >= 8.2 keeps stderr apart already
        return CliRunner()


def _write_lines(path, example_dir):
    text = (example_dir / "putin-visits-magadan.txt").read_text(encoding="utf-8")
    lines = [
        json.dumps({"text": text, "outlet": "Good outlet"}),
        '{"text": "Officials met \\ud800 in Anchorage on Friday.", "outlet": "Odd \\udc00 outlet"}',
        '{"text": ' + "[" * 50_000 + "]" * 50_000 + "}",
        '{"text": "A second good line about the summit.", "published": ["not", "a", "date"]}',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_bad_lines_fail_alone(tmp_path, example_dir):
    path = _write_lines(tmp_path / "feed.jsonl", example_dir)
    batch = load([str(path)])
    assert [a.outlet for a in batch.articles] == ["Good outlet", "Odd \ufffd outlet", "feed"]
    assert batch.articles[1].text == "Officials met \ufffd in Anchorage on Friday."
    assert batch.articles[2].published is None
    assert [(f.source, f.code) for f in batch.failures] == [(f"{path}:3", "unsupported")]
    assert "nests too deeply" in batch.failures[0].message


def test_ingest_names_the_bad_line_not_published(tmp_path, example_dir):
    path = _write_lines(tmp_path / "feed.jsonl", example_dir)
    db = tmp_path / "s.db"
    result = _runner().invoke(cli, ["ingest", str(path), "--db", str(db), "--no-analyze"])
    assert result.exit_code == 1
    assert "--published" not in result.output
    assert result.stderr.startswith(f"failed: {path}:3: cannot be read: it nests too deeply")
    assert "stored 3, already stored 0, failed 1" in result.stdout
