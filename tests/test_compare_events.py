"""Events inside one story (``compare.events``) and how resolution uses them, on real ECB+ text."""

from __future__ import annotations

import pytest

from storydiff.compare import events
from storydiff.compare.events import article_events
from storydiff.compare.names import PLACE_LABELS, is_proper, name_tokens
from storydiff.compare.resolve import resolve_entities
from storydiff.model import Article, Mention


def _documents(shared_data, topic, names=None):
    from storydiff.eval.corpora import ecbplus

    if not (shared_data / "ecbplus" / str(topic)).is_dir():
        pytest.skip(f"ECB+ topic {topic} is absent")
    docs = list(ecbplus.iter_documents(shared_data / "ecbplus", topics={topic}))
    return [d for d in docs if names is None or d.name in names]


def _partition(groups: dict[str, int]) -> set[frozenset[str]]:
    by_group: dict[int, set[str]] = {}
    for aid, group in groups.items():
        by_group.setdefault(group, set()).add(aid)
    return {frozenset(ids) for ids in by_group.values()}


@pytest.mark.parametrize("topic", [1, 18])
def test_two_events_of_a_topic_are_two_groups(shared_data, topic):
    """ECB+ topic 1 (two rehab check-ins) and 18 (two office shootings): the groups are
    exactly the two sub-events."""
    docs = _documents(shared_data, topic)
    groups = article_events([Article(text=d.text, id=d.name) for d in docs])
    gold = {frozenset(d.name for d in docs if d.subtopic == s) for s in {d.subtopic for d in docs}}
    assert len(gold) == 2
    assert _partition(groups) == gold


@pytest.mark.parametrize("topic", [1, 18, 23])
def test_one_event_stays_one_group(shared_data, topic):
    for subtopic in ("ecb", "ecbplus"):
        docs = [d for d in _documents(shared_data, topic) if d.subtopic.endswith("_" + subtopic)]
        assert len(docs) >= 5
        assert set(article_events([Article(text=d.text, id=d.name) for d in docs]).values()) == {0}


def test_short_stories_and_no_names():
    assert article_events([]) == {}
    assert article_events([Article(text="no names here at all", id="a")]) == {"a": 0}
    assert article_events([Article(text="quiet", id="a"), Article(text="calm", id="b")]) == {"a": 0, "b": 0}


def _unnamed_entities_across_events(docs):
    articles = []
    for doc in docs:
        article = Article(text=doc.text, id=doc.name)
        for m in doc.entity_mentions():
            article.mentions.append(Mention(m.start, m.end, doc.text[m.start:m.end], label=m.label))
        articles.append(article)
    subtopic = {d.name: d.subtopic for d in docs}
    crossing = []
    for entity in resolve_entities(articles):
        if entity.type in PLACE_LABELS or entity.type not in ("DATE", "TIME") and any(
                is_proper(name_tokens(m.text, entity.type)) for m in entity.mentions):
            continue  # named entities may span events; places are not held apart
        if len({subtopic[m.article] for m in entity.mentions}) > 1:
            crossing.append(sorted({m.text for m in entity.mentions}))
    return crossing


def test_nouns_and_dates_of_two_events_stay_apart(shared_data, monkeypatch):
    """Six real reports of two shootings (Vancouver, Troy): without the grouping, some
    unnamed noun or date cluster (not a place) spans both; with it, none does."""
    docs = _documents(shared_data, 18, {"18_1ecb", "18_2ecb", "18_3ecb", "18_1ecbplus", "18_2ecbplus",
                                        "18_3ecbplus"})
    assert _unnamed_entities_across_events(docs) == []
    monkeypatch.setattr(events, "SPLIT_BELOW", float("-inf"))  # one group, as before
    assert _unnamed_entities_across_events(docs) != []
