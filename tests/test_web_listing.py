"""Search, filter, sort, paginate and export lists in the web app (a report's findings,
the stories list), against a real uvicorn server on 127.0.0.1."""

from __future__ import annotations

import csv
import io
import json

import httpx
import pytest

from storydiff.web import create_app
from storydiff.web.listing import Query
from storydiff.web.views.stories import select_stories
from web_support import example_report, running


@pytest.fixture(scope="module")
def served(example_dir):
    app = create_app(None)
    report_id = app.state.catalog.save_report(example_report(example_dir))
    with running(app) as base, httpx.Client(base_url=base, timeout=30) as http:
        yield http, f"/reports/{report_id}"


def test_findings_filter_by_status_kind_outlet_and_words(served):
    http, base = served
    every = http.get(f"{base}/findings.json").json()
    assert every["total"] == 4 and every["next"] is None
    assert [f["status"] for f in every["findings"]][0] == "conflict"
    conflicts = http.get(f"{base}/findings.json", params={"status": "conflict"}).json()
    assert [(f["finding"], f["kind"]) for f in conflicts["findings"]] == [("f1", "time")]
    assert conflicts["findings"][0]["outlets"] == ["Delegation report", "Magadan report"]
    by_kind = http.get(f"{base}/findings.json", params={"kind": "identifier"}).json()
    assert {f["finding"] for f in by_kind["findings"]} == {"f2", "f3"}
    by_outlet = http.get(f"{base}/findings.json", params={"outlet": "delegation REPORT"}).json()
    assert {f["finding"] for f in by_outlet["findings"]} == {"f1", "f2", "f4"}
    # Words must all occur: in the summary, a value or an evidence sentence.
    words = http.get(f"{base}/findings.json", params={"q": "ra-96023 registration"}).json()
    assert [f["finding"] for f in words["findings"]] == ["f3"]
    assert http.get(f"{base}/findings.json", params={"q": "belousov", "status": "conflict"}).json()["total"] == 0


def test_findings_pages_link_to_the_next(served):
    http, base = served
    first = http.get(f"{base}/findings.json", params={"limit": 3, "sort": "kind"}).json()
    assert first["total"] == 4 and len(first["findings"]) == 3 and first["previous"] is None
    assert first["next"] == f"{base}/findings?sort=kind&limit=3&offset=3"
    second = http.get(first["next"].replace("/findings?", "/findings.json?")).json()
    assert [f["finding"] for f in second["findings"]] and second["next"] is None
    kinds = [f["kind"] for f in first["findings"] + second["findings"]]
    assert kinds == sorted(kinds)
    page = http.get(f"{base}/findings", params={"limit": 3})
    assert page.status_code == 200 and 'rel="next"' in page.text and "1–3 of 4 findings" in page.text


def test_exports_hold_the_filtered_rows(served):
    http, base = served
    as_csv = http.get(f"{base}/findings.csv", params={"status": "corroborated"})
    as_jsonl = http.get(f"{base}/findings.jsonl", params={"status": "corroborated"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert as_jsonl.headers["content-type"].startswith("application/x-ndjson")
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    lines = [json.loads(line) for line in as_jsonl.text.splitlines()]
    assert [r["finding"] for r in rows] == [line["finding"] for line in lines] == ["f2", "f4"]
    # The report's own .csv twin is every finding.
    whole = list(csv.DictReader(io.StringIO(http.get(f"{base}.csv").text)))
    assert [r["finding"] for r in whole] == ["f1", "f2", "f4", "f3"]
    assert whole[0]["evidence_offsets"].startswith("a1:") and "2200 Moscow time" in whole[0]["evidence_text"]


def test_bad_parameters_are_one_line_400s(served):
    http, base = served
    wrong = http.get(f"{base}/findings.json", params={"status": "maybe"})
    assert wrong.status_code == 400
    assert wrong.json()["error"] == ("status: 'maybe' is not one of conflict, corroborated, complementary, "
                                     "single_source")
    assert http.get("/index.json", params={"limit": "0"}).status_code == 400
    assert http.get("/index.json", params={"offset": "x"}).json()["error"] == "offset: 'x' is not a whole number"


def test_report_page_links_its_pills_to_filtered_findings(served):
    http, base = served
    page = http.get(base).text
    assert f'href="{base}/findings?status=conflict"' in page
    assert f'href="{base}.csv"' in page and f'href="{base}.jsonl"' in page


def _stories(n: int) -> list[dict]:
    outlets = ["NPR", "BBC News", "Reuters"]
    return [{"id": f"s{i}", "title": f"Story {i} about {'Putin' if i % 3 == 0 else 'floods'}",
             "size": n - i, "outlets": 2, "outlet_names": [outlets[i % 3], outlets[(i + 1) % 3]],
             "start": f"2025-01-{1 + i % 28:02d}", "end": f"2025-02-{1 + i % 28:02d}",
             "conflicts": None if i % 5 == 0 else i % 2} for i in range(n)]


def test_select_stories_by_words_outlet_status_and_sort():
    rows = _stories(60)
    putin = select_stories(rows, Query(q="PUTIN story", terms=["putin", "story"]))
    assert putin and all("Putin" in row["title"] for row in putin) and len(putin) == 20
    npr = select_stories(rows, Query(outlet="npr"))
    assert npr and all("NPR" in row["outlet_names"] for row in npr)
    conflicted = select_stories(rows, Query(status="conflict"))
    assert conflicted and all(row["conflicts"] for row in conflicted)
    unchecked = select_stories(rows, Query(status="unchecked"))
    assert {row["id"] for row in unchecked} == {f"s{i}" for i in range(0, 60, 5)}
    newest = select_stories(rows, Query(sort="newest"))
    assert [row["end"] for row in newest] == sorted((row["end"] for row in rows), reverse=True)
    assert select_stories(rows, Query()) == rows  # size: the store's order
