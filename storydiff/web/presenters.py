"""Turn a report (the ``storydiff.report/1`` dict) into what the pages show.

The web app works on the report *contract*, not on the dataclasses: the JSON twin of a
page is exactly the data its template was rendered from, and a report read back from the
store looks the same as one just computed. Every function here is pure (no I/O).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from storydiff.render.labels import STATUS_LABELS, article_labels, base_label
from storydiff.render.timeline import STATUS_ORDER, instant, utc_label
from storydiff.serialize import moment_from_iso

#: The highlight kinds of the article page and their legend names, in legend order.
HIGHLIGHT_KINDS = {"entity": "entities", "time": "times", "quantity": "numbers", "identifier": "identifiers",
                   "quote": "quotes", "note": "notes"}


def article_label(article: dict[str, Any]) -> str:
    """The short name of an article on its own: its outlet, else its title, else the last
    part of its source (never a server path). Within a report use :func:`labels_of`,
    which also tells two articles of one outlet apart.

    Args:
        article: one entry of ``report["articles"]``.

    Returns:
        A non-empty label.
    """
    return base_label(article)


def labels_of(report: dict[str, Any]) -> dict[str, str]:
    """Article id -> its label in this report: the outlet, with a badge (``"NPR #2"``)
    when the outlet has more than one article here (``storydiff.render.labels``)."""
    return article_labels(report.get("articles", []))


def nice_value(value: Any) -> str:
    """A normalised value for people: a UTC instant as ``"Fri 15 Aug 2025 19:00 UTC"``,
    anything else as it is."""
    moment = instant(value) if isinstance(value, str) else None
    return utc_label(moment) if moment else str(value)


def when(value: Any) -> str:
    """A publication value for people: a date stays a date (``"2025-08-15"``); a time
    reads ``"2025-08-15 10:00 UTC"`` or ``"2025-08-15 22:00 +03:00"``. What cannot be
    read is shown as it is."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        return value.isoformat()
    else:
        text = str(value).strip()
        if len(text) <= 10:
            return text
        try:
            moment = moment_from_iso(text)
        except ValueError:
            return text
    offset = moment.utcoffset()
    zone = "" if offset is None else "UTC" if not offset else moment.strftime("%z")
    if zone not in ("", "UTC"):
        zone = f"{zone[:3]}:{zone[3:]}"
    return f"{moment:%Y-%m-%d %H:%M} {zone}".strip()


def articles_by_id(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Index ``report["articles"]`` by id."""
    return {a["id"]: a for a in report.get("articles", [])}


def sorted_findings(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Findings in the render stage's ``STATUS_ORDER`` (conflicts first).

    Within one status the report's own order is kept (it follows the text).
    """
    rank = {status: i for i, status in enumerate(STATUS_ORDER)}
    findings = list(report.get("findings", []))
    return sorted(findings, key=lambda f: rank.get(f.get("status", ""), len(rank)))


def status_counts(report: dict[str, Any]) -> dict[str, int]:
    """How many findings have each status (every status present, zero when none)."""
    counts = {status: 0 for status in STATUS_ORDER}
    for finding in report.get("findings", []):
        status = finding.get("status", "")
        counts[status] = counts.get(status, 0) + 1
    return counts


@dataclass
class Side:
    """One article's side of a conflict: its value and the sentence it rests on."""

    article: str
    label: str
    value: str | None
    text: str
    start: int
    end: int


def conflict_sides(finding: dict[str, Any], report: dict[str, Any]) -> list[Side]:
    """The evidence of one finding as sides to show next to each other.

    Args:
        finding: one entry of ``report["findings"]``.
        report: the report it belongs to (for outlet names).

    Returns:
        One side per evidence item, in the finding's order.
    """
    index = articles_by_id(report)
    names = labels_of(report)
    sides = []
    for ev in finding.get("evidence", []):
        article = index.get(ev.get("article", ""), {"id": ev.get("article", "?")})
        sides.append(
            Side(
                article=article.get("id", "?"),
                label=names.get(article.get("id", "?")) or article_label(article),
                value=ev.get("value"),
                text=ev.get("text", ""),
                start=ev.get("start", 0),
                end=ev.get("end", 0),
            )
        )
    return sides


def matrix_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The fact-by-article matrix of the render stage (``report["matrix"]``), each row
    joined with its finding so the page can link and label it.

    Args:
        report: a ``storydiff.report/1`` dict as written by ``report_to_dict``.

    Returns:
        ``report["matrix"]["rows"]`` in their order, each with ``"finding_data"`` added.
    """
    findings = {f.get("id"): f for f in report.get("findings", [])}
    rows = []
    for row in (report.get("matrix") or {}).get("rows", []):
        rows.append({**row, "finding_data": findings.get(row.get("finding"), {})})
    return rows


def timeline_marks(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The report's timeline marks that have a clock time (``report["timeline"]``, from
    ``storydiff.render.timeline``), in UTC order: the list under the picture, which
    ``storydiff.render.timeline_svg.timeline_svg_of`` draws."""
    return [mark for mark in report.get("timeline") or [] if instant(mark.get("value")) is not None]


@dataclass
class EntityRow:
    entity: dict[str, Any]
    roles: list[tuple[str, str]]  # (role, article label)
    coverage: list[str]  # labels of the articles that mention it
    mentions: int


def entity_rows(report: dict[str, Any]) -> list[EntityRow]:
    """Entities with their roles and coverage, the most widely covered first.

    Args:
        report: a ``storydiff.report/1`` dict.

    Returns:
        One row per entity, sorted by (articles mentioning it, mentions) descending.
    """
    names = labels_of(report)
    rows = []
    for entity in report.get("entities", []):
        mentions = entity.get("mentions", [])
        covered = (report.get("coverage") or {}).get(entity.get("id")) or list(
            dict.fromkeys(m.get("article", "") for m in mentions)
        )
        roles = list(
            dict.fromkeys(
                (r.get("role", ""), names.get(r.get("article", ""), r.get("article", "?")))
                for r in entity.get("roles", [])
            )
        )
        rows.append(
            EntityRow(
                entity=entity,
                roles=roles,
                coverage=[names.get(a, a) for a in covered],
                mentions=len(mentions),
            )
        )
    rows.sort(key=lambda r: (-len(r.coverage), -r.mentions, r.entity.get("name", "")))
    return rows


def quote_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Quotes with the speaker's name and the article's label filled in."""
    labels = labels_of(report)
    names = {e["id"]: e.get("name", e["id"]) for e in report.get("entities", [])}
    rows = []
    for quote in report.get("quotes", []):
        speaker = quote.get("speaker")
        rows.append(
            {
                **quote,
                "speaker_name": names.get(speaker, speaker) if speaker else None,
                "label": labels.get(quote.get("article", ""), quote.get("article", "?")),
            }
        )
    return rows


@dataclass
class Segment:
    """A run of article text with the highlight kinds that cover it (empty: plain text)."""

    text: str
    kinds: tuple[str, ...]
    titles: tuple[str, ...]


def article_spans(report: dict[str, Any], article_id: str) -> list[dict[str, Any]]:
    """Every highlighted span of one article: ``{"kind", "start", "end", "text", "title"}``.

    Args:
        report: a ``storydiff.report/1`` dict.
        article_id: the id of one of its articles.

    Returns:
        Spans sorted by start offset; ``title`` says what the span was read as.
    """
    spans: list[dict[str, Any]] = []
    for entity in report.get("entities", []):
        for m in entity.get("mentions", []):
            if m.get("article") == article_id:
                spans.append(_span("entity", m, f"{entity.get('type', '')}: {entity.get('name', '')}"))
    for tx in report.get("timexes", []):
        if tx.get("article") == article_id:
            spans.append(_span("time", tx, f"time: {tx.get('value') or '?'}"))
    for q in report.get("quantities", []):
        if q.get("article") == article_id:
            unit = f" {q['unit']}" if q.get("unit") else ""
            spans.append(_span("quantity", q, f"quantity: {q.get('value')}{unit}"))
    for ident in report.get("identifiers", []):
        if ident.get("article") == article_id:
            spans.append(_span("identifier", ident, f"{ident.get('kind', 'identifier')}: {ident.get('normalized', '')}"))
    names = {e["id"]: e.get("name", "") for e in report.get("entities", [])}
    for q in report.get("quotes", []):
        if q.get("article") == article_id:
            speaker = names.get(q.get("speaker"), q.get("speaker")) or "unknown speaker"
            spans.append(_span("quote", q, f"quote by {speaker}"))
    for note in report.get("notes", []):
        if note.get("article") == article_id and note.get("end", 0) > note.get("start", 0):
            hint = f" → {note['suggestion']}" if note.get("suggestion") else ""
            spans.append(_span("note", note, f"{note.get('kind', 'note')}{hint}: {note.get('message', '')}".rstrip(": ")))
    spans.sort(key=lambda s: (s["start"], -s["end"]))
    return spans


def _span(kind: str, item: dict[str, Any], title: str) -> dict[str, Any]:
    return {"kind": kind, "start": int(item.get("start", 0)), "end": int(item.get("end", 0)),
            "text": item.get("text", ""), "title": title}


def segments(text: str, spans: list[dict[str, Any]]) -> list[Segment]:
    """Cut ``text`` at every span boundary; each piece lists the kinds covering it.

    Overlapping spans (a name inside a quote) are handled by cutting at every boundary
    rather than nesting tags, so any overlap renders. Spans outside the text are clipped.

    Args:
        text: the article's cleaned text.
        spans: from :func:`article_spans`.

    Returns:
        Segments whose texts concatenate to ``text`` exactly.
    """
    n = len(text)
    cuts = {0, n}
    clean = []
    for s in spans:
        start, end = max(0, min(n, s["start"])), max(0, min(n, s["end"]))
        if end > start:
            clean.append((start, end, s["kind"], s["title"]))
            cuts.update((start, end))
    points = sorted(cuts)
    result = []
    for a, b in zip(points, points[1:]):
        covering = [(k, t) for (s, e, k, t) in clean if s <= a and b <= e]
        kinds = tuple(dict.fromkeys(k for k, _ in covering))
        titles = tuple(dict.fromkeys(t for _, t in covering))
        result.append(Segment(text=text[a:b], kinds=kinds, titles=titles))
    return result


def span_of_dates(articles: list[dict[str, Any]]) -> tuple[str | None, str | None]:
    """The first and last ``published`` value of some articles (ISO strings), or Nones."""
    dates = sorted(str(a["published"]) for a in articles if a.get("published"))
    if not dates:
        return None, None
    return dates[0], dates[-1]
