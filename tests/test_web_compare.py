"""Comparisons through the API with the real pipeline (spaCy, embeddings, compare stage).

One request compares the example event plus a bad input, so the slow pipeline runs once
for several checks: the report's contract, the time conflict, the stored URL, and the
bad input refused with its reason while the rest goes on.
"""

from __future__ import annotations

import json

import httpx
import pytest

from storydiff.model import SCHEMA
from storydiff.web import create_app
from web_support import running

pytestmark = pytest.mark.slow

# Worker-process mode, as `storydiff serve` runs it (the browser test covers thread mode).


@pytest.fixture(scope="module")
def compared(example_dir):
    app = create_app(None, processes=True)
    files = []
    for path in sorted(example_dir.iterdir()):
        if path.suffix in (".txt", ".json"):
            files.append(("files", (path.name, path.read_bytes(), "text/plain")))
    files.append(("files", ("scan.pdf", b"%PDF-1.7\n%binary\n", "application/pdf")))
    with running(app) as base, httpx.Client(base_url=base, timeout=300) as http:
        response = http.post("/compare.json", files=files)
        stored = http.get(response.json()["url"] + ".json") if response.status_code == 201 else None
        page = http.get(response.json()["url"]) if response.status_code == 201 else None
    return response, stored, page


def test_compare_answers_201_with_the_report(compared):
    response, _, _ = compared
    assert response.status_code == 201, response.text[:500]
    body = response.json()
    assert body["ok"] is True and body["url"] == f"/reports/{body['id']}"
    assert response.headers["location"] == body["url"]
    report = body["report"]
    assert report["schema"] == SCHEMA
    assert [a["outlet"] for a in report["articles"]] == ["putin-visits-magadan", "russian-delegation-arrives"]
    # The sidecars were applied: both articles carry their publication date.
    assert {a["published"] for a in report["articles"]} == {"2025-08-15"}
    texts = {a["id"]: a["text"] for a in report["articles"]}
    for finding in report["findings"]:
        for ev in finding["evidence"]:
            assert texts[ev["article"]][ev["start"]:ev["end"]] == ev["text"]


def test_the_time_conflict_is_found(compared):
    report = compared[0].json()["report"]
    times = [f for f in report["findings"] if f["status"] == "conflict" and f["kind"] == "time"]
    assert times, [f["summary"] for f in report["findings"] if f["status"] == "conflict"]
    values = {ev["value"] for ev in times[0]["evidence"]}
    assert values == {"2025-08-15T19:00:00Z", "2025-08-15T19:30:00Z"}


def test_the_bad_input_is_refused_and_the_rest_goes_on(compared):
    report = compared[0].json()["report"]
    (refused,) = report["refused"]
    assert refused["source"] == "scan.pdf" and refused["code"] == "binary"
    assert "PDF" in refused["error"]
    assert "scan.pdf" in compared[2].text  # the page lists it too


def test_the_report_is_kept_at_its_url(compared):
    response, stored, page = compared
    assert stored.status_code == 200
    assert json.loads(stored.text) == response.json()["report"]
    assert page.status_code == 200 and "conflict · time" in page.text
