"""Fuzzing every reader (issue 19): text bytes, HTML, RSS/Atom, JSON Lines, sidecars.

Each must give articles or a typed failure (an ``InputError`` with a one-line message),
never another exception, and every article's offsets must still map back into what was
read: each letter or digit of the cleaned text is found at its mapped offset of the
original (clean-up changes spaces, quotes, dashes and invisible characters, never letters).

Hypothesis runs a fixed number of examples from a fixed seed (``derandomize``): seconds
per reader, the same examples on every machine. ``STORYDIFF_FUZZ_EXAMPLES=5000`` runs
each one longer (docs/security.md).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from storydiff.errors import InputError
from storydiff.ingest.feeds import read_feed
from storydiff.ingest.html import extract_html
from storydiff.ingest.jsonl import read_jsonl
from storydiff.ingest.results import Batch
from storydiff.ingest.sources import apply_metadata, read_bytes, read_sidecar, sidecar_path
from storydiff.ingest.text import read_text
from storydiff.model import Article

EXAMPLES = int(os.environ.get("STORYDIFF_FUZZ_EXAMPLES", "0")) or None


def fuzz(default: int):
    """Hypothesis settings: ``default`` examples (or $STORYDIFF_FUZZ_EXAMPLES), a fixed seed."""
    return settings(max_examples=EXAMPLES or default, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


#: Words and the characters that clean-up and the parsers treat specially.
PIECES = ["Officials", "met", "in", "Anchorage", "on", "Friday", "at", "2200", "Moscow", "time", ".", ",",
          " ", "  ", "\n", "\n\n", "\r\n", "\t", "\u00a0", "\u200b", "\u00ad", "\u201c", "\u201d", "\u2019",
          "\u2011", "\u2212", "e\u0301", "\ufeff", "\x00", "\x07", "\ud800", "\udc00", "&amp;", "&#0;", "&bogus;",
          "<", ">", "&", "]]>", "<![CDATA[", "<!--", "-->", "<script>", "</p>", "\"", "'", "\\", "€", "日本",
          "Share this article", "Read more", "Advertisement"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
ENCODINGS = st.sampled_from(["utf-8", "utf-16", "utf-32", "latin-1", "cp1252", "utf-8-sig", "koi8-r"])


def encoded(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace") if encoding != "utf-8" else text.encode("utf-8", "surrogatepass")


def check_offsets(article: Article) -> None:
    assert article.text and article.text == article.text.strip()
    original = article.original or article.text
    for index, char in enumerate(article.text):
        if char.isascii() and char.isalnum():
            mapped = article.original_offset(index)
            assert original[mapped] == char, (index, char, mapped)
    article.text.encode("utf-8")  # no lone surrogate left: hashing and SQLite need this
    article.outlet.encode("utf-8")
    article.title.encode("utf-8")


def read_or_fail(read, *args, **kwargs) -> list[Article]:
    """Run a reader: its articles (offsets checked), [] for a typed failure; anything else fails."""
    try:
        result = read(*args, **kwargs)
    except InputError as error:
        message = str(error)
        assert message and "\n" not in message and message.startswith(error.source)
        return []
    articles = result.articles if isinstance(result, Batch) else [result]
    for article in articles:
        check_offsets(article)
    if isinstance(result, Batch):
        for failure in result.failures:
            assert failure.message and "\n" not in failure.message
    return articles


@fuzz(300)
@given(st.binary(max_size=3000))
def test_text_reader_takes_any_bytes(data):
    read_or_fail(read_text, data, source="fuzz.txt")


@fuzz(300)
@given(TEXT, ENCODINGS)
def test_text_reader_maps_offsets_back(text, encoding):
    read_or_fail(read_text, encoded(text, encoding), source="fuzz.txt")
    read_or_fail(read_text, text, source="pasted")


TAGS = ["p", "div", "article", "main", "span", "b", "i", "a href='x'", "script", "style", "h1", "li", "br",
        "table", "td", "noscript", "template", "svg", "math", "iframe", "meta charset='koi8-r'",
        "script type='application/ld+json'"]


@st.composite
def html_pages(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 12))):
        tag = draw(st.sampled_from(TAGS))
        name = tag.split()[0]
        body = draw(TEXT)
        if "ld+json" in tag:
            body = draw(st.sampled_from(['{"@type": "NewsArticle", "headline": "H", "author": {"name": "\\ud800"}}',
                                         "[" * 3000 + "]" * 3000, '{"@graph": [[[[{"@type": "Article"}]]]]}',
                                         "not json"]))
        closed = draw(st.booleans())
        parts.append(f"<{tag}>{body}" + (f"</{name}>" if closed else ""))
    title = draw(TEXT)
    shell = draw(st.sampled_from(["<!doctype html><html><head><title>{t}</title></head><body>{b}</body></html>",
                                  "<html><body><article><h1>{t}</h1>{b}</article></body></html>",
                                  "{b}", "<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'>{b}</html>"]))
    return shell.replace("{t}", title).replace("{b}", "".join(parts))


@fuzz(100)
@given(html_pages(), ENCODINGS)
def test_html_reader_gives_articles_or_a_typed_failure(page, encoding):
    read_or_fail(extract_html, encoded(page, encoding), source="fuzz.html")


@fuzz(100)
@given(st.binary(max_size=2000))
def test_html_reader_takes_any_bytes(data):
    read_or_fail(extract_html, b"<html><body>" + data, source="fuzz.html")


@st.composite
def feeds(draw) -> bytes:
    atom = draw(st.booleans())
    entries = []
    for _ in range(draw(st.integers(0, 4))):
        body = draw(TEXT)
        wrapped = draw(st.sampled_from(["{x}", "<![CDATA[{x}]]>", "&lt;p&gt;{x}&lt;/p&gt;"])).replace("{x}", body)
        title, date = draw(TEXT), draw(st.sampled_from(["Fri, 15 Aug 2025 10:00:00 GMT", "2025-08-15T10:00:00Z",
                                                        "yesterday", "", "\ud800"]))
        if atom:
            entries.append(f"<entry><title>{title}</title><updated>{date}</updated>"
                           f"<content type='html'>{wrapped}</content></entry>")
        else:
            entries.append(f"<item><title>{title}</title><pubDate>{date}</pubDate>"
                           f"<description>{wrapped}</description></item>")
    head = draw(st.sampled_from(["<?xml version='1.0' encoding='utf-8'?>", "",
                                 "<!DOCTYPE rss [<!ENTITY x 'boom'>]>",
                                 "<!DOCTYPE rss SYSTEM 'file:///etc/passwd'>"]))
    if atom:
        document = f"{head}<feed xmlns='http://www.w3.org/2005/Atom'><title>{draw(TEXT)}</title>{''.join(entries)}</feed>"
    else:
        document = f"{head}<rss version='2.0'><channel><title>{draw(TEXT)}</title>{''.join(entries)}</channel></rss>"
    if draw(st.booleans()):  # cut it anywhere: malformed XML
        document = document[: draw(st.integers(0, len(document)))]
    return document.encode("utf-8", "surrogatepass")


@fuzz(150)
@given(feeds())
def test_feed_reader_gives_articles_or_a_typed_failure(feed):
    read_or_fail(read_feed, feed, source="fuzz.rss")


JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXT)
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                                 st.dictionaries(TEXT, inner, max_size=3)),
                           max_leaves=8)
FIELDS = ["text", "html", "source", "url", "outlet", "title", "published", "authors", "location"]


@st.composite
def jsonl_files(draw) -> bytes:
    lines = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.integers(0, 4))
        if kind == 0:
            lines.append(json.dumps(draw(JSON_VALUES)))
        elif kind == 1:  # a record with some of the known fields, any values
            record = {key: draw(st.one_of(TEXT, JSON_VALUES)) for key in draw(st.lists(st.sampled_from(FIELDS), max_size=5))}
            lines.append(json.dumps(record))
        elif kind == 2:  # a lone surrogate escape, as a hostile file holds it
            lines.append('{"text": "Officials met \\ud800 on Friday.", "outlet": "\\udfff"}')
        elif kind == 3:
            depth = draw(st.sampled_from([10, 5000, 50_000]))
            lines.append('{"text": ' + "[" * depth + "]" * depth + "}")
        else:
            lines.append(draw(TEXT))
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@fuzz(200)
@given(jsonl_files())
def test_json_lines_reader_fails_line_by_line(data):
    articles = read_or_fail(read_jsonl, data, source="fuzz.jsonl")
    assert len(articles) <= data.count(b"\n") + 1


@fuzz(100)
@given(st.one_of(feeds(), jsonl_files(), html_pages().map(lambda p: p.encode("utf-8", "surrogatepass")),
                 st.binary(max_size=1000)))
def test_dispatch_reads_whatever_it_sniffs(data):
    read_or_fail(read_bytes, data, source="fuzz-input")


SIDECAR_VALUES = st.one_of(
    st.dictionaries(st.sampled_from(["published", "outlet", "title", "url", "authors", "location", "language",
                                     "unknown"]), JSON_VALUES, max_size=4).map(json.dumps),
    JSON_VALUES.map(json.dumps),
    TEXT,
)


@fuzz(100)
@given(SIDECAR_VALUES)
def test_sidecars_give_metadata_or_a_typed_failure(content):
    with tempfile.TemporaryDirectory() as folder:
        article_path = Path(folder) / "story.txt"
        article_path.write_text("Officials met in Anchorage on Friday.", encoding="utf-8")
        sidecar_path(article_path).write_text(content, encoding="utf-8", errors="surrogatepass")
        try:
            meta = read_sidecar(article_path)
            article = read_text(article_path.read_bytes(), source=str(article_path))
            apply_metadata(article, meta, str(sidecar_path(article_path)))
        except InputError as error:
            assert "\n" not in str(error)
            return
        for key in ("outlet", "title", "location"):
            getattr(article, key).encode("utf-8") if getattr(article, key) else None
        assert all(isinstance(name, str) for name in article.authors)


@fuzz(150)
@given(st.lists(st.tuples(st.sampled_from(["a.txt", "b.html", "c.txt"]), SIDECAR_VALUES), max_size=3))
def test_uploaded_sidecars_are_used_or_refused_with_a_reason(sidecars):
    from storydiff.web.inputs import Given, attach_sidecars

    files = [Given(kind="file", name="a.txt", data=b"One."), Given(kind="file", name="b.html", data=b"<p>Two.</p>")]
    uploads = [(name.rsplit(".", 1)[0] + ".meta.json", content.encode("utf-8", "surrogatepass"))
               for name, content in sidecars]
    refused = attach_sidecars(files, uploads)
    assert len(refused) <= len(uploads)
    for item in refused:
        assert item.error.startswith(item.source) and "\n" not in item.error
