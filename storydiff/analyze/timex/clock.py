"""Clock times and the zone phrase that follows them.

"10:30 p.m. Moscow time", "2200 Moscow time", "1500 Eastern time", "11:30 a.m. local",
"9 a.m. EDT", "14:00 GMT", "0800 UTC+3", "noon", "midnight", "7 o'clock". A 24-hour
"2200" is read as a time only when a zone, "hours" or "local" follows it; otherwise it
stays a number or a year ("in 2200" is a year).
"""

from __future__ import annotations

import datetime as dt
import re

from storydiff.analyze.timex import lexicon as lx
from storydiff.analyze.timex.calendar import Candidate
from storydiff.analyze.zones import ABBREVIATIONS, ZoneRef, from_abbreviation, from_name, from_offset

_AP = r"(?:[ap]\.\s?m\.|[ap]\.m\b|[ap]m\b|[AP]M\b|[AP]\.M\.)"
# Abbreviations that are also everyday words or initials in news ("ART", "CAT", "PT" for
# physical therapy, "ET" for extra-terrestrial) are only accepted right after a clock time,
# which is the only place this module looks for them anyway.
_ABBR = "|".join(sorted((a for a in ABBREVIATIONS if len(a) >= 2), key=len, reverse=True))
_ZONE_WORDS = r"(?:[A-Z][\w'’.-]*)(?:,?\s+[A-Z][\w'’.-]*){0,2}"
_ZONE_RE = re.compile(
    r"(?P<open>\s*\(\s*|\s*,\s*|\s+)(?:"
    r"(?P<offset>(?:UTC|GMT|UT)\s?[+\-−–]\s?\d{1,2}(?::?\d{2})?)"
    r"|(?P<abbr>" + _ABBR + r"|Z)\b(?![-'’]\w)"
    r"|(?P<local>local(?:\s+time)?)\b(?!\s+(?:[a-z]{3,}))"
    r"|(?P<named>" + _ZONE_WORDS + r")\s+(?P<kind>(?:[Ss]tandard|[Dd]aylight|[Ss]ummer)\s+)?[Tt]ime\b"
    r"|(?P<bare>Eastern|Central|Mountain|Pacific|Alaska|Hawaii)\b(?!\s+[A-Z]|[-'’]\w)"
    r")"
)
_24H_FOLLOW = (r"(?=\s*(?:hours?\b|hrs\b|h\b|\(?(?:UTC|GMT|UT)\b|Z\b|zulu\b|local\b|(?:" + _ABBR + r")\b|"
               + _ZONE_WORDS + r"\s+(?:(?:[Ss]tandard|[Dd]aylight|[Ss]ummer)\s+)?[Tt]ime\b))")
_CLOCK_MODS = {"about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
               "shortly before": "BEFORE", "just before": "BEFORE", "shortly after": "AFTER",
               "just after": "AFTER", "after": "AFTER", "before": "BEFORE"}
CLOCK_RE = re.compile(
    r"(?:\b(?P<qual>about|around|approximately|roughly|shortly before|just before|shortly after|just after)\s+)?"
    r"(?<![\w$£€.,:/-])(?:"
    r"(?P<h>\d{1,2}):(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?(?:\s*(?P<ap>" + _AP + r"))?"
    r"|(?P<hd>\d{1,2})\.(?P<md>[0-5]\d)\s*(?P<apd>" + _AP + r")"
    r"|(?P<h2>\d{1,2})\s*(?P<ap2>" + _AP + r")"
    r"|(?P<hhmm>(?:[01]\d|2[0-3])[0-5]\d)" + _24H_FOLLOW + r"(?:\s*(?P<hours>hours|hrs|h)\b)?"
    r"|(?P<oc>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+o['’]clock"
    r"(?:\s+(?P<apo>in the morning|in the afternoon|in the evening|at night))?"
    r"|(?P<hp>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"\s+(?P<part>in the morning|in the afternoon|in the evening|at night)"
    r"|(?P<word>noon|midday|midnight)"
    r")(?![\w:])",
    re.IGNORECASE,
)


def find_clocks(text: str) -> list[Candidate]:
    """Every clock time in a text, with its zone phrase when one follows.

    Args:
        text: the text.

    Returns:
        Candidates of type TIME with ``clock`` set and, when the text names one,
        ``zone`` (a ZoneRef, or the string "local") and ``zone_text``.
    """
    found: list[Candidate] = []
    for m in CLOCK_RE.finditer(text):
        clock = _clock_of(m)
        if clock is None:
            continue
        end = m.end()
        zone: ZoneRef | str | None = None
        zone_text = None
        z = _ZONE_RE.match(text, end)
        if z:
            zone, zone_end = _zone_of(z)
            if zone is not None:
                zone_text = text[z.end("open"):zone_end]
                if "(" not in z.group("open"):
                    end = zone_end
        if m.group("hhmm") and zone is None and not m.group("hours"):
            continue  # a four-digit number with nothing that makes it a time
        if m.group("h") and not m.group("ap") and zone is None and _looks_like_score(text, m):
            continue
        mod = _CLOCK_MODS.get((m.group("qual") or "").lower())
        # "about 10:35 a.m.": TimeBank keeps the qualifier outside the extent, in the mod.
        start = m.start()
        if m.group("qual"):
            start = m.end("qual")
            while text[start].isspace():
                start += 1
        found.append(
            Candidate(start, end, "TIME", None, "minute", mod, clock=clock, zone=zone,
                      zone_text=zone_text, priority=6, rule="clock")
        )
    # "from 9 a.m. to 5 p.m. EDT", "between 10 and 11 a.m. Moscow time": the zone written
    # after a range belongs to both ends.
    for first, second in zip(found, found[1:]):
        if first.zone is None and second.zone is not None and _RANGE.fullmatch(text[first.end:second.start]):
            first.zone, first.zone_text = second.zone, second.zone_text
    return found


_RANGE = re.compile(r"\s*(?:to|-|–|—|until|till|and)\s*")


def _looks_like_score(text: str, m: re.Match) -> bool:
    before = text[max(0, m.start() - 20):m.start()].lower()
    return bool(re.search(r"\b(?:won|lost|beat|score|ratio|verse|chapter|odds)\b[^.]*$", before))


def _clock_of(m: re.Match) -> dt.time | None:
    if m.group("word"):
        word = m.group("word").lower()
        return dt.time(0, 0) if word == "midnight" else dt.time(12, 0)
    if m.group("hp"):
        hour = int(lx.number_value(m.group("hp")) or 0)
        part = m.group("part").lower()
        evening = part != "in the morning" and not (part == "at night" and hour in (12, 1, 2, 3, 4))
        return _hm(hour, 0, "pm" if evening else "am")
    if m.group("hhmm"):
        digits = m.group("hhmm")
        return dt.time(int(digits[:2]), int(digits[2:]))
    if m.group("oc"):
        hour = int(lx.number_value(m.group("oc")) or 0)
        part = (m.group("apo") or "").lower()
        ap = "pm" if part in ("in the afternoon", "in the evening", "at night") and hour < 12 else ""
        return _hm(hour, 0, ap)
    if m.group("hd"):
        return _hm(int(m.group("hd")), int(m.group("md")), m.group("apd"))
    if m.group("h2"):
        return _hm(int(m.group("h2")), 0, m.group("ap2"))
    return _hm(int(m.group("h")), int(m.group("m")), m.group("ap"), int(m.group("s") or 0))


def _hm(hour: int, minute: int, ap: str | None, second: int = 0) -> dt.time | None:
    marker = (ap or "").lower().replace(".", "").replace(" ", "")
    if marker:
        if not 1 <= hour <= 12:
            return None
        if marker == "pm" and hour < 12:
            hour += 12
        elif marker == "am" and hour == 12:
            hour = 0
    if hour == 24 and minute == 0:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute, second)


def _zone_of(z: re.Match) -> tuple[ZoneRef | str | None, int]:
    if z.group("offset"):
        return from_offset(z.group("offset").replace(" ", "")), z.end("offset")
    if z.group("abbr"):
        return from_abbreviation(z.group("abbr")), z.end("abbr")
    if z.group("local"):
        return "local", z.end("local")
    if z.group("bare"):
        return from_name(z.group("bare")), z.end("bare")
    if z.group("named"):
        words = z.group("named").replace(",", " ").split()
        kind = (z.group("kind") or "").strip()
        # Try the longest phrase first, then drop leading words ("at Anchorage time").
        for i in range(len(words)):
            name = " ".join(words[i:] + ([kind] if kind else []))
            ref = from_name(name)
            if ref is not None:
                return ref, z.end()
    return None, z.end()
