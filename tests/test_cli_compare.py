"""`storydiff compare` and `storydiff report`: options, bad input, and a real run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from storydiff.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def _compare_built() -> bool:
    try:
        from storydiff.compare import compare  # noqa: F401
    except ImportError:
        return False
    return True


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_help_ends_with_an_example():
    result = run("compare", "--help")
    assert result.exit_code == 0
    assert result.output.rstrip().splitlines()[-1].startswith("  -h, --help")
    assert "Example:\n      storydiff compare examples/alaska-summit-2025 --format md --html report.html" in result.output
    report_help = run("report", "--help").output
    assert "Example:\n      storydiff report s1 --db storydiff.db --format html -o story.html" in report_help


def test_bad_published_date_is_one_line(example_dir):
    result = run("compare", str(example_dir), "--published", "last tuesday")
    assert result.exit_code == 2
    assert "Invalid value for --published: 'last tuesday' is not a date: use ISO 8601" in result.stderr
    assert "Traceback" not in result.output


def test_unknown_format_is_refused(example_dir):
    result = run("compare", str(example_dir), "--format", "pdf")
    assert result.exit_code == 2 and "'pdf' is not one of 'md', 'json', 'html', 'csv', 'jsonl'" in result.stderr


def test_fewer_than_two_articles(example_dir):
    one = example_dir / "putin-visits-magadan.txt"
    result = run("compare", str(one), "/nonexistent/story.txt")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines == [
        "skipped: /nonexistent/story.txt: no such file or directory; check the path",
        "Error: only 1 article could be read from 2 inputs; compare needs at least two: give two or "
        "more files, a directory or URLs about the same event",
    ]
    assert result.stdout == ""


def test_empty_input_file_is_skipped(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = run("compare", str(tmp_path / "empty.txt"), str(tmp_path / "empty.txt"))
    assert result.exit_code == 1
    assert result.stderr.count("skipped: ") == 2
    assert "only 0 articles could be read from 2 inputs" in result.stderr


def test_report_without_database(tmp_path):
    db = tmp_path / "none.db"
    result = run("report", "s1", "--db", str(db))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {db}: no such database; create it with 'storydiff ingest PATH_OR_URL... --db {db}'"
    )


@pytest.mark.slow
@pytest.mark.skipif(not _compare_built(), reason="storydiff.compare.compare is not built yet")
def test_real_subprocess_on_the_example(tmp_path, example_dir):
    """The installed command on the example event, as `make demo` runs it."""
    out = tmp_path / "report.json"
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(
        [str(Path(sys.executable).parent / "storydiff"), "compare", str(example_dir), "--format", "json",
         "-o", str(out), "--html", str(tmp_path / "report.html")],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-2:] == [f"wrote {out}", f"wrote {tmp_path / 'report.html'}"]
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<section id="conflicts">' in page
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "storydiff.report/1"
    assert len(data["articles"]) == 2
    texts = {a["id"]: a["text"] for a in data["articles"]}
    for finding in data["findings"]:
        for item in finding["evidence"]:
            assert item["text"] == texts[item["article"]][item["start"]:item["end"]]
    for item in data["timexes"]:
        assert item["text"] == texts[item["article"]][item["start"]:item["end"]]


def test_report_of_unknown_story_is_one_line(tmp_path):
    from storydiff.store import Store

    db = tmp_path / "stories.db"
    Store(db).close()  # a real, empty store file
    result = run("report", "s999", "--db", str(db))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "s999" in lines[0]
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_report_of_a_stored_story_twice(tmp_path, example_dir):
    """`storydiff report` on a real store: the second call reads the cached JSON back
    (report_from_dict) and must print exactly what the first printed."""
    from storydiff.store import Store
    from storydiff.stream import ingest_stream

    db = tmp_path / "stories.db"
    ingest_stream([example_dir], db, progress=False)
    with Store(db) as store:
        stories = store.list_stories()
    assert stories
    story = max(stories, key=lambda s: s.get("size", len(s.get("article_ids", []))))
    first = run("report", story["id"], "--db", str(db), "--format", "json")
    assert first.exit_code == 0, first.stderr
    data = json.loads(first.stdout)
    assert data["schema"] == "storydiff.report/1" and data["story"]["id"] == story["id"]
    texts = {a["id"]: a["text"] for a in data["articles"]}
    for finding in data["findings"]:
        for item in finding["evidence"]:
            assert item["text"] == texts[item["article"]][item["start"]:item["end"]]
    again = run("report", story["id"], "--db", str(db), "--format", "json")
    assert again.stdout == first.stdout
    page = run("report", story["id"], "--db", str(db), "--format", "html", "-o", str(tmp_path / "s.html"))
    assert page.exit_code == 0 and page.stderr.strip() == f"wrote {tmp_path / 's.html'}"


@pytest.mark.slow
def test_progress_bar_while_analysing(example_dir, capsys, nlp):
    """On a terminal, compare shows a bar while it analyses; compare() then skips them."""
    from storydiff.cli.compare import _analyze_with_progress
    from storydiff.ingest import load

    articles = load([example_dir]).articles
    _analyze_with_progress(articles)
    assert all(article.analyzed for article in articles)
    assert any(timex.text == "2200 Moscow time" for article in articles for timex in article.timexes)
    assert "analysing: 100%" in capsys.readouterr().err
