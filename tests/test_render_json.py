"""The report JSON (storydiff.report/1): contract fields, offsets, and the round trip."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from render_fixture import example_report

from storydiff.model import SCHEMA, Article, Refused, Report, Timex
from storydiff.render.json import (
    article_from_entry,
    article_entry,
    from_json,
    parse_published,
    report_from_dict,
    report_to_dict,
    to_json,
)


@pytest.fixture(scope="module")
def report(example_dir) -> Report:
    return example_report(example_dir)


def assert_offsets(data: dict) -> None:
    """Every span in the report JSON is exactly its article's text[start:end]."""
    texts = {article["id"]: article["text"] for article in data["articles"]}
    checked = 0
    for finding in data["findings"]:
        for item in finding["evidence"]:
            assert item["text"] == texts[item["article"]][item["start"]:item["end"]], finding["id"]
            checked += 1
    for entity in data["entities"]:
        for mention in entity["mentions"]:
            assert mention["text"] == texts[mention["article"]][mention["start"]:mention["end"]]
            checked += 1
    for name in ("timexes", "quantities", "identifiers", "quotes", "mentions"):
        for item in data[name]:
            assert item["text"] == texts[item["article"]][item["start"]:item["end"]], (name, item)
            checked += 1
    for note in data["notes"]:
        assert note["text"] == texts[note["article"]][note["start"]:note["end"]]
    assert checked > 0


def test_contract_fields(report):
    data = report_to_dict(report)
    assert data["schema"] == SCHEMA == "storydiff.report/1"
    first = data["articles"][0]
    assert list(first)[:8] == ["id", "source", "outlet", "title", "published", "voice", "text", "removed"]
    assert first["published"] == "2025-08-15"
    assert "Read the full article here" in first["removed"]
    for name in ("entities", "timexes", "quantities", "identifiers", "quotes", "findings", "notes"):
        assert data[name], name
    timex = next(t for t in data["timexes"] if t["text"] == "2200 Moscow time")
    assert timex | {"article": "a1", "value": "2025-08-15T19:00:00Z", "zone": "Europe/Moscow",
                    "local": "2025-08-15T22:00:00+03:00", "granularity": "minute"} == timex
    quote = data["quotes"][0]
    assert quote["speaker"] == "e2" and quote["speaker_text"] == "Trump" and quote["article"] == "a2"
    entity = next(e for e in data["entities"] if e["id"] == "e4")
    assert entity["aliases"] == ["Andrei Belousov"]
    assert {"role": "Defense Minister", "article": "a2"} in entity["roles"]
    conflict = next(f for f in data["findings"] if f["status"] == "conflict")
    assert conflict["kind"] == "time"
    assert [e["value"] for e in conflict["evidence"]] == ["2025-08-15T19:00:00Z", "2025-08-15T19:30:00Z"]
    note = next(n for n in data["notes"] if n["kind"] == "spelling")
    assert (note["article"], note["text"], note["suggestion"]) == ("a1", "Kamkatcha", "Kamchatka")
    # The welcome extras.
    assert data["voices"] == {"v1": ["a1"], "v2": ["a2"]}
    assert data["coverage"]["e5"] == ["a1"]
    assert data["matrix"]["rows"][0]["status"] == "conflict"
    assert data["timeline"][0]["utc"] == "Fri 15 Aug 2025 19:00 UTC"


def test_offsets_are_exact(report):
    assert_offsets(report_to_dict(report))


def test_round_trip_through_json_text(report):
    text = to_json(report)
    again = from_json(text)
    assert report_to_dict(again) == json.loads(text)
    assert to_json(again) == text
    assert again.articles[1].quotes[0].speaker_entity == "e2"
    assert again.articles[1].quotes[0].speaker.text == "Trump"
    assert again.articles[0].timexes[1].zone == "Europe/Moscow"
    assert again.findings[2].evidence[1].value == "2025-08-15T19:30:00Z"
    assert again.notes[0][0] == "a1"


def test_round_trip_keeps_coverage_refused_and_unknown_keys(report):
    report.coverage = {"e1": ["a2", "a1"]}
    report.refused = [Refused(source="scan.pdf", error="scan.pdf: a PDF, not text", code="binary")]
    report.extra["delegation"] = {"members": ["e3", "e4"]}  # a newer writer's key
    try:
        data = report_to_dict(report)
        assert data["coverage"] == {"e1": ["a2", "a1"]}  # the compare stage's own, not derived
        assert data["refused"] == [{"source": "scan.pdf", "error": "scan.pdf: a PDF, not text", "code": "binary"}]
        # Contract keys first, then the derived views, then the typed extras, then unknown keys.
        assert list(data)[-6:] == ["voices", "coverage", "timeline", "matrix", "refused", "delegation"]
        back = report_from_dict(json.loads(json.dumps(data)))
        assert back.coverage == report.coverage and back.refused == report.refused
        # Only the key this version does not know stays in extra; derived views are not read.
        assert back.extra == {"delegation": {"members": ["e3", "e4"]}}
        assert report_to_dict(back) == data
    finally:
        report.coverage, report.refused = None, None
        report.extra.clear()


def test_without_coverage_or_refused_the_json_has_derived_coverage_and_no_refused(report):
    data = report_to_dict(report)
    assert "refused" not in data
    # Derived from the entities' mentions, in report order.
    order = [article.id for article in report.articles]
    assert data["coverage"] == {
        entity.id: sorted(entity.articles, key=order.index) for entity in report.entities
    }
    back = report_from_dict(data)
    assert back.refused is None and back.extra == {}
    assert report_to_dict(back) == data


def test_an_empty_refused_list_is_written(report):
    report.refused = []
    try:
        assert report_to_dict(report)["refused"] == []
        assert report_from_dict(report_to_dict(report)).refused == []
    finally:
        report.refused = None


def test_article_round_trip_with_datetime_and_offset_map():
    published = dt.datetime(2025, 8, 15, 10, 5, tzinfo=dt.timezone(dt.timedelta(hours=-8)))
    article = Article(text="At 2200 Moscow time.", id="a9", published=published,
                      offset_map=[(0, 0), (3, 5)], timexes=[Timex(3, 19, "2200 Moscow time")])
    data = article_entry(article)
    assert "timexes" not in data  # written at the report's top level instead
    again = article_from_entry(json.loads(json.dumps(data)))
    assert again.published == published and again.offset_map == [(0, 0), (3, 5)]
    assert again.original_offset(4) == 6


def test_parse_published_forms():
    assert parse_published("2025-08-15") == dt.date(2025, 8, 15)
    assert parse_published("2025-08-15T19:00:00Z") == dt.datetime(2025, 8, 15, 19, tzinfo=dt.timezone.utc)
    assert parse_published(None) is None


def test_not_a_report_is_refused():
    with pytest.raises(ValueError, match="storydiff.report/1"):
        report_from_dict({"schema": "something/2", "articles": []})
    with pytest.raises(ValueError, match="unknown article"):
        report_from_dict({"schema": SCHEMA, "articles": [], "timexes": [{"article": "a7", "start": 0, "end": 1}]})
