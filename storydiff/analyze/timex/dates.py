"""Calendar dates: ISO and numeric dates, month/day/year in words, months, years,
spelled years, decades, centuries, quarters, halves and seasons.
"""

from __future__ import annotations

import datetime as dt
import re

from storydiff.analyze.timex import lexicon as lx
from storydiff.analyze.timex.calendar import Candidate, month_near, quarter
from storydiff.analyze.timex.registry import _B, _E, _YEAR, Context, _cand, rule


# --- calendar dates ---------------------------------------------------------------------


@rule(_B + r"(\d{4})-(\d{2})-(\d{2})" + _E, priority=5)
def iso_date(m: re.Match, ctx: Context) -> Candidate | None:
    try:
        day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return _cand(m, "DATE", day.isoformat(), "day", day=day)


@rule(_B + r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})" + _E, priority=5)
def slash_date(m: re.Match, ctx: Context) -> Candidate | None:
    month, day_n, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if year < 100:
        year += 1900 if year > 40 else 2000
    if month > 12 and day_n <= 12:  # 15/08/2025, day first
        month, day_n = day_n, month
    try:
        day = dt.date(year, month, day_n)
    except ValueError:
        return None
    return _cand(m, "DATE", day.isoformat(), "day", day=day)


_MONTH_WORD = r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b"
_WORD_YEAR_FWD = (r"(?i:nineteen[- ](?:hundred[- ])?(?:and[- ])?"
                  r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
                  r"|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
                  r"|two thousand(?:[- ](?:and[- ])?(?:one|two|three|four|five|six|seven|eight|nine|ten))?)")
_DAYNUM = r"(\d{1,2})(?:st|nd|rd|th)?"
_WD_PREFIX = r"(?:(" + lx.WEEKDAY + r"),?\s+)?"


@rule(r"\b" + _WD_PREFIX + r"(" + lx.MONTH + r")\s+" + _DAYNUM + r"(?:,?\s+(" + _YEAR + r"))?" + _E,
      priority=4, trigger=_MONTH_WORD)
def month_day(m: re.Match, ctx: Context) -> Candidate | None:
    month = lx.MONTHS[m.group(2).lower().rstrip(".")]
    return _day_candidate(m, ctx, month, int(m.group(3)), m.group(4))


@rule(r"\b" + _WD_PREFIX + r"(?:the\s+)?" + _DAYNUM + r"\s+(?:of\s+)?(" + lx.MONTH + r")(?:,?\s+(" + _YEAR + r"))?" + _E,
      priority=4, trigger=_MONTH_WORD)
def day_month(m: re.Match, ctx: Context) -> Candidate | None:
    month = lx.MONTHS[m.group(3).lower().rstrip(".")]
    return _day_candidate(m, ctx, month, int(m.group(2)), m.group(4))


def _day_candidate(m: re.Match, ctx: Context, month: int, day_n: int, year: str | None) -> Candidate | None:
    if year:
        y = int(year)
    else:
        y = month_near(ctx.anchor, month, future=True if ctx.future(m.start()) else False)
    try:
        day = dt.date(y, month, day_n)
    except ValueError:
        return None
    return _cand(m, "DATE", day.isoformat(), "day", day=day)


@rule(r"\b(" + lx.POSITION + r")?(" + lx.MONTH + r")(?:\s+of)?,?\s+(" + _YEAR + r")" + _E, priority=3, trigger=_MONTH_WORD)
def month_year(m: re.Match, ctx: Context) -> Candidate | None:
    month = lx.MONTHS[m.group(2).lower().rstrip(".")]
    mod = lx.position_mod(m.group(1)) if m.group(1) else None
    return _cand(m, "DATE", f"{int(m.group(3)):04d}-{month:02d}", "month", mod=mod)


@rule(r"\b(" + lx.MONTH + r")(?:\s+of)?,?\s+(?:(this|last|next)\s+year|(" + _WORD_YEAR_FWD + r"))\b",
      priority=4, trigger=_MONTH_WORD)
def month_relative_year(m: re.Match, ctx: Context) -> Candidate | None:
    month = lx.MONTHS[m.group(1).lower().rstrip(".")]
    if m.group(2):
        y = ctx.anchor.year + {"this": 0, "last": -1, "next": 1}[m.group(2).lower()]
    else:
        y = _word_year_value(m.group(3)) or ctx.anchor.year
    return _cand(m, "DATE", f"{y:04d}-{month:02d}", "month")


# A month alone: full names only, and "May"/"March" only after a word that makes it a date.
@rule(r"(?:\b(last|next|this|early|late|mid-|mid|since|until|in|by|through|from|of|before|after|during)\s+)?"
      r"\b(" + lx.POSITION + r")?(January|February|April|June|July|August|September|October|November|December"
      r"|May|March|Jan\.|Feb\.|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.)\b(?!\s+\d)", priority=1, trigger=r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Aug|Sept|Oct|Nov|Dec)\b")
def month_alone(m: re.Match, ctx: Context) -> Candidate | None:
    word = m.group(3)
    lead = (m.group(1) or "").lower()
    if word in ("May", "March") and not (lead or m.group(2)):
        return None
    month = lx.MONTHS[word.lower().rstrip(".")]
    # No tense word: the nearest such month ("to pay down the loan by February" in an
    # October paper is the coming one).
    future: bool | None = ctx.tense(m.start(3))
    if lead == "last":
        future = False
    elif lead == "next":
        future = True
    year = month_near(ctx.anchor, month, future=future)
    if lead == "last" and year * 12 + month >= ctx.anchor.year * 12 + ctx.anchor.month:
        year -= 1
    if lead == "next" and year * 12 + month <= ctx.anchor.year * 12 + ctx.anchor.month:
        year += 1
    mod = lx.position_mod(m.group(2)) if m.group(2) else None
    start = m.start(1) if lead in ("last", "next", "this") else (m.start(2) if m.group(2) else m.start(3))
    c = Candidate(start, m.end(3), "DATE", f"{year:04d}-{month:02d}", "month", mod)
    return c


@rule(r"(?:\b(the\s+)?(?:(?:calendar|fiscal|financial|model|school)\s+(?:year\s+)?|year\s+))?" + _B
      + r"(" + lx.POSITION + r")?(" + _YEAR + r")" + _E
      + r"(?!\s*(?:hours|hrs|GMT|UTC|Z\b|[A-Z]{2,4}T\b|[A-Z][a-z]+ time|local))", priority=2, trigger=r"\d{4}")
def year(m: re.Match, ctx: Context) -> Candidate | None:
    y = int(m.group(3))
    before = ctx.text[max(0, m.start() - 12):m.start()]
    after = ctx.text[m.end():m.end() + 12]
    if re.search(r"(?:No\.|number|#|page|route|flight|\$|€|£)\s*$", before, re.I):
        return None
    if re.match(r"\s*(?:[a-z]+ )?(?:people|troops|soldiers|shares|cars|units|jobs|tons|votes|feet|meters|metres|km|miles|kilograms|pounds|dollars|members|workers|residents)\b", after):
        return None
    if y > ctx.anchor.year + 30 and not re.search(r"\b(?:in|by|until|year)\s*$", before):
        return None
    mod = lx.position_mod(m.group(2)) if m.group(2) else None
    return _cand(m, "DATE", f"{y:04d}", "year", mod=mod)


@rule(r"\b(?:in|since|of|from|until|by|to|through|before|after)\s+(['’](\d\d))(?![\w%'’])", priority=2, trigger=r"['’]\d\d")
def short_year(m: re.Match, ctx: Context) -> Candidate | None:
    two = int(m.group(2))
    century = ctx.anchor.year // 100 * 100
    year = century + two if century + two <= ctx.anchor.year + 10 else century - 100 + two
    return _cand(m, "DATE", f"{year:04d}", "year", group=1)


_WORD_YEAR = (r"nineteen[- ](?:hundred[- ])?(?:and[- ])?"
              r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
              r"|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
              r"|two thousand(?:[- ](?:and[- ])?(?:one|two|three|four|five|six|seven|eight|nine|ten))?")


def _word_year_value(text: str) -> int | None:
    """1994 from "nineteen ninety-four", 2003 from "two thousand three"."""
    words = text.lower().replace("-", " ").replace(" and ", " ").replace("hundred ", "").split()
    if words[0] == "two":
        rest = lx.number_value("-".join(words[2:])) if len(words) > 2 else 0
        return None if rest is None else 2000 + int(rest)
    rest = lx.number_value("-".join(words[1:]))
    return None if rest is None else 1900 + int(rest)


@rule(r"(?i)\b(?:the year\s+)?(" + _WORD_YEAR + r")\b", priority=2, trigger=r"(?i)nineteen|two thousand")
def word_year(m: re.Match, ctx: Context) -> Candidate | None:
    y = _word_year_value(m.group(1))
    if y is None:
        return None
    return _cand(m, "DATE", f"{y:04d}", "year")


@rule(r"\b(the\s+)?(" + lx.POSITION + r")?(?:(\d{3})0s|'(\d)0s|(\d)0s)\b", priority=3, trigger=r"\d0s\b")
def decade(m: re.Match, ctx: Context) -> Candidate | None:
    if m.group(3):
        value = m.group(3)
    else:
        digit = m.group(4) or m.group(5)
        century = "19" if int(digit) >= 3 or ctx.anchor.year < 2000 else "20"
        value = century + digit
    mod = lx.position_mod(m.group(2)) if m.group(2) else None
    return _cand(m, "DATE", value, "decade", mod=mod)


_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
        "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
        "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
        "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
        "twenty-first": 21, "21st": 21, "20th": 20, "19th": 19, "18th": 18}


@rule(r"(?i)\b(the\s+)?(" + "|".join(sorted(_ORD, key=len, reverse=True)) + r"|\d{1,2}(?:st|nd|rd|th))[- ]century\b",
      priority=3, trigger=r"(?i)century")
def century(m: re.Match, ctx: Context) -> Candidate | None:
    word = m.group(2).lower()
    n = _ORD.get(word) or int(word[:-2])
    # TIMEX3 writes a century as its two leading digits ("20th century" 19): TimeBank does
    # so 2 times of 3 (once "19XX").
    return _cand(m, "DATE", f"{n - 1:02d}", "century")


# --- quarters, halves, seasons ----------------------------------------------------------

_QORD = r"(first|second|third|fourth|final|1st|2nd|3rd|4th)"  # "the final quarter of 2009" (MEANTIME) is Q4


@rule(r"(?i)\b(?:(the|this year's|last year's|next year's)\s+)?(?:(fiscal|current|latest)[- ])?(?:(" + _YEAR
      + r"|year-earlier|year-ago)\s+)?(?:(fiscal)[- ])?" + _QORD + r"[- ](?:fiscal[- ])?quarters?\b"
      r"(?:\s+of\s+(?:fiscal\s+)?(" + _YEAR + r"|(?:this|last|next)\s+year|the\s+(?:current|previous|same)\s+year))?", priority=4, trigger=r"(?i)quarter")
def ordinal_quarter(m: re.Match, ctx: Context) -> Candidate | None:
    q = _ORD.get(m.group(5).lower(), 4)
    det = (m.group(1) or "").lower()
    of_year = (m.group(6) or "").lower()
    if of_year and of_year[0].isdigit():
        y = int(of_year)
    elif of_year:
        y = ctx.anchor.year + (-1 if ("last" in of_year or "previous" in of_year) else 1 if "next" in of_year else 0)
    elif m.group(3) and m.group(3)[0].isdigit():
        y = int(m.group(3))
    elif m.group(3) or det == "last year's":
        y = ctx.anchor.year - 1
    elif det == "next year's":
        y = ctx.anchor.year + 1
    elif det == "this year's":
        y = ctx.anchor.year
    else:
        y = ctx.anchor.year if q <= quarter(ctx.anchor) or ctx.future(m.start()) else ctx.anchor.year - 1
    c = _cand(m, "DATE", f"{y}-Q{q}", "quarter")
    if det == "the" and re.search(r"(?i)" + _QORD + r"-quarter\b(?!\s+of)", m.group(0)) and not m.group(2) and not m.group(3):
        c.start = m.start(5)  # "the [third-quarter] profit": the adjective, not the noun phrase
    return c


@rule(r"(?i)\b(the\s+)?(first|second|last|latter)\s+half(?:\s+of\s+(?:the\s+)?(?:(" + _YEAR + r")|(this|last|next)\s+year|the\s+year))?\b",
      priority=3, trigger=r"(?i)\bhalf\b")
def half(m: re.Match, ctx: Context) -> Candidate | None:
    h = 1 if m.group(2).lower() == "first" else 2
    if m.group(3):
        y = int(m.group(3))
    elif (m.group(4) or "").lower() == "last":
        y = ctx.anchor.year - 1
    elif (m.group(4) or "").lower() == "next":
        y = ctx.anchor.year + 1
    elif m.group(4) or "year" in m.group(0).lower():
        y = ctx.anchor.year
    else:
        return None  # "the first half" of a match, a game...
    return _cand(m, "DATE", f"{y}-H{h}", "half")


@rule(r"(?i)\b(?:(this past|this|last|next|the past|the coming|the)\s+)?(" + lx.POSITION + r")?(" + lx.SEASON
      + r")\b(?:\s+(?:of\s+)?(" + _YEAR + r"|" + _WORD_YEAR + r"))?", priority=2, trigger=r"(?i)\b" + lx.SEASON + r"\b")
def season(m: re.Match, ctx: Context) -> Candidate | None:
    det = (m.group(1) or "").lower()
    word = m.group(3).lower()
    if not det and not m.group(2) and not m.group(4):
        at_start = re.search(r"(?:^|[.!?\n]\s*)$", ctx.text[max(0, m.start() - 3):m.start()])
        if word in ("fall", "spring") or (m.group(3)[0].isupper() and not at_start):
            return None  # "fall" is a verb, "spring" a noun; "Summer" mid-sentence may be a name
    code = lx.SEASONS[word]
    season_month = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}[code]
    if m.group(4):
        y = int(m.group(4)) if m.group(4).isdigit() else (_word_year_value(m.group(4)) or ctx.anchor.year)
    elif det in ("last", "this past", "the past"):
        y = ctx.anchor.year if season_month < ctx.anchor.month - 2 else ctx.anchor.year - 1
    elif det in ("next", "the coming"):
        y = ctx.anchor.year if season_month > ctx.anchor.month else ctx.anchor.year + 1
    else:
        y = ctx.anchor.year
    mod = lx.position_mod(m.group(2)) if m.group(2) else None
    return _cand(m, "DATE", f"{y}-{code}", "season", mod=mod)
