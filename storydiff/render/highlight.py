"""Article text as escaped HTML with spans marked: evidence sentences and extractions.

Spans from different stages overlap (a quote inside an evidence sentence, a name inside a
quote, a quote running over two sentences). HTML needs a tree, so spans are nested by
start and length and a span that crosses the end of the one around it is cut there.
Every character of the text is escaped; only the tags written here are markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape

from storydiff.model import Article, Note, Report
from storydiff.render.matrix import anchor
from storydiff.render.timeline import most_pressing


@dataclass(slots=True)
class Highlight:
    """One span to mark. Lower ``layer`` wraps higher ones when both cover the same text."""

    start: int
    end: int
    tag: str = "span"
    classes: str = ""
    id: str | None = None
    title: str | None = None
    layer: int = 1
    data: dict[str, str] = field(default_factory=dict)

    def open(self) -> str:
        """The opening tag, every attribute value escaped."""
        attributes = []
        if self.id:
            attributes.append(f'id="{escape(self.id)}"')
        if self.classes:
            attributes.append(f'class="{escape(self.classes)}"')
        if self.title:
            attributes.append(f'title="{escape(self.title)}"')
        for key, value in self.data.items():
            attributes.append(f'data-{escape(key)}="{escape(value)}"')
        return f"<{self.tag}{' ' if attributes else ''}{' '.join(attributes)}>"

    def close(self) -> str:
        """The closing tag."""
        return f"</{self.tag}>"


def highlight(text: str, spans: list[Highlight]) -> Markup:
    """``text`` escaped, with each span wrapped in its tag, properly nested.

    Args:
        text: the article's text.
        spans: spans to mark; out-of-range and empty ones are skipped, one that crosses
            the end of an enclosing span is cut at that end (its id stays on the first part).

    Returns:
        Safe HTML (a ``Markup``).
    """
    ordered = sorted(
        (s for s in spans if 0 <= s.start < s.end <= len(text)),
        key=lambda s: (s.start, -s.end, s.layer),
    )
    out: list[str] = []
    stack: list[Highlight] = []
    position = 0

    def close_until(offset: int) -> None:
        nonlocal position
        while stack and stack[-1].end <= offset:
            top = stack.pop()
            out.append(str(escape(text[position:top.end])))
            out.append(top.close())
            position = top.end

    for span in ordered:
        close_until(span.start)
        if span.start < position:
            continue  # starts inside text already written past (a cut span's tail)
        end = min(span.end, stack[-1].end) if stack else span.end
        if end <= span.start:
            continue
        if end != span.end:
            span = Highlight(span.start, end, span.tag, span.classes, span.id, span.title, span.layer, span.data)
        out.append(str(escape(text[position:span.start])))
        out.append(span.open())
        position = span.start
        stack.append(span)
    close_until(len(text))
    out.append(str(escape(text[position:])))
    return Markup("".join(out))


def note_severity(note: Note) -> str:
    """``"ok"`` for a note that confirms something (the timex stage writes "consistent: ..."
    when an article's own time conversions agree), ``"info"`` for removed boilerplate,
    else ``"warn"`` (a misspelling, conversions that disagree, an ambiguous zone)."""
    if note.message.startswith("consistent"):
        return "ok"
    if note.kind == "boilerplate":
        return "info"
    return "warn"


def timex_anchor(article: str, start: int) -> str:
    """The HTML id of a time expression in the article texts: ``"t-a1-1913"``."""
    return f"t-{article}-{start}"


def article_highlights(report: Report, article: Article) -> list[Highlight]:
    """The spans to mark in one article: evidence sentences (with anchors the findings link
    to), then entities, times, quantities, identifiers, quotes and notes.

    Args:
        report: the report (for findings, entities and notes).
        article: one of its articles.

    Returns:
        Highlights for ``highlight(article.text, ...)``.
    """
    evidence: dict[tuple[int, int], list[tuple[str, str]]] = {}
    for finding in report.findings:
        for item in finding.evidence:
            if item.article == article.id:
                evidence.setdefault((item.start, item.end), []).append((finding.id, finding.status))
    spans: list[Highlight] = []
    for (start, end), found in evidence.items():
        status = most_pressing([s for _, s in found]) or "single_source"
        ids = ", ".join(f"{finding_id} ({s.replace('_', '-')})" for finding_id, s in found)
        spans.append(Highlight(start, end, "mark", f"ev st-{status}", anchor(article.id, start, end),
                               f"evidence for {ids}", layer=0, data={"findings": " ".join(i for i, _ in found)}))
    names = {}
    for entity in report.entities:
        for mention in entity.mentions:
            if mention.article == article.id:
                names[(mention.start, mention.end)] = entity
    for (start, end), entity in names.items():
        spans.append(Highlight(start, end, "span", f"x x-entity x-{entity.type.lower()}", None,
                               f"{entity.name} ({entity.type}, {entity.id})", layer=3))
    for quote in article.quotes:
        speaker = quote.speaker_entity or (quote.speaker.text if quote.speaker else "unknown speaker")
        for entity in report.entities:
            if entity.id == quote.speaker_entity:
                speaker = entity.name
        spans.append(Highlight(quote.start, quote.end, "q", "x x-quote", f"q-{article.id}-{quote.start}",
                               f"quote, speaker: {speaker}", layer=2))
    for timex in article.timexes:
        value = timex.value or timex.timeml or "?"
        spans.append(Highlight(timex.start, timex.end, "span", "x x-time", timex_anchor(article.id, timex.start),
                               f"time: {value}", layer=4))
    for quantity in article.quantities:
        unit = f" {quantity.unit}" if quantity.unit else ""
        value = "?" if quantity.value is None else f"{quantity.value:g}"
        spans.append(Highlight(quantity.start, quantity.end, "span", "x x-quantity", None,
                               f"quantity: {value}{unit}", layer=4))
    for identifier in article.identifiers:
        spans.append(Highlight(identifier.start, identifier.end, "span", "x x-identifier", None,
                               f"{identifier.kind.replace('_', ' ')}: {identifier.normalized or identifier.text}",
                               layer=4))
    for article_id, note in report.notes:
        if article_id == article.id and note.end > note.start:
            message = note.message or note.kind
            if note.suggestion:
                message = f"{message} (suggestion: {note.suggestion})"
            spans.append(Highlight(note.start, note.end, "span", f"x x-note note-{note_severity(note)}",
                                   f"n-{article.id}-{note.kind}-{note.start}",
                                   message, layer=5))
    return spans


__all__ = ["Highlight", "article_highlights", "highlight", "note_severity", "timex_anchor"]
