"""The running summary of a story and of what one article added to it.

:class:`StoryState` holds a story's sums (its members' unit TF-IDF weights per bag, their
embeddings, their event slots) and its time span; :class:`Contribution` is what one
article added to those sums when it joined, kept so that the article can be taken out
again exactly (reassignment, splitting). Both have a JSON-ready form the store keeps.
The functions below are the arithmetic on these sums and spans that the index and its
consolidation share.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

# A story term whose summed weight falls to this after an article leaves is gone (what
# is left is rounding).
_RESIDUE = 1e-9


@dataclass(slots=True)
class StoryState:
    """The running summary of one story."""

    id: str
    article_ids: list[str] = field(default_factory=list)
    title: str = ""
    # Sum of the members' unit-length TF-IDF vectors (one per bag, keys prefixed by bag),
    # each weighted with the IDF of the moment the member joined: x·terms/size is then the
    # mean cosine of an article with the members (average link) in O(len(x)).
    terms: dict[str, float] = field(default_factory=dict)
    squares: dict[str, float] = field(default_factory=dict)  # |terms|² per bag
    vector_sum: np.ndarray | None = None
    first_day: float | None = None
    last_day: float | None = None
    undated: int = 0  # members without a publication time
    # event predicate -> person name word -> summed weight over members (event_slots), and
    # predicate -> how many members have it with a person argument.
    slots: dict[str, dict[str, float]] = field(default_factory=dict)
    slot_members: dict[str, int] = field(default_factory=dict)
    # Looked at by the consolidation of settled splinters since its last new member
    # (StoryIndex._settle): not looked at again until it gains one.
    settled: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the store keeps it per story)."""
        return {
            "id": self.id,
            "article_ids": list(self.article_ids),
            "title": self.title,
            "terms": dict(self.terms),
            "squares": dict(self.squares),
            "vector_sum": None if self.vector_sum is None else [float(x) for x in self.vector_sum],
            "first_day": self.first_day,
            "last_day": self.last_day,
            "undated": self.undated,
            "slots": {p: dict(f) for p, f in self.slots.items()},
            "slot_members": dict(self.slot_members),
            "settled": self.settled,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StoryState:
        """Inverse of :meth:`to_dict`."""
        vector = data.get("vector_sum")
        return cls(
            id=data["id"],
            article_ids=list(data.get("article_ids", [])),
            title=data.get("title", ""),
            terms=dict(data.get("terms", {})),
            squares=dict(data.get("squares", {})),
            vector_sum=None if vector is None else np.asarray(vector, dtype=np.float32),
            first_day=data.get("first_day"),
            last_day=data.get("last_day"),
            undated=int(data.get("undated", 0)),
            slots={p: dict(f) for p, f in data.get("slots", {}).items()},
            slot_members=dict(data.get("slot_members", {})),
            settled=bool(data.get("settled", False)),
        )


@dataclass(slots=True)
class Contribution:
    """What one article added to its story's sums when it joined."""

    unit: dict[str, float]
    vector: np.ndarray
    slots: dict[str, dict[str, float]] = field(default_factory=dict)
    day: float | None = None
    title: str = ""  # the article's title: a story split off (storydiff.split) takes it

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the store keeps it until the article's look)."""
        return {"unit": dict(self.unit), "vector": [float(x) for x in self.vector],
                "slots": {p: dict(f) for p, f in self.slots.items()}, "day": self.day, "title": self.title}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Contribution:
        """Inverse of :meth:`to_dict`."""
        return cls(unit=dict(data["unit"]), vector=np.asarray(data["vector"], dtype=np.float32),
                   slots={p: dict(f) for p, f in data.get("slots", {}).items()}, day=data.get("day"),
                   title=data.get("title", ""))


def subtract_terms(terms: dict[str, float], unit: dict[str, float]) -> list[str]:
    """Take one article's unit weights out of a story's summed terms, in place.

    Returns:
        The terms the story no longer has (what is left of them is rounding).
    """
    gone = []
    for term, weight in unit.items():
        value = terms.get(term, 0.0) - weight
        if value > _RESIDUE:
            terms[term] = value
        elif term in terms:
            del terms[term]
            gone.append(term)
    return gone


def subtract_slots(slots: dict[str, dict[str, float]], members: dict[str, int],
                   part: dict[str, dict[str, float]]) -> None:
    """Take one article's event slots out of a story's summed slots, in place."""
    for predicate, fillers in part.items():
        left = members.get(predicate, 0) - 1
        if left <= 0:
            members.pop(predicate, None)
            slots.pop(predicate, None)
            continue
        members[predicate] = left
        summed = slots.get(predicate, {})
        for word, weight in fillers.items():
            value = summed.get(word, 0.0) - weight
            if value > _RESIDUE:
                summed[word] = value
            else:
                summed.pop(word, None)


def without(story: StoryState, article_id: str, part: Contribution) -> StoryState:
    """A copy of ``story`` as it would be without one of its articles (for scoring only)."""
    terms = dict(story.terms)
    subtract_terms(terms, part.unit)
    slots = {p: dict(f) for p, f in story.slots.items()}
    members = dict(story.slot_members)
    subtract_slots(slots, members, part.slots)
    return StoryState(
        id=f"{story.id}~", article_ids=[a for a in story.article_ids if a != article_id], title=story.title,
        terms=terms, squares=bag_squares(terms),
        vector_sum=None if story.vector_sum is None else story.vector_sum - part.vector,
        first_day=story.first_day, last_day=story.last_day,
        undated=story.undated - (part.day is None), slots=slots, slot_members=members,
    )


def bag_squares(weights: dict[str, float]) -> dict[str, float]:
    """Bag letter -> sum of the squared weights of its terms ("w:quake" is in bag "w")."""
    squares: dict[str, float] = {}
    for term, weight in weights.items():
        squares[term[0]] = squares.get(term[0], 0.0) + weight * weight
    return squares


def unit_per_bag(weights: dict[str, float]) -> dict[str, float]:
    """The weights scaled to unit length within each bag (empty bags dropped)."""
    squares = bag_squares(weights)
    return {t: w / math.sqrt(squares[t[0]]) for t, w in weights.items() if squares[t[0]] > 0}


def centroid(story: StoryState) -> dict[str, float]:
    """A story's summed term weights, unit length within each bag (as :meth:`StoryIndex.unit_terms`)."""
    return unit_per_bag(story.terms)


def spans_meet(a: StoryState, b: StoryState, max_gap_days: float) -> bool:
    """Whether two stories' time spans are at most ``max_gap_days`` apart (undated: yes)."""
    if a.first_day is None or b.first_day is None or a.last_day is None or b.last_day is None:
        return True
    return span_gap((a.first_day, a.last_day), (b.first_day, b.last_day)) <= max_gap_days


def span_gap(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Days between two (first, last) day spans; 0 when they overlap."""
    return max(a[0] - b[1], b[0] - a[1], 0.0)


def dominant(years: dict[str, float]) -> str:
    """The most weighted year term; ties go to the later year (a fixed rule, so the
    result does not depend on dict order)."""
    return max(years.items(), key=lambda item: (item[1], item[0]))[0]


def week(day: float) -> int:
    """The week number (since the epoch) of a day: the time key of the postings."""
    return int(day // 7)


def weeks(first: float | None, last: float | None) -> list[int | None]:
    """The weeks a story's articles fall in (all weeks of its span), or [None] when undated."""
    if first is None or last is None:
        return [None]
    return list(range(week(first), week(last) + 1))


def story_number(story_id: str) -> int:
    """The number of a story id ("s12" -> 12): stories are kept in creation order by it."""
    digits = story_id.lstrip("s")
    return int(digits) if digits.isdigit() else 0


def story_weeks(story: StoryState) -> list[int | None]:
    """The weeks a story's postings are kept under: every week of its span, and None when
    it has undated members (none for an empty story)."""
    if not story.article_ids:
        return []
    out = weeks(story.first_day, story.last_day) if story.first_day is not None else []
    if story.undated:
        out.append(None)
    return out
