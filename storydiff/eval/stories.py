"""``storydiff eval stories``: clustering ECB+ documents into stories, with no metadata.

ECB+ topics hold two sub-topics, two real events of the same kind (``N_Mecb`` documents
report one, ``N_Mecbplus`` documents the other): a story clusterer must keep them apart.

- Input: every document of the chosen topics, pooled; its text rebuilt from tokens with
  the source-URL sentence removed, an opaque id (``d0``, ``d1``, ... in shuffled order:
  no file name, no date, no outlet).
- Each is analysed (``storydiff.analyze``, batched when ``analyze_many`` exists) and fed
  in one fixed shuffled order (``SEED``) to ``storydiff.stories.StoryIndex().add(article)``;
  then ``StoryIndex.consolidate()`` runs once, as at the end of an ingest run, and each
  document's story is the one it is in at the end (``StoryIndex.story_of``): what
  ``storydiff stories`` lists after ``storydiff ingest`` of the same stream.
- Score: pairwise precision/recall/F1 over document pairs against the sub-topics, and B³
  (documents as mentions). The table also counts wrongly merged pairs of the same topic
  (the hard case: two earthquakes) and of different topics.
- Reported beside the score, not in the headline: pairwise F1 of the same analysed
  documents fed in :data:`EXTRA_SEEDS` other orders, and the mean over all orders (one
  order's figure moves by about ±0.02 with the order alone).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from tqdm import tqdm

from storydiff.embeddings import embed
from storydiff.eval.analysis import CHUNK, analyze_articles
from storydiff.eval.corpora.ecbplus import iter_documents
from storydiff.eval.metrics import PRF, b_cubed, clusters_from_labels, pairwise
from storydiff.eval.result import EvalResult
from storydiff.eval.runner import parse_topics, progress_enabled
from storydiff.model import Article
from storydiff.stories import StoryIndex

#: The order documents reach the index; fixed so two runs give the same figures.
SEED = 13
#: More orders, reported beside the headline (not scored into it): online clustering
#: depends on arrival order, and on ECB+ 1-35 one setting gave pairwise F1 0.828-0.887
#: across four orders (docs/quality-history.md, "stories: arrival order, contradicting
#: years, the similarity as the limit"). A change should raise the mean over
#: orders, not only the figure of the SEED order.
EXTRA_SEEDS = (1, 2, 3)


@dataclass(slots=True, frozen=True)
class ClusteringScores:
    """How a clustering of documents compares with the gold sub-topics."""

    pairwise: PRF
    b_cubed: PRF
    stories: int
    subtopics: int
    same_topic_merged: int  # wrong pairs from two events of one topic (two earthquakes)
    other_topic_merged: int  # wrong pairs from different topics


def score_clustering(
    gold: dict[str, str], predicted: dict[str, str], topic_of: dict[str, int]
) -> ClusteringScores:
    """Score predicted story ids against gold sub-topics.

    Args:
        gold: document id -> gold sub-topic.
        predicted: document id -> predicted story id (every gold document present).
        topic_of: document id -> topic number, to sort wrong merges by kind.

    Returns:
        Pairwise and B³ scores and counts of clusters and wrong pairs.
    """
    key = clusters_from_labels(gold)
    response = clusters_from_labels(predicted)
    same_topic = other_topic = 0
    for cluster in response:
        for a, b in combinations(sorted(cluster), 2):
            if gold[a] == gold[b]:
                continue
            if topic_of[a] == topic_of[b]:
                same_topic += 1
            else:
                other_topic += 1
    return ClusteringScores(
        pairwise(key, response),
        b_cubed(key, response),
        len(response),
        len(key),
        same_topic,
        other_topic,
    )


def run(path: Path, *, topics: str | None = None, progress: bool = True) -> EvalResult:
    """Score story clustering on ECB+ documents.

    Args:
        path: the ECB+ folder.
        topics: topic ranges such as ``"1-22,24"``; all present topics when None.
        progress: progress bars on stderr.

    Returns:
        Rows for pairwise and B³ scores and the kinds of wrong merges; headline
        ``pairwise_f1`` and ``b3_f1``.

    Raises:
        DataMissing: the folder or a requested topic is missing.
    """
    docs = list(iter_documents(path, parse_topics(topics), strip_url=True))
    random.Random(SEED).shuffle(docs)
    articles = [Article(text=doc.text, id=f"d{n}") for n, doc in enumerate(docs)]
    started = time.perf_counter()
    articles = analyze_articles(articles, task="stories", progress=progress)
    analysis_seconds = time.perf_counter() - started

    vectors: list = []

    def recording_embedder(texts):
        # The index's own embedder, its output kept so that the extra orders below
        # cluster the same vectors without embedding again.
        out = embed(texts)
        vectors.extend(out)
        return out

    index = StoryIndex(embedder=recording_embedder)
    started = time.perf_counter()
    add_many = getattr(index, "add_many", None)
    with tqdm(
        total=len(articles), desc="stories: cluster", unit="doc", disable=not progress_enabled(progress)
    ) as bar:
        # add_many embeds a chunk in one batch, then adds its articles in order: the
        # same assignments as one add() per article, faster.
        for first in range(0, len(articles), CHUNK):
            chunk = articles[first : first + CHUNK]
            if add_many:
                add_many(chunk)
            else:
                for article in chunk:
                    index.add(article)
            bar.update(len(chunk))
    index.consolidate()
    predicted = {article.id: str(index.story_of(article.id)) for article in articles}
    clustering_seconds = time.perf_counter() - started

    gold = {f"d{n}": doc.subtopic for n, doc in enumerate(docs)}
    topic_of = {f"d{n}": doc.topic for n, doc in enumerate(docs)}
    scores = score_clustering(gold, predicted, topic_of)
    pairs, b3 = scores.pairwise, scores.b_cubed
    other_orders = []
    if len(vectors) == len(articles):
        for seed in EXTRA_SEEDS:
            order = list(zip(articles, vectors))
            random.Random(seed).shuffle(order)
            again = StoryIndex()
            for article, vector in order:
                again.add(article, vector=vector)
            again.consolidate()
            other = {a.id: str(again.story_of(a.id)) for a, _ in order}
            other_orders.append(score_clustering(gold, other, topic_of).pairwise.f1)
    rows = [
        ["metric", "precision", "recall", "f1"],
        ["pairwise (document pairs)", pairs.precision, pairs.recall, pairs.f1],
        ["B³", b3.precision, b3.recall, b3.f1],
        ["stories found / gold sub-topics", scores.stories, scores.subtopics, ""],
        ["wrong pairs: same topic, other event", scores.same_topic_merged, "", ""],
        ["wrong pairs: different topics", scores.other_topic_merged, "", ""],
    ]
    if other_orders:
        all_orders = [pairs.f1, *other_orders]
        seeds = ",".join(map(str, (SEED, *EXTRA_SEEDS)))
        # Columns: lowest, highest, mean of the orders (not precision / recall / F1).
        rows.append([f"pairwise F1 in {len(all_orders)} orders (seeds {seeds}): min, max, mean",
                     min(all_orders), max(all_orders), sum(all_orders) / len(all_orders)])
    return EvalResult(
        task="stories",
        dataset=str(path),
        rows=rows,
        headline={"pairwise_f1": pairs.f1, "b3_f1": b3.f1},
        details={
            "pairwise": pairs.as_dict(),
            "b3": b3.as_dict(),
            "stories": scores.stories,
            "subtopics": scores.subtopics,
            "analysis_seconds": round(analysis_seconds, 1),
            "clustering_seconds": round(clustering_seconds, 1),
            "seed": SEED,
            "pairwise_f1_other_orders": {str(k): round(v, 4) for k, v in zip(EXTRA_SEEDS, other_orders)},
            "notes": [
                f"analysis {analysis_seconds:.0f} s, clustering {clustering_seconds:.0f} s "
                f"for {len(docs)} documents"
            ],
        },
        documents=len(docs),
    )
