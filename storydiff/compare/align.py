"""Alignment: which sentences of different voices state the same fact.

A *unit* is one sentence of one article with what the analysis found in it (resolved
entities, claim predicates, timexes, quantities, identifiers, quotes) and its content
words. Two units of different voices are *aligned* when their sentence embeddings
(all-MiniLM-L6-v2, :mod:`storydiff.embeddings`) are close AND they share something
specific: a rare content word, an entity, a predicate or an identifier, weighted by how
rare it is in the story (inverse document frequency over units). Embeddings alone are not
enough: on the example event, unrelated sentences about the same summit score 0.55-0.70.

Blocking keeps the cost about linear in the number of units: a unit is only compared
with units that share a key (an entity id, a predicate, a content word, an identifier)
whose posting list is short (:data:`MAX_POSTING`); keys found everywhere ("Putin" in a
story about Putin) carry no information and would make the comparison quadratic.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from storydiff.model import Article, Entity, Identifier, Quantity, Quote, Span, Timex

# Cosine similarity above which two sentences are aligned on the embedding alone.
# Measured on the example event (two articles, 29 x 11 sentences): the best unrelated
# pair scored 0.72 ("The meeting is due to take place at ..." / "The meeting between
# Putin and Trump is scheduled ..." is a true pair at 0.72), the delegation lists 0.88.
# Re-run tests/test_compare_example.py and the conflict review in docs/quality.md
# after changing it.
STRONG_SIMILARITY = 0.80
# Cosine similarity above which two sentences are aligned when they also share rare
# words or names worth SHARED_EVIDENCE. Same measurement: true pairs (memorial 0.68,
# planes 0.61, talks' start 0.62) sit above 0.55, most unrelated pairs sharing a rare
# word below it.
SIMILARITY = 0.55
# Sum of the shared keys' IDF (natural log of units / units with the key) needed with
# SIMILARITY. One word found in a tenth of a story's sentences gives ln 10 = 2.3; two
# words found in a quarter give 2.8. On the example the true pairs score 4-12, wrong
# pairs above SIMILARITY 0-3.
SHARED_EVIDENCE = 3.5
# Keys found in more units than this are ignored for blocking (too common to block on).
# With 50 articles of ~30 sentences a key in 200 units is in ~13% of them; the cost per
# unit is then bounded by the keys it has times 200, independent of the story size.
MAX_POSTING = 200

_STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from into onto over under as is
    are was were be been being has have had do does did will would shall should can could
    may might must this that these those it its he she they them his her their we our you
    your i me my not no than then there here which who whom whose what when where why how
    also said says say told tell according per about after before during while since
    until up down out off more most less least very just so such only own same other
    another some any each every all both few many much one two three first last new
    time times today yesterday tomorrow day week year""".split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z\-']+|\d[\d.,:]*")
# A sentence ends at . ! ? (or a closing quote after one) before a capital, except after
# abbreviations ("U.S.", "p.m.", "Mr."), and at line breaks. Used only when the analysis
# has not set sentences.
_SENTENCE_END = re.compile(
    r"(?<![A-Z]\.[A-Z]\.)(?<![ap]\.m\.)(?<!\b[A-Z][a-z]\.)(?<!\bMrs\.)(?<!\bSt\.)"
    r"(?<=[.!?\u201d\"])\s+(?=[A-Z\u201c\"(])|\n\s*\n|\n(?=\S)"
)


@dataclass
class Unit:
    """One sentence of one article, with what was found in it."""

    article: Article
    start: int
    end: int
    text: str
    entities: set[str] = field(default_factory=set)
    predicates: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)
    timexes: list[Timex] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)

    @property
    def voice(self) -> str:
        return self.article.voice or self.article.id

    def keys(self) -> set[str]:
        """The blocking keys of this unit."""
        keys = {f"e:{e}" for e in self.entities} | {f"p:{p}" for p in self.predicates}
        keys |= {f"w:{w}" for w in self.words}
        keys |= {f"i:{(i.normalized or i.text).upper()}" for i in self.identifiers}
        return keys


@dataclass
class Alignment:
    """Two aligned units (indices into the unit list) and why."""

    a: int
    b: int
    similarity: float
    evidence: float  # IDF sum of shared keys


def content_words(text: str) -> set[str]:
    """Content words of a sentence, crudely stemmed (first six letters).

    "commence" and "commencing" share "commen"; "meeting" and "meetings" "meetin". A
    six-letter prefix is enough to block and weigh evidence, and needs no model.
    """
    words = {w.lower().strip("'-") for w in _WORD.findall(text)} - _STOPWORDS
    return {w[:6] for w in words if len(w) > 2 and w not in _STOPWORDS}


def sentences_of(article: Article) -> list[Span]:
    """The article's sentences: the analysis' when set, else split at sentence ends.

    Args:
        article: an article.

    Returns:
        Spans whose text is ``article.text[start:end]``, blank stretches left out.
    """
    if article.sentences:
        return list(article.sentences)
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(article.text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(article.text)))
    out = []
    for s, e in spans:
        while s < e and article.text[s].isspace():
            s += 1
        while e > s and article.text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(Span(s, e, article.text[s:e]))
    return out


def build_units(articles: list[Article], entities: list[Entity]) -> list[Unit]:
    """One unit per sentence of every article, with its extractions attached.

    Args:
        articles: the story's articles (analysed or not).
        entities: the resolved entities of the story.

    Returns:
        Units in article order, then text order.
    """
    units: list[Unit] = []
    for article in articles:
        sentences = _join_split_spans(article, sentences_of(article))
        starts = [s.start for s in sentences]
        first = len(units)
        for s in sentences:
            units.append(Unit(article, s.start, s.end, s.text, words=content_words(s.text)))

        def unit_of(offset: int) -> Unit | None:
            index = _bisect(starts, offset)
            if index < 0:
                return None
            unit = units[first + index]
            return unit if unit.start <= offset < max(unit.end, unit.start + 1) else None

        for timex in article.timexes:
            if (u := unit_of(timex.start)) is not None:
                u.timexes.append(timex)
        for quantity in article.quantities:
            if (u := unit_of(quantity.start)) is not None:
                u.quantities.append(quantity)
        for identifier in article.identifiers:
            if (u := unit_of(identifier.start)) is not None:
                u.identifiers.append(identifier)
        for quote in article.quotes:
            if (u := unit_of(quote.start)) is not None:
                u.quotes.append(quote)
        for claim in article.claims:
            if claim.predicate and (u := unit_of(claim.start)) is not None:
                u.predicates.add(claim.predicate.lower())
        for entity in entities:
            for mention in entity.mentions:
                if mention.article == article.id and (u := unit_of(mention.start)) is not None:
                    u.entities.add(entity.id)
    return units


def _join_split_spans(article: Article, sentences: list[Span]) -> list[Span]:
    """Join sentences that a time, number, code or name runs across.

    Sentence splitters cut after abbreviations ("at 10:30 p.m. | Moscow time"); a
    timex spanning the cut shows the two parts are one sentence, and the evidence of a
    finding must hold its whole value.
    """
    if len(sentences) < 2:
        return sentences
    starts = [s.start for s in sentences]
    join_after: set[int] = set()
    spans = [*article.timexes, *article.quantities, *article.identifiers, *article.mentions]
    for span in spans:
        first, last = _bisect(starts, span.start), _bisect(starts, max(span.end - 1, span.start))
        join_after.update(range(max(first, 0), last))
    if not join_after:
        return sentences
    out = [sentences[0]]
    for index in range(1, len(sentences)):
        if index - 1 in join_after:
            start = out[-1].start
            out[-1] = Span(start, sentences[index].end, article.text[start : sentences[index].end])
        else:
            out.append(sentences[index])
    return out


def _bisect(starts: list[int], offset: int) -> int:
    lo, hi = 0, len(starts)
    while lo < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= offset:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1


def align(units: list[Unit], vectors: np.ndarray | None = None) -> list[Alignment]:
    """Aligned pairs of units from different voices.

    Args:
        units: the story's units (``build_units``).
        vectors: their embeddings, one row per unit (computed here when None).

    Returns:
        Alignments with ``a < b``, each pair once, best first.
    """
    if vectors is None:
        from storydiff.embeddings import embed

        vectors = embed([u.text for u in units])
    postings: dict[str, list[int]] = defaultdict(list)
    unit_keys = [u.keys() for u in units]
    for index, keys in enumerate(unit_keys):
        for key in keys:
            postings[key].append(index)
    total = max(len(units), 1)
    idf = {key: math.log(total / len(posting)) for key, posting in postings.items()}
    alignments = []
    for index, keys in enumerate(unit_keys):
        candidates: set[int] = set()
        for key in keys:
            posting = postings[key]
            if len(posting) <= MAX_POSTING:
                candidates.update(c for c in posting if c > index)
        voice = units[index].voice
        for other in candidates:
            if units[other].voice == voice:
                continue
            similarity = float(vectors[index] @ vectors[other])
            if similarity < SIMILARITY:
                continue
            evidence = sum(idf[k] for k in keys & unit_keys[other])
            if similarity >= STRONG_SIMILARITY or evidence >= SHARED_EVIDENCE:
                alignments.append(Alignment(index, other, similarity, evidence))
    alignments.sort(key=lambda a: (-a.similarity, a.a, a.b))
    return alignments
