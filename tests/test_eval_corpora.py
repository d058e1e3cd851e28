"""The corpus loaders on the real files in ../shared/data (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storydiff.errors import DataMissing
from storydiff.eval.corpora import aeb, ecbplus, polnear


@pytest.fixture(scope="module")
def ecb(shared_data: Path) -> Path:
    return shared_data / "ecbplus"


def test_ecbplus_document_text_and_mentions(ecb: Path):
    doc = ecbplus.load_document(ecb / "1" / "1_10ecbplus.xml")
    assert (doc.topic, doc.subtopic, doc.name) == (1, "1_ecbplus", "1_10ecbplus")
    # Sentence 0 is the source URL; it is dropped from the text and kept aside.
    assert doc.url and doc.url.startswith("http") and "http" not in doc.text.split("\n")[0]
    assert doc.text.startswith("Lindsay Lohan checks into Betty Ford Center\n")
    # Hyphenated words are glued back ("90 - day" -> "90-day").
    assert "a 90-day court-mandated stay" in doc.text
    for m in doc.mentions:
        assert doc.text[m.start : m.end] == m.text
    first = doc.mentions[0]
    assert (first.text, first.tag, first.label, first.group) == (
        "Lindsay Lohan",
        "HUMAN_PART_PER",
        "PERSON",
        "HUM",
    )
    # The same person later in the document is in the same cross-document chain.
    lohans = [m for m in doc.mentions if m.text == "Lindsay Lohan"]
    assert len(lohans) >= 2 and len({m.chain for m in lohans}) == 1
    assert {m.kind for m in doc.mentions} == {"entity", "event"}


def test_ecbplus_chains_cross_documents(ecb: Path):
    docs = list(ecbplus.iter_documents(ecb, {1}))
    assert {d.subtopic for d in docs} == {"1_ecb", "1_ecbplus"}
    chains: dict[str, set[str]] = {}
    for doc in docs:
        for m in doc.entity_mentions():
            if m.chain and "/intra/" not in m.chain:
                chains.setdefault(m.chain, set()).add(doc.name)
    # Some entity chain spans several documents (that is what cross-document means).
    assert max(len(names) for names in chains.values()) > 3
    # ECB documents keep sentence 0: it is the headline, not a URL.
    ecb_doc = next(d for d in docs if d.subtopic == "1_ecb")
    assert ecb_doc.url is None and not ecb_doc.text.startswith("http")


def test_ecbplus_validated_sentences_and_topics(ecb: Path):
    chosen = ecbplus.validated_sentences(ecb)
    assert chosen is not None and 1 in chosen["1_10ecbplus"]
    with pytest.raises(DataMissing, match="topic.*15.*not found"):
        ecbplus.topic_dirs(ecb, {15})
    with pytest.raises(DataMissing, match="ECB\\+ folder not found"):
        ecbplus.topic_dirs(ecb / "absent")


def test_ecbplus_bad_name_is_refused():
    with pytest.raises(DataMissing, match="not an ECB\\+ document name"):
        ecbplus.parse_name("notes")


def test_polnear_split(shared_data: Path):
    texts = polnear.load_split(shared_data / "polnear" / "dev")
    assert len(texts) == 84
    attributions = [a for t in texts for a in t.attributions]
    direct = [a for a in attributions if a.direct]
    assert 0 < len(direct) < len(attributions)
    for t in texts[:10]:
        for a in t.attributions:
            assert a.content.text == t.text[a.content.start : a.content.end]
            if a.source:
                assert a.source.text == t.text[a.source.start : a.source.end]
    assert all(a.content.text.lstrip()[0] in polnear.QUOTE_MARKS for a in direct)


def test_polnear_parses_discontinuous_and_sourceless_spans():
    text = "He said: “Yes.” Others, reportedly, disagree strongly."
    ann = (
        "T1\tSource 0 2\tHe\nT2\tCue 3 7\tsaid\nT3\tContent 9 15\t“Yes.”\n"
        "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n"
        "T4\tContent 16 22;36 54\tOthers disagree strongly.\nT5\tCue 24 34\treportedly\n"
        "E2\tAttribution-no-source:T5 Content:T4 Cue:T5\n"
        "a continuation line of a span that held a newline\n"
    )
    first, second = polnear.parse_ann(ann, text)
    assert first.direct and first.source.text == "He" and first.cue.text == "said"
    assert not second.direct and second.source is None
    assert (second.content.start, second.content.end) == (16, 54)
    assert second.content.fragments == [(16, 22), (36, 54)]


def test_polnear_missing_folder(tmp_path: Path):
    with pytest.raises(DataMissing, match="not a PolNeAR split folder"):
        polnear.load_split(tmp_path)


def test_aeb_pages(shared_data: Path):
    pages = aeb.load_pages(shared_data / "aeb")
    assert len(pages) == 181
    page = pages[0]
    assert page.body and page.html().lstrip()[:1] == b"<"


def test_aeb_missing_ground_truth(tmp_path: Path):
    with pytest.raises(DataMissing, match="ground-truth.json: not found"):
        aeb.load_pages(tmp_path)
