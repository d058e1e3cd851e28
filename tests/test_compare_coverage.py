"""Coverage findings (compare/coverage.py) on real reports of the findings gold's ECB+
stories: who a "he said" is credited to, and evidence that says something."""

from __future__ import annotations

from pathlib import Path

import pytest

from storydiff.compare import compare
from storydiff.ingest import load

pytestmark = pytest.mark.slow


def _compare(nlp, folder: Path, *names: str):
    articles = load([folder / f"{name}.txt" for name in names]).articles
    return compare(articles, nlp=nlp)


def _quote(report, words: str):
    for article in report.articles:
        for quote in article.quotes:
            if words in quote.text:
                return quote
    raise AssertionError(f"no quote holds {words!r}")


def _entity(report, entity_id):
    return next((e for e in report.entities if e.id == entity_id), None)


def test_he_after_two_men_is_no_one(nlp, shared_data):
    # 16_6ecbplus: "Sheriff's Deputy Timothy Brennan, who had been Ortiz's partner for a
    # year, called the verdict bittersweet. He explained, "You feel good, ..."": the
    # person named last was the killed deputy, Jerry Ortiz; "he" may be either man.
    report = _compare(nlp, shared_data / "findings" / "16_ecbplus", "16_6ecbplus", "16_7ecbplus")
    quote = _quote(report, "You feel good")
    assert quote.speaker is not None and quote.speaker.text == "He"
    assert quote.speaker_entity is None


def test_he_after_one_man_is_him(nlp, shared_data):
    # 8_5ecbplus: "Greek prime minister George Papandreou condemned the killings, saying:
    # ... He added: "We will, of course, stand alongside the families ..."".
    report = _compare(nlp, shared_data / "findings" / "8_ecbplus", "8_5ecbplus", "8_7ecbplus")
    quote = _quote(report, "stand alongside the families")
    assert _entity(report, quote.speaker_entity).name == "George Papandreou"


def test_no_evidence_is_punctuation_alone(nlp, shared_data):
    # 13_9ecbplus opens a line with a quotation mark ('"And it's, of course, as you can
    # see, a total loss," Palmer Public Safety Director Jon Owen said'); the mark was a
    # sentence of its own and the evidence of two findings.
    report = _compare(nlp, shared_data / "findings" / "13_ecbplus", "13_9ecbplus", "13_6ecbplus")
    spans = [e.text for f in report.findings for e in f.evidence]
    assert spans and all(any(c.isalnum() for c in text) for text in spans)
    owen = _quote(report, "a total loss")
    assert _entity(report, owen.speaker_entity).name == "Jon Owen"
