"""Scoring functions shared by the evaluation tasks. Pure functions, no I/O.

- ``prf``: precision, recall and F1 from counts.
- ``shingle_counts`` / ``shingle_scores``: the article-extraction-benchmark metric
  (scrapinghub/article-extraction-benchmark, ``evaluate.py``): 4-gram word shingles,
  per-page true/false positive and negative counts normalised by their sum, precision and
  recall averaged over pages, F1 of the two means.
- ``match_spans``: TempEval-3 style one-to-one span matching, strict (same offsets) or
  relaxed (any overlap).
- ``muc``, ``b_cubed``, ``ceaf_e``, ``conll``: coreference metrics as defined by Pradhan
  et al. (2014), "Scoring coreference partitions of predicted mentions: a reference
  implementation" (the reference scorer the CoNLL shared tasks use).
- ``pairwise``: precision/recall/F1 over item pairs put in the same cluster.

Clusters are collections of hashable mention keys. A key may appear in at most one
cluster of a clustering.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from scipy.optimize import linear_sum_assignment

Cluster = Iterable[Hashable]


@dataclass(slots=True, frozen=True)
class PRF:
    """Precision, recall and F1 (all in 0..1)."""

    precision: float
    recall: float
    f1: float

    def as_dict(self) -> dict[str, float]:
        """The three figures keyed by name."""
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


def f1_score(precision: float, recall: float) -> float:
    """The harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0


def prf(correct_predicted: float, predicted: float, correct_gold: float, gold: float) -> PRF:
    """Precision, recall and F1 from counts.

    Precision and recall are counted separately because a one-to-many match can make the
    number of correct predictions differ from the number of gold items found.

    Args:
        correct_predicted: predicted items that match a gold item.
        predicted: all predicted items.
        correct_gold: gold items matched by a prediction.
        gold: all gold items.

    Returns:
        The scores; a ratio with an empty denominator is 0.
    """
    precision = correct_predicted / predicted if predicted else 0.0
    recall = correct_gold / gold if gold else 0.0
    return PRF(precision, recall, f1_score(precision, recall))


# --- article extraction: 4-gram word shingles -----------------------------------------

_WORD_RE = re.compile(r"\w+", re.UNICODE)


def _shingles(text: str, n: int) -> Counter[tuple[str, ...]]:
    tokens = _WORD_RE.findall(text or "")
    # As the benchmark does: a text shorter than n words is one short shingle.
    return Counter(
        tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n]
    )


def shingle_counts(gold: str, predicted: str, n: int = 4) -> tuple[float, float, float]:
    """True positive, false positive and false negative shingles of one page, normalised.

    The counts are divided by their sum so that every page weighs the same, exactly as
    the article-extraction-benchmark's ``string_shingle_matching`` does.

    Args:
        gold: the gold article body.
        predicted: the extracted text.
        n: shingle length in words (the benchmark uses 4).

    Returns:
        ``(tp, fp, fn)`` summing to 1, or ``(0, 0, 0)`` when both texts have no word.
    """
    true, pred = _shingles(gold, n), _shingles(predicted, n)
    tp = fp = fn = 0.0
    for key in true.keys() | pred.keys():
        t, p = true.get(key, 0), pred.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _page_precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _page_recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def shingle_scores(pages: Sequence[tuple[float, float, float]]) -> PRF:
    """The benchmark's corpus figures from per-page ``shingle_counts``.

    Precision is the mean over pages that predicted something (tp + fp > 0), recall the
    mean over pages with a gold body (tp + fn > 0), F1 the harmonic mean of the two means.

    Args:
        pages: one ``(tp, fp, fn)`` per page.

    Returns:
        The corpus precision, recall and F1.
    """
    precisions = [_page_precision(*p) for p in pages if p[0] + p[1] > 0]
    recalls = [_page_recall(*p) for p in pages if p[0] + p[2] > 0]
    precision = float(np.mean(precisions)) if precisions else 0.0
    recall = float(np.mean(recalls)) if recalls else 0.0
    return PRF(precision, recall, f1_score(precision, recall))


# --- spans -----------------------------------------------------------------------------


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters two half-open ``(start, end)`` spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_spans(
    gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]], *, strict: bool = False
) -> list[tuple[int, int]]:
    """One-to-one matching of predicted spans to gold spans (TempEval-3 style).

    Strict: offsets identical. Relaxed: the spans overlap by at least one character;
    pairs are taken greedily by largest overlap, so each gold and each predicted span is
    used at most once (TempEval-3's relaxed match, one-to-one as in its scorer).

    Args:
        gold: gold ``(start, end)`` spans.
        predicted: predicted ``(start, end)`` spans.
        strict: require identical offsets.

    Returns:
        ``(gold index, predicted index)`` pairs, sorted by gold index.
    """
    candidates: list[tuple[int, int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if strict:
                if tuple(g) == tuple(p):
                    candidates.append((g[1] - g[0], gi, pi))
            else:
                shared = overlap(g, p)
                if shared > 0:
                    candidates.append((shared, gi, pi))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        pairs.append((gi, pi))
    return sorted(pairs)


def span_prf(
    gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]], *, strict: bool = False
) -> PRF:
    """Precision, recall and F1 of predicted spans against gold spans (see ``match_spans``)."""
    matched = len(match_spans(gold, predicted, strict=strict))
    return prf(matched, len(predicted), matched, len(gold))


# --- coreference ---------------------------------------------------------------------


def _as_sets(clusters: Iterable[Cluster]) -> list[frozenset]:
    sets = [frozenset(c) for c in clusters]
    return [s for s in sets if s]


def _index(clusters: list[frozenset]) -> dict[Hashable, int]:
    where: dict[Hashable, int] = {}
    for i, cluster in enumerate(clusters):
        for mention in cluster:
            if mention in where:
                raise ValueError(f"mention {mention!r} is in two clusters")
            where[mention] = i
    return where


def _muc_side(key: list[frozenset], response: list[frozenset]) -> tuple[float, float]:
    where = _index(response)
    numerator = denominator = 0.0
    for cluster in key:
        # Mentions the response leaves out each count as their own part.
        parts = {where.get(m, ("missing", m)) for m in cluster}
        numerator += len(cluster) - len(parts)
        denominator += len(cluster) - 1
    return numerator, denominator


def muc(key: Iterable[Cluster], response: Iterable[Cluster]) -> PRF:
    """MUC link-based score (Vilain et al. 1995), as in the reference scorer.

    Args:
        key: gold clusters.
        response: predicted clusters.

    Returns:
        MUC precision, recall and F1. Singletons contribute nothing; a side with no link
        scores 0.
    """
    k, r = _as_sets(key), _as_sets(response)
    rn, rd = _muc_side(k, r)
    pn, pd = _muc_side(r, k)
    recall = rn / rd if rd else 0.0
    precision = pn / pd if pd else 0.0
    return PRF(precision, recall, f1_score(precision, recall))


def _b3_side(key: list[frozenset], response: list[frozenset]) -> float:
    where = _index(response)
    total = sum(len(c) for c in key)
    if not total:
        return 0.0
    score = 0.0
    for cluster in key:
        shared = Counter(where[m] for m in cluster if m in where)
        score += sum(n * n for n in shared.values()) / len(cluster)
    return score / total


def b_cubed(key: Iterable[Cluster], response: Iterable[Cluster]) -> PRF:
    """B³ mention-based score (Bagga & Baldwin 1998), as in the reference scorer.

    Recall averages, over gold mentions, the share of the mention's gold cluster that is
    in its response cluster; precision the same the other way round. A mention missing
    from the other side scores 0 there.

    Args:
        key: gold clusters.
        response: predicted clusters.

    Returns:
        B³ precision, recall and F1.
    """
    k, r = _as_sets(key), _as_sets(response)
    recall = _b3_side(k, r)
    precision = _b3_side(r, k)
    return PRF(precision, recall, f1_score(precision, recall))


def ceaf_e(key: Iterable[Cluster], response: Iterable[Cluster]) -> PRF:
    """Entity-based CEAF (Luo 2005), φ4 similarity, optimal one-to-one entity alignment.

    φ4(K, R) = 2|K ∩ R| / (|K| + |R|); the alignment maximising its sum is found with the
    Kuhn-Munkres algorithm (scipy's ``linear_sum_assignment``). Recall divides the sum by
    the number of gold entities, precision by the number of response entities.

    Args:
        key: gold clusters.
        response: predicted clusters.

    Returns:
        CEAF-e precision, recall and F1.
    """
    k, r = _as_sets(key), _as_sets(response)
    if not k or not r:
        return PRF(0.0, 0.0, 0.0)
    where = _index(r)
    similarity = np.zeros((len(k), len(r)))
    for i, cluster in enumerate(k):
        shared = Counter(where[m] for m in cluster if m in where)
        for j, n in shared.items():
            similarity[i, j] = 2 * n / (len(cluster) + len(r[j]))
    rows, cols = linear_sum_assignment(similarity, maximize=True)
    total = float(similarity[rows, cols].sum())
    recall, precision = total / len(k), total / len(r)
    return PRF(precision, recall, f1_score(precision, recall))


@dataclass(slots=True, frozen=True)
class CorefScores:
    """MUC, B³ and CEAF-e, and their CoNLL F1 (the mean of the three F1)."""

    muc: PRF
    b_cubed: PRF
    ceaf_e: PRF

    @property
    def conll_f1(self) -> float:
        """The CoNLL-2011/2012 figure: mean of MUC, B³ and CEAF-e F1."""
        return (self.muc.f1 + self.b_cubed.f1 + self.ceaf_e.f1) / 3


def conll(key: Iterable[Cluster], response: Iterable[Cluster]) -> CorefScores:
    """All three coreference metrics for one key/response pair.

    Args:
        key: gold clusters.
        response: predicted clusters.

    Returns:
        The scores; ``.conll_f1`` is the headline.
    """
    k, r = _as_sets(key), _as_sets(response)
    return CorefScores(muc(k, r), b_cubed(k, r), ceaf_e(k, r))


# --- clusterings of items (stories) --------------------------------------------------


def _pairs(clusters: list[frozenset]) -> set[frozenset]:
    return {frozenset(p) for c in clusters for p in combinations(c, 2)}


def pairwise(key: Iterable[Cluster], response: Iterable[Cluster]) -> PRF:
    """Precision, recall and F1 over item pairs placed in the same cluster.

    Args:
        key: gold clusters.
        response: predicted clusters.

    Returns:
        Pairwise scores; with no pair on a side, that side's ratio is 0.
    """
    gold, pred = _pairs(_as_sets(key)), _pairs(_as_sets(response))
    correct = len(gold & pred)
    return prf(correct, len(pred), correct, len(gold))


def clusters_from_labels(labels: dict[Hashable, Hashable]) -> list[frozenset]:
    """Group items by label: ``{item: label}`` -> one cluster per label.

    Args:
        labels: the cluster label of each item.

    Returns:
        The clusters, in first-seen label order.
    """
    groups: dict[Hashable, set] = {}
    for item, label in labels.items():
        groups.setdefault(label, set()).add(item)
    return [frozenset(g) for g in groups.values()]
