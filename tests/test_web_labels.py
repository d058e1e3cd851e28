"""Pages name articles by outlet (a badge when one outlet has two), never by store row
ids; no page or API error shows a server path or command-line advice; a date-only
publication reads as a date. Against a real uvicorn server on 127.0.0.1."""

from __future__ import annotations

import json
import re

import httpx
import pytest

from storydiff.render.json import report_to_dict
from storydiff.store import Store
from storydiff.web import create_app
from web_support import example_report, running


def _as_store_report(example_dir) -> dict:
    """The hand-built example as a story from a store would be: articles named by row ids
    ("37", "40"), both from one outlet."""
    report = example_report(example_dir)
    for article in report.articles:
        article.outlet = "NPR"
    text = json.dumps(report_to_dict(report), ensure_ascii=False)
    for old, new in (("a1", "37"), ("a2", "40")):
        text = text.replace(f'"{old}"', f'"{new}"').replace(f"({old}: ", f"({new}: ")  # ids and summaries
    return json.loads(text)


@pytest.fixture(scope="module")
def served(example_dir, tmp_path_factory):
    db = tmp_path_factory.mktemp("labels") / "stories.db"
    Store(db).close()  # a real, empty store: no story in it
    app = create_app(db)
    report_id = app.state.catalog.save_report(_as_store_report(example_dir))
    with running(app) as base, httpx.Client(base_url=base, timeout=30) as http:
        yield http, f"/reports/{report_id}", db, app


def test_two_articles_of_one_outlet_get_badges_not_ids(served, example_dir):
    http, base, _, _ = served
    page = http.get(base).text
    assert page.count(">NPR #1<") >= 2 and page.count(">NPR #2<") >= 2  # article list and matrix head
    assert not re.search(r">\s*(37|40)\s*<", page)
    # The compare stage's summary names articles by id: shown by outlet instead.
    assert "19:00 UTC (NPR #1: 2200 Moscow time) vs 19:30 UTC (NPR #2: 10:30 p.m. Moscow time)" in page
    assert "(37: " not in page and "(37: " not in http.get(f"{base}/findings").text
    rows = http.get(f"{base}/findings.json").json()["findings"]
    assert rows[0]["outlets"] == ["NPR #1", "NPR #2"] and rows[0]["articles"] == ["37", "40"]
    article = http.get(f"{base}/articles/40").text
    assert "<title>NPR #2 · storydiff</title>" in article and "Article 40" not in article
    for text in (page, article, http.get(f"{base}/findings").text):
        assert str(example_dir) not in text  # the source file's path on the server


def test_a_date_only_publication_reads_as_a_date(served):
    http, base, _, _ = served
    page = http.get(base).text
    assert "· 2025-08-15</span>" in page and "12:00" not in page
    listing = http.get("/index.json").json()
    assert listing["reports"][0]["start"] == "2025-08-15"


def test_errors_name_no_server_path_and_no_command(served):
    http, _, db, _ = served
    for path in ("/stories/s9.json", "/stories/s9", "/stories/s9/findings.json", "/reports/c-000000000000.json"):
        response = http.get(path)
        assert response.status_code == 404
        assert str(db.parent) not in response.text, path
        assert not re.search(r"storydiff (ingest|stories|serve|report|compare)|--db", response.text), path
    assert http.get("/stories/s9.json").json()["error"] == "no story with id 's9'; the stories are listed at /"


def test_corroborated_row_says_how_its_values_agree(served, example_dir):
    http, _, _, app = served
    data = _as_store_report(example_dir)
    row = next(r for r in data["matrix"]["rows"] if r["finding"] == "f2")
    assert row["status"] == "corroborated"
    page = http.get(f"/reports/{app.state.catalog.save_report(data)}").text
    assert "forms of one value" not in page  # both cells read "Il-96"
    row["cells"][1]["values"] = ["IL-96"]  # the same aircraft type, written another way
    page = http.get(f"/reports/{app.state.catalog.save_report(data)}").text
    fact = page[page.index('id="row-f2"'):]
    fact = fact[: fact.index("</tr>")]
    assert "2 forms of one value" in fact
