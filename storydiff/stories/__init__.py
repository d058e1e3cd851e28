"""Stories: incremental clustering of analysed articles into real-world events.

The modules, in the order an article meets them:

1. :mod:`.features`: one analysed article -> what clustering compares (bags of words,
   names, places, numbers, months and predicates; its title+lead embedding; its event
   slots; its publication day).
2. :mod:`.index` (:class:`StoryIndex`, built on :class:`~.table.StoryTable`): the online
   pass. ``add(article)`` looks up candidate stories (:mod:`.postings`), scores them
   (:mod:`.score`) and joins the best one above ``THRESHOLD`` or opens a new story.
3. :mod:`.consolidate`: the second look once a run is in (splinters folded, stories of
   two events split by :mod:`.split`, recent articles moved by :mod:`.reassign`),
   through the small interface of :mod:`.interface`.
4. Saved state: :meth:`StoryIndex.state` / :meth:`StoryIndex.from_state` give and take a
   JSON-ready snapshot, and :meth:`StoryIndex.changes` hands the store a typed record of
   what changed since the last save (:class:`storydiff.model.StoryChanges`).

The calibrated numbers and where they come from are in :mod:`.thresholds`; a story's
running sums are :mod:`.state`.
"""

from storydiff.stories.features import Features, event_slots, features, first_line, lead_text, published_day, words
from storydiff.stories.index import StoryIndex
from storydiff.stories.state import Contribution, StoryState, span_gap
from storydiff.stories.thresholds import (
    DOMINANT_YEAR_WEIGHT,
    LEAD_SENTENCES,
    LINK,
    LOOKUP_TERMS,
    MAX_CANDIDATES,
    MAX_GAP_DAYS,
    MAX_POSTINGS,
    MERGE_MARGIN,
    MERGE_THRESHOLD,
    MIN_HOST_SIZE,
    SLOT_WEIGHT,
    SPLINTER_SIZE,
    THRESHOLD,
    WEIGHTS,
    YEAR_CONFLICT_PENALTY,
)

__all__ = [
    "DOMINANT_YEAR_WEIGHT", "LEAD_SENTENCES", "LINK", "LOOKUP_TERMS", "MAX_CANDIDATES", "MAX_GAP_DAYS",
    "MAX_POSTINGS", "MERGE_MARGIN", "MERGE_THRESHOLD", "MIN_HOST_SIZE", "SLOT_WEIGHT", "SPLINTER_SIZE",
    "THRESHOLD", "WEIGHTS", "YEAR_CONFLICT_PENALTY", "Contribution", "Features", "StoryIndex", "StoryState",
    "event_slots", "features", "first_line", "lead_text", "published_day", "span_gap", "words",
]
