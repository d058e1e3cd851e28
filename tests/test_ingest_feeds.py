"""RSS, Atom and JSON Lines, and the XML attacks refused before feedparser sees them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from storydiff.errors import NoArticleFound, UnsafeXML
from storydiff.ingest.feeds import read_feed
from storydiff.ingest.jsonl import read_jsonl

INPUTS = Path(__file__).parent / "data" / "inputs"


def test_rss_entries_become_articles_and_title_only_entries_fail():
    batch = read_feed((INPUTS / "feed.rss").read_bytes(), source="feed.rss")
    assert [a.title for a in batch.articles] == [
        "Bridge closed to trucks after inspection", "School board approves new calendar"]
    first = batch.articles[0]
    assert first.outlet == "Valley Courier"
    assert first.url == "https://www.valleycourier.example.com/news/bridge-closed"
    assert first.authors == ["Lena Park"]
    assert first.published == dt.datetime(2024, 3, 5, 16, 45, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert first.text.startswith("The county closed the Mill Street bridge")
    assert "<p>" not in batch.articles[1].text
    assert [f.code for f in batch.failures] == ["empty"]
    assert batch.failures[0].source == "https://www.valleycourier.example.com/photos/spring-market"


def test_atom_entry():
    batch = read_feed((INPUTS / "feed.atom").read_bytes(), source="feed.atom")
    (article,) = batch.articles
    assert article.authors == ["Dr. Ines Moreau"]
    assert article.published == dt.datetime(2024, 5, 2, 9, 15, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert "1,240 grey seals" in article.text


@pytest.mark.parametrize("name", ["bomb.rss", "xxe.rss"])
def test_entity_declarations_are_refused(name):
    with pytest.raises(UnsafeXML) as raised:
        read_feed((INPUTS / name).read_bytes(), source=name)
    assert str(raised.value).startswith(f"{name}: declares XML entities (EntitiesForbidden)")
    assert "\n" not in str(raised.value)


def test_not_a_feed():
    with pytest.raises(NoArticleFound, match=r"^notes\.xml: is not an RSS or Atom feed with entries"):
        read_feed(b"<?xml version='1.0'?><notes><note>hi</note></notes>", source="notes.xml")


def test_jsonl_good_lines_stored_bad_lines_reported():
    batch = read_jsonl((INPUTS / "articles.jsonl").read_bytes(), source="articles.jsonl")
    assert [a.outlet for a in batch.articles] == ["Northern Post", "Airport Weekly"]
    assert batch.articles[0].published == dt.datetime(2024, 6, 7, 11, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert batch.articles[1].published == dt.date(2024, 6, 7)
    assert batch.articles[1].text.startswith("The terminal cost 85 million euros")
    assert [(f.source, f.code) for f in batch.failures] == [
        ("articles.jsonl:4", "unsupported"), ("articles.jsonl:5", "unsupported")]
    assert batch.failures[1].message == 'articles.jsonl:5: has neither "text" nor "html"; give the article as {"text": "..."}'
