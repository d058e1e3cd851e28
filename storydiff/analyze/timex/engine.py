"""Time expressions: recognise, then normalise against the article's anchor and zones.

Public entry points (others code against these names):

- :func:`find_timexes` -- every time expression of a text, normalised (``Timex``), with
  the ``Note`` s it raises (a sentence whose conversions agree or disagree; an ambiguous
  zone abbreviation).
- :func:`guess_location` -- the place an article's events happen, for "local" times.
- :func:`to_utc`, :func:`convert` -- clock times between zones (from ``zones``).

Steps, in order: (1) every rule of ``.rules`` and the clock finder of ``.clock``
propose candidates; (2) overlaps are settled, longest first; (3) a clock time next to a
day ("noon Thursday", "Friday at 3 p.m.") becomes one expression; (4) expressions that
depend on what came before ("the quarter", "a year earlier") are resolved in text order
(``.discourse``);
(5) clock times are placed on a day and in a zone and converted to UTC; (6) sentences
that give one moment in several zones are checked.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from typing import TYPE_CHECKING

from storydiff.analyze.timex import lexicon as lx
from storydiff.analyze.timex.calendar import Candidate
from storydiff.analyze.timex.discourse import resolve_discourse
from storydiff.analyze.timex.clock import find_clocks
from storydiff.analyze.timex.rules import RULES, Context
from storydiff.analyze.zones import (
    UTC,
    ZoneRef,
    as_zone,
    convert,
    resolve_ambiguous,
    to_utc,
    zone_info,
    zone_of_place,
)
from storydiff.model import Note, Timex

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["find_timexes", "guess_location", "to_utc", "convert"]

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n")
# Words ending in a full stop that do not end a sentence ("10:30 p.m. Moscow time",
# "Aug. 15", "Gov. Nosov", "U.S. officials", initials). A sentence that really ends in
# "p.m." is joined to the next one; only the tense window and the grouping of clock times
# see sentences, and both tolerate that.
_NOT_AN_END = re.compile(
    r"(?:\b(?:a\.m|p\.m|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|St|Gov|Sen|Rep|Gen|Lt|Col"
    r"|Maj|Capt|Prof|Jr|Sr|No|vs|U\.S|U\.K|U\.N|[A-Z])\.)$"
)


def sentence_spans(text: str, doc: Doc | None = None) -> list[tuple[int, int]]:
    """Sentence boundaries: spaCy's when a doc is given, else a punctuation splitter.

    Args:
        text: the text.
        doc: its spaCy doc, if one was made.

    Returns:
        ``(start, end)`` character spans, in order, without empty ones.
    """
    if doc is not None and doc.has_annotation("SENT_START"):
        return [(s.start_char, s.end_char) for s in doc.sents]
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if "\n" not in m.group(0) and _NOT_AN_END.search(text[max(start, m.start() - 8):m.start()]):
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [s for s in spans if s[1] > s[0]]


# A line of its own near the top holding only a date ("September 01, 2007", "Friday,
# August 15, 2025", "07 June 2013", "2007-09-01"): the dateline of Wikinews and many wire
# copies (the day-first form: ECB+ 4_4ecbplus, whose "6th June" went to the year the
# eval ran without it).
_DATE_LINE = re.compile(
    r"^[ \t]*(?:" + lx.WEEKDAY + r",?\s+)?(?:(" + lx.MONTH + r")\s+(\d{1,2}),?\s+(\d{4})"
    r"|(\d{4})-(\d{2})-(\d{2})"
    r"|(\d{1,2})(?:st|nd|rd|th)?\s+(" + lx.MONTH + r"),?\s+(\d{4}))[ \t]*$", re.MULTILINE)


def dateline_date(text: str) -> dt.date | None:
    """The date on a line of its own among the first lines of a text (its dateline).

    Args:
        text: the article's text.

    Returns:
        The date, or None when the first 400 characters hold no such line.
    """
    m = _DATE_LINE.search(text, 0, min(len(text), 400))
    if m is None:
        return None
    try:
        if m.group(1):
            month = lx.MONTHS[m.group(1).rstrip(".").lower()]
            return dt.date(int(m.group(3)), month, int(m.group(2)))
        if m.group(8):
            month = lx.MONTHS[m.group(8).rstrip(".").lower()]
            return dt.date(int(m.group(9)), month, int(m.group(7)))
        return dt.date(int(m.group(4)), int(m.group(5)), int(m.group(6)))
    except (KeyError, ValueError):
        return None


def _anchor_parts(anchor: dt.datetime | dt.date | None, text: str = "") -> tuple[dt.date, dt.datetime | None]:
    if anchor is None:
        # Without a publication time the dateline is the best anchor (MEANTIME has two
        # articles without a creation time whose second line is their date; resolving them
        # against today put "today" in 2026); failing that, today.
        return dateline_date(text) or dt.date.today(), None
    if isinstance(anchor, dt.datetime):
        return anchor.date(), anchor
    return anchor, None


def find_timexes(
    text: str,
    *,
    anchor: dt.datetime | dt.date | None,
    location: str | None = None,
    doc: Doc | None = None,
) -> tuple[list[Timex], list[Note]]:
    """Every time expression of a text, normalised against an anchor.

    Args:
        text: the article's cleaned text.
        anchor: the publication time (an aware datetime, a naive one, or a date). Without
            one, relative expressions are resolved against the text's dateline
            (:func:`dateline_date`), else against today, and say so in ``Timex.anchor``.
        location: where the events happen ("Anchorage"); its zone is used for "local"
            and for clock times written without a zone. None: a "local" time uses
            :func:`guess_location`; other zone-less times keep no UTC value.
        doc: the spaCy doc of ``text``, when the pipeline has one: its sentences are
            used, and its places break ties between readings of ambiguous zones.

    Returns:
        ``(timexes, notes)``: the expressions in text order, and notes of kind
        ``time_consistency`` (one sentence gives one moment in several zones; the
        message starts "consistent:" or "inconsistent:") and ``ambiguous_zone``.
    """
    day, moment = _anchor_parts(anchor, text)
    sentences = sentence_spans(text, doc)
    starts = [s for s, _ in sentences]

    def sentence_of(pos: int) -> tuple[int, int]:
        i = max(0, bisect.bisect_right(starts, pos) - 1)
        return sentences[i] if sentences else (0, len(text))

    ctx = Context(text, day, sentence_of)
    candidates = _recognise(text, ctx)
    chosen = _settle(candidates)
    chosen = _join_clock_and_day(text, chosen)
    resolve_discourse(chosen, day)
    if location is None and any(c.zone == "local" for c in chosen):
        # "11:30 a.m. local" needs a place; without one from the caller, the article's own
        # dateline or most named place is better than leaving the time unplaced.
        location = guess_location(text, doc)
    local_zone = _location_zone(location)
    context_zones = _context_zones(local_zone, doc)
    notes: list[Note] = []
    anchor_text = (moment.isoformat() if moment else day.isoformat())
    timexes: list[Timex] = []
    placed: list[tuple[Timex, Candidate, dt.datetime | None]] = []
    last_day: dict[tuple[int, int], dt.date] = {}
    for c in chosen:
        sentence = sentence_of(c.start)
        if c.day is not None and c.clock is None:
            last_day[sentence] = c.day
        elif c.clock_date is not None:
            last_day[sentence] = c.clock_date
        t = Timex(c.start, c.end, text[c.start:c.end], type=c.type, value=c.timeml,
                  granularity=c.granularity, timeml=c.timeml, anchor=anchor_text, mod=c.mod)
        instant = None
        if c.clock is not None:
            on = c.clock_date or last_day.get(sentence) or day
            instant = _place_clock(t, c, on, local_zone, context_zones, notes, text)
        if t.timeml is None:
            continue
        timexes.append(t)
        placed.append((t, c, instant))
    notes.extend(_consistency(text, placed, sentences))
    return timexes, notes


def _recognise(text: str, ctx: Context) -> list[Candidate]:
    found: list[Candidate] = []
    for r in RULES:
        for m in r.finditer(text):
            c = r.handler(m, ctx)
            if c is None or c.end <= c.start:
                continue
            c.priority = r.priority
            c.rule = c.rule or r.name
            found.append(c)
    found.extend(find_clocks(text))
    return found


def _settle(candidates: list[Candidate]) -> list[Candidate]:
    """Keep non-overlapping candidates, longest (then highest priority) first."""
    order = sorted(candidates, key=lambda c: (-(c.end - c.start), -c.priority, c.start))
    taken: list[Candidate] = []
    for c in order:
        if any(c.start < t.end and t.start < c.end for t in taken):
            continue
        taken.append(c)
    return sorted(taken, key=lambda c: c.start)


_JOINER = re.compile(r"^(?:\s*,?\s*(?:on|at|this|of)?\s*)$", re.IGNORECASE)


def _join_clock_and_day(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """Merge "noon Thursday", "Friday at 3 p.m.", "10 a.m. on Aug. 15" into one TIME."""
    out: list[Candidate] = []
    i = 0
    while i < len(chosen):
        c = chosen[i]
        nxt = chosen[i + 1] if i + 1 < len(chosen) else None
        # At most 6 characters between them: ", on ", " at " (TimeBank's "5 p.m. EST, Nov. 6",
        # "noon Thursday"); anything longer is a separate expression.
        if nxt is not None and _JOINER.match(text[c.end:nxt.start]) and nxt.start - c.end <= 6:
            clock, day = (c, nxt) if c.clock is not None else (nxt, c)
            if clock.clock is not None and day.clock is None and day.day is not None and day.type in ("DATE", "TIME") \
                    and day.granularity in ("day", "part_of_day") and "(" not in text[c.end:nxt.start]:
                clock.clock_date = day.day
                clock.start, clock.end = min(c.start, nxt.start), max(c.end, nxt.end)
                out.append(clock)
                i += 2
                continue
        out.append(c)
        i += 1
    return out


def _location_zone(location: str | None) -> ZoneRef | None:
    if not location:
        return None
    try:
        return as_zone(location)
    except ValueError:
        pass
    # "Wasilla, Alaska": the town may be too small for the gazetteer, its state is not.
    for part in location.split(","):
        zone = zone_of_place(part.strip())
        if zone:
            return ZoneRef(zone, None, location)
    return None


def _context_zones(local: ZoneRef | None, doc: Doc | None) -> list[str]:
    zones = [local.iana] if local and local.iana else []
    if doc is not None:
        for ent in doc.ents:
            if ent.label_ in ("GPE", "LOC"):
                z = zone_of_place(ent.text)
                if z and z not in zones:
                    zones.append(z)
    return zones


def _place_clock(t: Timex, c: Candidate, on: dt.date, local: ZoneRef | None, context_zones: list[str],
                 notes: list[Note], text: str) -> dt.datetime | None:
    """Set the value of a clock time: its local form, zone and UTC instant."""
    assert c.clock is not None
    wall = dt.datetime.combine(on, c.clock)
    t.granularity = "minute" if c.clock.second == 0 else "second"
    t.timeml = wall.strftime("%Y-%m-%dT%H:%M:%S" if c.clock.second else "%Y-%m-%dT%H:%M")
    zone: ZoneRef | None
    if isinstance(c.zone, ZoneRef):
        zone = c.zone
        if zone.alternatives:
            zone, decided = resolve_ambiguous(zone, context_zones)
            if not decided:
                readings = ", ".join((zone.iana or "",) + zone.alternatives)
                notes.append(Note(t.start, t.end, t.text, kind="ambiguous_zone",
                                  message=f"{c.zone_text} may mean {readings}; read as {zone.iana}"))
        if zone.offset is not None and zone.iana not in (None, "UTC") and not zone.alternatives:
            _check_season(t, c, zone, dt.datetime.combine(on, c.clock), notes)
    elif c.zone == "local" or c.zone is None:
        zone = local
    else:
        zone = None
    if zone is None:
        t.value = t.timeml
        return None
    aware = wall.replace(tzinfo=zone.tzinfo())
    instant = aware.astimezone(UTC)
    t.zone = zone.name
    t.local = aware.isoformat()
    if zone.offset == 0 and zone.iana in ("UTC", None):
        t.timeml += "Z"  # a time given in UTC/GMT keeps its zone in TIMEX3 (MEANTIME writes 18:00Z)
    t.value = instant.strftime("%Y-%m-%dT%H:%M:%SZ")
    return instant


# What may stand between two renderings of one moment: "(0300 GMT)", ", which is 0700
# GMT, or 3 a.m. Eastern", ". That would be 2000 London time, 1500 Eastern time, and
# 1100 Anchorage time". Anything else (a verb: "leaves at 0930 GMT and lands at 1345
# local") means two moments, which are not compared.
def _check_season(t: Timex, c: Candidate, zone: ZoneRef, wall: dt.datetime, notes: list[Note]) -> None:
    """Note "3 p.m. EST" written in August: the place keeps daylight time then (EDT).

    The time is still read as written (UTC-5): the note lets a reader see that the
    writer may have meant the zone's usual time, an hour apart.
    """
    assert zone.iana is not None and zone.offset is not None
    actual = wall.replace(tzinfo=zone_info(zone.iana)).utcoffset()
    if actual is None or actual == dt.timedelta(minutes=zone.offset):
        return
    season = wall.replace(tzinfo=zone_info(zone.iana)).tzname()
    written = _offset_words(zone.offset)
    usual = _offset_words(int(actual.total_seconds() // 60))
    notes.append(Note(t.start, t.end, t.text, kind="ambiguous_zone", suggestion=season,
                      message=f"{c.zone_text} is {written}, but {zone.iana} keeps {season} ({usual}) on "
                              f"{wall.date().isoformat()}; read as written"))


def _offset_words(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


_LINK = re.compile(
    r"^[\s(),;/=–—-]*(?:(?:or|and|i\.e\.|meaning|which\s+(?:is|was|would\s+be|will\s+be)|that\s+is|that's|that’s"
    r"|equivalent\s+to|\.\s*(?:that|this|it)\s+(?:would\s+be|will\s+be|is|was|'s|’s|means|equals))[\s(),;/=–—-]*)*$",
    re.IGNORECASE,
)


def _consistency(text: str, placed: list[tuple[Timex, Candidate, dt.datetime | None]],
                 sentences: list[tuple[int, int]]) -> list[Note]:
    """Check runs of clock times that give one moment in several zones; one note per run.

    A run is two or more zoned clock times, each joined to the next only by punctuation,
    "or", "and", "which is", "(...)" or a new sentence starting "That would be". A time
    whose day came from the anchor may move a day to meet the first one (2200 Moscow on
    the 15th is 1100 Anchorage on the 15th; 0200 Moscow on the 16th is 1500 Anchorage on
    the 15th).
    """
    zoned = [(t, c, inst) for t, c, inst in placed if inst is not None]
    runs: list[list[tuple[Timex, Candidate, dt.datetime | None]]] = []
    for item in zoned:
        if runs and _LINK.match(text[runs[-1][-1][0].end:item[0].start]):
            runs[-1].append(item)
        else:
            runs.append([item])
    notes: list[Note] = []
    for items in runs:
        zones = {t.zone for t, _c, _i in items}
        if len(items) < 2 or len(zones) < 2:
            continue
        first = items[0][2]
        assert first is not None
        moments = []
        for t, c, inst in items:
            assert inst is not None
            if c.clock_date is None and inst != first:
                # Move the written wall-clock time a day, then place it again: across a
                # daylight-saving change the day before or after has another offset
                # (1030 Adelaide on the day its summer time starts is 00:00Z, not 01:00Z).
                ref = c.zone if isinstance(c.zone, ZoneRef) else as_zone(t.zone or "UTC")
                wall = inst.astimezone(ref.tzinfo()).replace(tzinfo=None)
                best = min((to_utc(wall + dt.timedelta(days=k), ref) for k in (-1, 0, 1)),
                           key=lambda x: abs(x - first))
                if best != inst:
                    inst = best
                    local = inst.astimezone(ref.tzinfo())
                    t.local, t.timeml = local.isoformat(), local.strftime("%Y-%m-%dT%H:%M")
                    t.value = inst.strftime("%Y-%m-%dT%H:%M:%SZ")
            moments.append(inst)
        lo = next(s for s, e in sentences if s <= items[0][0].start < e) if sentences else items[0][0].start
        hi = next(e for s, e in sentences if s <= items[-1][0].start < e) if sentences else items[-1][0].end
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
        listing = " = ".join(f"{t.text}" for t, _c, _i in items)
        if all(m == first for m in moments):
            message = f"consistent: {listing} = {first.strftime('%Y-%m-%dT%H:%M:%SZ')}"
        else:
            utc = ", ".join(f"{t.text} = {m.strftime('%Y-%m-%dT%H:%MZ')}" for (t, _c, _i), m in zip(items, moments))
            message = f"inconsistent: {utc}"
        notes.append(Note(lo, hi, text[lo:hi], kind="time_consistency", message=message))
    return notes


_DATELINE = re.compile(r"^\s*([A-Z][A-Z .'-]{2,40}?)(?:,\s*[A-Za-z. ]{2,30})?\s*(?:\([A-Za-z. ]+\)\s*)?[—–-]{1,2}\s")
_PLACE_WORD = re.compile(r"\b(?:in|at|near|to|from|into|outside)\s+((?:[A-Z][a-z’'-]+)(?:\s+[A-Z][a-z’'-]+){0,2})")


def guess_location(text: str, doc: Doc | None = None) -> str | None:
    """The place an article's events happen, for "local" and zone-less clock times.

    A dateline ("ANCHORAGE, Alaska (AP) --") wins. Otherwise the places the text names
    (spaCy's GPE/LOC/FAC entities with a doc; without one, capitalised words after "in",
    "at", "near"...) that lie in one zone are counted by zone; the most named zone wins
    and its most named place is returned.

    Args:
        text: the article's text.
        doc: its spaCy doc, if any.

    Returns:
        A place name with a known zone, or None.
    """
    m = _DATELINE.match(text)
    if m and zone_of_place(m.group(1).title()):
        return m.group(1).title()
    if doc is not None:
        names = [e.text for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")]
    else:
        names = [p.group(1) for p in _PLACE_WORD.finditer(text)]
    by_zone: Counter[str] = Counter()
    by_name: Counter[str] = Counter()
    for name in names:
        zone = zone_of_place(re.sub(r"^the\s+", "", name, flags=re.I))
        if zone:
            by_zone[zone] += 1
            by_name[name] += 1
    if not by_zone:
        return None
    zone = by_zone.most_common(1)[0][0]
    candidates = [n for n in by_name if zone_of_place(re.sub(r"^the\s+", "", n, flags=re.I)) == zone]
    return max(candidates, key=lambda n: (by_name[n], -names.index(n)))
