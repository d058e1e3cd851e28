"""Durations ("more than three years", "the past two weeks", "for months") and sets
("every week", "daily", "twice a year").
"""

from __future__ import annotations

import re

from storydiff.analyze.timex import lexicon as lx
from storydiff.analyze.timex.calendar import Candidate
from storydiff.analyze.timex.registry import Context, rule

# Qualifiers TimeBank annotates outside the expression (counts on TBAQ: "about" 9 out / 2
# in, "almost" 5/3, "around" 3/3); "nearly", "more than", "at least" stay inside (7/1,
# 3/0, 4/2).
_OUTSIDE_QUALIFIERS = frozenset({"about", "almost", "around", "approximately", "roughly", "some"})


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
    if unit in ("quarter", "period") and re.fullmatch(r"(?:19|20)\d\d", count_word):
        return None  # "the 1988 quarter" is a date (.relative.year_period)
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
