"""HTML pages: main text, metadata with time of day and zone, bad pages; AEB extraction."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from storydiff.errors import NoArticleFound
from storydiff.ingest.dates import parse_published
from storydiff.ingest.html import extract_html

INPUTS = Path(__file__).parent / "data" / "inputs"


def test_article_page_text_and_metadata():
    article = extract_html((INPUTS / "article.html").read_bytes(), source="article.html")
    assert "Ferries between the mainland and the northern islands sailed again" in article.text
    assert '"We are relieved that islanders can travel again," said Karin Dahl' in article.text
    assert "Most read" not in article.text and "Privacy" not in article.text
    assert article.title == "Ferry service resumes after three-day strike"
    assert article.outlet == "Harbour Times"
    assert article.authors == ["Maria Olsen", "Jon Berg"]
    # JSON-LD datePublished wins, with its own offset kept.
    assert article.published == dt.datetime(2024, 3, 14, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert article.url == "https://www.harbourtimes.example.co.uk/news/ferry-strike-ends"
    # Curly quotes are straightened in the text; the original keeps them.
    assert "\u201cWe are relieved" in article.original


def test_outlet_falls_back_to_registered_domain():
    html = ("<html><body><article><p>" + "The harbour reopened on Thursday after the storm passed. " * 6
            + "</p></article></body></html>")
    article = extract_html(html, source="x.html", url="https://news.harbourtimes.example.co.uk/a/1")
    assert article.outlet == "example.co.uk"


def test_malformed_html_still_gives_the_article():
    article = extract_html((INPUTS / "malformed.html").read_bytes(), source="malformed.html")
    assert "Harbour master Tomas Lindqvist said about 40 vessels" in article.text
    assert "Home" not in article.text


def test_page_without_article_is_a_clear_error():
    with pytest.raises(NoArticleFound) as raised:
        extract_html((INPUTS / "no-article.html").read_bytes(), source="no-article.html")
    assert str(raised.value) == (
        "no-article.html: holds no article text that storydiff can find; "
        "save the article's text as a .txt file and give that"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-08-15T22:00:00+03:00", dt.datetime(2025, 8, 15, 22, 0, tzinfo=dt.timezone(dt.timedelta(hours=3)))),
        ("Fri, 15 Aug 2025 19:00:00 GMT", dt.datetime(2025, 8, 15, 19, 0, tzinfo=dt.timezone.utc)),
        ("August 15, 2025 10:30 AM EDT", dt.datetime(2025, 8, 15, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=-4)))),
        ("Aug. 15, 2025, 10:02 a.m. ET", dt.datetime(2025, 8, 15, 10, 2, tzinfo=dt.timezone(dt.timedelta(hours=-4)))),
        ("Jan. 15, 2025, 10:02 a.m. ET", dt.datetime(2025, 1, 15, 10, 2, tzinfo=dt.timezone(dt.timedelta(hours=-5)))),
        ("2025-08-15T22:00:00", dt.date(2025, 8, 15)),  # no zone: only the date is certain
        ("15 August 2025", dt.date(2025, 8, 15)),
        ("not a date", None),
        ("2025-02-30", None),
    ],
)
def test_parse_published(value, expected):
    assert parse_published(value) == expected


_TOKEN = re.compile(r"\w+")


def _shingles(text: str) -> Counter:
    words = _TOKEN.findall(text)
    return Counter(tuple(words[i:i + 4]) for i in range(len(words) - 3))


@pytest.mark.slow
def test_aeb_extraction_f1_reaches_the_floor(shared_data):
    """The AEB metric (4-gram shingles, mean precision and recall): floor 0.95."""
    folder = shared_data / "aeb"
    gold = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    precisions, recalls = [], []
    for key, value in gold.items():
        html = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        predicted = _shingles(extract_html(html, source=key).text)
        truth = _shingles(value["articleBody"])
        tp = sum((predicted & truth).values())
        fp, fn = sum((predicted - truth).values()), sum((truth - predicted).values())
        if fp == fn == 0:
            precisions.append(1.0), recalls.append(1.0)
        elif tp == 0:
            precisions.append(0.0), recalls.append(0.0)
        else:
            precisions.append(tp / (tp + fp)), recalls.append(tp / (tp + fn))
    p, r = sum(precisions) / len(precisions), sum(recalls) / len(recalls)
    assert 2 * p * r / (p + r) >= 0.95


def test_declared_charset_is_used_for_pages_that_are_not_utf8():
    body = ("<p>" + "Министр обороны Андрей Белоусов прибыл на Аляску в пятницу вместе с делегацией. " * 3
            + "</p><p>Переговоры начались в 11:30 по местному времени.</p>")
    page = f'<html><head><meta charset="windows-1251"><title>Т</title></head><body><article>{body}</article></body></html>'
    article = extract_html(page.encode("cp1251"), source="ru.html")
    assert "Андрей Белоусов прибыл на Аляску" in article.text
