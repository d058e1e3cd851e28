"""The story's times on one UTC axis: the data behind the Markdown table, the HTML picture
and the web page's timeline.

Only presentation: the times were normalised by the analysis stage (``Timex.value`` in UTC,
``Timex.local`` in the zone the article meant); here they are collected, sorted and labelled.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from storydiff.model import Report, Timex
from storydiff.serialize import moment_from_iso

#: The order of statuses everywhere in the report: what a journalist must see first.
STATUS_ORDER = ("conflict", "corroborated", "complementary", "single_source")


@dataclass(slots=True)
class TimelineMark:
    """One time expression of one article, placed in UTC when it names a clock time."""

    article: str
    outlet: str
    start: int
    end: int
    text: str  # as the article wrote it ("2200 Moscow time")
    value: str | None  # the normalised value (UTC instant, or ISO date / duration)
    utc: str | None  # "2025-08-15 19:00 UTC" when the value is an instant, else None
    local: str | None  # "22:00 MSK (Europe/Moscow)" when a zone is known, else None
    zone: str | None
    granularity: str
    findings: list[str] = field(default_factory=list)  # ids of findings resting on it
    status: str | None = None  # the most pressing status of those findings


@dataclass(slots=True)
class Timeline:
    """``marks`` have a clock time (sorted by UTC); ``dates`` are the other timexes."""

    marks: list[TimelineMark] = field(default_factory=list)
    dates: list[TimelineMark] = field(default_factory=list)

    @property
    def span(self) -> tuple[dt.datetime, dt.datetime] | None:
        """The first and last UTC instant on the axis, or None when there is none."""
        if not self.marks:
            return None
        instants = [instant(mark.value) for mark in self.marks]
        return min(instants), max(instants)  # type: ignore[type-var]


def instant(value: str | None) -> dt.datetime | None:
    """The aware UTC datetime of an ISO instant (``...T19:00:00Z``), or None for a date,
    a duration, a TimeML form such as ``2025-08-15TAF``, or None."""
    if not value or "T" not in value or value.startswith("P"):
        return None
    try:
        moment = moment_from_iso(value)
    except ValueError:
        return None
    if not isinstance(moment, dt.datetime) or moment.tzinfo is None:
        return None  # a clock time with no zone cannot be placed on a UTC axis
    return moment.astimezone(dt.timezone.utc)


def local_label(timex: Timex) -> str | None:
    """The local form of a timex: ``"22:00 MSK (Europe/Moscow)"``; None without a zone."""
    moment = instant(timex.local) if timex.local else None
    if timex.local and moment is None:
        try:
            moment = moment_from_iso(timex.local)
        except ValueError:
            return timex.local
        if not isinstance(moment, dt.datetime):  # a date alone: its midnight
            moment = dt.datetime.combine(moment, dt.time())
    if moment is None:
        return None
    abbreviation = ""
    if timex.zone:
        try:
            zoned = moment.astimezone(ZoneInfo(timex.zone))
            abbreviation = zoned.tzname() or ""
            moment = zoned
        except (ZoneInfoNotFoundError, ValueError):
            abbreviation = ""
    if moment.tzinfo is not None and not abbreviation:
        abbreviation = moment.strftime("UTC%z")
    clock = moment.strftime("%H:%M")
    # Abbreviations such as "+03" say nothing to a reader: show the offset instead.
    if abbreviation.startswith(("+", "-")):
        abbreviation = moment.strftime("UTC%z")
    place = f" ({timex.zone})" if timex.zone else ""
    return f"{clock} {abbreviation}{place}".strip()


def utc_label(moment: dt.datetime) -> str:
    """``"Fri 15 Aug 2025 19:00 UTC"``."""
    return moment.strftime("%a %d %b %Y %H:%M UTC")


def _evidence_index(report: Report) -> dict[str, list[tuple[int, int, str, str]]]:
    """Article id -> (start, end, finding id, status) of every evidence span in it."""
    index: dict[str, list[tuple[int, int, str, str]]] = {}
    for finding in report.findings:
        for evidence in finding.evidence:
            index.setdefault(evidence.article, []).append((evidence.start, evidence.end, finding.id, finding.status))
    return index


def _covering(spans: list[tuple[int, int, str, str]], start: int, end: int) -> list[tuple[str, str]]:
    """(finding id, status) of the evidence spans that overlap ``start:end``, once per finding.
    Overlap rather than containment: a sentence split inside a time expression ("10:30
    p.m. | Moscow time") must not hide the finding it belongs to."""
    found: dict[str, str] = {}
    for e_start, e_end, finding_id, status in spans:
        if e_start < end and start < e_end:
            found.setdefault(finding_id, status)
    return list(found.items())


def most_pressing(statuses: list[str]) -> str | None:
    """The status that comes first in ``STATUS_ORDER`` (conflict before all), or None."""
    ranked = [s for s in STATUS_ORDER if s in statuses]
    return ranked[0] if ranked else None


def build_timeline(report: Report) -> Timeline:
    """Every timex of the report, those with a clock time sorted on a UTC axis.

    Args:
        report: the report.

    Returns:
        A ``Timeline``: ``marks`` (instants, sorted by UTC then article) and ``dates``
        (dates, durations and times that cannot be placed, in article order).
    """
    timeline = Timeline()
    index = _evidence_index(report)
    for article in report.articles:
        outlet = article.outlet or article.id
        for timex in article.timexes:
            moment = instant(timex.value)
            covering = _covering(index.get(article.id, []), timex.start, timex.end)
            mark = TimelineMark(
                article=article.id,
                outlet=outlet,
                start=timex.start,
                end=timex.end,
                text=timex.text,
                value=timex.value,
                utc=utc_label(moment) if moment else None,
                local=local_label(timex),
                zone=timex.zone,
                granularity=timex.granularity,
                findings=[finding_id for finding_id, _ in covering],
                status=most_pressing([status for _, status in covering]),
            )
            (timeline.marks if moment else timeline.dates).append(mark)
    order = {article.id: i for i, article in enumerate(report.articles)}
    timeline.marks.sort(key=lambda m: (instant(m.value), order.get(m.article, 0), m.start))
    return timeline


__all__ = ["STATUS_ORDER", "Timeline", "TimelineMark", "build_timeline", "instant", "local_label", "most_pressing"]
