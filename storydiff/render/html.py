"""The report as one self-contained HTML page (inline CSS and SVG, no script, no CDN).

``render_html(report)`` fills ``templates/report.html``; ``html_context(report)`` is the
data the templates read, and ``environment()`` the Jinja2 environment (autoescape on), so
the web app can render the same partials (``_conflicts.html``, ``_matrix.html``,
``_timeline.html``, ``_entities.html``, ``_quotes.html``, ``_notes.html``, ``_texts.html``,
``_articles.html``) inside its own pages. All article text is escaped: it is data, never
markup.
"""

from __future__ import annotations

import datetime as dt
import functools
from functools import lru_cache
from typing import Any

import jinja2

from storydiff.model import Article, Report
from storydiff.render.highlight import article_highlights, highlight, note_severity
from storydiff.render.labels import STATUS_LABELS, name_articles, status_label
from storydiff.render.labels import report_keys as _keys
from storydiff.render.labels import report_labels as _labels
from storydiff.render.matrix import (
    anchor,
    build_matrix,
    coverage,
    ordered_entities,
    ordered_findings,
    shorten,
    story_title,
)
from storydiff.render.timeline import STATUS_ORDER, build_timeline, instant, local_label
from storydiff.render.timeline_svg import STATUS_COLOURS, article_colour, render_timeline_svg


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The Jinja2 environment of the report templates (autoescape on, strict undefined).

    Returns:
        The environment; its loader reads ``storydiff/render/templates``.
    """
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("storydiff.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["value_label"] = value_label
    env.filters["named"] = name_articles
    env.filters["status_label"] = functools.partial(status_label, capital=True)
    return env


def value_label(value: str | None) -> str:
    """A normalised value for a reader: an ISO instant as ``"19:00 UTC, 15 Aug 2025"``."""
    moment = instant(value)
    if moment is not None:
        return moment.strftime("%H:%M UTC, %d %b %Y")
    return value or ""


def _published(value: dt.datetime | dt.date | None) -> str:
    if value is None:
        return "date unknown"
    if isinstance(value, dt.datetime):
        return value.strftime("%d %b %Y %H:%M %Z").strip()
    return value.strftime("%d %b %Y")


def _written_as(article: Article | None, start: int, end: int, value: str | None) -> list[str]:
    """How the article wrote a time value inside one evidence span, with its local form:
    ``["22:30 MSK (Europe/Moscow) — “10:30 p.m. Moscow time”", ...]``."""
    if article is None or instant(value) is None:
        return []
    written = []
    for timex in article.timexes:
        if timex.start < end and start < timex.end and timex.value == value:
            local = local_label(timex)
            written.append(f"{local} — “{timex.text}”" if local else f"“{timex.text}”")
    return written


def _articles(report: Report, colours: dict[str, str]) -> list[dict[str, Any]]:
    labels, keys = _labels(report), _keys(report)
    articles = []
    for article in report.articles:
        source = article.url or article.source
        articles.append({
            "id": article.id,
            "key": keys[article.id],
            "outlet": labels[article.id],
            "title": article.title,
            "opening": shorten(article.text, 80),
            "published": _published(article.published),
            "dated": article.published is not None,
            "voice": article.voice or article.id,
            "source": source,
            "is_url": source.startswith(("http://", "https://")),
            "colour": colours[article.id],
            "words": len(article.text.split()),
            "removed": article.removed,
            "problems": [problem.message for problem in article.problems],
            "html": highlight(article.text, article_highlights(report, article)),
        })
    return articles


def _conflicts(report: Report, colours: dict[str, str]) -> list[dict[str, Any]]:
    by_id = {article.id: article for article in report.articles}
    labels, keys = _labels(report), _keys(report)
    conflicts = []
    for finding in ordered_findings(report):
        if finding.status != "conflict":
            continue
        conflicts.append({
            "id": finding.id,
            "kind": finding.kind,
            "summary": finding.summary,
            "relation": finding.relation,
            "newer": finding.newer,
            "evidence": [{
                "article": item.article,
                "key": keys.get(item.article, item.article),
                "outlet": labels.get(item.article, item.article),
                "colour": colours.get(item.article, "#555"),
                "value": value_label(item.value),
                "written": _written_as(by_id.get(item.article), item.start, item.end, item.value),
                "text": item.text,
                "href": "#" + anchor(item.article, item.start, item.end),
            } for item in finding.evidence],
        })
    # Updates after the contradictions: a newer report changed the value (docs/report.md).
    conflicts.sort(key=lambda c: c["relation"] == "update")
    return conflicts


def _entities(report: Report) -> list[dict[str, Any]]:
    covered = coverage(report)
    labels = _labels(report)
    entities = []
    for entity in ordered_entities(report):
        roles: dict[str, list[str]] = {}
        for role in entity.roles:
            holders = roles.setdefault(role.role, [])
            if labels.get(role.article, role.article) not in holders:
                holders.append(labels.get(role.article, role.article))
        entities.append({
            "id": entity.id,
            "name": entity.name,
            "type": entity.type,
            "aliases": entity.aliases,
            "roles": list(roles.items()),
            "coverage": [article.id in covered.get(entity.id, []) for article in report.articles],
        })
    return entities


def _quotes(report: Report, colours: dict[str, str]) -> list[dict[str, Any]]:
    names = {entity.id: entity.name for entity in report.entities}
    keys = _keys(report)
    quotes = []
    for article in report.articles:
        for quote in article.quotes:
            quotes.append({
                "article": article.id,
                "key": keys[article.id],
                "colour": colours[article.id],
                "text": quote.text,
                "speaker": names.get(quote.speaker_entity or "")
                or (quote.speaker.text if quote.speaker else "unknown speaker"),
                "cue": quote.cue.text if quote.cue else "",
                "direct": quote.direct,
                "href": f"#q-{article.id}-{quote.start}",
            })
    return quotes


def _notes(report: Report, colours: dict[str, str]) -> list[dict[str, Any]]:
    keys = _keys(report)
    return [{
        "article": article_id,
        "key": keys.get(article_id, article_id),
        "colour": colours.get(article_id, "#555"),
        "kind": note.kind.replace("_", " "),
        "severity": note_severity(note),
        "text": note.text,
        "suggestion": note.suggestion,
        "message": note.message,
        "href": f"#n-{article_id}-{note.kind}-{note.start}" if note.end > note.start else "",
    } for article_id, note in report.notes]


def html_context(report: Report) -> dict[str, Any]:
    """Everything the report templates show, as plain values and safe markup.

    Args:
        report: the report.

    Returns:
        A dict with ``title``, ``labels`` and ``keys`` (article id -> its label and its
        badge's short key), ``articles``, ``colours``, ``counts``, ``conflicts``,
        ``matrix``, ``timeline``, ``timeline_svg``, ``entities``, ``quotes``, ``notes``,
        ``status_colours``, ``status_order`` and ``status_labels``.
    """
    colours = {article.id: article_colour(i) for i, article in enumerate(report.articles)}
    timeline = build_timeline(report)
    return {
        "title": story_title(report),
        "labels": _labels(report),
        "keys": _keys(report),
        "articles": _articles(report, colours),
        "colours": colours,
        "counts": {status: sum(1 for f in report.findings if f.status == status) for status in STATUS_ORDER},
        "conflicts": _conflicts(report, colours),
        "matrix": build_matrix(report),
        "timeline": timeline,
        "timeline_svg": render_timeline_svg(report, timeline),
        "entities": _entities(report),
        "quotes": _quotes(report, colours),
        "notes": _notes(report, colours),
        "status_colours": STATUS_COLOURS,
        "status_order": STATUS_ORDER,
        "status_labels": {status: status_label(status, capital=True) for status in STATUS_LABELS},
    }


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page.

    Args:
        report: the report.

    Returns:
        The page (UTF-8 text): inline CSS and SVG, no external resource, works offline.
    """
    return environment().get_template("report.html").render(**html_context(report))


__all__ = ["environment", "html_context", "render_html", "value_label"]
