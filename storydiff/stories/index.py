"""The online story index: each analysed article joins the story it scores best against.

:class:`StoryIndex` keeps one summary per story (:class:`~.state.StoryState`: the sums of
its members' unit TF-IDF vectors and embeddings, its time span) and an inverted index
from (term, week) to stories. ``add(article)`` looks up candidate stories through that
index (blocking), scores each candidate (:meth:`StoryIndex.score`) and joins the best one
when the score passes ``THRESHOLD``, else opens a new story. Articles published more than
``MAX_GAP_DAYS`` away from a story's time span never join it: same people, different
event. :meth:`StoryIndex.consolidate` takes the second look (:mod:`.consolidate`) through
the edits of :class:`~.interface.Clustering`, which this class implements.

Per-article cost is bounded: the inverted index skips terms whose posting list is longer
than ``MAX_POSTINGS`` (they are not distinctive) and at most ``MAX_CANDIDATES`` stories
are scored, so the cost does not grow with the number of stories (``bench/stream.py``
measures it; docs/benchmarks.md, section "Stories and stream").
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from storydiff.embeddings import embed
from storydiff.model import Article, Merge, Story
from storydiff.stories import consolidate as second_look
from storydiff.stories.features import Features, features, first_line, lead_text
from storydiff.stories.reassign import REASSIGN_ROUNDS, REASSIGN_WINDOW
from storydiff.stories.saved import settings_from_meta
from storydiff.stories.score import Scoring
from storydiff.stories.table import StoryTable
from storydiff.stories.state import Contribution, StoryState, story_number, story_weeks, unit_per_bag
from storydiff.stories.state import week as week_of
from storydiff.stories.thresholds import (
    DOMINANT_YEAR_WEIGHT,
    LINK,
    LOOKUP_TERMS,
    MAX_CANDIDATES,
    MAX_GAP_DAYS,
    MERGE_THRESHOLD,
    SLOT_WEIGHT,
    SPLINTER_SIZE,
    THRESHOLD,
    WEIGHTS,
    YEAR_CONFLICT_PENALTY,
)


class StoryIndex(StoryTable):
    """Assigns analysed articles to stories, one at a time, in bounded time per article.

    Example::

        index = StoryIndex()
        for article in analysed_articles:
            story_id = index.add(article)
        stories = index.stories()
    """

    def __init__(
        self,
        *,
        embedder: Callable[[Sequence[str]], np.ndarray] | None = None,
        threshold: float = THRESHOLD,
        weights: dict[str, float] | None = None,
        max_gap_days: float = MAX_GAP_DAYS,
        link: str = LINK,
        year_penalty: float = YEAR_CONFLICT_PENALTY,
        retire_after_days: float | None = None,
        year_weight: float = DOMINANT_YEAR_WEIGHT,
        slot_weight: float = SLOT_WEIGHT,
        splinter_size: int = SPLINTER_SIZE,
        merge_threshold: float | None = MERGE_THRESHOLD,
        reassign_rounds: int = REASSIGN_ROUNDS,
        split: bool = True,
    ) -> None:
        """Create an empty index.

        Args:
            embedder: texts -> unit-length vectors; default :func:`storydiff.embeddings.embed`.
            threshold: score at or above which an article joins a story.
            weights: weights of the score's cosines (default :data:`WEIGHTS`).
            max_gap_days: largest distance in days between an article and a story's span.
            link: "average" (mean cosine with the members) or "centroid".
            year_penalty: subtracted from the score when article and story write years
                and share none (:data:`YEAR_CONFLICT_PENALTY`).
            retire_after_days: when set, a saved story whose newest article is more than
                this many days older than the newest article seen is retired: its terms,
                embedding sum and postings leave memory (the store keeps its state), its
                id and members stay listed, and it takes no new article. Memory then
                follows the stories of the last weeks, not the whole stream. Lossless
                when it exceeds ``max_gap_days`` by more than the stream's disorder (a
                story that far back could not be joined anyway); for streams in about
                publication order (``storydiff.stream``), not for shuffled evaluations.
            year_weight: added when the article's and the story's most-written years
                agree, subtracted when they differ (:data:`DOMINANT_YEAR_WEIGHT`).
            slot_weight: added when the article names the story's event person, subtracted
                when it names others in that slot (:data:`SLOT_WEIGHT`).
            splinter_size: stories of at most this many articles are looked at again by
                :meth:`consolidate` (:data:`SPLINTER_SIZE`).
            merge_threshold: score at or above which :meth:`consolidate` merges a
                splinter into a larger story (:data:`MERGE_THRESHOLD`); None: never.
            reassign_rounds: rounds of :mod:`.reassign` in :meth:`consolidate`
                (:data:`~.reassign.REASSIGN_ROUNDS`); 0: articles never move.
            split: whether :meth:`consolidate` splits a story of recent articles that
                holds two events dated apart (:mod:`.split`; needs
                ``reassign_rounds``, which keeps what each recent article added).
        """
        super().__init__()
        self.link = link
        self._embedder = embedder
        self.threshold = threshold
        self.weights = dict(WEIGHTS if weights is None else weights)
        self.max_gap_days = max_gap_days
        self.year_penalty = year_penalty
        self.year_weight = year_weight
        self.slot_weight = slot_weight
        self.splinter_size = splinter_size
        self.merge_threshold = merge_threshold
        self.reassign_rounds = reassign_rounds
        self.split = split
        self._scoring = Scoring(self.weights, link, year_penalty, year_weight, slot_weight)
        if retire_after_days is not None and retire_after_days < max_gap_days:
            raise ValueError(f"retire_after_days ({retire_after_days}) must be at least max_gap_days ({max_gap_days})")
        self.retire_after_days = retire_after_days
        # Retired stories: id -> (member ids, title); see retire_after_days.
        self._retired: dict[str, tuple[list[str], str]] = {}
        # (last day, story id) of live dated stories, lazily updated (stale entries are
        # skipped): the oldest story is found without scanning all of them.
        self._by_last_day: list[tuple[float, str]] = []
        self._newest_day: float | None = None
        # (last day, story id) of dated splinters not yet settled, lazily updated: the
        # ones that settle (see _settle) are found without scanning every story.
        self._settling: list[tuple[float, str]] = []
        # The newest week any retired story has postings in: an article whose lookup
        # weeks reach it may need retired stories back (see revival_window).
        self._retired_week: int | None = None

    def add(self, article: Article, *, vector: np.ndarray | None = None) -> str:
        """Assign one analysed article to a story (an existing one or a new one).

        Args:
            article: the article; ``id`` must be set and unique in the stream.
            vector: its title+lead embedding when already computed (see :meth:`add_many`).

        Returns:
            The story id ("s1", "s2", ...). Adding an article id again returns its story.
        """
        if article.id in self._article_story:
            return self._article_story[article.id]
        if vector is None:
            vector = self._embed([lead_text(article)])[0]
        feats = features(article, vector)
        best_id, best_score = None, -1.0
        unit = self.unit_terms(feats.terms)
        for story_id in self._candidates(feats):
            score = self.score(unit, feats.vector, self._stories[story_id], slots=feats.slots)
            if score > best_score:
                best_id, best_score = story_id, score
        if best_id is None or best_score < self.threshold:
            best_id = self.open_story(article.title or first_line(article))
        self._join(self._stories[best_id], article, feats, unit)
        self.assigned.append((article.id, best_id))
        self._settle()
        self._retire_old()
        return best_id

    def add_many(self, articles: Iterable[Article]) -> list[str]:
        """Add articles in order, embedding them in one batch first.

        Args:
            articles: analysed articles with ids.

        Returns:
            Their story ids, in order.
        """
        articles = list(articles)
        vectors = self._embed([lead_text(a) for a in articles])
        return [self.add(a, vector=v) for a, v in zip(articles, vectors)]

    def stories(self) -> list[Story]:
        """The stories so far (retired ones included), in creation order."""
        live = [Story(id=s.id, article_ids=list(s.article_ids), title=s.title) for s in self._stories.values()]
        if not self._retired:
            return live
        retired = [Story(id=i, article_ids=list(ids), title=title) for i, (ids, title) in self._retired.items()]
        return sorted(live + retired, key=lambda story: story_number(story.id))

    @property
    def live_stories(self) -> int:
        """How many stories are held in memory (not retired)."""
        return len(self._stories)

    def revival_window(self, day: float | None) -> tuple[float, float] | None:
        """The days whose retired stories an article of ``day`` could reach, or None.

        An article looks up stories through the postings of its week and
        ``ceil(max_gap_days / 7)`` weeks on each side; a retired story with a posting in
        one of those weeks is missing from them. Reviving every story whose span meets
        those weeks (:meth:`revive`) before :meth:`add` gives exactly the candidates, and
        so the story, the article gets without retirement.

        Args:
            day: the article's publication time in days since the epoch
                (:func:`published_day`); None for an undated article (taken as current).

        Returns:
            ``(start, end)`` in days: stories with ``last_day >= start`` and
            ``first_day < end`` are to be revived; None when no retired story can be
            reached (the case of a stream in publication order).
        """
        if self._retired_week is None or not self._retired:
            return None
        reach = int(math.ceil(self.max_gap_days / 7.0))
        centre = week_of(day) if day is not None else self._latest_week
        if centre is None or centre - reach > self._retired_week:
            return None
        return float((centre - reach) * 7), float((centre + reach + 1) * 7)

    def revive(self, states: Iterable[dict[str, Any]]) -> int:
        """Bring retired stories back into memory from their saved states.

        States of stories that are not retired are ignored (the live state is newer).
        A revived story that takes no article is retired again at the next :meth:`add`.

        Args:
            states: ``StoryState.to_dict()`` forms as the store keeps them.

        Returns:
            How many stories were revived.
        """
        revived = 0
        for data in states:
            if data["id"] not in self._retired:
                continue
            del self._retired[data["id"]]
            story = StoryState.from_dict(data)
            self._stories[story.id] = story
            self._postings.add_story(story)
            self._track(story)
            revived += 1
        if revived:
            self._stories = dict(sorted(self._stories.items(), key=lambda kv: story_number(kv[0])))
        return revived

    def consolidate(self) -> list[Merge]:
        """Take the second look at the stories once a run is in (:mod:`.consolidate`).

        Splinter stories merge into the larger story they now most resemble; a story of
        articles added since the last call that holds two events dated apart is split
        (:attr:`splits`); each such article moves to a story that now fits it clearly
        better (:attr:`moved`); the splinters those moves left are folded. A second call
        with no new article changes nothing. Dated splinters that settled during the
        stream had their look then (:meth:`_settle`). ``storydiff.stream`` calls it at the
        end of each ingest run; the store records each merge, so a merged id still leads
        to its story.

        Returns:
            The merges of this call, in order (also in :attr:`merged`).
        """
        first = len(self.merged)
        second_look.consolidate(self)
        return self.merged[first:]

    def unit_terms(self, terms: Counter) -> dict[str, float]:
        """An article's TF-IDF weights, unit length within each bag, under the current IDF.

        Args:
            terms: prefixed term counts (:attr:`Features.terms`).

        Returns:
            term -> weight; the weights of each bag have a Euclidean norm of 1.
        """
        return unit_per_bag({term: math.log1p(count) * self._idf(term) for term, count in terms.items()})

    def score(
        self, unit: dict[str, float], vector: np.ndarray, story: StoryState,
        *, slots: dict[str, dict[str, float]] | None = None,
    ) -> float:
        """Similarity of an article to a story, about 0..1 (:meth:`.score.Scoring.score`).

        Args:
            unit: the article's :meth:`unit_terms`.
            vector: its unit-length title+lead embedding.
            story: the story's summary.
            slots: the article's :func:`~.features.event_slots` (None: no slot term).
        """
        return self._scoring.score(unit, vector, story, slots=slots, idf=self._idf, years=self._story_years)

    def state(self, story_ids: Iterable[str] | None = None, *, with_df: bool = True) -> dict[str, Any]:
        """A JSON-ready snapshot: index counters and the given stories (default: all).

        Args:
            story_ids: only these stories (e.g. :attr:`dirty`), for an incremental save.
            with_df: include every term's document frequency in ``meta["df"]`` (a store
                saves only :attr:`dirty_terms` instead, see :meth:`document_frequencies`).

        Returns:
            ``{"meta": {...}, "stories": [StoryState.to_dict(), ...]}``.
        """
        ids = self._stories.keys() if story_ids is None else story_ids
        meta = self.meta()
        if with_df:
            meta["df"] = dict(self._df)
        return {"meta": meta, "stories": [self._stories[i].to_dict() for i in ids if i in self._stories]}

    def meta(self) -> dict[str, Any]:
        """The counters and settings saved with the stories (``df`` empty: saved apart)."""
        return {
            **super().meta(),
            "df": {},
            "threshold": self.threshold,
                "weights": self.weights,
                "max_gap_days": self.max_gap_days,
                "link": self.link,
                "year_penalty": self.year_penalty,
                "year_weight": self.year_weight,
                "slot_weight": self.slot_weight,
                "splinter_size": self.splinter_size,
                "merge_threshold": self.merge_threshold,
                "reassign_rounds": self.reassign_rounds,
            "retire_after_days": self.retire_after_days,
        }

    @classmethod
    def from_state(
        cls,
        meta: dict[str, Any],
        stories: Iterable[dict[str, Any]],
        *,
        df: dict[str, int] | None = None,
        embedder: Callable[[Sequence[str]], np.ndarray] | None = None,
        retired: Iterable[dict[str, Any]] = (),
        recent: Iterable[tuple[str, dict[str, Any]]] = (),
    ) -> StoryIndex:
        """Rebuild an index from :meth:`state` output (possibly saved in several parts).

        Args:
            meta: the ``"meta"`` part of the latest snapshot.
            stories: every story's ``to_dict()`` form.
            df: document frequencies when saved apart from ``meta``.
            embedder: as in the constructor.
            retired: stories already retired, each ``{"id", "article_ids", "title",
                "last_day"}``: listed and remembered, never loaded whole (a store
                passes the saved stories older than the horizon here, so loading a long
                stream does not hold all of it at once).
            recent: ``(article id, Contribution.to_dict())`` of the articles not yet
                reassigned, in the order added (those :attr:`recent_added` listed).

        Returns:
            The index, ready to go on adding articles.
        """
        index = cls(embedder=embedder, **settings_from_meta(meta))
        index._recent = {article_id: Contribution.from_dict(data) for article_id, data in recent}
        index._n_articles = int(meta.get("n_articles", 0))
        index._next = int(meta.get("next", 1))
        index._df = Counter(meta.get("df", {}))
        if df:
            index._df.update(df)
        for data in retired:
            index._retired[data["id"]] = (list(data["article_ids"]), data["title"])
            for article_id in data["article_ids"]:
                index._article_story[article_id] = data["id"]
            if data.get("last_day") is not None:
                week = week_of(data["last_day"])
                index._retired_week = week if index._retired_week is None else max(index._retired_week, week)
        for data in stories:
            story = StoryState.from_dict(data)
            index._stories[story.id] = story
            for article_id in story.article_ids:
                index._article_story[article_id] = story.id
            index._postings.add_story(story)
            for week in story_weeks(story):
                if week is not None and (index._latest_week is None or week > index._latest_week):
                    index._latest_week = week
        # Stories in creation order, whatever order the store returned them in.
        index._stories = dict(sorted(index._stories.items(), key=lambda kv: story_number(kv[0])))
        for story in index._stories.values():
            index._track(story)
        index._retire_old()
        return index

    def _track(self, story: StoryState) -> None:
        if story.last_day is None:
            return
        if self._newest_day is None or story.last_day > self._newest_day:
            self._newest_day = story.last_day
        if self.retire_after_days is not None:
            heapq.heappush(self._by_last_day, (story.last_day, story.id))
        if not story.settled and not story.undated and len(story.article_ids) <= self.splinter_size:
            heapq.heappush(self._settling, (story.last_day, story.id))

    def _settle(self) -> None:
        """Consolidate the dated splinters no new article can reach any more.

        A story whose newest article is more than :attr:`max_gap_days` behind the newest
        article seen takes no article of a stream in publication order: it has settled,
        and a splinter that settles is looked at once, then and there, as
        :meth:`consolidate` would (its event's story has had two weeks to form). Done
        during the stream, not at its end, so that it comes before retirement (which
        is later: ``storydiff.stream.RETIRE_AFTER_DAYS``) and the stories are the same
        with retirement or without. Undated splinters never settle; :meth:`consolidate`
        looks at them at the end of a run.
        """
        if self.merge_threshold is None or self._newest_day is None:
            return
        horizon = self._newest_day - self.max_gap_days
        while self._settling and self._settling[0][0] < horizon:
            last_day, story_id = heapq.heappop(self._settling)
            story = self._stories.get(story_id)
            if (story is None or story.last_day != last_day or story.settled or story.undated
                    or len(story.article_ids) > self.splinter_size):
                continue  # merged, retired, grown, or it has a newer entry
            story.settled = True
            self.dirty.add(story.id)  # the flag is saved with it
            second_look.fold(self, story)

    def _retire_old(self) -> None:
        if self.retire_after_days is None or self._newest_day is None:
            return
        horizon = self._newest_day - self.retire_after_days
        kept: list[tuple[float, str]] = []
        while self._by_last_day and self._by_last_day[0][0] < horizon:
            last_day, story_id = heapq.heappop(self._by_last_day)
            story = self._stories.get(story_id)
            if story is None or story.last_day != last_day:
                continue  # retired already, or it has a newer entry
            if story_id in self.dirty or story.undated:
                # Not saved yet: the store must get its state first (retired at the next
                # add after clear_dirty). Undated members keep it reachable: never retired.
                if not story.undated:
                    kept.append((last_day, story_id))
                continue
            self._retire(story)
        for entry in kept:
            heapq.heappush(self._by_last_day, entry)

    def _retire(self, story: StoryState) -> None:
        self._forget(story)
        self._retired[story.id] = (story.article_ids, story.title)
        if story.last_day is not None:
            week = week_of(story.last_day)
            self._retired_week = week if self._retired_week is None else max(self._retired_week, week)

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        if self._embedder is None:
            self._embedder = embed
        return np.asarray(self._embedder(list(texts)), dtype=np.float32)

    def _candidates(self, feats: Features) -> list[str]:
        return self.lookup({t: math.log1p(c) * self._idf(t) for t, c in feats.terms.items()}, feats.day)

    def lookup(self, weights: dict[str, float], day: float | None) -> list[str]:
        """Candidate stories for an article with these term weights and day: the ones
        sharing its most distinctive terms in nearby weeks, within the gap rule."""
        ranked = sorted(weights, key=lambda t: -weights[t])
        # Weeks to look in: the article's week and enough on each side to cover the gap
        # rule; an undated article is taken as current (the latest weeks seen), and
        # undated stories are always looked up.
        reach = int(math.ceil(self.max_gap_days / 7.0))
        centre = week_of(day) if day is not None else self._latest_week
        weeks: list[int | None] = [None]
        if centre is not None:
            weeks += list(range(centre - reach, centre + reach + 1))
        hits = self.hits(ranked[:LOOKUP_TERMS], weeks)
        out = []
        for story_id, _ in hits.most_common():
            if self._within_gap(day, self._stories[story_id]):
                out.append(story_id)
                if len(out) >= MAX_CANDIDATES:
                    break
        return out

    def _within_gap(self, day: float | None, story: StoryState) -> bool:
        if day is None or story.first_day is None or story.last_day is None:
            return True
        gap = max(story.first_day - day, day - story.last_day, 0.0)
        return gap <= self.max_gap_days

    def _join(self, story: StoryState, article: Article, feats: Features, unit: dict[str, float]) -> None:
        part = Contribution(unit=unit, vector=feats.vector, slots=feats.slots, day=feats.day,
                            title=article.title or first_line(article))
        self._add_to(story, article.id, part)
        for term in feats.terms:
            self._df[term] += 1
        self.dirty_terms.update(feats.terms)
        self._n_articles += 1
        if self.reassign_rounds:
            self._recent[article.id] = part
            self.recent_added.add(article.id)
            if len(self._recent) > REASSIGN_WINDOW:
                oldest = next(iter(self._recent))
                del self._recent[oldest]
                self.recent_added.discard(oldest)
                self.recent_dropped.add(oldest)
