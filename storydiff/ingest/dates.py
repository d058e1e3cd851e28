"""Publication times from metadata strings: ISO 8601, RFC 822 and common written forms.

The one reader of a publication time (HTML metadata, feeds, sidecars, the ``--published``
option, the web form). Shapes, each tried in turn:

- ISO 8601 / W3C-DTF: ``2025-08-15T10:02:00-04:00``, ``2025-08-15T14:02Z``,
  ``20250815T140200Z``, ``2025-08-15 10:02:00``, ``2025-08-15``;
- RFC 822 / 2822 (RSS): ``Fri, 15 Aug 2025 14:02:00 GMT``, ``15 Aug 2025 10:02 -0400``;
- English prose (bylines): ``August 15, 2025 10:02 AM EDT``, ``Aug. 15, 2025, 10:02 a.m.
  ET``, ``15 August 2025 14:02 BST``, ``Updated 10:02 AM EDT, Fri August 15, 2025``.

The rule for a time without a zone: a value with a time of day AND a zone (offset, ``Z``
or a known abbreviation) becomes a timezone-aware datetime that keeps its own offset. A
value with a time of day but no zone (or RFC 2822's "-0000", "zone unknown") becomes its
date: a clock time that cannot be placed on the UTC timeline would be wrong in every
comparison (the glossary: "a timezone-aware datetime, or a date when that is all that is
known"). A date alone stays a date.

Reading files never imports spaCy (10 s and ~300 MB): this module needs only the standard
library.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from zoneinfo import ZoneInfo

# Abbreviations that metadata actually uses, with their UTC offsets in hours. Ambiguous
# ones (IST, CST in China) are read as their use in English-language news metadata.
_ZONES = {
    "UTC": 0, "GMT": 0, "Z": 0, "UT": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3,
    "MSK": 3, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8,
    "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10, "IST": 5.5, "JST": 9, "KST": 9,
    "AEST": 10, "AEDT": 11,
}
# US "generic" zones name no offset: it depends on daylight saving time on that date.
_IANA = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
         "PT": "America/Los_Angeles", "AKT": "America/Anchorage"}
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}

_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_TIME = (r"(?:,?\s*(?:at\s+)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?"
         r"\s*(?P<ampm>[ap]\.?m\.?)?\s*(?P<zone>[A-Z]{1,5}|[+-]\d{2}:?\d{2}|UTC[+-]\d{1,2})?)?")
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_WRITTEN = [
    # "August 15, 2025", "Aug. 15, 2025 10:30 AM EDT"
    re.compile(_WEEKDAY + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})" + _TIME, re.I),
    # "15 August 2025", "Friday 15 August 2025 19:00 BST"
    re.compile(_WEEKDAY + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})" + _TIME, re.I),
    # "2025/08/15 10:30", "2025.08.15"
    re.compile(r"(?P<year>\d{4})[/.](?P<monthnum>\d{1,2})[/.](?P<day>\d{1,2})" + _TIME, re.I),
]


def _zone(text: str | None) -> dt.tzinfo | None:
    if not text:
        return None
    upper = text.upper()
    if upper in _ZONES:
        return dt.timezone(dt.timedelta(hours=_ZONES[upper]))
    match = re.fullmatch(r"(?:UTC)?([+-])(\d{1,2}):?(\d{2})?", upper)
    if match:
        sign = 1 if match.group(1) == "+" else -1
        delta = dt.timedelta(hours=int(match.group(2)), minutes=int(match.group(3) or 0))
        return dt.timezone(sign * delta)
    return None


# ISO 8601's basic form, "20250815T140200Z" (no separators; a time is required, since
# eight digits alone are as likely a number as a date).
_BASIC_ISO = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?(?:[.,]\d+)?(Z|[+-]\d{2}(?::?\d{2})?)?")


def _from_iso(value: str) -> dt.datetime | dt.date | None:
    text = value.strip()
    basic = _BASIC_ISO.fullmatch(text)
    if basic:
        y, mo, d, h, mi, s, zone = basic.groups()
        text = f"{y}-{mo}-{d}T{h}:{mi}:{s or '00'}{'+00:00' if zone == 'Z' else zone or ''}"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None
    if not re.match(r"\d{4}-\d{2}-\d{2}[T ]\d", text):
        return None
    try:
        parsed = dt.datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.date()


def _from_rfc822(value: str) -> dt.datetime | dt.date | None:
    if not re.match(r"\s*([A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d", value):
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is not None:
        return parsed
    # Naive: RFC 2822's "-0000" (the zone is unknown), or a zone name email.utils does
    # not know ("MSK"), which our table may.
    zone = _zone(value.split()[-1]) if not value.rstrip().endswith("-0000") else None
    return parsed.replace(tzinfo=zone) if zone is not None else parsed.date()


def _from_written(value: str) -> dt.datetime | dt.date | None:
    for pattern in _WRITTEN:
        match = pattern.search(value)
        if not match:
            continue
        parts = match.groupdict()
        month = int(parts["monthnum"]) if parts.get("monthnum") else _MONTHS[parts["month"][:3].lower()]
        try:
            day = dt.date(int(parts["year"]), month, int(parts["day"]))
        except ValueError:
            return None
        if parts.get("hour") is None:
            # A byline may give the time first: "Updated 10:02 AM EDT, Fri August 15, 2025".
            before = _TIME_BEFORE.search(value[: match.start()])
            if before is None:
                return day
            parts = before.groupdict()
        return _at(day, parts)
    return None


# A clock time with its zone, written before the date.
_TIME_BEFORE = re.compile(r"(?<![\d:])(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?"
                          r"\s*(?P<ampm>[ap]\.?m\.?)?\s*(?P<zone>[A-Z]{1,5}|[+-]\d{2}:?\d{2}|UTC[+-]\d{1,2})\b", re.I)


def _at(day: dt.date, parts: dict[str, str | None]) -> dt.datetime | dt.date:
    """The day at the clock time of ``parts`` in its zone; the day alone when the time or
    its zone cannot be read."""
    hour = int(parts["hour"] or 0)
    if parts.get("ampm"):
        pm = parts["ampm"].lower().startswith("p")
        if hour > 12:
            return day
        hour = hour % 12 + (12 if pm else 0)
    zone = _zone(parts.get("zone"))
    if zone is None and (parts.get("zone") or "").upper() in _IANA:
        zone = ZoneInfo(_IANA[parts["zone"].upper()])
    if zone is None or hour > 23 or int(parts["minute"] or 0) > 59:
        return day
    return dt.datetime(day.year, day.month, day.day, hour, int(parts["minute"] or 0),
                       int(parts["second"] or 0), tzinfo=zone)


def parse_published(value: str | None) -> dt.datetime | dt.date | None:
    """Parse a publication time from a metadata string, keeping its zone.

    Args:
        value: e.g. ``"2025-08-15T14:03:00+03:00"``, ``"Fri, 15 Aug 2025 19:00:00 GMT"``,
            ``"August 15, 2025 10:30 AM EDT"``, ``"2025-08-15"``.

    Returns:
        An aware datetime (its own offset kept) when the value has a time and a zone; a
        date when it has only a date, or a time without a zone; ``None`` when it is not
        a date.
    """
    if not value or not value.strip():
        return None
    value = value.strip()
    for parser in (_from_iso, _from_rfc822, _from_written):
        result = parser(value)
        if result is not None:
            return result
    return None


def coerce_published(value: object) -> dt.datetime | dt.date | None:
    """Accept what users and sidecars give as ``published``: a date, a datetime or a string.

    Args:
        value: a date, datetime, string or None.

    Returns:
        A date or an aware datetime; a naive datetime becomes its date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is not None else value.date()
    if isinstance(value, dt.date):
        return value
    return parse_published(str(value))
