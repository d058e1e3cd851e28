"""Splitting: a story that holds two events of one kind, told apart by their dates.

Two events of one kind (two emergency patches of one browser, five years apart; two
arrests of one actor) share their names and most of their words, and a story that takes
the first reports of both keeps growing with both: every new report scores well against
the mixed centroid. Publication dates keep them apart in a dated stream (stories more
than ``MAX_GAP_DAYS`` apart never merge); reports without one (pasted text, the ECB+
corpus) have only the dates they write.

Once a run is in (:mod:`.consolidate`, before reassignment), each story of at
least :data:`MIN_SIZE` recent articles is cut in two by its members' pairwise scores
(a spectral bisection, refined by moving each member to the half it scores higher
against on average). The cut is kept only when both hold:

- *dated apart*: one half has a month and a year that most of its members write
  (:data:`SHARE`) and no member of the other half writes (the 2013 reports say
  "September 2013"; the 2008 ones never say September, nor 2013);
- *apart in content*: the mean score across the halves is at most :data:`CONTENT_RATIO`
  times the mean within the less coherent half.

The smaller half then leaves for a new story, article by article (``Clustering.move``,
so the store records each move as it records reassignment), the time span of the half
that stays narrows to its own members' days, and reassignment, which runs next, can
still move a member across.
"""

from __future__ import annotations

import math
from collections import Counter
import numpy as np

from storydiff.model import Split
from storydiff.stories.features import YEAR_TERM
from storydiff.stories.interface import Clustering
from storydiff.stories.state import Contribution, StoryState, bag_squares, span_gap

#: Stories with fewer members are not looked at: each half needs :data:`MIN_PART`.
MIN_SIZE = 6
#: Members a half needs: a pair of reports dated apart from the rest is too little to
#: call them another event (the bisection of a true story often cuts off 1-2 outliers).
MIN_PART = 3
#: Share of a half's members that must write its month and its year. Half: the dates a
#: report writes are noisy (on within-topic document pairs of ECB+ 1-35 the most-named
#: month differs for 35% of the pairs from one event; docs/quality-history.md, "stories:
#: reassignment, and the months dates write"), so a majority of the half, not every member.
SHARE = 0.5
#: How alike the two halves may be, as the ratio of the mean cross-half score to the
#: mean within-half score of the less coherent half. On ECB+ 1-35 (4 orders, halves and
#: all topics; docs/quality-history.md, "stories: splitting a story that holds two events"), the cuts that passed the dates test separated two events at
#: ratios 0.48-0.84 and cut one event at 0.86-0.95 (an obituary's career years, ECB+
#: topic 4); without this test, bisections of one-event stories range 0.68-0.95.
CONTENT_RATIO = 0.85
#: Larger stories are not looked at: the pairwise scores cost O(n²) (200 members: some
#: 20,000 pairs, about a second), and a story that large has its dates settled by then.
MAX_SIZE = 200


def split_stories(index: Clustering, recent: dict[str, Contribution]) -> list[Split]:
    """Split each story of recent articles that holds two events (see the module).

    Args:
        index: the story index; its stories are changed through its edits.
        recent: article id -> what it added to its story (``Clustering.recent``); a story
            with a member not in it (from an earlier run) is not looked at.

    Returns:
        One :class:`~storydiff.model.Split` per split (each also recorded by the index).
    """
    splits = []
    for story in index.live():
        ids = list(story.article_ids)
        if not MIN_SIZE <= len(ids) <= MAX_SIZE or any(a not in recent for a in ids):
            continue
        parts = [recent[a] for a in ids]
        dates = [_written_dates(p.unit) for p in parts]
        if not _could_split(dates, [p.day for p in parts], index.max_gap_days):
            continue
        scores = _pair_scores(index, parts)
        side = _bisect(scores)
        leaving = _leaving_half(side, dates, parts, scores, index.max_gap_days)
        if leaving is None:
            continue
        moving = [a for a, s in zip(ids, side) if s == leaving]
        new_id = index.open_story(recent[moving[0]].title or story.title)
        for article_id in moving:
            index.move(article_id, recent[article_id], story.id, new_id)
        # Every member is recent, so the span of those left is known (a move alone
        # leaves it as it was): the other event's days no longer draw its reports here.
        days = [recent[a].day for a in story.article_ids if recent[a].day is not None]
        if days:
            index.narrow_span(story, min(days), max(days))
        index.record_split(story.id, new_id, moving)
        splits.append(Split(story.id, new_id, moving))
    return splits


def _written_dates(unit: dict[str, float]) -> tuple[set[str], set[str]]:
    """The months ("09") and years ("2013") an article's dates write, from its terms."""
    months, years = set(), set()
    for term in unit:
        if term.startswith("m:"):
            months.add(term[2:])
        elif term.startswith("d:"):
            if len(term) == 9 and term[6] == "-" and term[2:6].isdigit():  # "d:2013-09"
                months.add(term[7:])
            elif YEAR_TERM.match(term):
                years.add(term[2:])
    return months, years


def _could_split(dates: list[tuple[set[str], set[str]]], days: list[float | None], max_gap_days: float) -> bool:
    """Whether enough members write a month and a year for a half to be dated apart, and
    the members are not all published within the gap rule of each other (then any two
    halves are one period: :func:`_days_meet`). A cheap test before the O(n²) scores: in
    a dated stream it leaves almost every story alone."""
    if None not in days and max(days) - min(days) <= max_gap_days:
        return False
    least = math.ceil(SHARE * MIN_PART)
    months = Counter(m for d in dates for m in d[0])
    years = Counter(y for d in dates for y in d[1])
    return bool(months) and bool(years) and months.most_common(1)[0][1] >= least \
        and years.most_common(1)[0][1] >= least


def _pair_scores(index: Clustering, parts: list[Contribution]) -> np.ndarray:
    """Members' scores against each other: :meth:`StoryIndex.score` of one against a
    story of the other alone, averaged both ways (the score weighs the bags the article
    has, so it is not symmetric)."""
    alone = [StoryState(id=f"~{k}", article_ids=[f"~{k}"], terms=p.unit, squares=bag_squares(p.unit),
                        vector_sum=p.vector) for k, p in enumerate(parts)]
    n = len(parts)
    scores = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            if i != j:
                scores[i, j] = index.score(parts[i].unit, parts[i].vector, alone[j])
    return (scores + scores.T) / 2


def _bisect(scores: np.ndarray) -> np.ndarray:
    """Two halves (True / False per member): the sign of the normalised Laplacian's
    second eigenvector, then each member moved to the half it scores higher against on
    average until none moves (at most 20 passes)."""
    n = len(scores)
    degree = scores.sum(axis=1)
    degree[degree <= 0] = 1e-9
    scale = 1 / np.sqrt(degree)
    laplacian = np.eye(n) - scale[:, None] * scores * scale[None, :]
    _, vectors = np.linalg.eigh(laplacian)
    side = (scale * vectors[:, 1]) >= 0
    for _ in range(20):
        new = side.copy()
        for k in range(n):
            same = side.copy()
            same[k] = False
            other = ~side
            other[k] = False
            mean_true = scores[k, same].mean() if same.any() else 0.0
            mean_false = scores[k, other].mean() if other.any() else 0.0
            new[k] = mean_true >= mean_false
        if (new == side).all() or new.all() or not new.any():
            break
        side = new
    return side


def _leaving_half(side: np.ndarray, dates: list[tuple[set[str], set[str]]], parts: list[Contribution],
                  scores: np.ndarray, max_gap_days: float) -> bool | None:
    """Which half leaves (the value of ``side`` its members have), or None: no split."""
    halves = {True: np.flatnonzero(side), False: np.flatnonzero(~side)}
    if min(len(h) for h in halves.values()) < MIN_PART:
        return None
    if not any(_dated_apart([dates[k] for k in halves[h]], [dates[k] for k in halves[not h]])
               for h in (True, False)):
        return None
    if _days_meet([parts[k].day for k in halves[True]], [parts[k].day for k in halves[False]], max_gap_days):
        return None  # published within the gap rule of each other: one period, whatever they write
    across = scores[np.ix_(halves[True], halves[False])].mean()
    within = min(_mean_within(scores, h) for h in halves.values())
    if across > CONTENT_RATIO * within:
        return None
    # The smaller half leaves (ties: the False half): the larger keeps the story's id.
    return len(halves[True]) < len(halves[False])


def _dated_apart(half: list[tuple[set[str], set[str]]], other: list[tuple[set[str], set[str]]]) -> bool:
    """Whether most of ``half`` writes one month and one year that no member of
    ``other`` writes."""
    for which in (0, 1):  # months, years
        ranked = Counter(value for d in half for value in d[which]).most_common()
        if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
            return False  # none written, or two written as often: no date of its own
        value, count = ranked[0]
        if count < SHARE * len(half) or any(value in d[which] for d in other):
            return False
    return True


def _days_meet(first: list[float | None], second: list[float | None], max_gap_days: float) -> bool:
    """Whether both halves have publication days and their spans come within the gap."""
    a = [d for d in first if d is not None]
    b = [d for d in second if d is not None]
    if not a or not b:
        return False
    return span_gap((min(a), max(a)), (min(b), max(b))) <= max_gap_days


def _mean_within(scores: np.ndarray, members: np.ndarray) -> float:
    block = scores[np.ix_(members, members)]
    n = len(members)
    return float((block.sum() - np.trace(block)) / (n * (n - 1)))
