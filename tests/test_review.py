"""Reviews of findings: a stable key, the `storydiff review` command, the web form (no
script needed) and its JSON twin, and reviews kept when a story's report is recomputed.
The example event is ingested into a real store by the real pipeline."""

from __future__ import annotations

import csv
import io
import sqlite3

import httpx
import pytest
from click.testing import CliRunner

from storydiff.cli import cli
from storydiff.review import finding_key
from storydiff.web import create_app
from web_support import running

pytestmark = pytest.mark.slow


def test_the_key_follows_the_facts_not_the_numbering():
    finding = {"id": "f1", "status": "conflict", "kind": "time", "summary": "x", "subject": None,
               "evidence": [{"article": "7", "start": 10, "end": 40}, {"article": "9", "start": 3, "end": 20}]}
    renumbered = {**finding, "id": "f7", "status": "corroborated", "summary": "y",
                  "evidence": list(reversed(finding["evidence"]))}
    assert finding_key(finding) == finding_key(renumbered)
    moved = {**finding, "evidence": [{"article": "7", "start": 11, "end": 40}, finding["evidence"][1]]}
    assert finding_key(moved) != finding_key(finding)
    assert finding_key({**finding, "kind": "number"}) != finding_key(finding)


@pytest.fixture(scope="module")
def db(tmp_path_factory, example_dir):
    path = tmp_path_factory.mktemp("review") / "s.db"
    result = CliRunner().invoke(cli, ["ingest", str(example_dir), "--db", str(path), "--quiet"])
    assert result.exit_code == 0, result.output
    return path


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_review_from_the_command_line_survives_recomputation(db):
    runner = CliRunner()
    listing = runner.invoke(cli, ["review", "s1", "--db", str(db)])
    assert listing.exit_code == 0, listing.output
    first = listing.output.splitlines()[0].split()
    finding_id, key = first[0], first[1]
    assert key.startswith("k") and "not reviewed" in listing.output
    done = runner.invoke(cli, ["review", "s1", finding_id, "--dismiss", "--note", "corrected later",
                               "--by", "Ana", "--db", str(db)])
    assert done.exit_code == 0, done.output
    assert done.output.strip() == f"s1 {finding_id} ({key}): dismissed by Ana"
    # The cached report is dropped, as when the story gains an article: recomputed, the
    # finding has the same key and keeps its review.
    with sqlite3.connect(db) as raw:
        raw.execute("DELETE FROM reports")
    rows = _csv(runner.invoke(cli, ["report", "s1", "--db", str(db), "--format", "csv"]).output)
    row = next(r for r in rows if r["key"] == key)
    assert (row["review"], row["review_note"], row["reviewer"]) == ("dismissed", "corrected later", "Ana")
    assert all(r["review"] == "" for r in rows if r["key"] != key)
    wrong = runner.invoke(cli, ["review", "s1", "f999", "--confirm", "--db", str(db)])
    assert wrong.exit_code == 1 and "has no finding 'f999'" in wrong.output


def test_review_from_the_web_form_and_its_json_twin(db):
    with running(create_app(db)) as base, httpx.Client(base_url=base, timeout=300) as http:
        findings = http.get("/stories/s1/findings.json").json()["findings"]
        target = findings[-1]
        answer = http.post(f"/stories/s1/findings/{target['key']}/review",
                           data={"verdict": "confirmed", "note": "checked with the agency", "reviewer": "Bo",
                                 "back": "/stories/s1/findings?status=" + target["status"]})
        assert answer.status_code == 303
        assert answer.headers["location"] == f"/stories/s1/findings?status={target['status']}#{target['key']}"
        assert "storydiff_reviewer=Bo" in answer.headers["set-cookie"]
        confirmed = http.get("/stories/s1/findings.json", params={"reviewed": "confirmed"}).json()
        assert [f["key"] for f in confirmed["findings"]] == [target["key"]]
        assert confirmed["findings"][0]["review_note"] == "checked with the agency"
        page = http.get("/stories/s1/findings", params={"reviewed": "confirmed"})  # the cookie remembers Bo
        assert "Confirmed</strong> by Bo" in page.text and 'value="Bo"' in page.text
        report = http.get("/stories/s1.json").json()
        assert next(f for f in report["findings"] if f["key"] == target["key"])["review"]["reviewer"] == "Bo"
        exported = _csv(http.get("/stories/s1.csv").text)
        assert next(r for r in exported if r["key"] == target["key"])["review"] == "confirmed"
        # The JSON API, a bad verdict, an unknown finding, a post from another site.
        made = http.post(f"/stories/s1/findings/{target['key']}/review.json",
                         json={"verdict": "unsure", "reviewer": "Cy"})
        assert made.status_code == 201 and made.json()["review"]["verdict"] == "unsure"
        bad = http.post(f"/stories/s1/findings/{target['key']}/review.json", json={"verdict": "maybe"})
        assert bad.status_code == 400 and "is not a verdict" in bad.json()["error"]
        missing = http.post("/stories/s1/findings/k000000000000/review.json", json={"verdict": "unsure"})
        assert missing.status_code == 404
        foreign = http.post(f"/stories/s1/findings/{target['key']}/review", data={"verdict": "dismissed"},
                            headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"})
        assert foreign.status_code == 403
        assert http.get("/stories/s1/findings.json", params={"reviewed": "unsure"}).json()["total"] == 1
        reviewed = http.get("/stories/s1/findings.json", params={"reviewed": "yes"}).json()["total"]
        unreviewed = http.get("/stories/s1/findings.json", params={"reviewed": "no"}).json()["total"]
        assert reviewed >= 1 and reviewed + unreviewed == len(findings)
