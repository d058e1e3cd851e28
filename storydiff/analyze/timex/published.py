"""Publication times as found in HTML metadata and feeds, with their zone.

An article's anchor must carry its zone, or "this afternoon" and "15:00" cannot be placed.
Metadata comes in a handful of shapes, each handled by one small parser tried in turn
(feedparser's ``datetimes/`` registry, in miniature):

- ISO 8601 / W3C-DTF: ``2025-08-15T10:02:00-04:00``, ``2025-08-15T14:02Z``, ``2025-08-15``,
  ``20250815T140200Z``, ``2025-08-15 10:02:00``;
- RFC 822 / 2822 (RSS): ``Fri, 15 Aug 2025 14:02:00 GMT``, ``15 Aug 2025 10:02 -0400``;
- English prose (bylines, ``article:published_time`` written by people):
  ``August 15, 2025 10:02 AM EDT``, ``Aug. 15, 2025, 10:02 a.m. ET``,
  ``15 August 2025 14:02 BST``, ``Friday 15 August 2025``, ``Updated 10:02 AM EDT, Fri
  August 15, 2025``.

A value with a time but no zone is returned naive (the caller decides; the analysis reads
it in the event's zone); a value with only a date is returned as a ``date``.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Callable

from storydiff.analyze.zones import UTC, as_zone, from_abbreviation, localize

Parsed = dt.datetime | dt.date | None
_HANDLERS: list[Callable[[str], Parsed]] = []


def register(handler: Callable[[str], Parsed]) -> Callable[[str], Parsed]:
    """Add a parser to the chain ``parse_published`` tries, in registration order.

    Args:
        handler: a function from the stripped string to a datetime/date, or None when it
            does not recognise the shape.

    Returns:
        The handler, so this works as a decorator.
    """
    _HANDLERS.append(handler)
    return handler


def parse_published(value: str) -> dt.datetime | dt.date | None:
    """Read a publication time from metadata or a feed.

    Args:
        value: the raw string ("2025-08-15T10:02:00-04:00", "Fri, 15 Aug 2025 14:02:00
            GMT", "August 15, 2025 10:02 AM EDT", "2025-08-15", ...).

    Returns:
        An aware datetime when the value has a time and a zone (its own offset is kept,
        e.g. -04:00), a naive datetime when it has a time but no zone, a ``date`` when
        it has only a date, or None when it cannot be read (the caller records that).
    """
    if not value:
        return None
    text = " ".join(str(value).split())
    for handler in _HANDLERS:
        try:
            result = handler(text)
        except (ValueError, OverflowError):
            result = None
        if result is not None:
            return result
    return None


_ISO = re.compile(
    r"^(\d{4})-?(\d{2})-?(\d{2})"
    r"(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?"
    r"\s*(Z|[+\-]\d{2}(?::?\d{2})?|UTC|GMT)?)?$",
    re.IGNORECASE,
)


@register
def _iso8601(text: str) -> Parsed:
    m = _ISO.match(text)
    if not m:
        return None
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if m.group(4) is None:
        if len(text) == 8 and not text.isdigit():
            return None
        return dt.date(year, month, day)
    moment = dt.datetime(year, month, day, int(m.group(4)), int(m.group(5)), int(m.group(6) or 0))
    zone = m.group(7)
    if zone is None:
        return moment
    if zone.upper() in ("Z", "UTC", "GMT"):
        return moment.replace(tzinfo=UTC)
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
    return moment.replace(tzinfo=dt.timezone(sign * dt.timedelta(minutes=minutes)))


@register
def _rfc822(text: str) -> Parsed:
    if not re.match(r"^(?:[A-Za-z]{3},?\s+)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}", text):
        return None
    parsed = email.utils.parsedate_tz(text)
    if parsed is None:
        return None
    year, month, day, hour, minute, second = parsed[:6]
    moment = dt.datetime(year, month, day, hour, minute, second)
    tail = text.split()[-1]
    offset = parsed[9]
    if offset is None:
        ref = from_abbreviation(tail)
        if ref is not None:
            return localize(moment, ref)
        return moment
    if offset == 0 and tail.upper() not in ("GMT", "UT", "UTC", "Z", "+0000", "-0000"):
        ref = from_abbreviation(tail)  # parsedate_tz reads unknown names as 0
        if ref is not None:
            return localize(moment, ref)
        if re.fullmatch(r"[A-Za-z]+", tail):
            return moment
    return moment.replace(tzinfo=dt.timezone(dt.timedelta(seconds=offset)))


_MONTHS = {
    m: i
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for m in names
}
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_CLOCK = (
    r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?(?::(?P<s>\d{2}))?\s*"
    r"(?P<ap>(?i:[ap]\.?\s?m\.?))?"
)
_ZONE = r"(?P<zone>[A-Z]{1,5}|(?:UTC|GMT)?\s?[+\-]\d{1,2}(?::?\d{2})?)"
_PROSE_DATE = [
    re.compile(r"\b" + _MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})\b", re.I),
    re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<y>\d{4})\b", re.I),
]
_PROSE_TIME = re.compile(r"(?<![\d:])" + _CLOCK + r"(?:\s*" + _ZONE + r")?(?![\d:])")


@register
def _prose(text: str) -> Parsed:
    for pattern in _PROSE_DATE:
        m = pattern.search(text)
        if m:
            break
    else:
        return None
    day = dt.date(int(m.group("y")), _MONTHS[m.group("mon").lower()], int(m.group("d")))
    rest = text[: m.start()] + " | " + text[m.end():]
    for t in _PROSE_TIME.finditer(rest):
        if t.group("m") is None and t.group("ap") is None:
            continue  # a bare number ("15") is not a time
        hour, minute = int(t.group("h")), int(t.group("m") or 0)
        ap = (t.group("ap") or "").lower().replace(".", "").replace(" ", "")
        if ap == "pm" and hour < 12:
            hour += 12
        elif ap == "am" and hour == 12:
            hour = 0
        if hour > 23 or minute > 59:
            continue
        moment = dt.datetime.combine(day, dt.time(hour, minute, int(t.group("s") or 0)))
        zone = t.group("zone")
        if zone:
            try:
                return localize(moment, as_zone(zone))
            except ValueError:
                pass
        return moment
    return day
