"""Expressions relative to the anchor or to the last date mentioned: weekdays, today
and yesterday, parts of day, "last week", "two years ago", "the quarter", "the day",
and references to past, present and future ("now", "recently", "the future").
"""

from __future__ import annotations

import datetime as dt
import re

from storydiff.analyze.timex import lexicon as lx
from storydiff.analyze.timex.calendar import Candidate, add_months, iso_week, quarter, weekday_near
from storydiff.analyze.timex.registry import Context, rule


# --- days relative to the anchor ---------------------------------------------------------


@rule(r"\b(?:(last|next|this|coming|past)\s+)?(" + lx.WEEKDAY + r")(?:\s+(morning|afternoon|evening|night))?\b",
      flags=re.I, priority=3, trigger=r"(?i)" + lx.WEEKDAY)
def weekday(m: re.Match, ctx: Context) -> Candidate | None:
    if not m.group(2)[0].isupper():
        return None
    wd = lx.WEEKDAYS[m.group(2).lower()]
    lead = (m.group(1) or "").lower()
    if lead == "next" or lead == "coming":
        day = weekday_near(ctx.anchor + dt.timedelta(days=1), wd, future=True)
    elif lead in ("last", "past"):
        day = weekday_near(ctx.anchor - dt.timedelta(days=1), wd, future=False)
    elif lead == "this":
        day = weekday_near(ctx.anchor, wd, future=True)
    elif ctx.text.startswith(("'s", "’s"), m.end()):
        # "Wednesday's ruling": a possessive weekday names an event already reported, not
        # the clause's tense ("would look for ways to get around Wednesday's ruling"); 20 of
        # the 21 TBAQ possessive weekdays are on or before the creation day.
        day = weekday_near(ctx.anchor, wd, future=False)
    else:
        day = weekday_near(ctx.anchor, wd, future=ctx.future(m.start()))
    return _day_part(m, day, m.group(3), whole_group=0)


def _day_part(m: re.Match, day: dt.date, part: str | None, *, whole_group: int | str = 0,
              mod: str | None = None) -> Candidate:
    if part:
        code = lx.PARTS[part.lower()]
        return Candidate(m.start(whole_group), m.end(whole_group), "TIME", f"{day.isoformat()}T{code}",
                         "part_of_day", mod, day=day)
    return Candidate(m.start(whole_group), m.end(whole_group), "DATE", day.isoformat(), "day", mod, day=day)


_REL_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}


@rule(r"(?i)\b(?:(later|earlier|early|late)\s+)?(the day before yesterday|the day after tomorrow|today|tonight|yesterday|tomorrow)"
      r"(?:\s+(morning|afternoon|evening|night))?\b", priority=3, trigger=r"(?i)\b(?:today|tonight|yesterday|tomorrow)\b")
def relative_day(m: re.Match, ctx: Context) -> Candidate | None:
    word = m.group(2).lower()
    offset = {"the day before yesterday": -2, "the day after tomorrow": 2}.get(word, _REL_DAYS.get(word, 0))
    day = ctx.anchor + dt.timedelta(days=offset)
    part = m.group(3) or ("night" if word == "tonight" else None)
    mod = {"later": "END" if part else None, "earlier": None, "early": "START", "late": "END"}.get(
        (m.group(1) or "").lower())
    c = _day_part(m, day, part, mod=mod)
    if word == "tonight" and not m.group(3):
        c.type = "TIME"
    return c


@rule(r"(?i)\b(?:(later|earlier)\s+)?(this|last|yesterday|tomorrow|the)\s+(morning|afternoon|evening|night)\b", priority=2, trigger=r"(?i)\b(?:morning|afternoon|evening|night)\b")
def this_part(m: re.Match, ctx: Context) -> Candidate | None:
    det = m.group(2).lower()
    part = m.group(3).lower()
    if det == "the":
        if part == "night":
            return None  # "the night" is rarely a day reference on its own
        day = ctx.anchor
    elif det in ("last", "yesterday"):
        day = ctx.anchor - dt.timedelta(days=1)
        if det == "last" and part != "night":
            day = ctx.anchor - dt.timedelta(days=1)
    elif det == "tomorrow":
        day = ctx.anchor + dt.timedelta(days=1)
    else:
        day = ctx.anchor
    mod = "END" if (m.group(1) or "").lower() == "later" else None
    return _day_part(m, day, part, mod=mod)


@rule(r"(?i)\bovernight\b(?![- ](?:stay|flight|trip|rate|loan|lending|market|stays|flights|guests?))", priority=1, trigger=r"(?i)overnight")
def overnight(m: re.Match, ctx: Context) -> Candidate | None:
    day = ctx.anchor - dt.timedelta(days=1)
    return Candidate(m.start(), m.end(), "TIME", f"{day.isoformat()}TNI", "part_of_day", day=day)


_PERIOD = r"(week|month|year|quarter|weekend|decade|century)"


@rule(r"(?i)\b(?:(later|earlier|early|late|mid-|mid|the end of|the beginning of|the start of|the middle of)\s*(?:in\s+)?)?(this|last|next|the\s+past|the\s+last|the\s+previous|the\s+coming|the\s+next|"
      r"the\s+current|the\s+following|the\s+same|that)\s+(?:fiscal\s+|financial\s+|calendar\s+)?" + _PERIOD + r"\b", priority=2, trigger=r"(?i)\b(?:week|month|year|quarter|weekend|decade|century)\b")
def relative_period(m: re.Match, ctx: Context) -> Candidate | None:
    det = " ".join(m.group(2).lower().split())
    unit = m.group(3).lower()
    # "the past year", "the last quarter", "the next week": the period before (after) the
    # anchor's, as TimeBank ("the past year" 1997, "the last decade" 198) and MEANTIME
    # ("the last quarter" 2006-Q4) annotate them; "the past two years" is a duration.
    step = {"this": 0, "the current": 0, "last": -1, "the previous": -1, "next": 1, "the following": 1,
            "the same": 0, "that": 0, "the past": -1, "the last": -1, "the coming": 1, "the next": 1}.get(det, 0)
    if det in ("the same", "that", "the following"):
        c = Candidate(m.start(), m.end(), "DATE", None, unit, rule=f"discourse:{unit}:{step}:whole")
        return c
    mod = {"later": "END", "earlier": "START", "early": "START", "late": "END", "mid-": "MID",
           "mid": "MID", **_PART_MOD}.get((m.group(1) or "").lower())
    value, gran = _shift(ctx.anchor, unit, step)
    if value is None:
        return None
    return Candidate(m.start(), m.end(), "DATE", value, gran, mod)


def _shift(anchor: dt.date, unit: str, step: int) -> tuple[str | None, str]:
    """The period ``step`` units from the anchor's, as a TIMEX3 value."""
    if unit == "day":
        return (anchor + dt.timedelta(days=step)).isoformat(), "day"
    if unit == "week":
        return iso_week(anchor + dt.timedelta(weeks=step)), "week"
    if unit == "weekend":
        return iso_week(anchor + dt.timedelta(weeks=step)) + "-WE", "week"
    if unit == "month":
        d = add_months(anchor, step)
        return f"{d.year:04d}-{d.month:02d}", "month"
    if unit == "quarter":
        index = anchor.year * 4 + quarter(anchor) - 1 + step
        return f"{index // 4}-Q{index % 4 + 1}", "quarter"
    if unit == "year":
        return f"{anchor.year + step:04d}", "year"
    if unit == "decade":
        return f"{(anchor.year // 10 + step):03d}", "decade"
    if unit == "century":
        return f"{(anchor.year // 100 + step):02d}", "century"
    return None, unit


@rule(r"(?i)\b(" + lx.QUALIFIER + r"\s+)?(" + lx.NUM + r"|" + lx.VAGUE + r")\s+" + lx.UNIT
      + r"\s+(ago|earlier|before|later|from now|hence|previously|back)\b", priority=4, trigger=r"(?i)\b(?:ago|earlier|before|later|from now|hence|previously|back)\b")
def units_ago(m: re.Match, ctx: Context) -> Candidate | None:
    unit_word = re.search(lx.UNIT + r"\s+(?:ago|earlier|before|later|from now|hence|previously|back)$",
                          m.group(0), re.I)
    assert unit_word is not None
    unit = lx.unit_key(unit_word.group(0).split()[0])
    amount = lx.number_value(m.group(2))
    mod = lx.QUALIFIERS.get((m.group(1) or "").strip().lower())
    direction = -1 if m.group(3).lower() in ("ago", "earlier", "before", "previously", "back") else 1
    if amount is None:
        return Candidate(m.start(), m.end(), "DATE", "PAST_REF" if direction < 0 else "FUTURE_REF",
                         "vague", mod)
    if amount == 1 and unit == "year" and direction < 0 and not mod:
        return Candidate(m.start(), m.end(), "DATE", None, unit, mod, rule="discourse-ago:year:-1")
    if m.group(3).lower() in ("earlier", "before", "later") and amount == 1 and unit in ("year", "month", "quarter"):
        return Candidate(m.start(), m.end(), "DATE", None, unit, mod,
                         rule=f"discourse:{unit}:{direction}")
    n = int(amount) * direction
    if unit in ("day", "night"):
        day = ctx.anchor + dt.timedelta(days=n)
        return Candidate(m.start(), m.end(), "DATE", day.isoformat(), "day", mod, day=day)
    if unit == "decade":
        return Candidate(m.start(), m.end(), "DATE", f"{ctx.anchor.year + 10 * n:04d}", "year", mod)
    value, gran = _shift(ctx.anchor, unit, n)
    if value is None:
        return None
    return Candidate(m.start(), m.end(), "DATE", value, gran, mod)


@rule(r"(?i)\b(?:the\s+)?(?:comparable\s+)?(year[- ]earlier|year[- ]ago|prior[- ]year|previous[- ]year)(?:\s+(quarter|period|month|third quarter|second quarter|first quarter|fourth quarter))?\b",
      priority=3, trigger=r"(?i)year[- ](?:earlier|ago)|(?:prior|previous)[- ]year")
def year_earlier(m: re.Match, ctx: Context) -> Candidate | None:
    if m.group(2) is None and re.match(r"(?i)(?:prior|previous)", m.group(1)):
        return None  # "the previous year" alone is the year before: relative_period
    return Candidate(m.start(), m.end(), "DATE", None, "year", rule="discourse:year:-1")


# "the corresponding period last year", "the same month a year ago", "last year's
# quarter": the period under discussion, one year back (TimeBank 1988-Q3 in third-quarter
# reports, MEANTIME 2008-01 after January 2009 sales). One expression, as both corpora
# mark it, not "last year" alone.
@rule(r"(?i)\b(?:the\s+(?:same|corresponding|comparable|like)\s+(quarter|period|month)\s+(?:of\s+)?"
      r"(?:last\s+year|a\s+year\s+(?:ago|earlier|before)|the\s+(?:previous|prior|last)\s+year)"
      r"|last\s+year's\s+(quarter|period))\b", priority=4, trigger=r"(?i)\b(?:quarter|period|month)\b")
def same_period_a_year_back(m: re.Match, ctx: Context) -> Candidate | None:
    unit = (m.group(1) or m.group(2)).lower()
    return Candidate(m.start(), m.end(), "DATE", None, unit, rule=f"discourse-yearback:{unit}")


@rule(r"(?i)\b(the latest|the most recent|the recent|the same|the)\s+(quarter|period)\b(?!\s+(?:ended|ending|to|before|after|earlier|ago))", priority=1, trigger=r"(?i)\b(?:quarter|period)\b")
def latest_period(m: re.Match, ctx: Context) -> Candidate | None:
    latest = m.group(1).lower() in ("the latest", "the most recent")
    return Candidate(m.start(), m.end(), "DATE", None, "quarter",
                     rule="discourse:quarter:0:latest" if latest else "discourse:quarter:0")


# "the 1988 quarter", "the 1989 period": the quarter under discussion, in that year
# (TBAQ: 1988-Q3 and 1989-Q3 in third-quarter reports; "the 1988 period" after "nine
# months" stays the year, as gold has it once).
@rule(r"(?i)\bthe\s+((?:19|20)\d\d)\s+(quarter|period)\b", priority=3, trigger=r"(?i)\b(?:quarter|period)\b")
def year_period(m: re.Match, ctx: Context) -> Candidate | None:
    return Candidate(m.start(), m.end(), "DATE", None, "quarter", rule=f"discourse:quarter:0:year={m.group(1)}/{m.group(2).lower()}")


# "the day" in a report is the day reported on: MEANTIME tags 8 of them, all the creation
# day or the day the sentence is about; the discourse step gives the last full date.
@rule(r"(?i)\b(?:(late|early|the start of|the end of|later|earlier)\s+(?:in\s+)?)?(the|that)\s+(same\s+)?day\b(?!\s+(?:before|after|of|when|that|which|ahead|long|care|job|trip|to))",
      priority=1, trigger=r"(?i)\bday\b")
def the_day(m: re.Match, ctx: Context) -> Candidate | None:
    lead = (m.group(1) or "").lower()
    mod = {"late": "END", "the end of": "END", "later": "END", "early": "START", "the start of": "START",
           "earlier": "START"}.get(lead)
    return Candidate(m.start(), m.end(), "DATE", None, "day", mod, rule="discourse:day:0")


# "the year", "the month": the one under discussion (TBAQ: 33 of 40 "the year/week/month"
# lie inside a gold expression); the value comes from the last date mentioned.
# "The end of" belongs to the extent, as TimeBank writes it ("the end of the year" 1989,
# "the end of this week" 1989-W44) with the part in mod.
@rule(r"(?i)\b(?:(the end of|the beginning of|the start of|the middle of)\s+)?(?:the|this)\s+(?:(?:entire|whole|full|same|calendar|fiscal)\s+)?(year|month)\b(?![- ](?:earlier|ago|before|after|old|long|end|to))(?!\s+(?:\d|ended|ending|of|in|when|that|before))",
      priority=1, trigger=r"(?i)\b(?:year|month)\b")
def the_year(m: re.Match, ctx: Context) -> Candidate | None:
    unit = m.group(2).lower()
    if m.group(0).lower().startswith("this") or (m.group(1) and " this " in m.group(0).lower()):
        return None  # "this year" is relative_period's
    return Candidate(m.start(), m.end(), "DATE", None, unit, _PART_MOD.get((m.group(1) or "").lower()),
                     rule=f"discourse:{unit}:0")


_PART_MOD = {"the end of": "END", "the beginning of": "START", "the start of": "START", "the middle of": "MID"}


_YEAR_END_PREP = re.compile(r"(?i)\b(by|at|since|until|till|before|after|through|to)\s+\Z")


# "for the year ended Sept. 30": a year-long accounting period whose end date follows (and
# is its own expression); TimeBank marks "the year" a duration, P1Y, 6 times of 7.
@rule(r"(?i)\bthe\s+(?:fiscal\s+)?year(?=\s+(?:ended|ending)\b)", priority=1, trigger=r"(?i)\byear\b")
def year_ended(m: re.Match, ctx: Context) -> Candidate | None:
    return Candidate(m.start(), m.end(), "DURATION", "P1Y", "year")


# "by year-end", "since year-end", "by year's end": the year with mod END, as TimeBank
# writes "the end of the year" (TBAQ's 5 tagged "year-end" split 2 years, 2 last days and
# a month; the one untagged is adjectival, "year-end net", so a preposition must precede
# it). After "since" it is the last one.
@rule(r"(?i)\b(?:around\s+)?year(?:[- ]end|'s end)\b", priority=1, trigger=r"(?i)\byear")
def year_end(m: re.Match, ctx: Context) -> Candidate | None:
    before = _YEAR_END_PREP.search(ctx.text, max(0, m.start() - 8), m.start())
    if not m.group(0).lower().startswith("around") and before is None:
        return None
    since = before is not None and before.group(1).lower() == "since"
    year = ctx.anchor.year - 1 if since else ctx.anchor.year
    return Candidate(m.start(), m.end(), "DATE", f"{year:04d}", "year", "END")


@rule(r"(?i)\b(that)\s+(quarter|period|year)\b(?!\s+(?:ended|ending|to|before|after|earlier|ago))", priority=1, trigger=r"(?i)\b(?:quarter|period|year)\b")
def the_period(m: re.Match, ctx: Context) -> Candidate | None:
    unit = m.group(2).lower()
    return Candidate(m.start(), m.end(), "DATE", None, unit, rule=f"discourse:{unit}:0")


# --- references to past, present and future -------------------------------------------

_REFS = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF",
    "at present": "PRESENT_REF", "presently": "PRESENT_REF", "these days": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "at the moment": "PRESENT_REF", "the present": "PRESENT_REF",
    "recently": "PAST_REF", "lately": "PAST_REF", "of late": "PAST_REF", "the past": "PAST_REF",
    "previously": "PAST_REF", "formerly": "PAST_REF", "once": None, "recent": "PAST_REF",
    "in recent years": "PAST_REF", "recent years": "PAST_REF",
    "the future": "FUTURE_REF", "future": "FUTURE_REF", "soon": "FUTURE_REF",
    "the near future": "FUTURE_REF", "the near term": "FUTURE_REF", "the short term": "FUTURE_REF",
    "the long term": "FUTURE_REF", "the coming years": "FUTURE_REF", "current": "PRESENT_REF",
}


@rule(r"(?i)\b(now|currently|at present|presently|these days|nowadays|at the moment|the present"
      r"|recently|lately|of late|the past|formerly|recent years|recent|the near future|the future|current"
      r"|future|soon|the near term|the short term|the long term)\b(?![-'’]\w)", priority=0, trigger=r"(?i)\b(?:now|current|currently|present|presently|these days|nowadays|moment|recently|recent|lately|late|past|formerly|future|soon|term)\b")
def reference(m: re.Match, ctx: Context) -> Candidate | None:
    word = " ".join(m.group(1).lower().split())
    after = ctx.text[m.end():m.end() + 20]
    before = ctx.text[max(0, m.start() - 12):m.start()]
    if word == "now" and re.match(r"\s*(?:that|defunct|former|retired|deceased)\b", after):
        return None
    if word == "the past" and re.match(r"\s+(?:\w+\s+)?(?:" + lx.UNIT + r"|few|several)\b", after, re.I):
        return None
    if word in ("recent", "future") and not re.match(r"\s+(?:weeks|months|years|days|decades|times|history|generations)\b", after, re.I):
        # As adjectives they are time expressions only before a stretch of time ("recent
        # weeks"); "in future" is the noun. TBAQ tags 6 of 29 "recent", 4 of 29 "future".
        if not (word == "future" and re.search(r"\b(?:in)\s*$", before, re.I)):
            return None
    if word == "current" and not re.match(r"\s+[a-z]", after):
        return None  # "current" as an adjective before a noun; "the current" (a flow) is not
    if word == "current" and re.match(r"\s+(?:account|affairs|events?|price|prices|dollars|law|rules|system|flow|location|form|version)\b", after):
        return None
    if word == "soon" and re.match(r"\s*(?:after|as|afterward)", after, re.I):
        return None
    value = _REFS[word]
    if value is None:
        return None
    return Candidate(m.start(), m.end(), "DATE", value, "vague")
