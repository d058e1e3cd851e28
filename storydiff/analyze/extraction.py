"""One analysed article's extraction as a JSON-ready dict or as Markdown (``storydiff analyze``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from storydiff.analyze.quotes import speaker_name
from storydiff.model import Article


def to_dict(article: Article) -> dict[str, Any]:
    """The article's metadata and every extraction, as plain JSON-ready values.

    Args:
        article: an analysed article.

    Returns:
        A dict with the article's id, source, published, location, text and the lists
        sentences, mentions, timexes, quantities, identifiers, quotes, attributions,
        claims, notes; offsets point into ``text``.
    """
    published = article.published
    out: dict[str, Any] = {
        "id": article.id, "source": article.source, "outlet": article.outlet,
        "published": published.isoformat() if isinstance(published, (dt.date, dt.datetime)) else None,
        "location": article.location, "text": article.text,
    }
    for name in ("sentences", "mentions", "timexes", "quantities", "identifiers", "quotes",
                 "attributions", "claims", "notes", "problems"):
        out[name] = [asdict(item) for item in getattr(article, name)]
    return out


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def to_markdown(article: Article) -> str:
    """A readable summary of one article's extraction.

    Args:
        article: an analysed article.

    Returns:
        Markdown with sections for people and roles, other entities, times, quantities,
        identifiers, quotes and attributions.
    """
    lines = [f"# {article.title or article.id or article.source}", ""]
    if article.location:
        lines += [f"Location: {article.location}", ""]
    lines += ["## Entities", "", "| label | mention | roles |", "|---|---|---|"]
    seen = set()
    for mention in article.mentions:
        key = (mention.label, mention.text, tuple(r.text for r in mention.roles))
        if key in seen:
            continue
        seen.add(key)
        roles = "; ".join(r.text for r in mention.roles)
        lines.append(f"| {mention.label} | {_cell(mention.text)} | {_cell(roles)} |")
    lines += ["", "## Times", "", "| text | value | local | zone |", "|---|---|---|---|"]
    for t in article.timexes:
        lines.append(f"| {_cell(t.text)} | {t.value or ''} | {t.local or ''} | {t.zone or ''} |")
    lines += ["", "## Quantities", "", "| text | value | unit | low | high | approximate |", "|---|---|---|---|---|---|"]
    for q in article.quantities:
        lines.append(f"| {_cell(q.text)} | {q.value if q.value is not None else ''} | {q.unit or ''} | "
                     f"{'' if q.low is None else q.low} | {'' if q.high is None else q.high} | {q.approximate} |")
    lines += ["", "## Identifiers", "", "| text | kind | normalized | details |", "|---|---|---|---|"]
    for i in article.identifiers:
        details = ", ".join(f"{k}: {v}" for k, v in i.details.items())
        lines.append(f"| {_cell(i.text)} | {i.kind} | {i.normalized} | {_cell(details)} |")
    lines += ["", "## Quotes", "", "| quote | speaker | cue | venue |", "|---|---|---|---|"]
    for q in article.quotes:
        if not q.direct:
            continue
        name = speaker_name(article, q)
        speaker = name.text if name is not None else ""
        if q.speaker is not None and name is not None and q.speaker.text != name.text:
            speaker = f"{q.speaker.text} (= {name.text})"
        lines.append(f"| {_cell(q.text)} | {_cell(speaker)} | {q.cue.text if q.cue else ''} | "
                     f"{_cell(q.venue.text) if q.venue else ''} |")
    lines += ["", "## Attributions", "", "| cue | source | scope |", "|---|---|---|"]
    for a in article.attributions:
        lines.append(f"| {a.cue.text if a.cue else ''} | {_cell(a.source.text) if a.source else ''} | "
                     f"{_cell(a.scope.text) if a.scope else ''} |")
    return "\n".join(lines) + "\n"
