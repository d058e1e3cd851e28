"""The store's stories side: analyses round-trip, reports cached per story revision."""

from __future__ import annotations

from pathlib import Path

import pytest

from storydiff.errors import NotFound
from storydiff.reports import story_report
from storydiff.store import Store
from storydiff.stream import load_story_index


@pytest.fixture(scope="module")
def stream_db(tmp_path_factory, example_dir: Path) -> Path:
    """The example event ingested, analysed and clustered into a real SQLite file."""
    from storydiff.stream import ingest_stream

    db = tmp_path_factory.mktemp("stories") / "s.db"
    summary = ingest_stream([example_dir], db, progress=False)
    assert (summary.stored, summary.analyzed, summary.clustered, summary.stories) == (2, 2, 2, 1)
    return db


@pytest.mark.slow
def test_stored_analysis_equals_the_analysed_article(stream_db: Path, nlp) -> None:
    from storydiff.analyze import analyze

    with Store(stream_db) as store:
        stored = store.get_analysis("1")
        fresh = analyze(store.get_article("1"), nlp=nlp)
    assert stored is not None and stored.analyzed
    assert stored.mentions == fresh.mentions and stored.quotes == fresh.quotes and stored.claims == fresh.claims


@pytest.mark.slow
def test_report_is_cached_until_the_story_changes(stream_db: Path, example_dir: Path, monkeypatch, tmp_path) -> None:
    import storydiff.reports as reports_module

    calls = []
    real = reports_module.compare
    monkeypatch.setattr(reports_module, "compare", lambda articles, **kw: calls.append(len(articles)) or real(articles, **kw))

    with Store(stream_db) as store:
        assert store.list_stories()[0]["conflicts"] is None  # nothing computed yet
        first = story_report(store, "s1")
        again = story_report(store, "s1")
        listed = store.list_stories()[0]
    assert calls == [2], "the second report came from the cache"
    assert [a.id for a in again.articles] == [a.id for a in first.articles]
    assert listed["conflicts"] == sum(1 for f in first.findings if f.status == "conflict")

    # A third report of the same event joins the story: the cached report is stale.
    text = (example_dir / "putin-visits-magadan.txt").read_text(encoding="utf-8")
    extra = tmp_path / "syndicated.txt"
    extra.write_text(text.replace("On Friday,", "On Friday afternoon,", 1), encoding="utf-8")
    from storydiff.stream import ingest_stream

    summary = ingest_stream([extra], stream_db, progress=False)
    assert summary.stored == 1 and summary.new_stories == 0
    with Store(stream_db) as store:
        row = store.list_stories()[0]
        assert (row["size"], row["revision"], row["conflicts"]) == (3, 2, None)
        story_report(store, "s1")
    assert calls == [2, 3]


def test_unknown_story_is_not_found(tmp_path: Path) -> None:
    with Store(tmp_path / "empty.db") as store:
        with pytest.raises(NotFound, match="no story with id 's9'; list them with `storydiff stories"):
            story_report(store, "s9")
        assert store.list_stories() == []
        assert load_story_index(store).stories() == []


# Real sentences of three ECB+ events (topics 1, 3 and 18), each reported on two days;
# the events two months apart, so with retirement the older stories leave memory.
_EVENTS = [
    ("2008-09-01", ["Tara Reid has checked herself into Promises Treatment Center in Malibu, her representative said.",
                    "Actress Tara Reid entered the Promises Treatment Center in Malibu, California, a rehab facility."]),
    ("2008-11-01", ["A man suspected of killing a Vietnamese prisoner escaped from a Cork prison van.",
                    "Gardai are hunting a prisoner who escaped from a prison van in Cork city."]),
    ("2009-01-02", ["Elizabeth Edwards said the affair of her husband John Edwards wounded her deeply.",
                    "John Edwards admitted an affair with filmmaker Rielle Hunter, his wife Elizabeth said."]),
]


def _stored(store: Store, text: str, day: str, n: int):
    import datetime as dt

    from storydiff.model import Article

    article = Article(text=text, id="", title="", published=dt.date.fromisoformat(day) + dt.timedelta(days=n))
    (article_id, _), = store.add_articles([article])
    return store.get_article(article_id)


def test_retirement_in_a_real_store_loads_light_revives_late_articles_and_old_files_load(tmp_path: Path) -> None:
    """Stories retired by a saved, dated stream reload as ids only, a late article dated
    with the first event reaches its retired story (as it does without retirement), and a
    file saved before the option existed loads as it was saved."""
    from test_stories import _bag_embedder

    from storydiff.stories import StoryIndex, published_day

    with Store(tmp_path / "r.db") as store:
        articles = [_stored(store, text, day, n) for day, texts in _EVENTS for n, text in enumerate(texts)]
        plain = StoryIndex(embedder=_bag_embedder)
        expected = [plain.add(a) for a in articles]
        index = StoryIndex(embedder=_bag_embedder, retire_after_days=14)
        for article in articles:
            index.add(article)
            store.save_clustering(index.changes())
        assert expected == ["s1", "s1", "s2", "s2", "s3", "s3"]
        assert index.live_stories == 1  # the first two events left memory once saved

        loaded = load_story_index(store, embedder=_bag_embedder)  # retirement as saved: 14 days
        assert loaded.retire_after_days == 14 and loaded.live_stories == 1
        assert [(s.id, s.article_ids) for s in loaded.stories()] == [(s.id, s.article_ids) for s in plain.stories()]

        late = _stored(store, "Tara Reid checked into the Promises rehab center in Malibu, her publicist said.",
                       "2008-09-01", 2)
        window = loaded.revival_window(published_day(late))
        assert window is not None
        assert loaded.revive(store.retired_story_states(*window)) == 1  # s1 only: s2 is weeks away
        got = loaded.add(late)
        assert got == plain.add(late) == "s1"
        store.save_clustering(loaded.changes())
        current = _stored(store, _EVENTS[2][1][0] + " Her book tour goes on.", "2009-01-02", 2)
        assert loaded.revival_window(published_day(current)) is None  # in date order: nothing to revive
        assert loaded.add(current) == plain.add(current) == "s3"
        assert loaded.live_stories == 1  # s1, saved, retired again
        assert store.story_membership("s1") == [articles[0].id, articles[1].id, late.id]

        # A file written before retirement existed: no retire_after_days in its meta.
        store.db.execute("UPDATE story_meta SET value = json_remove(value, '$.retire_after_days') WHERE key = 'index'")
        store.db.commit()
        old = load_story_index(store, embedder=_bag_embedder)
        assert old.retire_after_days is None and old.live_stories == 3
        switched = load_story_index(store, retire_after_days=28, embedder=_bag_embedder)
        assert switched.live_stories == 1
        assert [s.article_ids for s in switched.stories()] == [s.article_ids for s in old.stories()]
