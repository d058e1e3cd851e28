"""Conflicts of polarity (entered or never did, decided or not yet, disclosed or not, a
firm running or defunct, power back or not) on the real sentences of the findings gold
that needed each rule, and the gold's traps beside them staying quiet."""

from __future__ import annotations

import datetime as dt

import pytest

from gold_support import evidence_sources, gold_articles

from storydiff.compare import compare
from storydiff.model import Article

pytestmark = pytest.mark.slow


def _conflicts(report):
    return [f for f in report.findings if f.status == "conflict"]


def test_never_entered_against_checked_into_one_place(shared_data, nlp):
    articles = gold_articles(shared_data, "1_ecbplus", [
        ("1_2ecbplus", "and that she never entered Morningside"),
        ("1_9ecbplus", "Lohan had checked into Morningside Recovery Center Thursday morning"),
        ("1_4ecbplus", "LiLo eventually made it to Morningside Recovery in Newport Beach"),
        # trap t4: a facility not approved vs an approved one are two facilities
        ("1_18ecbplus", "prosecutors have not approved that facility"),
        ("1_19ecbplus", "Lohan has checked into an approved rehab facility"),
        # another place entered, by everybody: no conflict
        ("1_10ecbplus", "Lindsay Lohan has checked into the Betty Ford Center"),
    ])
    report = compare(articles, nlp=nlp)
    # (which facility she checked into, Morningside or Betty Ford, is another rule's conflict)
    conflicts = [f for f in _conflicts(report) if (f.subject or "").startswith("polarity:")]
    assert [f.subject for f in conflicts] == ["polarity:entry:morningside"], [f.summary for f in conflicts]
    no = {e.article for e in conflicts[0].evidence if e.value == "no"}
    yes = {e.article for e in conflicts[0].evidence if e.value == "yes"}
    source = {a.id: a.source.removesuffix(".txt") for a in report.articles}
    assert {source[a] for a in no} == {"1_2ecbplus"}
    assert {source[a] for a in yes} == {"1_9ecbplus", "1_4ecbplus"}


def test_will_decide_whether_to_seek_then_will_seek_is_an_update(shared_data, nlp):
    articles = gold_articles(shared_data, "16_ecbplus", [
        ("16_1ecbplus", "will decide closer to trial whether to seek the death penalty"),
        ("16_2ecbplus", "D. A. Will Now Seek Death Penalty"),
        # trap t9: a verdict's duration in two wordings
        ("16_6ecbplus", "The jury reached its verdict in less than a day"),
        ("16_9ecbplus", "a little more than four hours, spread over two days"),
    ], published={"16_1ecbplus": dt.datetime(2005, 7, 1, tzinfo=dt.timezone.utc),
                  "16_2ecbplus": dt.datetime(2007, 3, 20, tzinfo=dt.timezone.utc)})
    report = compare(articles, nlp=nlp)
    conflicts = _conflicts(report)
    assert [f.subject for f in conflicts] == ["polarity:decision:seek death penalty"], \
        [f.summary for f in conflicts]
    finding = conflicts[0]
    assert finding.relation == "update"
    assert finding.newer == next(a.id for a in report.articles if a.source.startswith("16_2"))


def test_reason_not_said_against_the_reason_given(shared_data, nlp):
    articles = gold_articles(shared_data, "22_ecbplus", [
        ("22_2ecbplus", "Investigators didn't say why Hiller, a 15-year employee, was suspended"),
        ("22_12ecbplus", "We suspended the employee when she became agitated and used profanity"),
        # suspended, with no reason: says nothing of why
        ("22_7ecbplus", "She was suspended on the spot and escorted from the building"),
    ])
    report = compare(articles, nlp=nlp)
    conflicts = _conflicts(report)
    assert [f.subject for f in conflicts] == ["polarity:disclosure:why suspend"], [f.summary for f in conflicts]
    assert evidence_sources(report, conflicts[0]) == {"22_2ecbplus", "22_12ecbplus"}


def test_could_not_say_if_anyone_else_against_nobody_else(shared_data, nlp):
    articles = gold_articles(shared_data, "18_ecb", [
        ("18_9ecb", "Fanning couldn't say if anyone else was in the building at the time"),
        # "someone was in the building" (the victim) answers nothing about anyone else
        ("18_9ecb", "There was someone in the building and they were trying to get him out"),
        ("18_6ecb", "We determined that there was nobody else in the building, just our victim"),
    ])
    report = compare(articles, nlp=nlp)
    conflicts = _conflicts(report)
    assert [f.subject for f in conflicts] == ["polarity:disclosure:anyone else in the building"], \
        [f.summary for f in conflicts]
    assert evidence_sources(report, conflicts[0]) == {"18_9ecb", "18_6ecb"}


def test_police_would_not_name_her_against_identified_by_the_police(shared_data, nlp):
    articles = gold_articles(shared_data, "18_ecbplus", [
        ("18_5ecbplus", "Police said the person killed was a 63-year-old woman from Warren but would not name her"),
        # ages, not names: this article has still not named anyone
        ("18_5ecbplus", "identified the other victims as a 47-year-old man and a 48-year-old man"),
        ("18_9ecbplus", "The woman, identified by the police as Madeline Kafoury"),
    ])
    report = compare(articles, nlp=nlp)
    named = [f for f in _conflicts(report) if f.subject == "status:named"]
    assert len(named) == 1, [f.summary for f in _conflicts(report)]
    assert evidence_sources(report, named[0]) == {"18_5ecbplus", "18_9ecbplus"}


def test_a_revived_firm_later_defunct(shared_data, nlp):
    articles = gold_articles(shared_data, "13_ecbplus", [
        ("13_13ecbplus", "it was revived in 2008 under a private operation called the Matanuska Creamery"),
        ("13_14ecbplus", "during the operation of the now-defunct Matanuska Creamery"),
        # another firm of the same first word, closed: not the creamery
        ("13_4ecbplus", "Within a week of the dissolution of the last entity to run the Matanuska Maid Creamery"),
    ])
    report = compare(articles, nlp=nlp)
    conflicts = _conflicts(report)
    assert [f.subject for f in conflicts] == ["polarity:defunct:matanuska creamery"], [f.summary for f in conflicts]
    assert evidence_sources(report, conflicts[0]) == {"13_13ecbplus", "13_14ecbplus"}


def test_power_restored_against_struggling_to_restore(shared_data, nlp):
    articles = gold_articles(shared_data, "20_ecbplus", [
        ("20_4ecbplus", "Power was restored to the afflicted villages on the Gulf island of Qeshm"),
        ("20_2ecbplus", "Local officials were struggling Monday to restore electricity"),
    ])
    report = compare(articles, nlp=nlp)
    restored = [f for f in _conflicts(report) if f.subject == "status:restored"]
    assert len(restored) == 1, [f.summary for f in _conflicts(report)]
    assert evidence_sources(report, restored[0]) == {"20_4ecbplus", "20_2ecbplus"}


def test_power_kept_in_one_place_and_lost_in_another_is_no_conflict(shared_data, nlp):
    # trap t12: the main town still has power; rural areas lost it
    articles = gold_articles(shared_data, "20_ecbplus", [
        ("20_1ecbplus", "The main town on Qeshm still has power"),
        ("20_2ecbplus", "The earthquake knocked down power in rural areas"),
    ])
    report = compare(articles, nlp=nlp)
    assert _conflicts(report) == [], [f.summary for f in _conflicts(report)]


def test_expected_against_unlikely_and_not_yet_entered(nlp):
    first = ("The senator is expected to testify before the committee on Tuesday. "
             "The patient had not yet entered Mercy Hospital by noon. "
             "Aid trucks have not entered Gaza since Sunday.\n")
    second = ("The senator is unlikely to testify before the committee, aides said. "
              "The patient entered Mercy Hospital in the afternoon. "
              "Israeli troops entered Gaza on Monday.\n")
    report = compare([Article(text=first, outlet="one"), Article(text=second, outlet="two")], nlp=nlp)
    conflicts = _conflicts(report)
    # "not yet entered ... by noon" and "entered in the afternoon" are both true; trucks
    # and troops are two crowds of actors, each entering or not
    assert [f.subject for f in conflicts] == ["polarity:forecast:testify (senator)"], \
        [f.summary for f in conflicts]


def test_a_town_undamaged_against_buildings_toppled_in_it(shared_data, nlp):
    articles = gold_articles(shared_data, "20_ecbplus", [
        ("20_4ecbplus", "The island's main town, also called Qeshm, was undamaged"),
        ("20_7ecbplus", "Buildings were toppled in the island's capital, Qeshm City"),
        # the island holds the town: damage on the island is no news about the town
        ("20_3ecbplus", "several buildings on Qeshm Island were damaged"),
    ])
    report = compare(articles, nlp=nlp)
    conflicts = _conflicts(report)
    assert [f.subject for f in conflicts] == ["polarity:damage:qeshm"], [f.summary for f in conflicts]
    assert evidence_sources(report, conflicts[0]) == {"20_4ecbplus", "20_7ecbplus"}
