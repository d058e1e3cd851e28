"""Consolidation: the second look at the stories once a stream (or one run of it) is in.

1. Splinters: a story of at most ``splinter_size`` articles, opened because its first
   article arrived before its event's story had formed, or scored just under the
   threshold against a story then smaller, joins the larger story it now most resembles
   (:func:`best_host`) when the score passes ``MERGE_THRESHOLD`` by ``MERGE_MARGIN``
   over any other. In a dated stream each splinter gets that look as soon as it has
   settled (``StoryIndex`` calls :func:`fold` then), before retirement could take it.
2. Splits: a story of the run's articles that holds two events of one kind, dated apart
   by what its halves write, is cut in two (:mod:`.split`).
3. Reassignment: each article added since the last look moves to another story that
   now fits it clearly better (:mod:`.reassign`).
4. The splinters those moves left are folded as in 1, so that a second look changes
   nothing.

Everything here goes through :class:`~storydiff.stories.interface.Clustering`.
"""

from __future__ import annotations

import numpy as np

from storydiff.stories.interface import Clustering
from storydiff.stories.reassign import reassign
from storydiff.stories.split import split_stories
from storydiff.stories.state import StoryState, centroid, spans_meet, story_number, story_weeks
from storydiff.stories.thresholds import LOOKUP_TERMS, MAX_CANDIDATES, MERGE_MARGIN, MIN_HOST_SIZE


def consolidate(index: Clustering) -> None:
    """Fold splinters, split and reassign the recent articles, fold again (the module's
    steps 1-4); what changed is recorded by the index's edits."""
    fold_splinters(index)
    look_at_recent(index)
    # Moves can leave a story a splinter: folded now, so that a second call with no
    # new article changes nothing.
    fold_splinters(index)


def fold_splinters(index: Clustering) -> None:
    """Fold each splinter into its host (:func:`fold`), smallest first, until none moves."""
    moved = index.merge_threshold is not None
    while moved:
        moved = False
        # A settled splinter had its look when it settled; looking again here would
        # depend on whether it is still in memory (retirement).
        splinters = sorted((s for s in index.live()
                            if len(s.article_ids) <= index.splinter_size and not s.settled),
                           key=lambda s: (len(s.article_ids), story_number(s.id)))
        for story in splinters:
            if index.get(story.id) is None or len(story.article_ids) > index.splinter_size:
                continue  # merged, or grown past a splinter by taking one
            moved = fold(index, story) or moved


def look_at_recent(index: Clustering) -> None:
    """Split the stories of recent articles that hold two events (:mod:`.split`),
    reassign the recent articles (:mod:`.reassign`), then forget them."""
    recent = index.recent()
    if index.reassign_rounds and recent:
        splits = split_stories(index, recent) if index.split else []
        reassign(index, recent, rounds=index.reassign_rounds)
        for source, target, _ in splits:
            # Each half has had its look: a half of splinter size is not folded back
            # into the other by this or a later consolidation (until it gains a member).
            for story_id in (source, target):
                if index.get(story_id) is not None:
                    index.mark_settled(story_id)
    index.forget_recent()


def fold(index: Clustering, story: StoryState) -> bool:
    """Merge a splinter into its best host, if it has one (:func:`best_host`). Returns
    whether it moved."""
    host = best_host(index, story)
    if host is None:
        return False
    index.merge(story, host)
    return True


def best_host(index: Clustering, story: StoryState) -> StoryState | None:
    """The larger story a splinter scores best against, if at or above the merge
    threshold and by the merge margin above any other.

    Scored as an article would be: the splinter's centroid and mean embedding against
    the larger stories it could join (at least as many articles, at least
    ``MIN_HOST_SIZE``; within ``max_gap_days``).
    """
    unit = centroid(story)
    if not unit or story.vector_sum is None:
        return None
    norm = float(np.linalg.norm(story.vector_sum))
    vector = story.vector_sum / norm if norm > 0 else story.vector_sum
    least = max(MIN_HOST_SIZE, len(story.article_ids))
    # Candidates as for an article: stories sharing its most distinctive terms in the
    # weeks of its span (and undated ones).
    weeks = story_weeks(story)
    hits = index.hits(sorted(unit, key=lambda t: (-unit[t], t))[:LOOKUP_TERMS],
                      weeks + ([None] if None not in weeks else []))
    best, best_score, rival = None, -1.0, -1.0
    checked = 0
    for story_id, _ in sorted(hits.items(), key=lambda kv: (-kv[1], story_number(kv[0]))):
        other = index.get(story_id)
        if other is None or other is story or not spans_meet(story, other, index.max_gap_days):
            continue
        score = index.score(unit, vector, other, slots=story.slots)
        if len(other.article_ids) >= least and score > best_score:
            rival = max(rival, best_score)
            best, best_score = other, score
        else:
            rival = max(rival, score)
        checked += 1
        if checked >= MAX_CANDIDATES:
            break
    if best is None or best_score < index.merge_threshold or best_score - rival < MERGE_MARGIN:
        return None
    return best
