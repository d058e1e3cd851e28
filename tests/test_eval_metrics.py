"""The evaluation metrics on small hand-made cases whose answers are known."""

from __future__ import annotations

import pytest

from storydiff.eval import metrics
from storydiff.eval.metrics import (
    b_cubed,
    ceaf_e,
    conll,
    match_spans,
    muc,
    pairwise,
    shingle_counts,
    shingle_scores,
)

# Pradhan et al. (2014), "Scoring Coreference Partitions of Predicted Mentions: A
# Reference Implementation", section 3 worked example: key {a,b,c} {d,e,f,g};
# response {a,b} {c,d} {f,g,h,i}. The paper gives MUC R=P=40%, B³ R=35/84 P=4/8,
# CEAF-e R=(0.8+0.5)/2=65% P=1.3/3=43.33%.
KEY = [{"a", "b", "c"}, {"d", "e", "f", "g"}]
RESPONSE = [{"a", "b"}, {"c", "d"}, {"f", "g", "h", "i"}]


def test_muc_on_the_reference_example():
    s = muc(KEY, RESPONSE)
    assert s.recall == pytest.approx(0.4)
    assert s.precision == pytest.approx(0.4)
    assert s.f1 == pytest.approx(0.4)


def test_b_cubed_on_the_reference_example():
    s = b_cubed(KEY, RESPONSE)
    assert s.recall == pytest.approx(35 / 84)
    assert s.precision == pytest.approx(4 / 8)
    assert s.f1 == pytest.approx(2 * (35 / 84) * 0.5 / (35 / 84 + 0.5))


def test_ceaf_e_on_the_reference_example():
    s = ceaf_e(KEY, RESPONSE)
    assert s.recall == pytest.approx(0.65)
    assert s.precision == pytest.approx(1.3 / 3)


def test_conll_is_the_mean_of_the_three_f1():
    s = conll(KEY, RESPONSE)
    assert s.conll_f1 == pytest.approx((s.muc.f1 + s.b_cubed.f1 + s.ceaf_e.f1) / 3)
    assert s.conll_f1 == pytest.approx((0.4 + 2 * (35 / 84) * 0.5 / (35 / 84 + 0.5) + 0.52) / 3, abs=1e-6)


def test_identical_partitions_score_one_everywhere():
    key = [{1, 2, 3}, {4, 5}, {6}]
    s = conll(key, [set(c) for c in key])
    assert (s.muc.f1, s.b_cubed.f1, s.ceaf_e.f1) == (1.0, 1.0, 1.0)


def test_all_singletons_response():
    # The reference scorer's test case "A13"-style: response puts every mention alone.
    key = [{1, 2, 3}]
    response = [{1}, {2}, {3}]
    assert muc(key, response).f1 == 0.0
    b3 = b_cubed(key, response)
    assert b3.precision == 1.0 and b3.recall == pytest.approx(1 / 3)
    ce = ceaf_e(key, response)
    # One gold entity aligned to one singleton: φ4 = 2*1/(3+1) = 0.5.
    assert ce.recall == pytest.approx(0.5) and ce.precision == pytest.approx(0.5 / 3)


def test_ceaf_uses_the_optimal_not_the_greedy_alignment():
    # Greedy takes K1-R1 (φ4 = 2*2/(3+3)=0.667) leaving K2 with nothing; optimal pairs
    # K1-R2 (2*1/(3+1)=0.5) and K2-R1 (2*2/(2+3)=0.8), total 1.3 > 0.667 + 0.
    key = [{"a", "b", "c"}, {"d", "e"}]
    response = [{"a", "d", "e"}, {"b"}]
    # φ4(K1,R1)=2*1/6, φ4(K1,R2)=2*1/4, φ4(K2,R1)=2*2/5 -> optimal 0.5+0.8
    assert ceaf_e(key, response).recall == pytest.approx((0.5 + 0.8) / 2)


def test_mention_in_two_clusters_is_refused():
    with pytest.raises(ValueError, match="two clusters"):
        b_cubed([{1, 2}], [{1}, {1, 2}])


def test_pairwise_counts_item_pairs():
    key = [{1, 2, 3}, {4, 5}]  # pairs 12 13 23 45
    response = [{1, 2}, {3, 4, 5}]  # pairs 12 34 35 45
    s = pairwise(key, response)
    assert s.precision == pytest.approx(2 / 4)
    assert s.recall == pytest.approx(2 / 4)


def test_clusters_from_labels():
    clusters = metrics.clusters_from_labels({"a": 1, "b": 2, "c": 1})
    assert sorted(map(sorted, clusters)) == [["a", "c"], ["b"]]


def test_shingles_follow_the_benchmark_definition():
    # Identical texts: all shingles are true positives.
    assert shingle_counts("one two three four five", "one two three four five") == (1.0, 0.0, 0.0)
    # Gold has 2 shingles (w1..w4, w2..w5); prediction has 1 of them plus 1 extra.
    tp, fp, fn = shingle_counts("w1 w2 w3 w4 w5", "w1 w2 w3 w4 x")
    assert (tp, fp, fn) == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    # Punctuation and spacing do not matter: tokens are \w+ runs.
    assert shingle_counts("Hello, world! It is", "Hello world it is")[0] < 1.0  # case counts
    assert shingle_counts("Hello, world! It is", "Hello world  It is") == (1.0, 0.0, 0.0)


def test_shingle_scores_average_over_pages():
    pages = [(1.0, 0.0, 0.0), (0.5, 0.5, 0.0), (0.0, 0.0, 1.0)]  # last: nothing extracted
    s = shingle_scores(pages)
    # Precision over pages that predicted something: (1 + 0.5) / 2.
    assert s.precision == pytest.approx(0.75)
    # Recall over pages with a gold body: (1 + 1 + 0) / 3.
    assert s.recall == pytest.approx(2 / 3)
    assert s.f1 == pytest.approx(2 * 0.75 * (2 / 3) / (0.75 + 2 / 3))


def test_span_matching_strict_and_relaxed():
    gold = [(0, 10), (20, 30), (40, 50)]
    pred = [(0, 10), (22, 35), (60, 70)]
    assert match_spans(gold, pred, strict=True) == [(0, 0)]
    assert match_spans(gold, pred) == [(0, 0), (1, 1)]
    s = metrics.span_prf(gold, pred)
    assert s.precision == pytest.approx(2 / 3) and s.recall == pytest.approx(2 / 3)


def test_relaxed_matching_is_one_to_one():
    gold = [(0, 100)]
    pred = [(0, 10), (5, 90)]
    # Both overlap the gold span; only the larger overlap is matched.
    assert match_spans(gold, pred) == [(0, 1)]
