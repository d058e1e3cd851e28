"""compare() on real reports of one event other than the example: an ECB+ sub-topic."""

from __future__ import annotations

import pytest

from storydiff.compare import compare
from storydiff.model import Article

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report(shared_data, nlp):
    from storydiff.eval.corpora.ecbplus import iter_documents

    folder = shared_data / "ecbplus"
    if not (folder / "1").is_dir():
        pytest.skip("ECB+ topic 1 is absent")
    docs = [d for d in iter_documents(folder, {1}) if d.subtopic == "1_ecb"][:4]
    articles = [Article(text=d.text, source=d.name) for d in docs]
    return compare(articles, nlp=nlp)


def test_ids_voices_and_evidence(report):
    assert [a.id for a in report.articles] == ["a1", "a2", "a3", "a4"]
    assert all(a.voice for a in report.articles)
    texts = {a.id: a.text for a in report.articles}
    for finding in report.findings:
        assert finding.voices
        for ev in finding.evidence:
            assert texts[ev.article][ev.start : ev.end] == ev.text


def test_the_person_of_the_story_is_one_entity_named_by_every_report(report):
    reid = [e for e in report.entities if e.name == "Tara Reid"]
    assert len(reid) == 1
    assert len(report.coverage[reid[0].id]) >= 3
    finding = [f for f in report.findings if f.subject == reid[0].id]
    assert finding and finding[0].status == "corroborated"


def test_reports_of_one_event_agree_somewhere_and_conflict_nowhere(report):
    statuses = {f.status for f in report.findings}
    assert "conflict" not in statuses
    assert {"corroborated", "single_source"} <= statuses | {"complementary"} and (
        "corroborated" in statuses or "complementary" in statuses
    )
