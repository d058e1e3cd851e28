"""Reassignment: a second look at each recent article, once its run is in.

Online assignment places an article against the stories as they were when it arrived.
Early in a run an event's reports are spread over stories still small, and an article
joins the one that happens to be formed first: the result depends on arrival order. Once
the run is in (``StoryIndex.consolidate``), each article added since the last look is
scored again, as a k-means step would, against its own story without itself and against
the other stories its words look up; it moves when another story scores at least the
online threshold and :data:`REASSIGN_MARGIN` more than its own. Articles are looked at
in the order they were added, each against the stories as the moves before it left
them (moves decided all at once and then applied can swap two articles between two
stories and back; measured the same on ECB+: 0.939 / 0.935 / 0.944 against 0.940 /
0.935 / 0.944 in the terms of :data:`REASSIGN_ROUNDS`), for a few rounds.

To take an article out of a story exactly, the index keeps what each recent article
added to its story (:class:`Contribution`: its unit TF-IDF weights as they were when it
joined, its embedding, its event slots, its day) for at most :data:`REASSIGN_WINDOW`
articles; the store keeps them too, so a run killed before its end reassigns on the next
run as an uninterrupted one would.
"""

from __future__ import annotations

from storydiff.model import Move
from storydiff.stories.interface import Clustering
from storydiff.stories.state import Contribution, without

#: Rounds of reassignment per look. Measured first in an experiment (stories rebuilt
#: from every member with the final IDF, moves applied per round), with consolidation, on
#: ECB+ 1-35, pairwise F1, halves 1-17 / 18-35 / all topics, mean over 4 orders (the
#: eval's seed 13 and seeds 1-3): none 0.932 / 0.930 / 0.936; 1 round, no margin 0.931 /
#: 0.934 / 0.943; 2 rounds, margin 0.02 0.935 / 0.930 / 0.945; margin 0.05 0.934 / 0.930
#: / 0.942. On 8 further orders (seeds 4-11): none 0.923 / 0.932 / 0.920, 2 rounds with
#: margin 0.02 0.923 / 0.942 / 0.925. This module as adopted, with the months bag: 0.940
#: / 0.935 / 0.944; 4 rounds the same (docs/quality-history.md, "stories: reassignment,
#: and the months dates write").
REASSIGN_ROUNDS = 2
#: How much more than its own story (scored without it) another story must score for an
#: article to move: a near tie is no evidence; 0.02 measured above (0 moves more and
#: gains less on 1-17, 0.05 moves too few).
REASSIGN_MARGIN = 0.02
#: Recent articles kept for reassignment (oldest dropped first). A run longer than this
#: reassigns its last articles only: each costs about 10-20 kB of memory (its unit
#: weights and embedding), so 2000 bound that to some 40 MB; the evaluation's 772
#: ECB+ documents fit whole.
REASSIGN_WINDOW = 2000


def reassign(index: Clustering, recent: dict[str, Contribution], *, rounds: int,
             margin: float = REASSIGN_MARGIN) -> list[Move]:
    """Move recent articles to the story they now score best against (see the module).

    Args:
        index: the story index; its stories are changed through its edits.
        recent: article id -> what it added to its story, in the order added.
        rounds: at most this many rounds (fewer when one moves nothing).
        margin: how much more than its own story another must score.

    Returns:
        One :class:`~storydiff.model.Move` per move, in order (each also recorded by the index).
    """
    moves: list[Move] = []
    for _ in range(rounds):
        moved = 0
        for article_id, part in recent.items():
            own_id = index.story_of(article_id)
            own = index.get(own_id) if own_id is not None else None
            if own is None:
                continue  # retired: it stays where the store has it
            own_score = -1.0
            if len(own.article_ids) > 1:
                rest = without(own, article_id, part)
                own_score = index.score(part.unit, part.vector, rest, slots=part.slots)
            best_id, best_score = None, -1.0
            for story_id in index.lookup(part.unit, part.day):
                # Not into a story of one article: that is a splinter, consolidation's
                # to place; moving into it can dissolve a larger story one article at a
                # time (tests/test_stories_reassign.py). Measured the same on ECB+
                # (0.940 / 0.935 / 0.944 with the rule and without).
                candidate = index.get(story_id)
                if story_id == own_id or len(candidate.article_ids) < 2:
                    continue
                score = index.score(part.unit, part.vector, candidate, slots=part.slots)
                if score > best_score:
                    best_id, best_score = story_id, score
            if best_id is not None and best_score >= index.threshold and best_score > own_score + margin:
                index.move(article_id, part, own_id, best_id)
                moves.append(Move(article_id, own_id, best_id))
                moved += 1
        if not moved:
            break
    return moves
