"""The report as JSON: the ``storydiff.report/1`` contract of DESIGN.md, and back.

``report_to_dict`` writes the contract's fields under their contract names (articles,
entities, timexes, quantities, identifiers, quotes, findings, notes) and adds what the
contract welcomes: mentions, attributions, claims, sentences, voices, a timeline, the
fact-by-article matrix, entity coverage and the inputs refused. Per-article extractions live in the article's
lists in the model; here they become top-level lists whose items carry ``"article": id``
and keep their order inside each article, so indices between them (``Claim.quote``,
``Argument.ref``, ``Mention.antecedent``) keep their meaning.

``report_from_dict`` reads that back into a ``Report`` that serialises to the same dict:
the store caches reports with it and the web app serves them. The derived views
(``voices``, ``timeline``, ``matrix``) are computed from the report on every write and
never read back, so a stored copy cannot disagree with the findings; keys this version
does not know are kept in ``Report.extra`` and written again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from storydiff.model import (
    SCHEMA,
    Article,
    Attribution,
    Claim,
    Entity,
    Finding,
    Identifier,
    Mention,
    Note,
    Quantity,
    Quote,
    Refused,
    Report,
    Story,
    Timex,
)
from storydiff.render.matrix import build_matrix, coverage
from storydiff.render.timeline import build_timeline
from storydiff.serialize import from_plain, moment_from_iso, to_plain

#: Per-article lists written at the top level of the report, with the model class of
#: their items (the contract's four first, then the extra ones).
ARTICLE_LISTS: dict[str, type] = {
    "timexes": Timex,
    "quantities": Quantity,
    "identifiers": Identifier,
    "quotes": Quote,
    "mentions": Mention,
    "attributions": Attribution,
    "claims": Claim,
}

#: Keys derived from the rest on every write; reading ignores them (they are rebuilt).
#: ``coverage`` is derived too when the report has none, but the compare stage sets its
#: own (``Report.coverage``), so reading keeps it.
DERIVED_KEYS = ("voices", "timeline", "matrix")

# Article fields that stay inside the article's own dict (the rest go to top-level lists).
_ARTICLE_SKIP = set(ARTICLE_LISTS)


def parse_published(value: str | None) -> dt.datetime | dt.date | None:
    """An article's ``published`` from its ISO form: a date, or an aware datetime.

    Args:
        value: ``"2025-08-15"`` or ``"2025-08-15T10:00:00+00:00"`` (a trailing ``Z`` is read
            as UTC), or None.

    Returns:
        A ``date`` when the string holds only a date, else a ``datetime``; None for None.

    Raises:
        ValueError: the string is not ISO 8601.
    """
    return moment_from_iso(value)


def article_entry(article: Article) -> dict[str, Any]:
    """One article's entry in a report: metadata, text and own fields, not its span lists.

    Not :func:`storydiff.serialize.article_to_dict`, which keeps every span in the
    store's tagged form; this one writes the report contract's plain form.

    Args:
        article: an article, analysed or not.

    Returns:
        A JSON-ready dict: the contract's ``id, source, outlet, title, published, voice,
        text, removed`` first, then every other ``Article`` field except the lists that
        ``report_to_dict`` writes at the top level (timexes, quantities, ...).
    """
    head = ("id", "source", "outlet", "title", "published", "voice", "text", "removed")
    out = {name: to_plain(getattr(article, name)) for name in head}
    for f in dataclasses.fields(article):
        if f.name not in out and f.name not in _ARTICLE_SKIP:
            out[f.name] = to_plain(getattr(article, f.name))
    return out


def article_from_entry(data: dict[str, Any]) -> Article:
    """The inverse of ``article_entry`` (lists not in ``data`` stay empty).

    Args:
        data: a dict as written by ``article_entry``; it may also hold the per-article
            lists (``timexes``, ``mentions``, ...) as lists of dicts.

    Returns:
        An ``Article``.
    """
    article = from_plain(Article, data)
    article.offset_map = [tuple(pair) for pair in article.offset_map]  # JSON has no tuples
    return article


def _item_dict(name: str, article_id: str, item: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"article": article_id}
    out.update(to_plain(item))
    if name == "quotes":
        # Contract: "speaker" is the entity id; the speaker's own words stay beside it.
        speaker_span = out.pop("speaker")
        out["speaker"] = item.speaker_entity
        out["speaker_text"] = item.speaker.text if item.speaker else None
        out["speaker_span"] = speaker_span
        out.pop("speaker_entity")
    return out


def _item_from_dict(name: str, data: dict[str, Any]) -> Any:
    data = dict(data)
    if name == "quotes":
        data["speaker_entity"] = data.pop("speaker", None)
        data["speaker"] = data.pop("speaker_span", None)
    return from_plain(ARTICLE_LISTS[name], data)


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as the ``storydiff.report/1`` dict of DESIGN.md, plus derived extras.

    Args:
        report: a report from ``storydiff.compare.compare`` (or read back from JSON).

    Returns:
        A JSON-ready dict. Besides the contract it holds ``story``, ``mentions``,
        ``attributions``, ``claims``, ``voices`` (voice id -> article ids), ``timeline`` and
        ``matrix`` (``storydiff.render.timeline`` / ``matrix``), ``coverage`` (entity id ->
        article ids), ``refused`` (the inputs not read, when ``report.refused`` is set)
        and whatever ``report.extra`` holds (keys a reader did not know).
    """
    out: dict[str, Any] = {"schema": report.schema or SCHEMA}
    out["articles"] = [article_entry(article) for article in report.articles]
    out["entities"] = [to_plain(entity) for entity in report.entities]
    for name in ARTICLE_LISTS:
        out[name] = [
            _item_dict(name, article.id, item)
            for article in report.articles
            for item in getattr(article, name)
        ]
    out["findings"] = [to_plain(finding) for finding in report.findings]
    out["notes"] = [{"article": article_id, **to_plain(note)} for article_id, note in report.notes]
    out["story"] = to_plain(report.story)
    voices: dict[str, list[str]] = {}
    for article in report.articles:
        voices.setdefault(article.voice or article.id, []).append(article.id)
    out["voices"] = voices
    out["coverage"] = coverage(report)  # the compare stage's own when it set one
    out["timeline"] = [to_plain(mark) for mark in build_timeline(report).marks]
    out["matrix"] = to_plain(build_matrix(report))
    if report.refused is not None:
        out["refused"] = to_plain(report.refused)
    for key, value in report.extra.items():
        if key not in out:  # a known key is the model's to write, never overwritten
            out[key] = to_plain(value)
    return out


def report_from_dict(data: dict[str, Any]) -> Report:
    """A ``Report`` from a dict written by ``report_to_dict`` (e.g. a cached JSON report).

    Args:
        data: the parsed JSON of a ``storydiff.report/1`` report.

    Returns:
        The report; ``report_to_dict`` of it equals ``data`` (derived keys are rebuilt).

    Raises:
        ValueError: ``data`` is not a ``storydiff.report/1`` report.
    """
    schema = data.get("schema")
    if schema != SCHEMA:
        raise ValueError(f"not a {SCHEMA} report (schema is {schema!r}); re-create it with storydiff compare")
    articles = [article_from_entry(item) for item in data.get("articles", [])]
    by_id = {article.id: article for article in articles}
    for name in ARTICLE_LISTS:
        for item in data.get(name, []):
            article = by_id.get(item.get("article"))
            if article is None:
                raise ValueError(f"{name} item points at unknown article {item.get('article')!r}")
            getattr(article, name).append(_item_from_dict(name, item))
    known = {"schema", "articles", "entities", "findings", "notes", "story", "coverage", "refused",
             *ARTICLE_LISTS, *DERIVED_KEYS}
    extra = {key: value for key, value in data.items() if key not in known}
    given_coverage = data.get("coverage")
    refused = data.get("refused")
    report = Report(
        articles=articles,
        entities=[from_plain(Entity, item) for item in data.get("entities", [])],
        findings=[from_plain(Finding, item) for item in data.get("findings", [])],
        notes=[(item.get("article", ""), from_plain(Note, item)) for item in data.get("notes", [])],
        story=from_plain(Story, data["story"]) if data.get("story") else None,
        coverage=(
            {str(key): list(value) for key, value in given_coverage.items()}
            if isinstance(given_coverage, dict) else None
        ),
        refused=[from_plain(Refused, item) for item in refused] if isinstance(refused, list) else None,
        extra=extra,
        schema=schema,
    )
    return report


def to_json(report: Report, indent: int | None = 2) -> str:
    """The report as ``storydiff.report/1`` JSON text.

    Args:
        report: the report.
        indent: spaces per level, or None for one line.

    Returns:
        The JSON text (UTF-8 characters kept as they are).
    """
    return json.dumps(report_to_dict(report), indent=indent, ensure_ascii=False)


def from_json(text: str) -> Report:
    """A ``Report`` from ``storydiff.report/1`` JSON text (see ``report_from_dict``).

    Args:
        text: the JSON.

    Returns:
        The report.

    Raises:
        ValueError: the text is not JSON or not a ``storydiff.report/1`` report.
    """
    return report_from_dict(json.loads(text))


__all__ = [
    "ARTICLE_LISTS",
    "article_from_entry",
    "article_entry",
    "from_json",
    "parse_published",
    "report_from_dict",
    "report_to_dict",
    "to_json",
]
