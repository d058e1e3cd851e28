"""Holidays news dates events by, each with the rule that gives its day in a year.
"""

from __future__ import annotations

import datetime as dt
import re

from collections.abc import Callable

from storydiff.analyze.timex.calendar import Candidate, add_months
from storydiff.analyze.timex.registry import _YEAR, Context, _cand, rule


# --- holidays ---------------------------------------------------------------------------


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th given weekday of a month (n = -1 for the last)."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = add_months(dt.date(year, month, 1), 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


# Holidays news dates events by, with the rule that gives each year's day. US federal
# holidays follow 5 U.S.C. 6103; Election Day 2 U.S.C. 7.
HOLIDAYS: dict[str, Callable[[int], dt.date]] = {
    "new year's day": lambda y: dt.date(y, 1, 1),
    "new year's eve": lambda y: dt.date(y, 12, 31),
    "valentine's day": lambda y: dt.date(y, 2, 14),
    "independence day": lambda y: dt.date(y, 7, 4),
    "the fourth of july": lambda y: dt.date(y, 7, 4),
    "july fourth": lambda y: dt.date(y, 7, 4),
    "halloween": lambda y: dt.date(y, 10, 31),
    "veterans day": lambda y: dt.date(y, 11, 11),
    "christmas eve": lambda y: dt.date(y, 12, 24),
    "christmas day": lambda y: dt.date(y, 12, 25),
    "christmas": lambda y: dt.date(y, 12, 25),
    "boxing day": lambda y: dt.date(y, 12, 26),
    "thanksgiving day": lambda y: _nth_weekday(y, 11, 3, 4),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),
    "labor day": lambda y: _nth_weekday(y, 9, 0, 1),
    "memorial day": lambda y: _nth_weekday(y, 5, 0, -1),
    "martin luther king day": lambda y: _nth_weekday(y, 1, 0, 3),
    "election day": lambda y: _nth_weekday(y, 11, 0, 1) + dt.timedelta(days=1),
    "easter sunday": _easter,
    "easter": _easter,
    "good friday": lambda y: _easter(y) - dt.timedelta(days=2),
    "easter monday": lambda y: _easter(y) + dt.timedelta(days=1),
}
_HOLIDAY = "|".join(sorted((re.escape(h).replace("'", "['’]").replace(r"\ ", r"\s+") for h in HOLIDAYS),
                           key=len, reverse=True))


@rule(r"(?i)\b(?:(last|next|this)\s+)?(" + _HOLIDAY + r")\b(?:\s+(?:of\s+)?(" + _YEAR + r"))?",
      priority=3, trigger=r"(?i)\b(?:christmas|thanksgiving|easter|halloween|day|eve|fourth|friday)\b")
def holiday(m: re.Match, ctx: Context) -> Candidate | None:
    name = " ".join(m.group(2).lower().replace("’", "'").split())
    if name in ("christmas", "easter", "thanksgiving") and not m.group(2)[0].isupper():
        return None
    rule_of = HOLIDAYS[name]
    lead = (m.group(1) or "").lower()
    if m.group(3):
        day = rule_of(int(m.group(3)))
    else:
        this_year = rule_of(ctx.anchor.year)
        future = ctx.future(m.start(2))
        # In a past clause a holiday more than two months ahead is last year's (the same
        # margin as for month names, month_near).
        if lead == "last" or (not lead and not future and this_year > ctx.anchor + dt.timedelta(days=60)):
            day = rule_of(ctx.anchor.year - 1) if this_year >= ctx.anchor else this_year
        elif lead == "next" or (future and this_year < ctx.anchor):
            day = rule_of(ctx.anchor.year + 1) if this_year <= ctx.anchor else this_year
        else:
            day = this_year
    return _cand(m, "DATE", day.isoformat(), "day", day=day)
