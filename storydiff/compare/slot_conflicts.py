"""Numbers compared slot by slot across the story's voices.

Every quantity that fills a slot (:mod:`storydiff.compare.slots`) is a fact. Facts of
one slot, about the same event (the same places and years named in their clauses
beyond the story's own), from different voices, are compared by the intervals their
text allows: two that cannot both be true make the slot a ``conflict``; a slot whose
voices all agree is ``corroborated``. Unlike sentence alignment, the two sentences need
not be alike: "killing at least 10 people" and "three people killed" are one slot.
"""

from __future__ import annotations

from storydiff.compare.align import Unit
from storydiff.compare.draft import Draft, published_at
from storydiff.compare.slots import (
    CONVERSION_TOLERANCE,
    Fact,
    bounds,
    clause_anchors,
    in_base_unit,
    slot_of,
    story_months,
    story_places,
)
from storydiff.compare.values import format_quantity
from storydiff.model import Entity, Evidence

_LABELS = {
    "dead": "People killed", "injured": "People injured", "arrested": "People arrested",
    "missing": "People missing", "evacuated": "People displaced", "magnitude": "Magnitude",
    "aftershock": "Aftershocks", "population": "Population", "protesters": "People marching",
    "children": "Children", "weight": "Weight", "height": "Height", "loot": "Value taken",
    "damage": "Damage", "fall": "Fall", "rise": "Rise", "duration": "Duration",
}


def facts_of(articles, units: list[Unit], entities: list[Entity]) -> list[Fact]:
    """Every slot-filling quantity of the story's sentences, with its anchors."""
    own = story_places(articles, entities) | story_months(articles)
    entity_at: dict[str, dict[tuple[str, int], tuple[str, str]]] = {}
    for e in entities:
        for m in e.mentions:
            entity_at.setdefault(m.article, {})[(m.article, m.start)] = (e.id, e.type)
    facts = []
    for unit in units:
        found = []
        for q in unit.quantities:
            slot = slot_of(unit.article.text, q)
            if slot is None:
                continue
            interval = bounds(q)
            if interval is None:
                continue
            key, converted = slot
            low, high = in_base_unit(q, *interval) if converted else interval
            # An address names its street, a home its place: the sentence's other places say nothing more.
            anchors = None if key[0] == "block" or key == ("distance", "home") \
                else clause_anchors(unit, q, entity_at.get(unit.article.id, {}), own)
            found.append(Fact(key, low, high, q, unit, anchors or frozenset(), converted))
        # Two numbers of one slot in one sentence are parts of a whole or a range
        # ("two women and one man died"): neither is the slot's value.
        slots = [f.slot for f in found]
        facts += [f for f in found if slots.count(f.slot) == 1 or _same_value(f, found)]
    return facts


def _same_value(fact: Fact, found: list[Fact]) -> bool:
    return all((f.low, f.high) == (fact.low, fact.high) for f in found if f.slot == fact.slot)


# Two values of one slot more than this factor apart are not two readings of one count
# but two different counts (the victims of this quake and of one twenty years before,
# a part and its whole): a 20-fold gap was never one fact in the development stories,
# while real disagreements there differ by at most 4-fold (3 vs 10 dead).
SCALE_GAP = 20.0


def _comparable(a: Fact, b: Fact) -> bool:
    # Each fact's finite end (a "nearly" value has no low end): bounds() leaves one.
    ends = [abs(f.low if f.low != float("-inf") else f.high) for f in (a, b)]
    if min(ends) <= 0:
        return True
    return max(ends) / min(ends) <= SCALE_GAP


def _range(fact: Fact) -> bool:
    """A range the text states with both ends ("between 40 and 80 percent")."""
    q = fact.quantity
    return q.low is not None and q.high is not None and q.low < q.high and not q.approximate


def _disjoint(a: Fact, b: Fact) -> bool:
    if _range(a) and _range(b):
        # Two stated ranges are each writer's figure, like two floors: "between 40 and 80
        # percent" and "40 percent to 70 percent" overlap but are two different estimates.
        return any(abs(x - y) > BOUND_AGREEMENT * max(abs(x), abs(y))
                   for x, y in ((a.low, b.low), (a.high, b.high)))
    slack = 0.0
    if a.quantity.unit != b.quantity.unit and (a.converted or b.converted):
        slack = CONVERSION_TOLERANCE * max(abs(x) for x in (a.low, a.high, b.low, b.high) if x not in (
            float("inf"), float("-inf")))
    if a.high + slack < b.low or b.high + slack < a.low:
        return True
    # Two floors ("more than 26,000" vs "more than 31,000 killed"; "at least three" vs
    # "at least 10") are each writer's figure: both can hold, but the reports disagree
    # on the count. So do two ceilings. Within BOUND_AGREEMENT they are one figure.
    inf = float("inf")
    if a.high == inf and b.high == inf and a.low > -inf and b.low > -inf:
        return abs(a.low - b.low) > BOUND_AGREEMENT * max(abs(a.low), abs(b.low)) + slack
    if a.low == -inf and b.low == -inf and a.high < inf and b.high < inf:
        return abs(a.high - b.high) > BOUND_AGREEMENT * max(abs(a.high), abs(b.high)) + slack
    return False


# Two floors or two ceilings this close (a fraction of the larger) give one figure.
# 10 %: the gap between a count and its rounding in news ("more than 1,400" for 1,435).
BOUND_AGREEMENT = 0.10


# Counts that only grow as a story goes on: a newer report's higher figure updates an
# older one's ("the death toll rose to 10").
_GROWING = {"dead", "injured", "arrested", "evacuated", "aftershock"}


def _rising(slot: tuple[str, ...], facts: list[Fact]) -> str | None:
    """The newest article when a growing count rose with time in every disagreeing
    pair of reports (each published at a known time), else None."""
    if not set(slot) & _GROWING:
        return None
    times = [published_at(f.unit.article) for f in facts]
    if not all(times):
        return None
    for a, ta in zip(facts, times):
        for b, tb in zip(facts, times):
            if ta < tb and _disjoint(a, b) and not a.high < b.low:
                return None  # a newer report gave a lower figure: a contradiction
    newest = max(zip(facts, times), key=lambda pair: pair[1])[0]
    return newest.article


def _label(slot: tuple[str, ...]) -> str:
    kind = slot[0]
    if kind == "distance":
        return f"Distance from {slot[1].title()}"
    if kind == "block":
        return f"Block of {slot[1].title()}"
    if len(slot) < 2:
        return kind.title()
    concept = slot[2] if kind in ("count", "money", "percent") and len(slot) > 2 else slot[1]
    noun = slot[1] if kind == "count" and len(slot) > 2 else ""
    label = _LABELS.get(concept or "", "")
    if noun:
        label = f"{noun.title()}{' (' + label.lower() + ')' if label else ''}"
    return label or "Value"


def _value(q) -> str:
    """A fact's value as its text states it: a range with both ends ("40-80 %")."""
    if q.low is not None and q.high is not None and q.low < q.high:
        return f"{q.low:g}-{q.high:g}{' ' + q.unit if q.unit else ''}"
    return format_quantity(q)


def _value_groups(facts: list[Fact]) -> list[list[Fact]]:
    """Facts in groups of compatible values, smallest first."""
    groups: list[list[Fact]] = []
    for fact in sorted(facts, key=lambda f: (f.low, f.high)):
        for group in groups:
            if not any(_disjoint(fact, other) for other in group):
                group.append(fact)
                break
        else:
            groups.append([fact])
    return groups


def slot_findings(articles, units: list[Unit], entities: list[Entity]) -> list[Draft]:
    """Conflicts and agreements of numbers, slot by slot.

    Args:
        articles: the story's articles.
        units: its sentence units.
        entities: its resolved entities.

    Returns:
        ``conflict`` drafts (kind ``number``) for slots whose voices give values that
        cannot both hold, ``corroborated`` drafts for slots two or more voices agree on.
    """
    by_slot: dict[tuple, list[Fact]] = {}
    for fact in facts_of(articles, units, entities):
        by_slot.setdefault((fact.slot, fact.anchors), []).append(fact)
    drafts = []
    for (slot, _), facts in by_slot.items():
        if len({f.unit.voice for f in facts}) < 2:
            continue
        clash = any(_disjoint(a, b) and _comparable(a, b) for i, a in enumerate(facts)
                    for b in facts[i + 1:] if a.unit.voice != b.unit.voice)
        evidence: list[Evidence] = []
        seen = set()
        for fact in facts:
            where = (fact.article, fact.unit.start)
            if where in seen:
                continue
            seen.add(where)
            evidence.append(Evidence(fact.article, fact.unit.start, fact.unit.end, fact.unit.text,
                                     _value(fact.quantity)))
        label = _label(slot)
        if clash:
            parts = []
            for group in _value_groups(facts):
                where = ", ".join(dict.fromkeys(f.article for f in group))
                values = " / ".join(dict.fromkeys(_value(f.quantity) for f in group))
                parts.append(f"{values} ({where})")
            summary = f"{label}: " + " vs ".join(parts)
            newer = _rising(slot, facts)
            if newer is not None:
                summary += f" — an update: {newer} is the newer report"
            drafts.append(Draft("conflict", "number", summary, evidence, subject=":".join(s or "" for s in slot),
                                relation="update" if newer else None, newer=newer))
        else:
            values = " / ".join(dict.fromkeys(_value(f.quantity) for f in facts))
            where = ", ".join(dict.fromkeys(f.article for f in facts))
            drafts.append(Draft("corroborated", "number", f"{label}: {values} ({where})", evidence,
                                subject=":".join(s or "" for s in slot)))
    return drafts
