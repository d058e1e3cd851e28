"""CSV and JSON Lines exports: findings of a report (`compare`/`report --format csv|jsonl`)
and the stories list (`stories --format csv|jsonl|json`), read back with the standard
library's own csv and json readers."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from render_fixture import example_report
from storydiff.cli import cli
from storydiff.render import render
from storydiff.render.json import report_to_dict
from storydiff.render.labels import article_labels
from storydiff.render.tables import FINDING_COLUMNS, finding_rows, findings_csv, to_csv, to_jsonl


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_one_row_per_finding_with_its_evidence_offsets(example_dir):
    report = example_report(example_dir)
    data = report_to_dict(report)
    rows = finding_rows(data)
    assert [row["finding"] for row in rows] == [f.id for f in report.findings]
    conflict = next(row for row in rows if row["status"] == "conflict" and row["kind"] == "time")
    assert conflict["values"] == ["2025-08-15T19:00:00Z", "2025-08-15T19:30:00Z"]
    assert conflict["articles"] == ["a1", "a2"]
    assert conflict["outlets"] == ["russian-delegation-arrives", "putin-visits-magadan"]
    texts = {a["id"]: a["text"] for a in data["articles"]}
    for row in rows:
        for item in row["evidence"]:
            # The contract's promise, kept in the export: the text is exactly the span.
            assert texts[item["article"]][item["start"]:item["end"]] == item["text"]


def test_csv_holds_the_same_rows_as_jsonl(example_dir):
    report = example_report(example_dir)
    text = render(report, "csv")
    lines = [json.loads(line) for line in render(report, "jsonl").splitlines()]
    table = _csv(text)
    assert list(table[0])[: len(FINDING_COLUMNS)] == list(FINDING_COLUMNS)
    assert len(table) == len(lines) == len(report.findings)
    for row, line in zip(table, lines):
        assert row["finding"] == line["finding"] and row["status"] == line["status"]
        assert row["values"] == " | ".join(line["values"])
        assert row["evidence_offsets"] == "; ".join(
            f"{e['article']}:{e['start']}-{e['end']}" for e in line["evidence"])
        assert row["evidence_text"].splitlines()[0] == f"[{line['evidence'][0]['outlet']}] " + \
            line["evidence"][0]["text"].splitlines()[0]


def test_extra_finding_fields_become_columns():
    data = {"articles": [{"id": "a1", "outlet": "NPR"}, {"id": "a2", "outlet": "NPR"}],
            "findings": [{"id": "f1", "status": "conflict", "kind": "number", "summary": "s",
                          "relation": "update", "newer": "a2",
                          "evidence": [{"article": "a1", "start": 0, "end": 2, "text": "=1", "value": "-3"},
                                       {"article": "a2", "start": 0, "end": 2, "text": "x", "value": "@SUM(A1)"}]}]}
    rows = finding_rows(data, story="s9")
    assert rows[0]["outlets"] == ["NPR #1", "NPR #2"]
    table = _csv(findings_csv(rows))
    assert table[0]["relation"] == "update" and table[0]["newer"] == "a2" and table[0]["story"] == "s9"
    # A negative number stays a number; text a spreadsheet would run as a formula does not.
    assert table[0]["values"] == "'-3 | @SUM(A1)"
    assert _csv(to_csv([{"v": "-3"}, {"v": "=1+1"}], ["v"])) == [{"v": "-3"}, {"v": "'=1+1"}]


def test_labels_badge_an_outlet_with_two_articles():
    labels = article_labels([{"id": "7", "outlet": "NPR"}, {"id": "9", "outlet": "BBC"},
                             {"id": "37", "outlet": "NPR"}, {"id": "40", "source": "/data/x/story.txt"}])
    assert labels == {"7": "NPR #1", "9": "BBC", "37": "NPR #2", "40": "story.txt"}


def test_writers_quote_and_keep_unicode():
    text = to_csv([{"a": "x, “y”\nz", "b": None}], ["a", "b"])
    assert _csv(text) == [{"a": "x, “y”\nz", "b": ""}]
    assert to_jsonl([{"a": "“é”"}]) == '{"a": "“é”"}\n'


@pytest.fixture(scope="module")
def stored(tmp_path_factory, example_dir):
    """The example event ingested into a real store (real pipeline, one story)."""
    db = tmp_path_factory.mktemp("exports") / "s.db"
    result = CliRunner().invoke(cli, ["ingest", str(example_dir), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    return db


def test_stories_formats_agree_and_dates_stay_dates(stored):
    runner = CliRunner()
    as_csv = runner.invoke(cli, ["stories", "--db", str(stored), "--format", "csv"])
    as_jsonl = runner.invoke(cli, ["stories", "--db", str(stored), "--format", "jsonl"])
    as_json = runner.invoke(cli, ["stories", "--db", str(stored), "--format", "json"])
    legacy = runner.invoke(cli, ["stories", "--db", str(stored), "--json"])
    assert as_csv.exit_code == as_jsonl.exit_code == as_json.exit_code == 0, as_csv.output
    lines = [json.loads(line) for line in as_jsonl.output.splitlines()]
    assert lines == json.loads(as_json.output) == [json.loads(line) for line in legacy.output.splitlines()]
    assert len(lines) == 1
    # The example's articles carry a date only: it stays a date, never noon UTC.
    assert lines[0]["first_published"] == lines[0]["last_published"] == "2025-08-15"
    table = _csv(as_csv.output)
    assert table[0]["id"] == lines[0]["id"] and table[0]["first_published"] == "2025-08-15"
    assert table[0]["outlet_names"] == " | ".join(lines[0]["outlet_names"])
    assert int(table[0]["outlets"]) == len(lines[0]["outlet_names"]) == 2


def test_report_as_csv_and_jsonl(stored):
    runner = CliRunner()
    as_csv = runner.invoke(cli, ["report", "s1", "--db", str(stored), "--format", "csv"])
    as_jsonl = runner.invoke(cli, ["report", "s1", "--db", str(stored), "--format", "jsonl"])
    as_json = runner.invoke(cli, ["report", "s1", "--db", str(stored), "--format", "json"])
    assert as_csv.exit_code == as_jsonl.exit_code == 0, as_csv.output
    report = json.loads(as_json.output)
    rows = [json.loads(line) for line in as_jsonl.output.splitlines()]
    assert [r["finding"] for r in rows] == [f["id"] for f in report["findings"]]
    assert {r["story"] for r in rows} == {"s1"}
    assert any(r["status"] == "conflict" and r["kind"] == "time" for r in rows)
    assert [r["finding"] for r in _csv(as_csv.output)] == [r["finding"] for r in rows]
    # Outlets, never store row ids.
    outlets = {o for r in rows for o in r["outlets"]}
    assert outlets and not any(o.isdigit() for o in outlets)
