"""Recognition rules: one regex and one handler per family of time expressions.

Rules register themselves (feedparser's ``registerDateHandler``, in miniature): adding a
family is adding a function with ``@rule(pattern)``. A handler gets the match and the
:class:`Context` and returns a :class:`Candidate` (or None to reject the match).
Extents follow TimeML: determiners and qualifiers belong to the expression ("the past two
weeks", "more than three years"); prepositions do not ("on Friday" -> "Friday").

Handlers that depend on what came before ("the quarter", "a year earlier") leave
``timeml`` None and set ``rule`` to a name ``timex.py`` resolves in text order.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from storydiff.analyze import timex_lexicon as lx
from storydiff.analyze.timex_calendar import (
    Candidate,
    add_months,
    is_future,
    iso_week,
    month_near,
    quarter,
    tense_near,
    weekday_near,
)


@dataclass(slots=True)
class Context:
    """What a rule may consult: the anchor day and the clause around the match."""

    text: str
    anchor: dt.date
    sentence_of: Callable[[int], tuple[int, int]]

    def clause(self, pos: int) -> str:
        """The sentence holding position ``pos``."""
        start, end = self.sentence_of(pos)
        return self.text[start:end]

    def future(self, pos: int) -> bool:
        """Whether the clause at ``pos`` speaks of the future.

        The clause is the stretch of the sentence between punctuation that separates
        clauses or closes a quotation, so "'We'll find out soon,' Trump stated on
        Thursday morning" reads as past.
        """
        start, end = self.sentence_of(pos)
        marks = [m.start() for m in _CLAUSE_MARK.finditer(self.text, start, end)]
        left = max((i for i in marks if i < pos), default=-1)
        right = [i for i in marks if i >= pos]
        lo, hi = max(start, left + 1), (min(right) if right else end)
        end_of = re.match(r"[\w'’.-]*(?:\s+(?:morning|afternoon|evening|night))?", self.text[pos:hi])
        after = pos + (end_of.end() if end_of else 0)
        near = tense_near(self.text[lo:pos], self.text[after:hi])
        if near is not None:
            return near
        return is_future(self.text[lo:hi])


# Punctuation that ends a clause or closes a quotation (a colon only outside "6:00").
_CLAUSE_MARK = re.compile(r"[;”\"—?!]|(?<!\d):(?!\d)")
Handler = Callable[[re.Match, Context], Candidate | None]
# Qualifiers TimeBank annotates outside the expression (counts on TBAQ: "about" 9 out / 2
# in, "almost" 5/3, "around" 3/3); "nearly", "more than", "at least" stay inside (7/1,
# 3/0, 4/2).
_OUTSIDE_QUALIFIERS = frozenset({"about", "almost", "around", "approximately", "roughly", "some"})


@dataclass(slots=True)
class Rule:
    """One registered family: its pattern, handler, tie-break priority and trigger."""

    name: str
    pattern: re.Pattern
    handler: Handler
    priority: int
    trigger: re.Pattern | None

    def finditer(self, text: str) -> list[re.Match]:
        """Every match in ``text``.

        A rule with a trigger (a word every match contains, e.g. a unit for durations)
        runs its full pattern only in a window around each trigger word: case-folded
        alternations tried at every character are what made the stage slow (about half
        its time went to the duration and "ago" patterns on TBAQ; bench/timex.py).
        """
        if self.trigger is None:
            return list(self.pattern.finditer(text))
        seen: dict[tuple[int, int], re.Match] = {}
        for t in self.trigger.finditer(text):
            lo, hi = max(0, t.start() - _BEFORE), min(len(text), t.end() + _AFTER)
            for m in self.pattern.finditer(text, lo, hi):
                if m.start() <= t.start() and m.end() >= t.end():
                    seen.setdefault((m.start(), m.end()), m)
        return [seen[k] for k in sorted(seen)]


# Window around a trigger word: the longest TBAQ expressions reach ~60 characters before
# their unit word ("more than two and a half ... years") and ~25 after ("... ago").
_BEFORE, _AFTER = 90, 40
RULES: list[Rule] = []


def rule(pattern: str, *, flags: int = 0, priority: int = 0,
         trigger: str | None = None) -> Callable[[Handler], Handler]:
    """Register a handler for a pattern (compiled once, here).

    Args:
        pattern: the regular expression.
        flags: ``re`` flags.
        priority: breaks ties between equally long overlapping matches (higher wins).
        trigger: a regex that every match contains (prefix ``(?i)`` to ignore case); the
            pattern is then only tried around its occurrences.

    Returns:
        A decorator that records the handler and returns it unchanged.
    """

    def register(handler: Handler) -> Handler:
        compiled_trigger = re.compile(trigger) if trigger else None
        RULES.append(Rule(handler.__name__, re.compile(pattern, flags), handler, priority, compiled_trigger))
        return handler

    return register


def _cand(m: re.Match, type_: str, value: str | None, gran: str, *, mod: str | None = None,
          day: dt.date | None = None, group: int | str = 0, rule_name: str = "") -> Candidate:
    return Candidate(m.start(group), m.end(group), type_, value, gran, mod, day=day,
                     rule=rule_name)


_YEAR = r"(?:1[5-9]\d\d|2[0-9]\d\d)"
_B = r"(?<![\w$£€¥.,/-])"  # not inside a word or number, not money
_E = r"(?![\w%/]|[.,]\d|-\d)"  # not followed by more of a number or a percent

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
    future: bool | None = True if ctx.future(m.start(3)) else False
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


@rule(r"(?i)\b(the\s+)?(" + "|".join(sorted(_ORD, key=len, reverse=True)) + r")[- ]century\b", priority=3, trigger=r"(?i)century")
def century(m: re.Match, ctx: Context) -> Candidate | None:
    n = _ORD[m.group(2).lower()]
    return _cand(m, "DATE", f"{n - 1:02d}XX" if n > 1 else "00XX", "century")


# --- quarters, halves, seasons ----------------------------------------------------------

_QORD = r"(first|second|third|fourth|1st|2nd|3rd|4th)"


@rule(r"(?i)\b(?:(the|this year's|last year's|next year's)\s+)?(?:(fiscal|current|latest)[- ])?(?:(" + _YEAR
      + r"|year-earlier|year-ago)\s+)?(?:(fiscal)[- ])?" + _QORD + r"[- ](?:fiscal[- ])?quarters?\b"
      r"(?:\s+of\s+(?:fiscal\s+)?(" + _YEAR + r"|(?:this|last|next)\s+year|the\s+(?:current|previous|same)\s+year))?", priority=4, trigger=r"(?i)quarter")
def ordinal_quarter(m: re.Match, ctx: Context) -> Candidate | None:
    q = _ORD[m.group(5).lower()]
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


@rule(r"(?i)\b(?:(later|earlier|early|late|mid-|mid)\s*(?:in\s+)?)?(this|last|next|the\s+past|the\s+last|the\s+previous|the\s+coming|the\s+next|"
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
           "mid": "MID"}.get((m.group(1) or "").lower())
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


@rule(r"(?i)\b(the latest|the most recent|the recent|the same|the)\s+(quarter|period)\b(?!\s+(?:ended|ending|to|before|after|earlier|ago))", priority=1, trigger=r"(?i)\b(?:quarter|period)\b")
def latest_period(m: re.Match, ctx: Context) -> Candidate | None:
    return Candidate(m.start(), m.end(), "DATE", None, "quarter", rule="discourse:quarter:0")


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
@rule(r"(?i)\b(?:the|this)\s+(?:(?:entire|whole|full|same|calendar|fiscal)\s+)?(year|month)\b(?![- ](?:earlier|ago|before|after|old|long|end|to))(?!\s+(?:\d|ended|ending|of|in|when|that|before))",
      priority=1, trigger=r"(?i)\b(?:year|month)\b")
def the_year(m: re.Match, ctx: Context) -> Candidate | None:
    unit = m.group(1).lower()
    if m.group(0).lower().startswith("this"):
        return None  # "this year" is relative_period's
    return Candidate(m.start(), m.end(), "DATE", None, unit, rule=f"discourse:{unit}:0")


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


# --- durations and sets -----------------------------------------------------------------


@rule(r"(?i)\b(" + lx.QUALIFIER + r"\s+)?(?:(the|a|its|their|his|her)\s+)?(?:(past|last|next|first|coming|previous|following|final|"
      r"remaining|latest|initial|preceding|ensuing)\s+)?(" + lx.NUM + r"(?:\s+1/2|\s+and\s+a\s+half|½)?|" + lx.VAGUE
      + r")(?:[- ](?:or|to)[- ](" + lx.NUM + r"))?"
      r"(?:\s+(?:more|additional|full|straight|consecutive|long))?[- ](" + lx.UNIT + r")(?:\s+and\s+a\s+half)?"
      r"(?:[- ]long|[- ]old)?\b", priority=2, trigger=r"(?i)\b" + lx.UNIT + r"\b")
def duration(m: re.Match, ctx: Context) -> Candidate | None:
    unit = lx.unit_key(m.group(6))
    count_word = m.group(4).lower()
    half = bool(re.search(r"1/2|and a half|½", m.group(0)))
    count_word = re.sub(r"\s*(?:1/2|and a half|½)$", "", count_word)
    amount = lx.number_value(count_word)
    if half and amount is not None:
        amount += 0.5
    det = (m.group(2) or "").lower()
    if count_word in ("a", "an") and det:
        return None
    if unit == "second" and count_word in ("a", "one") and re.match(r"\s+[a-z]", ctx.text[m.end():m.end() + 3]) \
            and not re.match(r"\s+(?:ago|later|or|and|earlier)\b", ctx.text[m.end():m.end() + 9]):
        return None  # "a second meeting" is an ordinal
    if count_word in ("a", "an", "one") and not m.group(1) and not m.group(3) and re.match(
        r"\s+(?:ago|earlier|later)\b", ctx.text[m.end():m.end() + 10]
    ):
        return None
    if re.search(r"(?:\$|€|£|per|a|an)\s*$", ctx.text[max(0, m.start() - 4):m.start()]) and count_word in ("a", "an"):
        return None
    if unit == "night" and amount is None:
        return None
    if unit == "hour" and re.fullmatch(r"[0-2]\d[0-5]\d", count_word):
        return None  # "1100 hrs" is a clock time in military style
    if re.search(r"[- ]old$", m.group(0)) or re.match(r"-(?:old|olds)\b", ctx.text[m.end():m.end() + 5]):
        return None  # an age ("a 6-year-old"), not a duration: TimeBank never tags ages
    if unit == "quarter" and "-" in m.group(0) and count_word not in ("a", "an", "one"):
        return None  # "three-quarters" is a fraction
    mod = lx.QUALIFIERS.get((m.group(1) or "").strip().lower())
    if m.group(5):
        mod = mod or "APPROX"
    if count_word in ("the past few",):
        amount = None
    value = lx.duration_value(amount, unit)
    start = m.start()
    qualifier = (m.group(1) or "").strip().lower()
    if qualifier in _OUTSIDE_QUALIFIERS or (qualifier == "over" and det):
        # TimeBank leaves these outside the extent ("about [five hours]", "over [the past
        # 20 years]": 9 of 11 "about", all 28 "over"); the mod still says APPROX.
        start = m.start(2) if det else m.start(3) if m.group(3) else m.start(4)
        if qualifier == "over":
            mod = None
    if det and re.match(r"\w+-", m.group(0)[m.start(4) - m.start():]) and "-" in m.group(0)[m.start(4) - m.start():]:
        start = max(start, m.start(4))  # "a [16-hour] flight", "the [eight-year] war"
    return Candidate(start, m.end(), "DURATION", value, unit, mod)


@rule(r"(?i)\b(?:(for|over|in|within|of|during)\s+)(?:(recent|the\s+past|the\s+last|the\s+coming|the\s+next)\s+)?("
      + lx.UNIT_PLURAL + r")\b(?!\s+(?:ago|of\s+the|old|of\s+age))", priority=1, trigger=r"(?i)" + lx.UNIT_PLURAL)
def bare_plural(m: re.Match, ctx: Context) -> Candidate | None:
    unit = lx.unit_key(m.group(3))
    start = m.start(2) if m.group(2) else m.start(3)
    if (m.group(2) or "").lower() == "recent" and unit == "year":
        return Candidate(start, m.end(3), "DATE", "PAST_REF", "vague")
    return Candidate(start, m.end(3), "DURATION", lx.duration_value(None, unit), unit)


# "quarterly" is left out: in business news it is mostly an adjective ("quarterly
# earnings") that TimeBank does not tag (10 of 10 were false positives on TBAQ).
@rule(r"(?i)\b(daily|weekly|monthly|annually|yearly|hourly|nightly|biweekly|fortnightly)\b", priority=1, trigger=r"(?i)ly\b")
def set_adverb(m: re.Match, ctx: Context) -> Candidate | None:
    word = m.group(1).lower()
    if m.group(1)[0].isupper() and not re.search(r"(?:^|[.!?\"“‘]\s*)$", ctx.text[max(0, m.start() - 3):m.start()]):
        return None  # "Anchorage Daily News": a name
    value = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
             "hourly": "PT1H", "nightly": "P1D", "quarterly": "P1Q", "biweekly": "P2W",
             "fortnightly": "P2W"}[word]
    return Candidate(m.start(), m.end(), "SET", value, "set")


@rule(r"(?i)\b(every|each|per)\s+(?:(other)\s+)?(?:(" + lx.NUM + r")\s+)?(" + lx.UNIT + r"|" + lx.WEEKDAY + r"|"
      + lx.SEASON + r"|morning|evening|afternoon|night|January|February|March|April|May|June|July|August|September"
      r"|October|November|December)\b", priority=3, trigger=r"(?i)\b(?:every|each|per)\b")
def set_every(m: re.Match, ctx: Context) -> Candidate | None:
    word = m.group(4).lower()
    if word in lx.WEEKDAYS:
        return Candidate(m.start(), m.end(), "SET", f"XXXX-WXX-{lx.WEEKDAYS[word] + 1}", "set")
    if word in lx.SEASONS:
        return Candidate(m.start(), m.end(), "SET", f"XXXX-{lx.SEASONS[word]}", "set")
    if word in lx.MONTHS:
        return Candidate(m.start(), m.end(), "SET", f"XXXX-{lx.MONTHS[word]:02d}", "set")
    if word in ("morning", "evening", "afternoon", "night"):
        return Candidate(m.start(), m.end(), "SET", f"XXXX-XX-XXT{lx.PARTS[word]}", "set")
    amount = lx.number_value(m.group(3)) if m.group(3) else 1.0
    if m.group(2):
        amount = (amount or 1) * 2
    return Candidate(m.start(), m.end(), "SET", lx.duration_value(amount, lx.unit_key(word)), "set")


@rule(r"(?i)\b(once|twice|(?:" + lx.NUM + r")\s+times)\s+(a|an|per|every|each)\s+(" + lx.UNIT + r")\b", priority=3, trigger=r"(?i)\b(?:once|twice|times)\b")
def set_frequency(m: re.Match, ctx: Context) -> Candidate | None:
    unit = lx.unit_key(m.group(3))
    return Candidate(m.start(2), m.end(), "SET", lx.duration_value(1, unit), "set")


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
