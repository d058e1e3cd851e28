"""Compare: one story's articles in, one :class:`~storydiff.model.Report` out.

The stage, in order (each step a module of this package):

1. ids ``a1..aN`` for articles without one, in the given order;
2. analysis of articles not analysed yet (:func:`storydiff.analyze.analyze_many`);
3. voices: copies of one text count once (:func:`storydiff.ingest.voices.assign_voices`);
4. :mod:`~storydiff.compare.resolve`: mentions across articles become entities;
5. :mod:`~storydiff.compare.align`: sentences of different voices that state one fact
   (sentence embeddings plus shared names, words and codes, with blocking);
6. :mod:`~storydiff.compare.findings`: typed values of aligned sentences compared
   (:mod:`~storydiff.compare.conflicts` with :mod:`~storydiff.compare.values`),
   sentence findings, people, facilities, codes and quotes by voice
   (:mod:`~storydiff.compare.coverage`), each with its evidence sentences;
7. :mod:`~storydiff.compare.notes`: misspelt places, the timex stage's consistency
   notes, removed boilerplate.

Example::

    from storydiff.compare import compare
    report = compare(articles)
    [f.summary for f in report.findings if f.status == "conflict"]
"""

from __future__ import annotations

from typing import Any

from storydiff.compare.align import align, build_units
from storydiff.compare.findings import make_findings
from storydiff.compare.notes import article_notes
from storydiff.compare.resolve import resolve_entities
from storydiff.model import Article, Report, Story

__all__ = ["compare", "resolve_entities"]


def _assign_voices(articles: list[Article]) -> None:
    try:
        from storydiff.ingest.voices import assign_voices
    except ImportError:  # ingest is optional for library callers: each its own voice
        assign_voices = None
    if assign_voices is not None:
        assign_voices(articles)
    for article in articles:
        article.voice = article.voice or f"v-{article.id}"


def compare(articles: list[Article], *, nlp: Any = None) -> Report:
    """Compare what a story's articles say, fact by fact.

    Args:
        articles: the articles about one event (modified in place: ids, analysis,
            voices, quote speakers).
        nlp: the analysis pipeline (``storydiff.analyze.load_nlp()``), loaded when
            needed and not given.

    Returns:
        The report: articles, entities, findings (conflicts first), notes and
        ``coverage`` (entity id -> article ids naming it).

    Raises:
        PipelineError: an article needs analysis and the spaCy model is missing.
    """
    articles = list(articles)
    taken = {a.id for a in articles if a.id}
    number = 0
    for article in articles:
        if not article.id:
            number += 1
            while f"a{number}" in taken:
                number += 1
            article.id = f"a{number}"
            taken.add(article.id)
    pending = [a for a in articles if not a.analyzed]
    if pending:
        from storydiff.analyze import analyze_many

        analyze_many(pending, nlp=nlp)
    if any(not a.voice for a in articles):
        _assign_voices(articles)

    entities = resolve_entities(articles)
    units = build_units(articles, entities)
    alignments = align(units) if len({u.voice for u in units}) > 1 else []
    findings, coverage = make_findings(articles, entities, units, alignments)
    notes = [(article.id, note) for article in articles for note in article_notes(article)]
    return Report(
        articles=articles,
        entities=entities,
        findings=findings,
        notes=notes,
        story=Story(id="s1", article_ids=[a.id for a in articles], title=articles[0].title if articles else ""),
        coverage=coverage,
    )
