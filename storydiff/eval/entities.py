"""``storydiff eval entities``: named entity mentions by type on MEANTIME English.

Gold (:mod:`storydiff.eval.corpora.meantime`): entity mentions whose syntactic type is
NAM or PRE.NAM (names, including names used as modifiers such as "US" in "US airtanker")
with the type of the entity they refer to: PER, ORG, LOC, PRO (products), FIN (financial
entities). Nominal and pronoun mentions are not scored: the analysis stage finds names.

Ours: ``article.mentions`` after ``storydiff.analyze`` (labels mapped PERSON -> PER,
ORG -> ORG, GPE/LOC/FAC -> LOC, PRODUCT -> PRO; NORP and EVENT have no MEANTIME type and
are left out), and, for comparison, the bare spaCy model's entities mapped the same way
("model only" rows): the difference is what our repairs change.

Scores: micro P/R/F1 with one-to-one span matching (``metrics.match_spans``) within each
type, strict (identical offsets) and relaxed (overlap); rows per type. FIN has no label
of ours, so its recall is 0 and it is shown but left out of the headline. Headline
``entity_f1`` is the relaxed typed F1 over PER, ORG, LOC and PRO; ``entity_f1_strict`` the
strict one; ``model_entity_f1`` the bare model's relaxed figure.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import spacy

from storydiff.analyze.pipeline import MODEL
from storydiff.eval.analysis import analyze_articles
from storydiff.eval.corpora.meantime import MeantimeDoc, load
from storydiff.eval.metrics import match_spans, prf
from storydiff.eval.result import EvalResult
from storydiff.model import Article

#: Our labels -> MEANTIME types.
LABEL_MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "PRODUCT": "PRO"}
TYPES = ("PER", "ORG", "LOC", "PRO")
_GOLD_SYNTACTIC = {"NAM", "PRE.NAM"}


def _gold(doc: MeantimeDoc) -> dict[str, list[tuple[int, int]]]:
    by_type: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for mention in doc.mentions:
        if mention.syntactic in _GOLD_SYNTACTIC:
            by_type[mention.type].add((mention.start, mention.end))
    return {t: sorted(spans) for t, spans in by_type.items()}


def _tally(counts, gold: dict, ours: dict) -> None:
    for kind in set(gold) | set(ours):
        g, p = gold.get(kind, []), ours.get(kind, [])
        counts[(kind, "gold")] += len(g)
        counts[(kind, "pred")] += len(p)
        counts[(kind, "relaxed")] += len(match_spans(g, p))
        counts[(kind, "strict")] += len(match_spans(g, p, strict=True))


def _model_only(docs: list[MeantimeDoc]) -> list[dict[str, list[tuple[int, int]]]]:
    nlp = spacy.load(MODEL)
    out = []
    for doc in nlp.pipe([d.text for d in docs], batch_size=32):
        by_type: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for ent in doc.ents:
            if ent.label_ in LABEL_MAP:
                by_type[LABEL_MAP[ent.label_]].append((ent.start_char, ent.end_char))
        out.append(by_type)
    return out


def run(path: Path, *, topics: str | list[str] | None = None, progress: bool = True) -> EvalResult:
    """Score entity mentions by type on MEANTIME.

    Args:
        path: the ``meantime`` folder.
        topics: sub-corpora to score ("airbus,gm" or a list); all four when None.
        progress: progress bar on stderr.

    Returns:
        Rows per type for storydiff and for the bare model; headline ``entity_f1``,
        ``entity_f1_strict`` and ``model_entity_f1``.

    Raises:
        DataMissing: the folder holds no MEANTIME files.
    """
    corpora = topics.split(",") if isinstance(topics, str) else topics
    docs = load(path, corpora=corpora)
    articles = [Article(text=d.text, id=d.name, source=d.name) for d in docs]
    articles = analyze_articles(articles, task="entities", progress=progress)
    ours_counts: dict = defaultdict(int)
    model_counts: dict = defaultdict(int)
    for doc, article, model in zip(docs, articles, _model_only(docs)):
        gold = _gold(doc)
        ours: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for mention in article.mentions:
            if mention.label in LABEL_MAP:
                ours[LABEL_MAP[mention.label]].append((mention.start, mention.end))
        _tally(ours_counts, gold, ours)
        _tally(model_counts, gold, model)

    def scores(counts, kinds, mode):
        gold = sum(counts[(k, "gold")] for k in kinds)
        pred = sum(counts[(k, "pred")] for k in kinds)
        match = sum(counts[(k, mode)] for k in kinds)
        return prf(match, pred, match, gold), int(gold), int(pred)

    header = ["system", "type", "gold", "ours", "P relaxed", "R relaxed", "F1 relaxed", "F1 strict"]
    rows = [header]
    for name, counts in (("storydiff", ours_counts), ("model only", model_counts)):
        for kind in (*TYPES, "FIN", "all"):
            kinds = TYPES if kind == "all" else (kind,)
            relaxed, gold, pred = scores(counts, kinds, "relaxed")
            strict, _, _ = scores(counts, kinds, "strict")
            rows.append([name, kind, gold, pred, round(relaxed.precision, 3), round(relaxed.recall, 3),
                         round(relaxed.f1, 3), round(strict.f1, 3)])
    relaxed, _, _ = scores(ours_counts, TYPES, "relaxed")
    strict, _, _ = scores(ours_counts, TYPES, "strict")
    model, _, _ = scores(model_counts, TYPES, "relaxed")
    return EvalResult(
        task="entities", dataset=str(path), rows=rows, documents=len(docs),
        headline={"entity_f1": round(relaxed.f1, 3), "entity_f1_strict": round(strict.f1, 3),
                  "model_entity_f1": round(model.f1, 3)},
    )
