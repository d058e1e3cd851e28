"""The inverted index that finds a story's candidates: (term, week) -> story ids.

Week None holds undated articles. Blocking by term AND time keeps a popular name
("Obama") usable in a long stream: only stories of nearby weeks are looked up. A story
has every term of its summed weights under every week of its span (and under None when
it has undated members): exactly what rebuilding it from its saved state gives
(:meth:`Postings.add_story`), so a resumed stream looks up the same candidates as an
uninterrupted one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from storydiff.stories.state import StoryState, story_weeks
from storydiff.stories.thresholds import MAX_POSTINGS

Key = tuple[str, "int | None"]


class Postings(dict[Key, set[str]]):
    """(term, week) -> ids of the stories with that term among articles of that week."""

    def add(self, terms: Iterable[str], weeks: Iterable[int | None], story_id: str) -> None:
        """List a story under every given term in every given week."""
        weeks = list(weeks)
        for term in terms:
            for week in weeks:
                self.setdefault((term, week), set()).add(story_id)

    def add_story(self, story: StoryState) -> None:
        """List a story under each of its terms in each week of its span."""
        for week in story_weeks(story):
            for term in story.terms:
                self.setdefault((term, week), set()).add(story.id)

    def discard(self, term: str, week: int | None, story_id: str) -> None:
        """Unlist a story under one term and week (an emptied list goes)."""
        posting = self.get((term, week))
        if posting is not None:
            posting.discard(story_id)
            if not posting:
                del self[(term, week)]

    def discard_story(self, story: StoryState) -> None:
        """Unlist a story under every term and week it is listed in."""
        for week in story_weeks(story):
            for term in story.terms:
                self.discard(term, week, story.id)

    def hits(self, terms: Iterable[str], weeks: Iterable[int | None], idf: Callable[[str], float]) -> Counter:
        """Story id -> summed IDF of the given terms it has a posting for in those weeks
        (lists longer than ``MAX_POSTINGS`` skipped: not distinctive)."""
        weeks = list(weeks)
        hits: Counter = Counter()
        for term in terms:
            weight = idf(term)
            seen: set[str] = set()
            for week in weeks:
                posting = self.get((term, week))
                if posting and len(posting) <= MAX_POSTINGS:
                    seen |= posting
            for story_id in seen:
                hits[story_id] += weight
        return hits
