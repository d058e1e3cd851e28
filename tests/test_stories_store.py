"""The store's stories side: analyses round-trip, reports cached per story revision."""

from __future__ import annotations

from pathlib import Path

import pytest

from storydiff.errors import NotFound
from storydiff.store import Store


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
    import storydiff.compare as compare_module

    calls = []
    real = compare_module.compare
    monkeypatch.setattr(compare_module, "compare", lambda articles, **kw: calls.append(len(articles)) or real(articles, **kw))

    with Store(stream_db) as store:
        assert store.list_stories()[0]["conflicts"] is None  # nothing computed yet
        first = store.report("s1")
        again = store.report("s1")
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
        store.report("s1")
    assert calls == [2, 3]


def test_unknown_story_is_not_found(tmp_path: Path) -> None:
    with Store(tmp_path / "empty.db") as store:
        with pytest.raises(NotFound, match="no story with id 's9'; list them with `storydiff stories"):
            store.report("s9")
        assert store.list_stories() == []
        assert store.load_story_index().stories() == []
