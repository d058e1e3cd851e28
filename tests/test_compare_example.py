"""The example event end to end through compare(): the seven points of issue 6."""

from __future__ import annotations

import pytest

from storydiff.compare import compare
from storydiff.ingest import load


@pytest.fixture(scope="module")
def report(example_dir, nlp):
    loaded = load([str(example_dir)])
    articles = loaded.articles if hasattr(loaded, "articles") else loaded
    return compare(list(articles), nlp=nlp)


def _article(report, name):
    return next(a for a in report.articles if a.source.endswith(name))


def _entity(report, surname):
    found = [e for e in report.entities if e.type == "PERSON" and e.name.endswith(surname)]
    assert len(found) == 1, [e.name for e in found]
    return found[0]


pytestmark = pytest.mark.slow


def test_every_evidence_and_note_points_into_its_article(report):
    texts = {a.id: a.text for a in report.articles}
    for finding in report.findings:
        for ev in finding.evidence:
            assert texts[ev.article][ev.start : ev.end] == ev.text
    for article_id, note in report.notes:
        assert texts[article_id][note.start : note.end] == note.text


def test_1_time_conflict_with_both_sentences(report):
    first = _article(report, "russian-delegation-arrives.txt")
    second = _article(report, "putin-visits-magadan.txt")
    conflicts = [f for f in report.findings if f.status == "conflict"]
    assert [f.kind for f in conflicts] == ["time"]
    values = {ev.article: ev.value for ev in conflicts[0].evidence}
    assert values[first.id] == "2025-08-15T19:00:00Z"
    assert values[second.id] == "2025-08-15T19:30:00Z"
    assert "19:00 UTC" in conflicts[0].summary and "19:30 UTC" in conflicts[0].summary
    texts = " ".join(ev.text for ev in conflicts[0].evidence)
    assert "2200 Moscow time" in texts and "10:30 p.m. Moscow time" in texts


def test_2_venue_is_one_place_in_both(report):
    venue = [e for e in report.entities if "Elmendorf" in e.name]
    assert len(venue) == 1
    assert len(venue[0].articles) == 2
    named = [f for f in report.findings if f.subject == venue[0].id]
    assert [(f.kind, f.status) for f in named] == [("place", "corroborated")]


def test_3_delegation_coverage_and_people(report):
    first = _article(report, "russian-delegation-arrives.txt")
    coverage = report.coverage
    for surname in ("Lavrov", "Ushakov", "Belousov", "Siluanov", "Dmitriev", "Putin"):
        assert len(coverage[_entity(report, surname).id]) == 2, surname
    assert coverage[_entity(report, "Darchiyev").id] == [first.id]
    belousov = _entity(report, "Belousov")
    forms = {belousov.name, *belousov.aliases}
    assert {"Andrey Belousov", "Andrei Belousov"} <= forms
    assert {r.role for r in belousov.roles} == {"Defense Minister"}
    darchiyev = [f for f in report.findings if f.subject == _entity(report, "Darchiyev").id]
    assert darchiyev and darchiyev[0].status == "single_source"


def test_4_single_source_facts(report):
    first = _article(report, "russian-delegation-arrives.txt")
    second = _article(report, "putin-visits-magadan.txt")
    codes = [f for f in report.findings if f.kind == "identifier" and "RA-96023" in f.summary]
    assert codes and codes[0].status == "single_source"
    assert {ev.article for ev in codes[0].evidence} == {second.id}

    def status_of(article, words):
        return {
            f.status
            for f in report.findings
            if f.kind == "event" and any(ev.article == article.id and words in ev.text for ev in f.evidence)
        }

    assert status_of(first, "sweatshirt") == {"single_source"}
    assert status_of(first, "protests against talks") == {"single_source"}
    assert status_of(second, "cocaine") == {"single_source"}
    trump = _entity(report, "Trump")
    quotes = [f for f in report.findings if f.kind == "quote" and "make a deal" in f.summary]
    assert quotes and quotes[0].status == "single_source" and quotes[0].subject == trump.id


def test_5_planes_and_memorial_are_complementary(report):
    def finding_with(words):
        return [f for f in report.findings if any(words in ev.text for ev in f.evidence) and f.kind == "event"]

    planes = finding_with("Three Russian government planes")
    assert planes and planes[0].status == "complementary"
    assert any("Il-96" in ev.text and "Several" in ev.text for ev in planes[0].evidence)
    memorial = finding_with("memorial for the Alaska-Siberia air route")
    assert memorial and memorial[0].status == "complementary"


def test_6_notes(report):
    first = _article(report, "russian-delegation-arrives.txt")
    notes = [n for a, n in report.notes if a == first.id]
    spelling = [n for n in notes if n.kind == "spelling"]
    assert [(n.text, n.suggestion) for n in spelling] == [("Kamkatcha", "Kamchatka")]
    assert any(n.kind == "boilerplate" and "Read the full article here" in n.message for n in notes)
    consistency = [n for n in notes if n.kind == "time_consistency"]
    assert consistency and "consistent" in consistency[0].message
    assert "inconsistent" not in consistency[0].message


def test_7_no_other_conflict(report):
    assert sum(f.status == "conflict" for f in report.findings) == 1
