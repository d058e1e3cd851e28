"""The web pages' presenters: pure functions over the report dict."""

from __future__ import annotations

from hypothesis import given, strategies as st

from storydiff.render.json import report_to_dict
from storydiff.render.timeline_svg import render_timeline_svg, timeline_svg_of
from storydiff.web import presenters
from storydiff.web.catalog import ID_PATTERN, Catalog, as_report_dict
from web_support import example_report, hostile_article

import pytest

from storydiff.errors import NotFound


@pytest.fixture(scope="module")
def report(example_dir):
    return report_to_dict(example_report(example_dir, extra=hostile_article()))


@given(st.text(max_size=60), st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70),
                                                 st.sampled_from(list(presenters.HIGHLIGHT_KINDS))), max_size=8))
def test_segments_always_rebuild_the_text(text, raw):
    spans = [{"start": a, "end": b, "kind": k, "title": k} for a, b, k in raw]
    pieces = presenters.segments(text, spans)
    assert "".join(p.text for p in pieces) == text
    for piece in pieces:
        assert piece.text  # no empty segments


def test_overlapping_spans_mark_both_kinds():
    text = 'He said "Lavrov arrived" today.'
    spans = [{"start": 8, "end": 24, "kind": "quote", "title": "q"},
             {"start": 9, "end": 15, "kind": "entity", "title": "e"}]
    pieces = presenters.segments(text, spans)
    assert [(p.text, p.kinds) for p in pieces] == [
        ("He said ", ()), ('"', ("quote",)), ("Lavrov", ("quote", "entity")),
        (' arrived"', ("quote",)), (" today.", ()),
    ]


def test_findings_sorted_conflicts_first(report):
    statuses = [f["status"] for f in presenters.sorted_findings(report)]
    assert statuses == ["conflict", "corroborated", "corroborated", "single_source"]
    assert presenters.status_counts(report) == {"conflict": 1, "corroborated": 2, "complementary": 0,
                                                "single_source": 1}


def test_the_web_draws_the_static_reports_timeline(example_dir, report):
    # One drawing: the web page's picture from the contract dict is the HTML report's.
    built = example_report(example_dir, extra=hostile_article())
    svg = str(timeline_svg_of(report))
    assert svg == str(render_timeline_svg(built))
    assert svg.count('class="mark-label conflict"') >= 2 and 'class="bracket"' in svg
    assert [m["text"] for m in presenters.timeline_marks(report)] == [m["text"] for m in report["timeline"]]


def test_timeline_of_a_report_without_clock_times(report):
    bare = {**report, "timeline": [m for m in report["timeline"] if "T" not in (m["value"] or "")]}
    assert presenters.timeline_marks(bare) == []
    assert str(timeline_svg_of(bare)) == ""


def test_entity_rows_use_coverage(report):
    rows = presenters.entity_rows(report)
    assert rows[0].coverage == ["Delegation report", "Magadan report"]
    assert rows[-1].entity["name"] == "Magadan" and rows[-1].coverage == ["Magadan report"]


def test_article_spans_point_into_the_text(report):
    text = next(a["text"] for a in report["articles"] if a["id"] == "a2")
    spans = presenters.article_spans(report, "a2")
    assert spans and all(text[s["start"]:s["end"]] == s["text"] for s in spans)


def test_nice_value():
    assert presenters.nice_value("2025-08-15T19:00:00Z") == "Fri 15 Aug 2025 19:00 UTC"
    assert presenters.nice_value("Il-96") == "Il-96"


@pytest.mark.parametrize("bad", ["../x", "a/b", "", ".hidden", "x" * 65, "a%2Fb", "a b", "a.json"])
def test_malformed_ids_are_refused(bad):
    assert not ID_PATTERN.match(bad)
    with pytest.raises(NotFound):
        Catalog(None).report(bad)


def test_catalog_keeps_the_newest_reports(report):
    catalog = Catalog(None, keep=2)
    ids = [catalog.save_report(report) for _ in range(3)]
    with pytest.raises(NotFound):
        catalog.report(ids[0])
    assert catalog.report(ids[2]) is not None
    assert [r["id"] for r in catalog.reports()] == [ids[2], ids[1]]


def test_contract_dict_without_derived_keys_gets_them(report):
    bare = {k: v for k, v in report.items() if k not in ("matrix", "timeline")}
    again = as_report_dict(bare)
    assert again["matrix"] == report["matrix"] and again["timeline"] == report["timeline"]


def test_timeline_ticks_show_the_year_when_the_span_crosses_one():
    def svg(*values: str) -> str:
        return str(timeline_svg_of({"articles": [{"id": "a1", "outlet": "NPR"}],
                                    "timeline": [{"article": "a1", "outlet": "NPR", "start": 0, "end": 1, "text": v,
                                                  "value": v, "utc": v, "local": None, "zone": None,
                                                  "granularity": "minute"} for v in values]}))

    assert ">2014<" in svg("2014-03-01T10:00:00Z", "2025-08-15T19:00:00Z")
    assert ">31 Dec 2024 22:00<" in svg("2024-12-31T22:00:00Z", "2025-01-01T02:00:00Z")