"""Calendar keys of date mentions, so that "late Thursday" and "on Thursday night" meet.

Resolution links mentions with the same words; dates are written with modifiers that
change the words but not the day ("early Sunday", "Sunday afternoon", "the night of May
29th", "Feb. 1" / "February 1"). ``date_keys`` reads a DATE or TIME mention made only of
calendar words and gives the day it names as keys: the weekday ("wd", "thursday") and
the month and day ("md", 2, 1). Resolution links mentions sharing a key inside one story,
where one weekday is one day.

Durations and ordinals get a key of their own ("90 days" / "90-day", "second" / "a
second time"): measured on ECB+ topics 1-35, CoNLL F1 0.7462 -> 0.7469 (TIME 0.762 ->
0.766). Weekdays and month-days with the article's date took TIME from 0.700 to 0.760;
linking an undated article's "yesterday" to the weekday its article (or the story)
names most lowered it (0.760 / 0.750), so undated relative days stay unlinked.

A mention with any other word ("the Friday before the vote", "next Monday", "every
Sunday") gives no key: its day is not the weekday's plain reading.
"""

from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_FORMS = {day: day for day in WEEKDAYS} | {
    "mon": "monday", "tue": "tuesday", "tues": "tuesday", "wed": "wednesday",
    "thu": "thursday", "thur": "thursday", "thurs": "thursday", "fri": "friday",
    "sat": "saturday",
}
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_MONTH_FORMS = {name: number for number, name in enumerate(MONTHS, start=1)} | {
    name[:3]: number for number, name in enumerate(MONTHS, start=1)
} | {"sept": 9}
# Words that place a day without moving it: prepositions, articles, parts of the day,
# "this"/"last" (in news "last Monday" is the most recent Monday, as plain "Monday" is).
_NEUTRAL = frozenset(
    """
    on in at of the a around about early late this last morning afternoon evening night
    overnight midday noon midnight dawn day a.m. p.m. am pm et gmt utc bst est edt pst pdt
    local time m p
    """.split()
)
# A clock time with a.m./p.m. ("7 p. m", "8: 30pm", "1:30 a.m."): tokenised copy
# spaces its parts. Its key ("clock", 19, 0) joins one story's mentions of that time
# (with "p" read as a neutral word: CoNLL F1 0.7557 -> 0.7560 on ECB+ topics 1-35).
_CLOCK = re.compile(r"\b(\d{1,2})(?:\s*[:.]\s*(\d{2}))?\s*([ap])\.?\s*m\b\.?")
_TOKEN = re.compile(r"[a-z]+\.?(?:[a-z]\.)*|\d+(?:st|nd|rd|th)?")


def date_keys(text: str) -> set[tuple]:
    """The calendar keys of a date mention made only of calendar words.

    Args:
        text: the mention's text ("late Thursday", "on Tuesday, July 27, 2004").

    Returns:
        ("wd", weekday) when it names a weekday, ("md", month, day) when it names a day
        of a month; empty when it names neither, or has a word that is not a calendar
        word, a number or a neutral modifier (see ``_NEUTRAL``).
    """
    keys: set[tuple] = set()
    tokens = _TOKEN.findall(text.lower())
    month_at = None
    for place, token in enumerate(tokens):
        bare = token.rstrip(".")
        if bare in _WEEKDAY_FORMS:
            keys.add(("wd", _WEEKDAY_FORMS[bare]))
        elif bare in _MONTH_FORMS and (bare != "may" or token == "may") and month_at is None:
            month_at = place
        elif not bare[:1].isdigit() and token not in _NEUTRAL and bare not in _NEUTRAL:
            return set()
    clock = _CLOCK.search(" ".join(text.lower().split()))
    if clock is not None:
        hour, minute = int(clock.group(1)), int(clock.group(2) or 0)
        if clock.group(3).startswith("p") and hour < 12:
            hour += 12
        elif clock.group(3).startswith("a") and hour == 12:
            hour = 0
        if hour < 24 and minute < 60:
            keys.add(("clock", hour, minute))
    if month_at is not None:
        # The day is the number next to the month: "Feb. 1", "1 February", "29th of May".
        month = _MONTH_FORMS[tokens[month_at].rstrip(".")]
        for near in (month_at + 1, month_at - 1, month_at - 2):
            if 0 <= near < len(tokens) and tokens[near][:1].isdigit():
                value = int(re.match(r"\d+", tokens[near]).group())
                if 1 <= value <= 31 and (near != month_at - 2 or tokens[near + 1] == "of"):
                    keys.add(("md", month, value))
                    break
    return keys


# A date near the top of an article: "Sun, 15 Sep 2013", "14: 25 Sun Sep 15 2013",
# "September 01, 2007". Day-month-year or month-day-year, month as a word.
_MONTH_WORD = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_TOP_DATE = re.compile(
    r"\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_WORD + r",?\s+((?:19|20)\d\d)"
    r"|" + _MONTH_WORD + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d))\b"
)
#: Words naming the article's own day, or the day before it.
_RELATIVE = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "earlier today": 0, "late today": 0, "yesterday": -1, "late yesterday": -1,
    "early yesterday": -1, "yesterday morning": -1, "yesterday afternoon": -1,
    "yesterday evening": -1, "last night": -1,
}


def top_date(text: str) -> dt.date | None:
    """The first written date (with its year) in an article's first three lines.

    News copy carries its date in the first lines (headline, dateline, byline); with no
    publication time given, it anchors "today" and "yesterday".

    Args:
        text: the article's text.

    Returns:
        The date, or None when the first three lines hold none.
    """
    head = "\n".join(text.split("\n", 3)[:3]).lower()
    for m in _TOP_DATE.finditer(head):
        if m.group(1):
            day, month, year = m.group(1), m.group(2), m.group(3)
        else:
            month, day, year = m.group(4), m.group(5), m.group(6)
        try:
            return dt.date(int(year), _MONTH_FORMS[month[:3] if month[:4] != "sept" else "sept"], int(day))
        except (KeyError, ValueError):
            continue
    return None


_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())} | {"a": 1, "an": 1}
_DURATION = re.compile(
    r"^(?:(?:for|about|around|nearly|almost|more than|over|some|just|a|the|an)\s+)*"
    r"(\d+|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an)"
    r"[\s-]+(minute|hour|day|week|month|year|decade)s?(?:-long)?$"
)


# "the second time", "for a second time", "second": the how-many-th occurrence.
_ORDINAL = re.compile(r"^(?:for\s+)?(?:(?:the|a)\s+)?(first|second|third|fourth|fifth|sixth)(?:\s+time)?$")


def duration_key(text: str) -> tuple | None:
    """The length a duration mention names ("90 days", "90-day", "eight-year", "8 years"),
    or the occurrence an ordinal names ("the second time", "second").

    Args:
        text: the mention's text.

    Returns:
        ("for", number, unit) or ("nth", ordinal), or None when the text is not just a
        number and a unit, or an ordinal (so "8-year-old" and "two years ago" give none).
    """
    ordinal = _ORDINAL.match(" ".join(text.lower().split()))
    if ordinal is not None:
        return ("nth", ordinal.group(1))
    m = _DURATION.match(" ".join(text.lower().replace("-", " - ").split()).replace(" - ", "-"))
    if m is None:
        return None
    number = m.group(1)
    return ("for", int(number) if number.isdigit() else _NUMBER_WORDS[number], m.group(2))


def relative_day(text: str) -> int | None:
    """Days from the article's own day to the day a relative mention names.

    Args:
        text: the mention's text ("yesterday", "late last night", "today").

    Returns:
        0 for today, -1 for yesterday and last night; None for anything else.
    """
    phrase = " ".join(_TOKEN.findall(text.lower())).removeprefix("on ").removeprefix("in ")
    return _RELATIVE.get(phrase)


def day_keys(text: str, anchor: dt.date | None) -> set[tuple]:
    """``date_keys`` plus the day itself ("day", ISO date) when the article's date is known.

    Args:
        text: the mention's text.
        anchor: the article's date (``top_date``), or None.

    Returns:
        The keys; "today"/"yesterday"/"last night" give only a day key, and only with an
        anchor; a duration or an ordinal gives only its ``duration_key``.
    """
    keys = date_keys(text)
    duration = duration_key(text)
    if duration is not None:
        return {duration}
    if anchor is None:
        return keys
    offset = relative_day(text)
    if offset is not None:
        return {("day", (anchor + dt.timedelta(days=offset)).isoformat())}
    for key in list(keys):
        if key[0] == "wd":
            back = (anchor.weekday() - WEEKDAYS.index(key[1])) % 7
            keys.add(("day", (anchor - dt.timedelta(days=back)).isoformat()))
        elif key[0] == "md":
            try:
                day = dt.date(anchor.year, key[1], key[2])
            except ValueError:
                continue
            keys.add(("day", day.isoformat()))
    return keys
