"""Clock times of the story's main moments compared across voices, with or without dates.

Reports of one event give its moments as clock times ("about 3:10 p.m.", "around 10
a.m. Monday"), often without a publication date to place them in a day. A clock time
whose sentence names one of the :data:`MOMENTS` (the shooting, the arrest, the quake,
the fire, the crash) is a fact of that moment's slot; two voices' times of one slot
that lie more than :data:`TIME_TOLERANCE` apart, in local wall-clock time, conflict.
Datelines and timestamps ("4/9/2007 6:04 PM") are no moment of the story.

Also here: written dates of one-off events (:data:`DATED`), how long before the event a
step of someone's life came (:data:`LIFE_STEPS`: "married two weeks ago"), and the year
a building was built, written or from its age and the report's year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storydiff.compare.align import Unit
from storydiff.compare.draft import Draft, evidence_of
from storydiff.model import Timex

# The moments news gives clock times for, with the words that name them (lower-case
# stems, matched at word starts). Read in this order: a sentence about the arrest
# often recalls the shooting ("arrested ... after the shooting").
MOMENTS: list[tuple[str, re.Pattern]] = [
    ("arrest", re.compile(r"\b(?:arrest|captur|apprehend|surrender|taken into custody|caught)")),
    ("shooting", re.compile(r"\b(?:shoot|shot|gunfire|gunshot|opened fire|fired|gunman|slay)")),
    ("quake", re.compile(r"\b(?:quake|earthquake|temblor|tremor)")),
    ("fire", re.compile(r"\b(?:blaze|fire broke|flames|fire started|caught fire)")),
    ("crash", re.compile(r"\b(?:crash|collision|struck by|hit by|hit-and-run)")),
]
# A sentence that says the moment has not come yet ("as of 11 p.m. authorities were still
# searching") gives the time of something else.
_NOT_YET = re.compile(r"\b(?:still|search|searching|sought|hunt|manhunt|not yet|no one|until)\b")

# Two times of one moment this far apart or more disagree. News rounds clock times to
# the quarter hour ("about 3 p.m." for 3:10 is a rounding, a trap in the findings gold),
# while 3:10 vs 3:30 and 10 vs 10:30 a.m. are real disagreements there.
TIME_TOLERANCE = 15
# "shortly after 3 p.m." is read as 3:10, "shortly before midnight" as 23:50.
_NEAR = 10
# Times of one slot further apart than this are two moments, not two readings of one.
_SAME_MOMENT = 4 * 60

# The word naming the moment stands this close to the time (characters): "the gunman
# came in around 4 p.m." is the shooting's time; "staff at a shop across from where the
# shooting took place were told at 5:30 p.m. to leave" is not.
_NEAR_WORDS = 25

_CLOCK = re.compile(r"T(\d\d):(\d\d)")
_STAMP = re.compile(r"\d+/\d+/\d+|\b(?:19|20)\d\d\b")


@dataclass
class TimeFact:
    moment: str
    minutes: int
    timex: Timex
    unit: Unit


def _minutes(timex: Timex) -> int | None:
    """Local wall-clock minutes after midnight, with "shortly before/after" applied."""
    if timex.type != "TIME" or timex.granularity not in ("minute", "hour"):
        return None
    match = _CLOCK.search(timex.local or "") or _CLOCK.search(timex.timeml or "") or _CLOCK.search(timex.value or "")
    if match is None:
        return None
    minutes = int(match.group(1)) * 60 + int(match.group(2))
    if timex.mod == "AFTER":
        minutes += _NEAR
    elif timex.mod == "BEFORE":
        minutes -= _NEAR
    return minutes % (24 * 60)


def _apart(a: int, b: int) -> int:
    gap = abs(a - b)
    return min(gap, 24 * 60 - gap)


def time_facts(units: list[Unit]) -> list[TimeFact]:
    facts = []
    for unit in units:
        text = unit.text.lower()
        if _NOT_YET.search(text):
            continue
        times = [(t, _minutes(t)) for t in unit.timexes if not _STAMP.search(t.text)]
        times = [(t, m) for t, m in times if m is not None]
        if len({m for _, m in times}) != 1:
            continue  # none, or two moments in one sentence: which is the slot's is unknown
        timex = times[0][0]
        at = timex.start - unit.start
        moment = next((name for name, words in MOMENTS
                       if any(abs(match.start() - at) <= _NEAR_WORDS for match in words.finditer(text))), None)
        if moment is not None:
            facts.append(TimeFact(moment, times[0][1], timex, unit))
    return facts


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# Dates of the story's one-off events, when the text writes the date itself (a month
# or a year): "convicted March 20" vs "found guilty in April 2007"; "voters in 2010
# approved" vs "voters in 2009 approved". Not marriages: a life story has several
# (ECB+ 4_ecb: "married in 1957" and "in February 1943 she married"). Relative dates ("last year") are left out:
# without a publication date they cannot be placed.
DATED: list[tuple[str, re.Pattern]] = [
    ("verdict", re.compile(r"\b(?:convicted|found (?:\w+ ){0,3}guilty|guilty verdict|verdict)")),
    ("approval", re.compile(r"\b(?:approved|voted (?:for|to)|passed)")),
    ("sentencing", re.compile(r"\b(?:sentenced)")),
    ("arrest", re.compile(r"\b(?:arrested|captured)")),
]
# A date stands a little further from its verb than a clock time ("In April 2007 the
# suspect was found guilty": 27 characters).
_NEAR_DATE = 40
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"]
_WRITTEN_MONTH = re.compile(r"\b(" + "|".join(m.title() for m in _MONTHS) + r"|Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\b\.?")
_WRITTEN_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_WRITTEN_DAY = re.compile(r"\b([12]?\d|3[01])(?:st|nd|rd|th)?\b")


@dataclass
class DateFact:
    moment: str
    year: int | None
    month: int | None
    day: int | None
    timex: Timex
    unit: Unit


def _written_date(text: str) -> tuple[int | None, int | None, int | None] | None:
    year = _WRITTEN_YEAR.search(text)
    month = _WRITTEN_MONTH.search(text)
    if year is None and month is None:
        return None
    month_number = None
    if month:
        name = month.group(1).lower()
        month_number = next(i + 1 for i, m in enumerate(_MONTHS) if m.startswith(name[:3]))
    rest = text[month.end():] if month else ""
    day = _WRITTEN_DAY.match(rest.strip()) if month else None
    return (int(year.group(1)) if year else None, month_number, int(day.group(1)) if day else None)


def _dates_differ(a: DateFact, b: DateFact) -> bool:
    if a.year and b.year:
        if a.year != b.year:
            return True
    if a.month and b.month and a.month != b.month:
        return True
    if a.month and a.month == b.month and a.day and b.day and abs(a.day - b.day) >= 2:
        return True
    return False


def date_facts(units: list[Unit]) -> list[DateFact]:
    facts = []
    for unit in units:
        text = unit.text.lower()
        dates = [(t, _written_date(t.text)) for t in unit.timexes if t.type == "DATE"]
        dates = [(t, d) for t, d in dates if d is not None and "/" not in t.text]
        if len(dates) != 1:
            continue  # none, or two dates in one sentence: which is the event's is unknown
        timex, (year, month, day) = dates[0]
        at = timex.start - unit.start
        if re.search(r"\b(?:the|a|an|his|her|their|its)\s+$", unit.text[max(0, at - 8):at], re.I):
            continue  # "convicted of the June 20, 2005 attempted murder": another event's date
        moment = next((name for name, words in DATED
                       if any(abs(match.start() - at) <= _NEAR_DATE for match in words.finditer(text))), None)
        if moment is not None:
            facts.append(DateFact(moment, year, month, day, timex, unit))
    return facts


def _date_label(fact: DateFact) -> str:
    parts = [str(fact.day) if fact.day else "", _MONTHS[fact.month - 1].title() if fact.month else "",
             str(fact.year) if fact.year else ""]
    return " ".join(p for p in parts if p)


def _disagreements(facts, differ) -> list[tuple[str, list]]:
    """Per moment, the facts of any two voices that ``differ`` (each fact once, in order)."""
    by_moment: dict[str, list] = {}
    for fact in facts:
        by_moment.setdefault(fact.moment, []).append(fact)
    found = []
    for moment, same in by_moment.items():
        involved = {id(f): f for i, a in enumerate(same) for b in same[i + 1:]
                    if a.unit.voice != b.unit.voice and differ(a, b) for f in (a, b)}
        if involved:
            found.append((moment, list(involved.values())))
    return found


def date_findings(units: list[Unit]) -> list[Draft]:
    """Conflicts between voices on the written date of one of the story's events.

    Args:
        units: the story's sentence units.

    Returns:
        ``conflict`` drafts of kind ``date``, one per event whose voices write
        different dates.
    """
    drafts = []
    for moment, involved in _disagreements(date_facts(units), _dates_differ):
        summary = f"Date of the {moment}: " + " vs ".join(
            f"{_date_label(f)} ({f.unit.article.id}: {f.timex.text})" for f in involved)
        drafts.append(Draft("conflict", "date", summary, [evidence_of(f.unit, _date_label(f)) for f in involved],
                            subject=f"date:{moment}"))
    return drafts


def time_findings(units: list[Unit]) -> list[Draft]:
    """Conflicts between voices on the clock time of one of the story's moments.

    Args:
        units: the story's sentence units.

    Returns:
        ``conflict`` drafts of kind ``time``, one per moment whose voices disagree.
    """
    drafts = []
    for moment, involved in _disagreements(
            time_facts(units), lambda a, b: TIME_TOLERANCE < _apart(a.minutes, b.minutes) < _SAME_MOMENT):
        groups: dict[int, list[TimeFact]] = {}
        for fact in involved:
            groups.setdefault(fact.minutes, []).append(fact)
        summary = f"Time of the {moment} (local): " + " vs ".join(
            f"{_clock(m)} ({', '.join(dict.fromkeys(f.unit.article.id for f in fs))}: "
            f"{'; '.join(dict.fromkeys(f.timex.text for f in fs))})" for m, fs in sorted(groups.items()))
        evidence = [evidence_of(f.unit, _clock(f.minutes)) for f in involved]
        drafts.append(Draft("conflict", "time", summary, evidence, subject=f"moment:{moment}"))
    return drafts


# How long before the story's event a step of someone's life came: "was married two
# weeks ago", "married the deputy three weeks before he was murdered". Steps a life
# takes once or rarely, named by the verb; the span is days, weeks or months (years
# blur across reports written years apart, and "ago" counts from the report's day).
LIFE_STEPS: list[tuple[str, re.Pattern]] = [
    ("marriage", re.compile(r"\b(?:married|marry|marrying|wed|wedded|wedding)\b", re.I)),
    ("engagement", re.compile(r"\b(?:engaged|engagement)\b", re.I)),
    ("divorce", re.compile(r"\b(?:divorced?)\b", re.I)),
    ("release", re.compile(r"\b(?:released|paroled|freed) from (?:prison|jail|custody)\b", re.I)),
    ("hiring", re.compile(r"\b(?:hired|joined the (?:force|department|company|firm))\b", re.I)),
    ("move", re.compile(r"\b(?:moved (?:to|into|in)|had moved)\b", re.I)),
]
_SPAN_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_SPAN_DAYS = {"day": 1, "week": 7, "month": 30}
_ELAPSED = re.compile(r"\b(?P<hedge>about |some |nearly |almost |just |roughly |around )?(?P<n>\d+|"
                      + "|".join(_SPAN_NUMBERS) + r") (?P<unit>day|week|month)s? (?:ago|before|earlier)\b", re.I)
# The verb stands this close before the span ("was married for the second time about
# two weeks ago": 39 characters between them).
_NEAR_STEP = 45
# "about two weeks" allows this fraction either way: news rounds such spans to the
# week, so two and three weeks stay apart while "about two weeks" and two weeks agree.
ELAPSED_HEDGE = 0.10


@dataclass
class ElapsedFact:
    moment: str
    days: float
    hedged: bool
    text: str
    unit: Unit


def elapsed_facts(units: list[Unit]) -> list[ElapsedFact]:
    facts = []
    for unit in units:
        spans = list(_ELAPSED.finditer(unit.text))
        if len(spans) != 1:
            continue  # none, or two spans in one sentence: which is the step's is unknown
        span = spans[0]
        before = unit.text[max(0, span.start() - _NEAR_STEP):span.start()]
        moment = next((name for name, words in LIFE_STEPS if words.search(before)), None)
        if moment is None:
            continue
        count = span.group("n").lower()
        number = int(count) if count.isdigit() else _SPAN_NUMBERS[count]
        facts.append(ElapsedFact(moment, number * _SPAN_DAYS[span.group("unit").lower()],
                                 span.group("hedge") is not None, span.group(0), unit))
    return facts


def _elapsed_differ(a: ElapsedFact, b: ElapsedFact) -> bool:
    def interval(f):
        slack = f.days * ELAPSED_HEDGE if f.hedged else 0.0
        return f.days - slack, f.days + slack
    (alo, ahi), (blo, bhi) = interval(a), interval(b)
    return ahi < blo or bhi < alo


def elapsed_findings(units: list[Unit]) -> list[Draft]:
    """Conflicts between voices on how long before the story's event a life step came.

    Args:
        units: the story's sentence units.

    Returns:
        ``conflict`` drafts of kind ``number``, one per life step whose voices give
        spans that cannot both hold.
    """
    drafts = []
    for moment, involved in _disagreements(elapsed_facts(units), _elapsed_differ):
        groups: dict[float, list[ElapsedFact]] = {}
        for fact in involved:
            groups.setdefault(fact.days, []).append(fact)
        summary = f"Time since the {moment}: " + " vs ".join(
            f"{' / '.join(dict.fromkeys(f.text for f in fs))} "
            f"({', '.join(dict.fromkeys(f.unit.article.id for f in fs))})" for _, fs in sorted(groups.items()))
        drafts.append(Draft("conflict", "number", summary, [evidence_of(f.unit, f.text) for f in involved],
                            subject=f"elapsed:{moment}"))
    return drafts


# How old a building is against the year it was built: "the 86-year-old structure" in a
# report of 2012 stood since about 1926, not since 1935 ("The building dates to 1935").
# The building nouns news uses for such histories; a sentence that names none ("It was
# built in 1935", "The trading post, also built in 1935") may be about another building.
_BUILDING = (r"(?:building|structure|warehouse|barn|church|school|bridge|hotel|factory|mill|theat(?:er|re)|"
             r"hall|station|tower|creamery|dairy|landmark|mansion|cathedral|temple|mosque|synagogue)")
_BUILDING_AGE = re.compile(r"\b(\d{1,3})-year-old\s+(?:[\w-]+\s+){0,2}?" + _BUILDING + r"s?\b", re.I)
_BUILT = re.compile(r"\b" + _BUILDING + r"s?\b[^.;]{0,40}?\b(?:built|constructed|erected|dates(?: back)? to|"
                    r"dating(?: back)? to|dating from)\s+(?:in\s+)?(?:the\s+)?(1[6-9]\d\d|20[0-2]\d)(s?)\b", re.I)
# A web address often carries the day it was published: ".../2012/08/07/...",
# ".../2005/jun/25/...", ".../20070503/...".
_URL_YEAR = re.compile(r"^https?://\S*?/((?:19|20)\d\d)(?:[/-](?:0?[1-9]|1[0-2]|jan|feb|mar|apr|may|jun|jul|aug|sep|"
                       r"oct|nov|dec)\b|(?:0[1-9]|1[0-2])[0-3]\d\b)", re.I)
# An age in years is counted from the last birthday, a year of building rounded by its
# writer: one year either way is the same fact.
_YEAR_SLACK = 1


def article_year(article) -> int | None:
    """The year an article was written: its publication date, else a date in the web
    address on its first line; None when neither is known."""
    published = getattr(article, "published", None)
    if published is not None and hasattr(published, "year"):
        return published.year
    first = article.text.lstrip().split("\n", 1)[0]
    match = _URL_YEAR.match(first)
    return int(match.group(1)) if match else None


@dataclass
class BuiltFact:
    low: int
    high: int
    label: str  # the year as a summary gives it: "1935", "1930s", "about 1926"
    text: str
    unit: Unit
    moment: str = "construction"


def built_facts(units: list[Unit]) -> list[BuiltFact]:
    """Years a building of the story was built, written or from its age."""
    years = [y for y in {id(u.article): article_year(u.article) for u in units}.values() if y]
    # A report without a date of its own was written in the year most of the story's were.
    story_year = max(sorted(set(years)), key=years.count) if years else None
    facts = []
    for unit in units:
        ages, built = list(_BUILDING_AGE.finditer(unit.text)), list(_BUILT.finditer(unit.text))
        if len(ages) + len(built) != 1:
            continue  # none, or two in one sentence: which building is the story's is unknown
        if built:
            year, decade = int(built[0].group(1)), built[0].group(2) and int(built[0].group(1)) % 10 == 0
            facts.append(BuiltFact(year - _YEAR_SLACK, year + (9 if decade else 0) + _YEAR_SLACK,
                                   f"{year}s" if decade else str(year), built[0].group(0), unit))
            continue
        written = article_year(unit.article) or story_year
        if written is not None:
            year = written - int(ages[0].group(1))
            facts.append(BuiltFact(year - _YEAR_SLACK, year + _YEAR_SLACK, f"about {year}", ages[0].group(0), unit))
    return facts


def built_findings(units: list[Unit]) -> list[Draft]:
    """Conflicts between voices on the year the story's building was built.

    Args:
        units: the story's sentence units.

    Returns:
        ``conflict`` drafts of kind ``date`` (at most one) when a building's age and
        the year others say it was built cannot both hold.
    """
    drafts = []
    for _, involved in _disagreements(built_facts(units), lambda a, b: a.high < b.low or b.high < a.low):
        facts = sorted(involved, key=lambda f: f.low)
        groups: dict[str, list[BuiltFact]] = {}
        for fact in facts:
            groups.setdefault(fact.label, []).append(fact)
        summary = "Year the building was built: " + " vs ".join(
            f"{label} ({', '.join(dict.fromkeys(f.unit.article.id for f in fs))})" for label, fs in groups.items())
        drafts.append(Draft("conflict", "date", summary, [evidence_of(f.unit, f.label) for f in facts],
                            subject="date:construction"))
    return drafts
