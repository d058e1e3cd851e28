"""Typed value comparison: are two articles' values of one fact the same, compatible or not?

Each ``compare_*`` function returns a ``Verdict``:

- ``same``: the values agree (within the tolerance their precision allows);
- ``compatible``: they differ but both can be true ("several" vs "three"; Anchorage vs
  Alaska: one is more specific);
- ``conflict``: they cannot both be true (19:00 vs 19:30 UTC; 400 vs 40 kg);
- ``incomparable``: the values are of different kinds or precision gives no answer.

Precision before recall: a verdict of ``conflict`` needs both values to be exact enough
to contradict; anything uncertain is ``incomparable`` or ``compatible``.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Literal

from storydiff.model import Identifier, Quantity, Timex

Verdict = Literal["same", "compatible", "conflict", "incomparable"]

# How far apart two instants may be and still name one moment, by the coarser
# granularity of the two. "at 19:00" and "at 19:00" agree to the minute; "at 7 p.m."
# (hour) vs "at 19:20" (minute) are compared to the hour. Chosen from how news states
# times (a clock time is exact to its last written digit), not fitted to data; the
# example's 19:00 vs 19:30 UTC must stay a conflict (tests/test_compare_values.py).
TOLERANCE = {
    "second": dt.timedelta(seconds=1),
    "minute": dt.timedelta(minutes=1),
    "hour": dt.timedelta(minutes=59),
    "part_of_day": dt.timedelta(hours=6),
    "day": dt.timedelta(hours=24),
}
_CLOCK = ("second", "minute", "hour", "part_of_day")
_ORDER = ["second", "minute", "hour", "part_of_day", "day", "week", "month", "year"]

# An approximate number ("about 400", "nearly 400") allows this much either way, as a
# fraction of its value. 10% is the usual reading of "about" in news style guides; it
# keeps 400 vs 40 (a factor of ten) a conflict and "nearly 400" vs 390 compatible.
APPROXIMATE_FRACTION = 0.10

# Vague amounts ("several", "a few", "dozens") give no bounds from the analysis, so
# they are compatible with any count of two or more. Never a conflict.

# Roles that name the same job in different words (lower case). General English news
# usage; extend with care: an entry here turns a role difference into agreement.
ROLE_SYNONYMS = [
    {"aide", "adviser", "advisor", "assistant", "counsellor", "counselor", "presidential advisor",
     "presidential adviser", "presidential aide"},
    {"spokesman", "spokeswoman", "spokesperson", "press secretary", "spokesman for", "representative"},
    {"boss", "head", "chief", "director", "chief executive", "ceo", "chairman", "chairwoman", "chair"},
    {"defense minister", "defence minister", "minister of defense", "minister of defence"},
    {"foreign minister", "minister of foreign affairs", "top diplomat"},
    {"finance minister", "minister of finance"},
    {"envoy", "emissary", "special envoy", "special economic envoy"},
    {"lawyer", "attorney", "counsel"},
    {"police", "police officer", "officer", "cop"},
]


def parse_instant(value: str | None) -> dt.datetime | None:
    """An ISO 8601 instant with a zone ("2025-08-15T19:00:00Z"), or None.

    Args:
        value: a ``Timex.value``.

    Returns:
        A timezone-aware datetime, or None when the value names no instant.
    """
    if not value or "T" not in value:
        return None
    try:
        instant = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return instant if instant.tzinfo is not None else None


def is_clock_time(timex: Timex) -> bool:
    """Whether the timex names a placed clock time (an instant in UTC)."""
    return timex.granularity in _CLOCK and parse_instant(timex.value) is not None


def compare_times(a: Timex, b: Timex) -> Verdict:
    """Compare two time expressions after normalisation to UTC.

    Args:
        a: one article's timex.
        b: another's.

    Returns:
        ``same`` within the tolerance of the coarser granularity, ``conflict`` when both
        are clock times farther apart, ``compatible`` when dates contain each other
        ("August 2025" vs "15 August 2025"), else ``incomparable``.
    """
    ia, ib = parse_instant(a.value), parse_instant(b.value)
    if ia is not None and ib is not None:
        coarser = max(a.granularity, b.granularity, key=lambda g: _ORDER.index(g) if g in _ORDER else 4)
        tolerance = TOLERANCE.get(coarser, dt.timedelta(hours=24))
        if abs(ia - ib) < tolerance:
            return "same"
        if ia.time() == ib.time() and ia.date() != ib.date():
            # Same clock time, another day: the day is almost always inferred (from
            # each article's anchor, or a weekday), not stated by both outlets (ECB+
            # 9_ecb "midnight" a day apart; 28_ecb "12:45 p.m." vs "12:45 p.m. on
            # Thursday"). Precision first: no conflict.
            return "incomparable"
        if a.mod or b.mod:  # "around 7 p.m.", "before noon": no exact claim
            return "incomparable"
        return "conflict" if coarser in _CLOCK else "incomparable"
    if ia is None and ib is None and a.value and b.value and a.type == b.type == "DATE":
        if a.value == b.value:
            return "same"
        if a.value.startswith(b.value) or b.value.startswith(a.value):
            return "compatible"
        da, db = _day(a.value), _day(b.value)
        if da and db and a.granularity == b.granularity == "day" and not (a.mod or b.mod):
            return "conflict"
    return "incomparable"


def _day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if len(value) >= 10 else None
    except ValueError:
        return None


def quantity_bounds(q: Quantity) -> tuple[float, float] | None:
    """What a quantity's text allows, as a closed interval (None: vague, no bounds).

    Args:
        q: a quantity.

    Returns:
        (low, high); infinite on an open side ("more than 3" -> (3, inf)).
    """
    if q.kind == "vague" or (q.value is None and q.low is None and q.high is None):
        return None
    low = q.low if q.low is not None else (q.value if q.high is None or q.value != q.high else -math.inf)
    high = q.high if q.high is not None else (q.value if q.low is None or q.value != q.low else math.inf)
    if low is None:
        low = -math.inf
    if high is None:
        high = math.inf
    if q.approximate:
        spread_low = abs(low) * APPROXIMATE_FRACTION if math.isfinite(low) else 0
        spread_high = abs(high) * APPROXIMATE_FRACTION if math.isfinite(high) else 0
        low, high = low - spread_low, high + spread_high
    return (low, high)


def compare_quantities(a: Quantity, b: Quantity) -> Verdict:
    """Compare two quantities with their precision.

    Args:
        a: one article's quantity.
        b: another's.

    Returns:
        ``incomparable`` when the units differ; ``compatible`` when either is vague
        ("several" vs "three") or the intervals overlap without being equal ("nearly 400"
        vs "400"); ``same`` for equal exact values; ``conflict`` when the intervals do
        not overlap (400 vs 40).
    """
    if (a.unit or None) != (b.unit or None) or a.kind in ("ordinal",) or b.kind in ("ordinal",):
        return "incomparable"
    ba, bb = quantity_bounds(a), quantity_bounds(b)
    if ba is None or bb is None:
        other = bb if ba is None else ba
        # "several" is two or more: only a count below two could contradict it.
        if other is not None and other[1] < 2 and a.unit is None:
            return "incomparable"
        return "compatible"
    if ba == bb and not (a.approximate or b.approximate):
        return "same"
    if ba[0] <= bb[1] and bb[0] <= ba[1]:
        return "compatible" if ba != bb else "same"
    return "conflict"


def compare_identifiers(a: Identifier, b: Identifier) -> Verdict:
    """Compare two identifiers of the same kind.

    Args:
        a: one article's identifier.
        b: another's.

    Returns:
        ``same`` for one normalised code, ``conflict`` for two codes of one kind,
        ``incomparable`` for codes of different kinds (a registration vs a type).
    """
    if a.kind != b.kind:
        return "incomparable"
    na = (a.normalized or a.text).upper().replace("–", "-")
    nb = (b.normalized or b.text).upper().replace("–", "-")
    return "same" if na == nb else "conflict"


def compare_places(a: str, b: str) -> Verdict:
    """Compare two place names with the gazetteer's containment.

    Args:
        a: a place name ("Anchorage").
        b: another ("Alaska").

    Returns:
        ``same`` for one place, ``compatible`` when one lies in the other, else
        ``incomparable`` (two places named in one fact are not a conflict by themselves:
        "near Anchorage" and "in Alaska" can both be true).
    """
    if a.strip().lower() == b.strip().lower():
        return "same"
    try:
        from storydiff.analyze import places
    except ImportError:  # the gazetteer is optional: without it no containment is known
        return "incomparable"
    if places.contains(a, b) or places.contains(b, a):
        return "compatible"
    return "incomparable"


def normalize_role(role: str) -> str:
    """A role in lower case without articles and possessives ("the Kremlin's spokesman")."""
    words = [w for w in role.lower().replace("’", "'").split() if w not in ("the", "a", "an")]
    return " ".join(words).strip(" ,.")


def compare_roles(a: str, b: str) -> Verdict:
    """Compare two roles given to one person.

    Args:
        a: one article's role ("aide to President Putin").
        b: another's ("presidential advisor").

    Returns:
        ``same`` for one role, ``compatible`` for synonyms or when one contains the
        other's head word, else ``incomparable``: two titles are rarely exclusive (a
        minister can be an envoy), so roles never make a conflict.
    """
    na, nb = normalize_role(a), normalize_role(b)
    if na == nb:
        return "same"
    heads = {na, nb, na.split(" to ")[0].split(" of ")[0], nb.split(" to ")[0].split(" of ")[0]}
    for group in ROLE_SYNONYMS:
        la = {na, na.split(" to ")[0].split(" of ")[0], na.split()[-1] if na else ""}
        lb = {nb, nb.split(" to ")[0].split(" of ")[0], nb.split()[-1] if nb else ""}
        if la & group and lb & group:
            return "compatible"
    if na and nb and (na in nb or nb in na) and heads:
        return "compatible"
    return "incomparable"


def format_instant(value: str | None, *, with_date: bool = False) -> str:
    """"2025-08-15T19:00:00Z" -> "19:00 UTC" ("15 Aug 2025 19:00 UTC" with the date);
    dates and other values as given."""
    instant = parse_instant(value)
    if instant is None:
        return value or "?"
    utc = instant.astimezone(dt.timezone.utc)
    return utc.strftime("%d %b %Y %H:%M UTC").lstrip("0") if with_date else utc.strftime("%H:%M UTC")


def format_quantity(q: Quantity) -> str:
    """A quantity's value for a summary: "400 kg (nearly 400 kilograms)"."""
    if q.value is None:
        return q.text
    number = f"{q.value:g}"
    unit = f" {q.unit}" if q.unit else ""
    return f"{number}{unit}"
