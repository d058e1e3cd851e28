"""The stories held in memory, their postings and term counts, and the record of changes.

:class:`StoryTable` is what :class:`~.index.StoryIndex` builds on: the story summaries
(:class:`~.state.StoryState`), the inverted index that finds them (:class:`~.postings.Postings`),
in how many articles each term occurs (the IDF), and the edits that keep all of these in
step: an article joins, leaves or moves; a story opens, merges into another or narrows
its span. Every edit is noted in the record :meth:`StoryTable.changes` hands to the store
(:class:`~storydiff.model.StoryChanges`), so the store never reads the index itself.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from typing import Any

from storydiff.model import Merge, Move, Split, StoryChanges
from storydiff.stories.features import YEAR_TERM
from storydiff.stories.postings import Postings
from storydiff.stories.state import (
    Contribution,
    StoryState,
    bag_squares,
    story_weeks,
    subtract_slots,
    subtract_terms,
)
from storydiff.stories.state import week as week_of


class StoryTable:
    """Stories by id with their postings, term counts and the changes since the last save."""

    def __init__(self) -> None:
        self._stories: dict[str, StoryState] = {}
        # story id -> the years its members write ("d:2008") with their summed weights,
        # read from its terms once and kept up to date by _add_to; not saved (rebuilt from
        # the terms on first use after from_state).
        self._years: dict[str, dict[str, float]] = {}
        self._df: Counter = Counter()  # in how many articles each term occurs
        self._postings = Postings()
        self._latest_week: int | None = None
        self._n_articles = 0
        self._next = 1
        self._article_story: dict[str, str] = {}
        #: Ids of stories created or changed since :meth:`clear_dirty`.
        self.dirty: set[str] = set()
        #: Terms whose document frequency changed since :meth:`clear_dirty`.
        self.dirty_terms: set[str] = set()
        #: (article id, story id) per article added since :meth:`clear_dirty`, in order.
        self.assigned: list[tuple[str, str]] = []
        #: Stories merged into others since :meth:`clear_dirty`, in order.
        self.merged: list[Merge] = []
        #: Articles moved by consolidation since :meth:`clear_dirty`, in order.
        self.moved: list[Move] = []
        #: Stories split since :meth:`clear_dirty` (:mod:`.split`), in order; their
        #: articles' moves are in :attr:`moved` too.
        self.splits: list[Split] = []
        # Article id -> what it added to its story, for the articles added since the last
        # consolidate (at most REASSIGN_WINDOW, oldest dropped); see .reassign.
        self._recent: dict[str, Contribution] = {}
        #: Article ids whose contribution was kept / dropped since :meth:`clear_dirty`
        #: (the store keeps the kept ones until their look).
        self.recent_added: set[str] = set()
        self.recent_dropped: set[str] = set()

    def _track(self, story: StoryState) -> None:
        """Called after a story gained members or changed its span (the index schedules
        its settling and retirement here)."""

    def meta(self) -> dict[str, Any]:
        """The counters and settings saved with the stories (the index adds its settings)."""
        return {"n_articles": self._n_articles, "next": self._next}

    def changes(self) -> StoryChanges:
        """What changed since the last call (or :meth:`clear_dirty`), for the store to write
        at once (``Store.save_clustering``); the table then counts as saved."""
        record = StoryChanges(
            stories=[self._stories[i].to_dict() for i in sorted(self.dirty) if i in self._stories],
            assigned=list(self.assigned), merged=list(self.merged), moved=list(self.moved), splits=list(self.splits),
            df=self.document_frequencies(self.dirty_terms), recent_added=self.recent_to_save(),
            recent_dropped=sorted(self.recent_dropped), meta=self.meta(),
        )
        self.clear_dirty()
        return record

    def live(self) -> list[StoryState]:
        """The stories held in memory, in creation order."""
        return list(self._stories.values())

    def get(self, story_id: str) -> StoryState | None:
        """A story held in memory, or None (merged, retired, unknown)."""
        return self._stories.get(story_id)

    def story_of(self, article_id: str) -> str | None:
        """The story an article id was assigned to, or None."""
        return self._article_story.get(article_id)

    def recent(self) -> dict[str, Contribution]:
        """Article id -> what it added to its story, for the articles added since the last
        look, in the order added (a view: not to be changed)."""
        return self._recent

    def open_story(self, title: str) -> str:
        """A new empty story; returns its id."""
        story_id = f"s{self._next}"
        self._next += 1
        self._stories[story_id] = StoryState(id=story_id, title=title)
        return story_id

    def move(self, article_id: str, part: Contribution, source_id: str, target_id: str) -> None:
        """Move one article between live stories, recorded in :attr:`moved`; a story left
        empty counts as merged into the target."""
        source, target = self._stories[source_id], self._stories[target_id]
        self._take_from(source, article_id, part)
        self._add_to(target, article_id, part)  # keeps the target's cached years current
        self.moved.append(Move(article_id, source_id, target_id))
        if not source.article_ids:
            self._forget(source)
            self.dirty.discard(source.id)
            self.merged.append(Merge(source.id, target.id))

    def merge(self, story: StoryState, host: StoryState) -> None:
        """Move every article of ``story`` into ``host``, forget ``story``, and record the
        merge in :attr:`merged`."""
        self._forget(story)  # its postings and cached years go; its sums are added below
        before = set(story_weeks(host))
        known = set(host.terms)
        host.article_ids.extend(story.article_ids)
        host.settled = False
        host.undated += story.undated
        for day in (story.first_day, story.last_day):
            if day is not None:
                host.first_day = day if host.first_day is None else min(host.first_day, day)
                host.last_day = day if host.last_day is None else max(host.last_day, day)
        for term, weight in story.terms.items():
            host.terms[term] = host.terms.get(term, 0.0) + weight
        host.squares = bag_squares(host.terms)
        if story.vector_sum is not None:
            host.vector_sum = story.vector_sum.copy() if host.vector_sum is None else host.vector_sum + story.vector_sum
        for predicate, fillers in story.slots.items():
            host.slot_members[predicate] = host.slot_members.get(predicate, 0) + story.slot_members.get(predicate, 0)
            summed = host.slots.setdefault(predicate, {})
            for word, weight in fillers.items():
                summed[word] = summed.get(word, 0.0) + weight
        # Postings as _join keeps them: every term of the host under every week of its span.
        for week in story_weeks(host):
            self._postings.add(host.terms if week not in before else host.terms.keys() - known, [week], host.id)
        self._years.pop(host.id, None)
        for article_id in story.article_ids:
            self._article_story[article_id] = host.id
        self.dirty.discard(story.id)
        self.dirty.add(host.id)
        self._track(host)
        self.merged.append(Merge(story.id, host.id))

    def narrow_span(self, story: StoryState, first_day: float, last_day: float) -> None:
        """Set a story's span to a narrower one (its members' days after some left), and
        drop its postings under the weeks it no longer spans."""
        before = story_weeks(story)
        story.first_day, story.last_day = first_day, last_day
        after = set(story_weeks(story))
        for week in before:
            if week not in after:
                for term in story.terms:
                    self._postings.discard(term, week, story.id)
        self.dirty.add(story.id)
        self._track(story)

    def mark_settled(self, story_id: str) -> None:
        """Mark a live story looked at: splinter folding leaves it alone until it gains a member."""
        self._stories[story_id].settled = True
        self.dirty.add(story_id)  # the flag is saved with it

    def record_split(self, story_id: str, new_id: str, article_ids: list[str]) -> None:
        """Record a split in :attr:`splits` (its moves are in :attr:`moved` already)."""
        self.splits.append(Split(story_id, new_id, list(article_ids)))

    def forget_recent(self) -> None:
        """End the look at the recent articles: the store drops what it kept of them."""
        self.recent_dropped.update(self._recent)
        self.recent_added.clear()
        self._recent.clear()

    def clear_dirty(self) -> None:
        """Mark every story and term frequency saved."""
        self.dirty.clear()
        self.assigned.clear()
        self.dirty_terms.clear()
        self.merged.clear()
        self.moved.clear()
        self.splits.clear()
        self.recent_added.clear()
        self.recent_dropped.clear()

    def recent_to_save(self) -> list[tuple[str, dict[str, Any]]]:
        """``(article id, Contribution.to_dict())`` of the articles kept for reassignment
        since :meth:`clear_dirty`, in the order added (the store keeps them)."""
        return [(a, part.to_dict()) for a, part in self._recent.items() if a in self.recent_added]

    def document_frequencies(self, terms: Iterable[str] | None = None) -> dict[str, int]:
        """In how many articles each term occurs (default: every term), for saving.

        Args:
            terms: only these terms (e.g. :attr:`dirty_terms`).

        Returns:
            term -> number of articles.
        """
        if terms is None:
            return dict(self._df)
        return {t: self._df[t] for t in terms if t in self._df}

    def hits(self, terms: Iterable[str], weeks: Iterable[int | None]) -> Counter:
        """Story id -> summed IDF of the given terms it has postings for in those weeks
        (:meth:`.postings.Postings.hits`)."""
        return self._postings.hits(terms, weeks, self._idf)

    def _story_years(self, story: StoryState) -> dict[str, float]:
        """The years a story's members write ("d:2008") -> summed weight (cached)."""
        theirs = self._years.get(story.id)
        if theirs is None:
            theirs = {t: w for t, w in story.terms.items() if t.startswith("d:") and YEAR_TERM.match(t)}
            # Cached for the stories of the index only, not for the copies consolidation
            # scores against (a story without one member, one member alone).
            if self._stories.get(story.id) is story:
                self._years[story.id] = theirs
        return theirs

    def _idf(self, term: str) -> float:
        # +1 smoothing so a term seen only in this article still counts (sklearn's smooth_idf).
        return math.log((1 + self._n_articles) / (1 + self._df.get(term, 0))) + 1.0

    def _add_to(self, story: StoryState, article_id: str, part: Contribution) -> None:
        """Add one article's contribution to a story's sums, span and postings."""
        # Postings hold every term of a story under every week of its span (and None when
        # it has undated members): exactly what from_state() rebuilds, so a resumed
        # stream looks up the same candidates as an uninterrupted one.
        before = set(story_weeks(story))
        story.article_ids.append(article_id)
        story.settled = False
        if part.day is None:
            story.undated += 1
        else:
            story.first_day = part.day if story.first_day is None else min(story.first_day, part.day)
            story.last_day = part.day if story.last_day is None else max(story.last_day, part.day)
            week = week_of(part.day)
            if self._latest_week is None or week > self._latest_week:
                self._latest_week = week
        weeks = story_weeks(story)
        self._postings.add(story.terms, [week for week in weeks if week not in before], story.id)
        for term, weight in part.unit.items():
            old = story.terms.get(term)
            if old is None:
                self._postings.add([term], weeks, story.id)
                old = 0.0
            story.terms[term] = old + weight
            if term.startswith("d:") and story.id in self._years and YEAR_TERM.match(term):
                self._years[story.id][term] = story.terms[term]
            story.squares[term[0]] = story.squares.get(term[0], 0.0) + 2 * old * weight + weight * weight
        story.vector_sum = part.vector.copy() if story.vector_sum is None else story.vector_sum + part.vector
        for predicate, fillers in part.slots.items():
            story.slot_members[predicate] = story.slot_members.get(predicate, 0) + 1
            summed = story.slots.setdefault(predicate, {})
            for word, weight in fillers.items():
                summed[word] = summed.get(word, 0.0) + weight
        self._article_story[article_id] = story.id
        self.dirty.add(story.id)
        self._track(story)

    def _take_from(self, story: StoryState, article_id: str, part: Contribution) -> None:
        """Take one article's contribution out of a story (the inverse of :meth:`_add_to`,
        but the span stays as it was: a story's days are not kept per member)."""
        before = set(story_weeks(story))
        story.article_ids.remove(article_id)
        story.settled = False
        if part.day is None:
            story.undated -= 1
        after = story_weeks(story)
        gone = subtract_terms(story.terms, part.unit)
        # Postings as from_state() would rebuild them: no gone term, no week it lost (the
        # undated week None, when its last undated member left).
        for week in before:
            for term in [*story.terms, *gone] if week not in after else gone:
                self._postings.discard(term, week, story.id)
        story.squares = bag_squares(story.terms)
        if story.vector_sum is not None:
            story.vector_sum = story.vector_sum - part.vector
        subtract_slots(story.slots, story.slot_members, part.slots)
        self._years.pop(story.id, None)
        self.dirty.add(story.id)

    def _forget(self, story: StoryState) -> None:
        """Take a story out of memory: its postings, its cached years, its state."""
        self._postings.discard_story(story)
        self._years.pop(story.id, None)
        del self._stories[story.id]
