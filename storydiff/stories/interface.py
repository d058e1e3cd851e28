"""What consolidation may do to a story index: the interface between the two.

Consolidation (:mod:`.consolidate`, :mod:`.split`, :mod:`.reassign`) takes a second look
at the stories once a run is in. It reads stories and scores through this interface and
changes them only through its four edits (open, move, merge, narrow), each of which keeps
the index's postings and its record of changes (``StoryIndex.changes``) right. It never
reaches into the index's own state; :class:`storydiff.stories.index.StoryIndex` is the one
implementation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Protocol

import numpy as np

from storydiff.stories.state import Contribution, StoryState


class Clustering(Protocol):
    """A story index as consolidation sees it."""

    threshold: float  # score at or above which an article joins a story
    max_gap_days: float  # largest distance in days between an article and a story's span
    splinter_size: int  # stories of at most this many articles are splinters
    merge_threshold: float | None  # score at or above which a splinter joins a host; None: never
    reassign_rounds: int  # rounds of reassignment per look; 0: articles never move
    split: bool  # whether a story of recent articles holding two events is split

    def live(self) -> list[StoryState]:
        """The stories held in memory, in creation order."""

    def get(self, story_id: str) -> StoryState | None:
        """A story held in memory, or None (merged, retired, unknown)."""

    def recent(self) -> dict[str, Contribution]:
        """Article id -> what it added to its story, for the articles added since the
        last look, in the order added."""

    def forget_recent(self) -> None:
        """End the look at the recent articles: they are kept no longer."""

    def record_split(self, story_id: str, new_id: str, article_ids: list[str]) -> None:
        """Record a story split in two (its articles' moves are recorded by :meth:`move`)."""

    def story_of(self, article_id: str) -> str | None:
        """The story an article id was assigned to, or None."""

    def score(self, unit: dict[str, float], vector: np.ndarray, story: StoryState,
              *, slots: dict[str, dict[str, float]] | None = None) -> float:
        """Similarity of an article (or a story's centroid) to a story."""

    def lookup(self, weights: dict[str, float], day: float | None) -> list[str]:
        """Candidate stories for an article with these term weights and day."""

    def hits(self, terms: Iterable[str], weeks: Iterable[int | None]) -> Counter:
        """Story id -> summed IDF of the given terms it has postings for in those weeks."""

    def open_story(self, title: str) -> str:
        """A new empty story; returns its id."""

    def move(self, article_id: str, part: Contribution, source_id: str, target_id: str) -> None:
        """Move one article between stories (recorded as a move)."""

    def merge(self, story: StoryState, host: StoryState) -> None:
        """Move every article of ``story`` into ``host`` (recorded as a merge)."""

    def narrow_span(self, story: StoryState, first_day: float, last_day: float) -> None:
        """Set a story's span to a narrower one."""

    def mark_settled(self, story_id: str) -> None:
        """Mark a story looked at: consolidation leaves it alone until it gains a member."""
