"""The task scorers on small slices of real data, independent of the stages they measure."""

from __future__ import annotations

from pathlib import Path

import pytest

from storydiff.eval import coref, quotes
from storydiff.eval.corpora import ecbplus, polnear
from storydiff.eval.metrics import conll
from storydiff.model import Article, Attribution, Quote, Span


@pytest.fixture(scope="module")
def polnear_texts(shared_data: Path):
    return polnear.load_split(shared_data / "polnear" / "dev")[:8]


def _gold_as_prediction(text: polnear.PolnearText) -> Article:
    """An article whose quotes are exactly the gold ones (the scorer must give 1.0)."""
    article = Article(text=text.text, id=text.name)
    for g in text.attributions:
        source = Span(g.source.start, g.source.end, g.source.text) if g.source else None
        content = g.content
        if g.direct:
            article.quotes.append(Quote(content.start, content.end, content.text, speaker=source))
        else:
            article.attributions.append(
                Attribution(content.start, content.end, content.text, source=source)
            )
    return article


def test_quotes_scorer_gives_one_for_the_gold_itself(polnear_texts):
    tally = quotes.Tally()
    for text in polnear_texts:
        quotes.score_article(_gold_as_prediction(text), text.attributions, tally)
    assert tally.counts["direct_gold"] > 0
    assert tally.prf("direct").f1 == 1.0
    assert tally.prf("strict").f1 == 1.0
    assert tally.prf("indirect").f1 == 1.0
    assert tally.counts["speaker_right"] == tally.counts["speaker_total"] > 0


def test_quotes_scorer_counts_misses_and_wrong_speakers(polnear_texts):
    text = next(t for t in polnear_texts if sum(a.direct for a in t.attributions) >= 2)
    article = _gold_as_prediction(text)
    dropped = article.quotes.pop()  # one gold direct quote we fail to find
    article.quotes[0].speaker = None  # one found without its speaker
    tally = quotes.Tally()
    quotes.score_article(article, text.attributions, tally)
    gold_direct = sum(a.direct for a in text.attributions)
    assert tally.prf("direct").precision == 1.0
    assert tally.prf("direct").recall == pytest.approx((gold_direct - 1) / gold_direct)
    assert tally.counts["speaker_right"] < tally.counts["speaker_total"]
    assert dropped.text  # the quote really was a span of the text


def test_speaker_rule():
    gold = Span(100, 113, "Donald Trump")
    assert quotes.speaker_correct(Span(105, 113, "Trump"), gold)  # overlap
    assert quotes.speaker_correct(Span(300, 305, "Trump"), gold)  # same name elsewhere
    assert quotes.speaker_correct(Span(300, 307, "Trump's"), gold)
    assert not quotes.speaker_correct(Span(300, 306, "Clinton"), gold)
    assert not quotes.speaker_correct(None, gold)
    # Short last words ("he", "Jr") do not count as a name match.
    assert not quotes.speaker_correct(Span(0, 2, "he"), Span(50, 52, "he"))


def test_coref_gold_partition_scores_one(shared_data: Path):
    """The scorer's key, fed back as the response, scores 1.0: the plumbing is consistent."""
    docs = list(ecbplus.iter_documents(shared_data / "ecbplus", {2}))
    articles, gold, group = coref._articles(docs, ecbplus.validated_sentences(shared_data / "ecbplus"))
    assert len(gold) == sum(len(a.mentions) for a in articles) > 50
    for a in articles:
        for m in a.mentions:
            assert a.text[m.start : m.end] == m.text and m.label
    key = coref._partition(gold)
    scores = conll(key, [set(c) for c in key])
    assert scores.conll_f1 == 1.0
    assert set(group.values()) <= set(coref.GROUPS)


def test_story_clustering_scores_sort_wrong_merges():
    from storydiff.eval.stories import score_clustering

    # Topic 1 has two events (1_ecb, 1_ecbplus), topic 2 one. The clusterer merges the
    # two events of topic 1 and wrongly adds one topic-2 document.
    gold = {"a": "1_ecb", "b": "1_ecb", "c": "1_ecbplus", "d": "2_ecb", "e": "2_ecb"}
    topic_of = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}
    predicted = {"a": "s1", "b": "s1", "c": "s1", "d": "s1", "e": "s2"}
    s = score_clustering(gold, predicted, topic_of)
    assert (s.stories, s.subtopics) == (2, 3)
    assert s.same_topic_merged == 2  # a-c, b-c
    assert s.other_topic_merged == 3  # a-d, b-d, c-d
    # Gold pairs: a-b, d-e; predicted pairs: 6 in s1; correct: a-b only.
    assert s.pairwise.precision == pytest.approx(1 / 6) and s.pairwise.recall == pytest.approx(1 / 2)
