"""Reassignment (storydiff.reassign): an article placed in the wrong story on arrival
moves to its event's story at the end of the run, in the index and in a real store."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from test_stories import _REID, _REID_2, _article, _bag_embedder
from test_stories_consolidate import _NAVY, _REID_3, _REID_LATE, _stored

from storydiff.store import Store
from storydiff.stories import StoryIndex
from storydiff.stream import load_story_index


# A report of the navy's event that shares a word ("representative") with Tara Reid's
# reports, so her story is among its candidates; written for these tests.
_NAVY_0 = "The Indian navy's representative said commandos captured Somali pirates in the Gulf of Aden."
# Two more, so the navy's story is no splinter (consolidation would merge it first).
_TEXTS = [_REID, _REID_2, _REID_3, _NAVY_0, *_NAVY[1:],
          "Somali pirates were caught by an Indian navy warship in the Gulf of Aden.",
          "The Indian navy foiled a Somali pirate attack on a merchant ship."]


def _misplaced(index: StoryIndex, day: dt.date | None = None) -> list[str]:
    """Tara Reid's three reports, then the Indian navy's first report joining her story (as
    if it had scored over the threshold against the only story there was), then the
    navy's two other reports, which open the navy's story. Returns the article ids."""
    ids = ["r0", "r1", "r2", "n0", "n1", "n2", "n3", "n4"]
    texts = _TEXTS
    for article_id, text in zip(ids[:3], texts[:3]):
        index.add(_article(article_id, text, day))
    threshold, index.threshold = index.threshold, -1.0  # anything passes
    index.add(_article(ids[3], texts[3], day))
    index.threshold = threshold
    for article_id, text in zip(ids[4:], texts[4:]):
        index.add(_article(article_id, text, day))
    return ids


def test_a_misplaced_article_moves_to_its_event_and_a_second_look_moves_nothing() -> None:
    index = StoryIndex(embedder=_bag_embedder)
    _misplaced(index)
    reid, navy = index.story_of("r0"), index.story_of("n1")
    assert index.story_of("n0") == reid and navy != reid  # the arrival-order mistake

    assert index.consolidate() == []  # no story emptied: nothing merged
    assert index.moved == [("n0", reid, navy)]
    assert index.story_of("n0") == navy
    assert [s.article_ids for s in index.stories()] == [["r0", "r1", "r2"], ["n1", "n2", "n3", "n4", "n0"]]
    index.clear_dirty()
    assert index.consolidate() == [] and index.moved == []  # only new articles get a look


def test_the_story_sums_after_a_move_are_those_of_its_members() -> None:
    """Taking an article out leaves the sums of the others (what a story of them alone
    would hold), and postings that from_state rebuilds the same: a resumed index looks up
    and scores the next article as the live one does."""
    index = StoryIndex(embedder=_bag_embedder)
    _misplaced(index, dt.date(2008, 9, 1))
    index.consolidate()
    # Reid's three reports came first, so a stream of them alone weighed them the same.
    alone = StoryIndex(embedder=_bag_embedder)
    for i, text in enumerate(_TEXTS[:3]):
        alone.add(_article(f"r{i}", text, dt.date(2008, 9, 1)))
    reid, only = index.state()["stories"][0], alone.state()["stories"][0]
    assert reid["article_ids"] == only["article_ids"] == ["r0", "r1", "r2"]
    assert reid["terms"].keys() == only["terms"].keys()  # the navy's own words left with it
    assert all(abs(reid["terms"][t] - w) < 1e-9 for t, w in only["terms"].items())
    assert all(abs(reid["squares"][b] - w) < 1e-9 for b, w in only["squares"].items())
    assert max(abs(a - b) for a, b in zip(reid["vector_sum"], only["vector_sum"])) < 1e-5

    snapshot = json.loads(json.dumps(index.state()))
    resumed = StoryIndex.from_state(snapshot["meta"], snapshot["stories"], embedder=_bag_embedder)
    assert resumed._postings == index._postings
    probe = _article("next", "Indian navy commandos captured pirates in the Gulf of Aden.", dt.date(2008, 9, 2))
    assert resumed.add(probe) == index.add(probe) == index.story_of("n1")


def test_an_article_that_opened_its_own_story_moves_and_its_id_counts_as_merged() -> None:
    """Without splinter merging, a lone report of an event moves by reassignment; the
    story it leaves empty is recorded as merged into the one that took it."""
    index = StoryIndex(embedder=_bag_embedder, merge_threshold=None)
    for i, text in enumerate([_REID, _REID_2, _REID_3]):
        index.add(_article(f"r{i}", text, None))
    threshold, index.threshold = index.threshold, 2.0  # nothing passes: a story of its own
    lone = index.add(_article("late", _REID_LATE, None))
    index.threshold = threshold
    reid = index.story_of("r0")
    assert lone != reid

    assert index.consolidate() == [(lone, reid)]
    assert index.moved == [("late", lone, reid)]
    assert [s.id for s in index.stories()] == [reid]


def test_a_state_saved_before_reassignment_existed_never_moves_an_article() -> None:
    index = StoryIndex(embedder=_bag_embedder)
    _misplaced(index)
    snapshot = json.loads(json.dumps(index.state()))
    del snapshot["meta"]["reassign_rounds"]
    old = StoryIndex.from_state(snapshot["meta"], snapshot["stories"], embedder=_bag_embedder)
    old.consolidate()
    assert old.moved == [] and old.story_of("n0") == old.story_of("r0")


def test_moves_in_a_real_store_and_a_killed_run_reassigns_on_the_next(tmp_path: Path) -> None:
    """Saved batch by batch, the recent articles' contributions are kept in the store: an
    index loaded from it (a run killed before its end) reassigns as the live one would.
    After the look they are gone, the membership rows follow the move, and a reload
    holds the same stories."""
    db = tmp_path / "moves.db"
    with Store(db) as store:
        index = StoryIndex(embedder=_bag_embedder)
        texts = _TEXTS
        ids = [_stored(store, f"a{i}", text) for i, text in enumerate(texts)]
        for n, article_id in enumerate(ids):
            threshold = index.threshold
            if n == 3:
                index.threshold = -1.0  # the navy's first report joins Reid's story
            index.add(_article(article_id, texts[n], None))
            index.threshold = threshold
            store.save_clustering(index.changes())
        assert store.db.execute("SELECT COUNT(*) FROM story_recent").fetchone()[0] == 8
        reid, navy = store.story_of(ids[0]), store.story_of(ids[4])
        assert store.story_of(ids[3]) == reid

    with Store(db) as store:  # "killed" here: the next run loads the index
        resumed = load_story_index(store, embedder=_bag_embedder)
        assert resumed.consolidate() == []
        assert resumed.moved == [(ids[3], reid, navy)]
        store.save_clustering(resumed.changes())
        assert store.story_membership(reid) == ids[:3]
        assert store.story_membership(navy) == [*ids[4:], ids[3]]
        assert [r["size"] for r in store.list_stories()] == [5, 3]
        assert store.db.execute("SELECT COUNT(*) FROM story_recent").fetchone()[0] == 0

    with Store(db) as store:
        again = load_story_index(store, embedder=_bag_embedder)
        assert [s.article_ids for s in again.stories()] == [ids[:3], [*ids[4:], ids[3]]]
        assert again.consolidate() == [] and again.moved == []
