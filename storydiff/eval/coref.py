"""``storydiff eval coref``: cross-document entity coreference on ECB+ gold mentions.

The setting of the ECB+ literature (Cybulska & Vossen 2015; Barhom et al. 2019):

- **Mentions**: the gold entity mentions: participants (HUMAN_PART*, NON_HUMAN_PART*),
  locations (LOC_*) and times (TIME_*), all included. Only mentions in the sentences
  listed in ``ECBplus_coreference_sentences.csv`` (the validated sentences papers score
  on) are used when that file is present.
- **Input**: per topic, one ``Article`` per document of both sub-topics pooled (text rebuilt
  from tokens, ``id`` = document name) with ``mentions`` = the gold mentions, labels mapped
  to spaCy's (``corpora.ecbplus.LABELS``); ``storydiff.compare.resolve.resolve_entities``
  clusters them. A mention missing from its output counts as a singleton.
- **Gold**: the CROSS_DOC_COREF chains; INTRA_DOC_COREF chains stay inside their document;
  a mention in no chain is a singleton. Singletons are kept in the score (as Barhom et
  al. and the reference scorer do), which lifts B³ and CEAF-e.
- **Score**: MUC, B³, CEAF-e and CoNLL F1 over all topics pooled (one key and one
  response partition for the whole corpus: micro, as the literature reports), overall
  and by mention type. Two baselines for orientation, given the sub-topic of every
  document (an oracle the resolver does not get): same text and same head word.
- **Events**, reported apart and not in the headline: the gold event mentions (ACTION_*,
  NEG_ACTION_*) of the same sentences, labelled EVENT, through the same resolver, with the
  same-head baseline (the usual "same lemma" baseline of the event literature).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from tqdm import tqdm

from storydiff.compare.resolve import resolve_entities
from storydiff.eval.corpora.ecbplus import EcbDocument, iter_documents, validated_sentences
from storydiff.eval.metrics import CorefScores, conll
from storydiff.eval.result import EvalResult
from storydiff.eval.runner import parse_topics, progress_enabled
from storydiff.model import Article, Mention

MentionKey = tuple[str, int, int]  # document, start, end

GROUPS = ("HUM", "NON", "LOC", "TIME")


def _articles(
    docs: list[EcbDocument], sentences: dict[str, set[int]] | None, kind: str = "entity"
):
    """Articles with gold mentions, and the gold cluster and type of every mention key.

    ``kind`` is ``"entity"`` (labels mapped to spaCy's) or ``"event"`` (label EVENT).
    """
    articles, gold, group = [], {}, {}
    for doc in docs:
        chosen = sentences.get(doc.name, set()) if sentences is not None else None
        mentions = []
        for m in doc.mentions:
            if m.kind != kind or (chosen is not None and m.sentence not in chosen):
                continue
            key = (doc.name, m.start, m.end)
            if key in gold:
                continue  # two markables on the same tokens: score the span once
            gold[key] = m.cluster_key
            group[key] = m.group
            label = m.label if kind == "entity" else "EVENT"
            mentions.append(Mention(m.start, m.end, m.text, label=label))
        articles.append(Article(text=doc.text, id=doc.name, mentions=mentions))
    return articles, gold, group


def _partition(labels: dict[MentionKey, str], keep=None) -> list[set[MentionKey]]:
    clusters: dict[str, set[MentionKey]] = defaultdict(set)
    for key, label in labels.items():
        if keep is None or keep(key):
            clusters[label].add(key)
    return list(clusters.values())


def _scores_row(name: str, mentions: int, s: CorefScores) -> list:
    return [name, mentions, s.muc.f1, s.b_cubed.f1, s.ceaf_e.f1, s.conll_f1]


def run(path: Path, *, topics: str | None = None, progress: bool = True) -> EvalResult:
    """Score cross-document entity coreference on an ECB+ folder.

    Args:
        path: the ECB+ folder (topic folders ``1/``, ``2/``, ...).
        topics: topic ranges such as ``"1-22,24"``; all present topics when None.
        progress: progress bar over topics on stderr.

    Returns:
        Rows overall, by mention type and for the two baselines; headline ``conll_f1``
        (plus ``muc_f1``, ``b3_f1``, ``ceafe_f1``).

    Raises:
        DataMissing: the folder or a requested topic is missing.
    """
    chosen = parse_topics(topics)
    sentences = validated_sentences(path)
    by_topic: dict[int, list[EcbDocument]] = defaultdict(list)
    for doc in iter_documents(path, chosen):
        by_topic[doc.topic].append(doc)

    gold: dict[MentionKey, str] = {}
    group: dict[MentionKey, str] = {}
    ours: dict[MentionKey, str] = {}
    same_text: dict[MentionKey, str] = {}
    same_head: dict[MentionKey, str] = {}
    subtopic_of: dict[str, str] = {}
    event_gold: dict[MentionKey, str] = {}
    event_ours: dict[MentionKey, str] = {}
    event_head: dict[MentionKey, str] = {}
    documents = 0
    for topic, docs in tqdm(
        sorted(by_topic.items()), desc="coref", unit="topic", disable=not progress_enabled(progress)
    ):
        articles, topic_gold, topic_group = _articles(docs, sentences)
        documents += len(docs)
        gold.update(topic_gold)
        group.update(topic_group)
        for doc in docs:
            subtopic_of[doc.name] = doc.subtopic
        for entity in resolve_entities(articles):
            for m in entity.mentions:
                key = (m.article, m.start, m.end)
                if key in topic_gold:
                    ours[key] = f"{topic}/{entity.id}"
        for article in articles:
            for m in article.mentions:
                key = (article.id, m.start, m.end)
                sub = subtopic_of[article.id]
                words = m.text.lower().split()
                same_text[key] = f"{sub}/{m.text.lower()}"
                same_head[key] = f"{sub}/{words[-1] if words else ''}"
        # Events, reported apart: the same resolver on the gold event mentions.
        events, topic_events, _ = _articles(docs, sentences, kind="event")
        event_gold.update(topic_events)
        for entity in resolve_entities(events):
            for m in entity.mentions:
                key = (m.article, m.start, m.end)
                if key in topic_events:
                    event_ours[key] = f"{topic}/{entity.id}"
        for article in events:
            for m in article.mentions:
                words = m.text.lower().split()
                event_head[(article.id, m.start, m.end)] = (
                    f"{subtopic_of[article.id]}/{words[-1] if words else ''}"
                )
    for key in gold:
        ours.setdefault(key, f"missing/{key}")
    for key in event_gold:
        event_ours.setdefault(key, f"missing/{key}")

    key_all = _partition(gold)
    overall = conll(key_all, _partition(ours))
    header = ["mentions", "n", "muc_f1", "b3_f1", "ceafe_f1", "conll_f1"]
    rows = [header, _scores_row("all (storydiff resolver)", len(gold), overall)]
    by_group = {}
    for name in GROUPS:
        def keep(key, name=name):
            return group[key] == name

        n = sum(1 for k in gold if keep(k))
        if not n:
            continue
        by_group[name] = conll(_partition(gold, keep), _partition(ours, keep))
        rows.append(_scores_row(f"  {name}", n, by_group[name]))
    baselines = {
        "baseline: same text, same sub-topic": conll(key_all, _partition(same_text)),
        "baseline: same head, same sub-topic": conll(key_all, _partition(same_head)),
    }
    for name, s in baselines.items():
        rows.append(_scores_row(name, len(gold), s))
    event_scores = event_baseline = None
    if event_gold:
        event_key = _partition(event_gold)
        event_scores = conll(event_key, _partition(event_ours))
        event_baseline = conll(event_key, _partition(event_head))
        rows.append(_scores_row("events (storydiff resolver)", len(event_gold), event_scores))
        rows.append(_scores_row("events baseline: same head, same sub-topic", len(event_gold), event_baseline))
    return EvalResult(
        task="coref",
        dataset=str(path),
        rows=rows,
        headline={
            "conll_f1": overall.conll_f1,
            "muc_f1": overall.muc.f1,
            "b3_f1": overall.b_cubed.f1,
            "ceafe_f1": overall.ceaf_e.f1,
        },
        details={
            "topics": sorted(by_topic),
            "mentions": len(gold),
            "validated_sentences_only": sentences is not None,
            "muc": overall.muc.as_dict(),
            "b3": overall.b_cubed.as_dict(),
            "ceafe": overall.ceaf_e.as_dict(),
            "by_type": {k: v.conll_f1 for k, v in by_group.items()},
            "baselines": {k: v.conll_f1 for k, v in baselines.items()},
            "events": {
                "mentions": len(event_gold),
                "conll_f1": event_scores.conll_f1 if event_scores else None,
                "baseline_conll_f1": event_baseline.conll_f1 if event_baseline else None,
            },
        },
        documents=documents,
    )
