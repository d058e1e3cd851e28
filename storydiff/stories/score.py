"""The score of an article against a story: a weighted sum of cosines, plus the year and
event-person rules (their weights and where they come from: :mod:`.thresholds`)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from storydiff.stories.features import YEAR_TERM
from storydiff.stories.state import StoryState, dominant


@dataclass(frozen=True, slots=True)
class Scoring:
    """The settings of the score (``StoryIndex``'s constructor documents each)."""

    weights: dict[str, float]
    link: str
    year_penalty: float
    year_weight: float
    slot_weight: float

    def score(
        self, unit: dict[str, float], vector: np.ndarray, story: StoryState,
        *, slots: dict[str, dict[str, float]] | None, idf: Callable[[str], float],
        years: Callable[[StoryState], dict[str, float]],
    ) -> float:
        """Similarity of an article to a story: a weighted sum of cosines, about 0..1.

        Args:
            unit: the article's ``StoryIndex.unit_terms``.
            vector: its unit-length title+lead embedding.
            story: the story's summary.
            slots: the article's :func:`~.features.event_slots` (None: no slot term).
            idf: term -> its inverse document frequency now.
            years: story -> the years its members write ("d:2008") and their summed weight.

        Returns:
            ``sum(weights[bag] * link(bag)) + weights["embedding"] * link(embedding)``,
            where link is the mean cosine with the story's members (``link="average"``)
            or the cosine with their centroid (``link="centroid"``); then minus
            ``year_penalty`` when both write years and share none, and plus (minus)
            ``year_weight`` when their most-written years agree (differ), plus (minus)
            ``slot_weight`` when the article does (does not) name the story's event
            person in that event's slots.
        """
        dots: dict[str, float] = {}
        for term, weight in unit.items():
            other = story.terms.get(term)
            if other:
                dots[term[0]] = dots.get(term[0], 0.0) + weight * other
        size = len(story.article_ids)
        total = 0.0
        # Only the bags the article has count: a short brief with no numbers or an
        # unanalysed article with no names is judged on what it has, not penalised for
        # what it lacks (absence of evidence is not evidence of another event).
        present = {term[0] for term in unit}
        available = sum(w for bag, w in self.weights.items() if bag in present or bag == "embedding")
        for bag, dot in dots.items():
            scale = size if self.link == "average" else math.sqrt(story.squares.get(bag, 0.0))
            if scale > 0:
                total += self.weights.get(bag, 0.0) * dot / scale
        if story.vector_sum is not None:
            scale = size if self.link == "average" else float(np.linalg.norm(story.vector_sum))
            if scale > 0:
                total += self.weights.get("embedding", 0.0) * max(float(np.dot(vector, story.vector_sum)) / scale, 0.0)
        score = total / available if available > 0 else 0.0
        if self.slot_weight and slots:
            score += self.slot_weight * self.slot_agreement(slots, story, idf)
        mine = {term: weight for term, weight in unit.items() if term.startswith("d:") and YEAR_TERM.match(term)}
        if not mine:
            return score
        theirs = years(story)
        if not theirs:
            return score
        if self.year_penalty and not (mine.keys() & theirs.keys()):
            score -= self.year_penalty
        if self.year_weight:
            same = dominant(mine) == dominant(theirs)
            score += self.year_weight if same else -self.year_weight
        return score

    def slot_agreement(self, slots: dict[str, dict[str, float]], story: StoryState,
                       idf: Callable[[str], float]) -> int:
        """+1 when the article names the story's event person in that event's slots, -1
        when it has the event with other persons only, 0 when it has not the event."""
        if not story.slot_members:
            return 0
        # The story's event: the predicate most members have with a person argument; ties
        # go to the larger summed weight, then to the name (a fixed rule, not dict order).
        event = max(story.slot_members,
                    key=lambda p: (story.slot_members[p], sum(story.slots[p].values()), p))
        mine = slots.get(event)
        if not mine:
            return 0
        fillers = story.slots[event]
        person = max(fillers, key=lambda w: (fillers[w] * idf(f"n:{w}"), w))
        return 1 if person in mine else -1
