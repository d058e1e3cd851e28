"""JSON Lines: one article per line, ``{"text": ...}`` or ``{"html": ...}`` plus metadata.

Fields: ``text`` or ``html`` (one is required), and any of ``source``, ``url``, ``outlet``,
``title``, ``published`` (ISO 8601 date or date-time with offset), ``authors`` (a list or
one string), ``location``. docs/inputs.md documents the format.
"""

from __future__ import annotations

import json

from storydiff import settings
from storydiff.errors import InputError, UnsupportedFormat
from storydiff.ingest.dates import coerce_published
from storydiff.ingest.html import extract_html
from storydiff.ingest.jsondata import parse_json
from storydiff.ingest.markup import fragment_text
from storydiff.ingest.results import Batch, Failure
from storydiff.ingest.text import build_article, check_size, decode


def _authors(value: object) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [str(v) for v in value if str(v).strip()]
    return []


def read_record(record: dict, *, source: str):
    """Make an article from one JSON object.

    Args:
        record: the object (``text`` or ``html`` plus metadata).
        source: the name used when the record has no ``source`` or ``url``.

    Returns:
        The Article.

    Raises:
        UnsupportedFormat: the record has neither ``text`` nor ``html``.
        InputError: the text is empty or the page has no article.
    """
    # Only strings name things: a number or a list in "url" is ignored, not called .startswith on.
    url = record["url"].strip() or None if isinstance(record.get("url"), str) else None
    given = record.get("source") if isinstance(record.get("source"), str) and record["source"].strip() else None
    name = given or url or source
    if isinstance(record.get("html"), str) and record["html"].strip():
        html = record["html"]
        if "<body" in html.lower() or "<html" in html.lower():
            article = extract_html(html, source=name, url=url)
        else:
            article = build_article(fragment_text(html), source=name, url=url, strip_boilerplate=False)
    elif isinstance(record.get("text"), str):
        article = build_article(record["text"], source=name, url=url)
    else:
        raise UnsupportedFormat(source, 'has neither "text" nor "html"; give the article as {"text": "..."}')
    for key in ("outlet", "title"):
        if isinstance(record.get(key), str) and record[key].strip():
            setattr(article, key, record[key].strip())
    if record.get("published"):
        article.published = coerce_published(record["published"]) or article.published
    if record.get("authors"):
        article.authors = _authors(record["authors"])
    if isinstance(record.get("location"), str):
        article.location = record["location"]
    return article


def read_jsonl(data: bytes | str, *, source: str) -> Batch:
    """Read a JSON Lines file: one article per non-blank line; bad lines become failures.

    Args:
        data: the file's bytes or text.
        source: its path or URL; failures are named ``SOURCE:LINE``.

    Returns:
        A Batch with an article per good line and a failure per bad one.

    Raises:
        InputTooLarge: the file is over ``settings.MAX_BATCH_FILE_BYTES``.
        EncodingError: the bytes cannot be decoded.
    """
    if isinstance(data, bytes):
        check_size(len(data), source, settings.MAX_BATCH_FILE_BYTES)
        data, _ = decode(data, source)
    batch = Batch()
    for number, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            try:
                record = parse_json(line)
            except json.JSONDecodeError as error:
                raise UnsupportedFormat(where, f"is not valid JSON ({error.msg} at column {error.colno}); fix the line or remove it") from None
            except ValueError as error:
                raise UnsupportedFormat(where, f"cannot be read: {error}; fix the line or remove it") from None
            if not isinstance(record, dict):
                raise UnsupportedFormat(where, 'is not a JSON object; give each article as {"text": "..."}')
            batch.articles.append(read_record(record, source=where))
        except InputError as error:
            # Name the line, whatever the record calls itself, so the user can find it.
            batch.failures.append(Failure(where, error.code, f"{where}: {error.message}"))
    return batch
