"""`storydiff eval findings`: the README's matching rule on hand-made reports, and the task
on a real gold story."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from storydiff.cli import cli
from storydiff.eval import findings
from storydiff.eval.corpora.findings import GoldEvidence, GoldItem, GoldStory, load_stories
from storydiff.model import Article, Evidence, Finding, Report

TEXTS = {
    "q_1": "Ten dead in Iran quake.\nThe 6.1-magnitude quake struck Qeshm island at 1353 (1023 GMT).",
    "q_2": "A 5.9  magnitude earthquake hit Qeshm.\nIt hit at 1:53 p. m. local time, “officials” said .",
    "q_3": "An earthquake registering 6.1 on the Richter scale hit Qeshm.\nTen people died.",
}


def _report(*found: Finding) -> Report:
    articles = [
        Article(text=text, id=f"a{n}", source=f"/data/quake/{name}.txt")
        for n, (name, text) in enumerate(TEXTS.items(), 1)
    ]
    return Report(articles=articles, findings=list(found))


def _evidence(article: str, words: str) -> Evidence:
    """The evidence sentence of article ``a<n>`` that holds ``words``."""
    text = TEXTS[f"q_{article[1:]}"]
    start = text.index(words)
    start = text.rfind("\n", 0, start) + 1
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    return Evidence(article, start, end, text[start:end])


def _gold() -> GoldStory:
    def ev(article, text, value=None, group=None):
        return GoldEvidence(article, text, value, group)

    items = [
        GoldItem("c1", "conflicts", "number", "magnitude", [
            ev("q_1", "The 6.1 - magnitude quake struck", "6.1", "a"),
            ev("q_3", "an EARTHQUAKE registering 6.1", "6.1", "a"),
            ev("q_2", "A 5.9 magnitude earthquake", "5.9", "b"),
        ]),
        GoldItem("a1", "agreements", "place", "Qeshm is hit", [
            ev("q_1", "struck Qeshm island"), ev("q_2", "earthquake hit Qeshm"),
            ev("q_3", "hit Qeshm"),
        ]),
        GoldItem("s1", "single_source", "number", "ten people died", [ev("q_3", "Ten people died")]),
        GoldItem("t1", "traps", "time", "one moment in two notations", [
            ev("q_1", "at 1353 (1023 GMT)"), ev("q_2", "at 1:53 p. m. local time"),
        ]),
    ]
    return GoldStory("quake", Path("/data/quake"), list(TEXTS), "a quake", items)


def test_locate_folds_whitespace_case_quotes_and_dashes_and_finds_every_place():
    text = "Bank “firebombed” – twice.\nThe bank  was\nFIREBOMBED again."
    assert findings.locate(text, 'bank "firebombed" - twice') == [(0, 25)]
    places = findings.locate(text, "firebombed")
    assert [text[s:e] for s, e in places] == ["firebombed", "FIREBOMBED"]
    assert [text[s:e] for s, e in findings.locate(text, "the bank was firebombed")] == [
        "The bank  was\nFIREBOMBED"
    ]
    assert findings.locate(text, "not in it") == []


def test_gold_name_is_the_file_name_without_txt():
    assert findings.gold_name("/x/findings/20_ecbplus/20_1ecbplus.txt", "a1") == "20_1ecbplus"
    assert findings.gold_name("-", "a4") == "a4"


def test_a_conflict_across_two_groups_hits():
    found = Finding("f1", "conflict", "number", "6.1 vs 5.9",
                    [_evidence("a1", "6.1-magnitude"), _evidence("a2", "5.9")])
    score = findings.score_story(_report(found), _gold())
    assert (score.reported_conflicts, score.true_conflicts, score.conflicts_found) == (1, 1, 1)
    assert score.true[0]["gold"] == ["c1"] and score.missed == [] and score.unlocated == []


def test_a_conflict_between_articles_of_one_group_misses():
    """Both articles say 6.1: hitting them is not finding the disagreement."""
    found = Finding("f1", "conflict", "number", "6.1 vs 6.1",
                    [_evidence("a1", "6.1-magnitude"), _evidence("a3", "registering")])
    score = findings.score_story(_report(found), _gold())
    assert (score.reported_conflicts, score.true_conflicts, score.trap_conflicts) == (1, 0, 0)
    assert score.missed[0]["id"] == "c1" and score.false[0]["traps"] == []


def test_a_conflict_on_a_trap_counts_as_a_trap_conflict():
    found = Finding("f1", "conflict", "time", "1353 vs 1:53 p.m.",
                    [_evidence("a1", "1353"), _evidence("a2", "1:53")])
    score = findings.score_story(_report(found), _gold())
    assert score.trap_conflicts == 1 and score.false[0]["traps"] == ["t1"]
    headline = findings._headline([score])
    assert headline["conflict_precision"] == 0.0 and headline["conflict_recall"] == 0.0
    assert headline["trap_conflicts"] == 1.0


def test_agreements_need_two_articles_and_single_source_facts_one():
    one = Finding("f1", "corroborated", "place", "Qeshm", [_evidence("a1", "Qeshm")])
    two = Finding("f2", "corroborated", "place", "Qeshm",
                  [_evidence("a2", "Qeshm"), _evidence("a3", "Qeshm")])
    single = Finding("f3", "single_source", "number", "ten died", [_evidence("a3", "Ten people")])
    wrong_status = Finding("f4", "corroborated", "number", "ten", [_evidence("a3", "Ten people")])
    assert findings.score_story(_report(one), _gold()).agreements_found == 0
    score = findings.score_story(_report(two, wrong_status), _gold())
    assert score.agreements_found == 1 and score.single_source_found == 0
    assert findings.score_story(_report(single), _gold()).single_source_found == 1


def test_punctuation_only_evidence_is_counted():
    text = TEXTS["q_2"]
    quote = text.index("“")
    lone = Finding("f1", "single_source", "quote", "a quote",
                   [Evidence("a2", quote, quote + 1, "“"), Evidence("a2", len(text) - 1, len(text), ".")])
    score = findings.score_story(_report(lone), _gold())
    assert score.evidence_spans == 2 and score.punctuation_evidence == 2
    assert findings._headline([score])["punctuation_evidence"] == 2.0


def test_every_gold_text_is_found_in_the_text_compare_reads(shared_data: Path):
    """The README promises every gold text occurs; it must still occur after ingest cleans
    the article (the text evidence offsets point into)."""
    from storydiff.ingest import load

    for story in load_stories(shared_data / "findings"):
        texts = {findings.gold_name(a.source, a.id): a.text for a in load([story.folder]).articles}
        assert set(story.articles) <= set(texts), story.name
        for item in story.items:
            for e in item.evidence:
                assert findings.locate(texts[e.article], e.text), (story.name, item.id, e.text)


@pytest.mark.slow
def test_the_task_on_a_real_story(shared_data: Path):
    """``storydiff eval findings --topics 3 --verbose`` compares 3_ecbplus and scores it."""
    result = CliRunner().invoke(
        cli, ["eval", "findings", str(shared_data / "findings"), "--topics", "3", "--verbose", "-q"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("== 3_ecbplus: ")
    gold_conflicts = len(load_stories(shared_data / "findings", {3})[0].section("conflicts"))
    assert sum(line.startswith("  MISSED ") for line in lines) <= gold_conflicts
    assert any(re.match(r"^3_ecbplus +11 ", line) for line in lines)  # the story's row
    last = dict(pair.split("=") for pair in lines[-1].split())
    assert set(last) >= {
        "conflict_precision", "conflict_recall", "conflict_f1", "trap_conflicts",
        "agreement_recall", "single_source_recall", "punctuation_evidence",
    }
    assert 0.0 <= float(last["agreement_recall"]) <= 1.0
