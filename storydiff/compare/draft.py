"""Drafts of findings: what the finding builders share before ids are given."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from storydiff.compare.align import Unit
from storydiff.model import Article, Evidence


@dataclass
class Draft:
    """A finding before its id: status, kind, summary, evidence, subject."""

    status: str
    kind: str
    summary: str
    evidence: list[Evidence] = field(default_factory=list)
    subject: str | None = None
    relation: str | None = None  # "update": a newer report changed the value
    newer: str | None = None  # the newer article's id, for an update


def published_at(article: Article) -> dt.datetime | None:
    """An article's publication instant (naive read as UTC), or None for a date alone or
    none: what orders two reports when a newer one updates an older one."""
    value = article.published
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    return None


def evidence_of(unit: Unit, value: str | None = None) -> Evidence:
    """The unit's sentence as evidence (``text == article.text[start:end]``)."""
    return Evidence(unit.article.id, unit.start, unit.end, unit.text, value)


def short(text: str, limit: int = 120) -> str:
    """One line of at most ``limit`` characters, cut at a word."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "\u2026"
