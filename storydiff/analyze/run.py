"""Running the analysis pipeline over articles and copying its results onto them.

- :func:`analyze` fills one :class:`~storydiff.model.Article` in place and returns it.
- :func:`analyze_many` does the same for many, batched through ``nlp.pipe``.
- :func:`load_nlp` gives the spaCy pipeline with our stages (loaded once per process).

The stages and their order are listed in :mod:`storydiff.analyze.pipeline`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from storydiff.analyze.docdata import sd
from storydiff.analyze.pipeline import load_nlp
from storydiff.errors import InputTooLarge, StorydiffError
from storydiff.model import (
    Argument, Article, Attribution, Claim, Identifier, Mention, Note, Problem, Quantity, Quote,
    Role, Span, Timex,
)

__all__ = ["analyze", "analyze_many", "load_nlp", "to_article"]


def _span(value: dict | None) -> Span | None:
    return Span(value["start"], value["end"], value["text"]) if value else None


def _mention(value: dict | None) -> Mention | None:
    if value is None:
        return None
    return Mention(value["start"], value["end"], value["text"], label=value.get("label", ""),
                   roles=[Role(**r) for r in value.get("roles", [])], antecedent=value.get("antecedent"))


def _make_doc(nlp: Language, article: Article) -> Doc:
    if len(article.text) > nlp.max_length:
        # spaCy's own error (E088) is a ValueError about memory that names no article.
        raise InputTooLarge(article.source or article.id,
                            f"holds {len(article.text):,} characters, over the {nlp.max_length:,} the analysis "
                            "takes; split it into one file per article")
    doc = nlp.make_doc(article.text)
    data = sd(doc)
    published = article.published
    if isinstance(published, (dt.date, dt.datetime)):
        data["published"] = published.isoformat()
    if article.location:
        data["location_hint"] = article.location
    return doc


def to_article(doc: Doc, article: Article) -> Article:
    """Copy a processed doc's results onto the article.

    Args:
        doc: a doc that went through the whole pipeline, made from ``article.text``.
        article: the article to fill.

    Returns:
        The same article, with ``analyzed`` set.
    """
    data = sd(doc)
    article.sentences = [Span(s.start_char, s.end_char, s.text) for s in doc.sents if s.text.strip()]
    article.mentions = [_mention(m) for m in data.get("mentions", [])]
    article.timexes = [Timex(**t) for t in data.get("timexes", [])]
    article.notes = list(article.notes) + [Note(**n) for n in data.get("notes", [])]
    article.quantities = [Quantity(**q) for q in data.get("quantities", [])]
    article.identifiers = [Identifier(**i) for i in data.get("identifiers", [])]
    article.quotes = [
        Quote(q["start"], q["end"], q["text"], speaker=_mention(q["speaker"]), cue=_span(q["cue"]),
              direct=q["direct"], venue=_span(q["venue"]))
        for q in data.get("quotes", [])
    ]
    article.attributions = [
        Attribution(a["start"], a["end"], a["text"], source=_span(a["source"]), cue=_span(a["cue"]),
                    scope=_span(a["scope"]))
        for a in data.get("attributions", [])
    ]
    article.claims = [
        Claim(c["start"], c["end"], c["text"], predicate=c["predicate"],
              predicate_span=_span(c["predicate_span"]),
              arguments=[Argument(**a) for a in c["arguments"]], attribution=c["attribution"],
              quote=c["quote"], modality=c["modality"], negated=c["negated"])
        for c in data.get("claims", [])
    ]
    article.location = data.get("location")
    article.analyzed = True
    return article


def analyze(article: Article, *, nlp: Language | None = None) -> Article:
    """Analyse one article in place.

    Args:
        article: the article; ``text`` is read, ``published`` anchors relative times and
            ``location`` (when set) is where "local" times are.
        nlp: the pipeline from :func:`load_nlp` (loaded when not given).

    Returns:
        The same article with sentences, mentions, timexes, quantities, identifiers,
        quotes, attributions, claims and location filled, and ``analyzed`` True.

    Raises:
        PipelineError: the spaCy model is missing.
    """
    nlp = nlp or load_nlp()
    doc = nlp(_make_doc(nlp, article))
    return to_article(doc, article)


def _reason(error: Exception) -> str:
    """Why an article's analysis failed, for its Problem: a storydiff error's own line
    (it names the input already), else the exception's type and message."""
    if isinstance(error, StorydiffError):
        return getattr(error, "message", None) or str(error)
    return f"{type(error).__name__}: {error}"


def analyze_many(
    articles: Iterable[Article], *, nlp: Language | None = None, batch_size: int = 32,
    n_process: int = 1,
) -> list[Article]:
    """Analyse many articles through ``nlp.pipe`` (batched, optionally in processes).

    An article whose analysis fails gets a ``Problem`` (stage "analyze") and stays
    unanalysed; the rest go on.

    Args:
        articles: the articles.
        nlp: the pipeline (loaded when not given).
        batch_size: docs per batch for ``nlp.pipe``.
        n_process: worker processes for ``nlp.pipe`` (1: this process).

    Returns:
        The same articles, in order, analysed.

    Raises:
        PipelineError: the spaCy model is missing.
    """
    nlp = nlp or load_nlp()
    articles = list(articles)
    errors: dict[int, str] = {}
    docs: list[Doc | None] = []
    for index, article in enumerate(articles):
        try:
            docs.append(_make_doc(nlp, article))
        except Exception as error:  # noqa: BLE001 - a text too long for spaCy fails alone
            errors[index] = _reason(error)
            docs.append(None)
    try:
        done = iter(list(nlp.pipe([d for d in docs if d is not None], batch_size=batch_size, n_process=n_process)))
        processed: list[Doc | None] = [None if doc is None else next(done) for doc in docs]
    except Exception:  # noqa: BLE001 - one bad article must not stop the batch
        # Redo one by one so only the article that fails is set aside, with its reason.
        processed = []
        for index, article in enumerate(articles):
            if index in errors:
                processed.append(None)
                continue
            try:
                processed.append(nlp(_make_doc(nlp, article)))
            except Exception as error:  # noqa: BLE001
                errors[index] = _reason(error)
                processed.append(None)
    for index, (article, doc) in enumerate(zip(articles, processed)):
        if index in errors:
            article.problems.append(Problem(
                "analyze", "stage_failed",
                f"{article.source or article.id}: analysis failed ({errors[index]}); "
                "the article is kept unanalysed"))
            continue
        to_article(doc, article)
    return articles
