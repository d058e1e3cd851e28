"""The saved settings of a story index: what a store written by an older storydiff means.

A store keeps the settings its stream was clustered with (``StoryIndex.meta``). A rule
added since was not applied to that stream, so a store saved before it goes on without
it: the same stream keeps the rules it was clustered with.
"""

from __future__ import annotations

from typing import Any

from storydiff.stories.thresholds import LINK, MAX_GAP_DAYS, SPLINTER_SIZE, THRESHOLD


def settings_from_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """``StoryIndex`` constructor arguments from a saved ``meta`` (``StoryIndex.state``).

    Args:
        meta: the saved counters and settings.

    Returns:
        Keyword arguments; a setting the file does not have takes the value that means
        "rule off" where the rule came later, else the default.
    """
    return dict(
        threshold=meta.get("threshold", THRESHOLD),
        weights=meta.get("weights"),
        max_gap_days=meta.get("max_gap_days", MAX_GAP_DAYS),
        link=meta.get("link", LINK),
        # A store saved before the penalty existed goes on without it: the same
        # stream keeps the rule it was clustered with.
        year_penalty=meta.get("year_penalty", 0.0),
        retire_after_days=meta.get("retire_after_days"),
        # Likewise a store saved before the dominant-year rule goes on without it.
        year_weight=meta.get("year_weight", 0.0),
        # And one saved before the event-slot rule goes on without that.
        slot_weight=meta.get("slot_weight", 0.0),
        # And one saved before consolidation is not consolidated.
        splinter_size=meta.get("splinter_size", SPLINTER_SIZE),
        merge_threshold=meta.get("merge_threshold"),
        # And one saved before reassignment never moves an article.
        reassign_rounds=meta.get("reassign_rounds", 0),
    )
