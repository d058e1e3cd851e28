"""Conflicts of kind person and negation (compare/claim_conflicts.py) on real sentences.

Each story is two short reports built from real sentences of ECB+ sub-topic 3_ecbplus
(the escape of Arcade Joseph Comeaux Jr., Texas, 2009); only the sentence under test
differs between them, as it would between two outlets. The near-misses are the ways two
true reports can look contradictory (issue 6, point 7: a false conflict costs trust).
"""

from __future__ import annotations

import pytest

from storydiff.compare import compare
from storydiff.compare.claim_conflicts import likely_same_person, negative
from storydiff.model import Article, Claim

pytestmark = pytest.mark.slow

# Real sentences around the one under test (ECB+ 3_1ecbplus and 3_3ecbplus).
FIRST = (
    "A convicted sex offender sentenced to life in prison pulled a gun on two guards during a prison "
    "transfer Monday and held them hostage temporarily before fleeing on foot in one of the guard's "
    "uniforms, authorities said. At the time of the escape, the inmate was in a wheelchair, which he "
    "claimed he needed to help move him around, officials said. {} He was serving a life sentence after "
    "being convicted in June 1998 of aggravated sexual assault out of Brazos County, located northwest "
    "of Houston."
)
SECOND = (
    "Arcade Joseph Comeaux Jr. is a convicted sex offender serving a life sentence. Comeaux escaped with "
    "a 12-gauge shotgun and 2 semiautomatic pistols. {} Comeaux fled on foot following his escape."
)


def _conflicts(nlp, first: str, second: str, kind: str) -> list[str]:
    articles = [Article(text=FIRST.format(first), outlet="one"), Article(text=SECOND.format(second), outlet="two")]
    report = compare(articles, nlp=nlp)
    return [f.summary for f in report.findings if f.status == "conflict" and f.kind == kind]


OVERPOWERED = "Arcade Joseph Comeaux Jr. overpowered two prison guards near Baytown and stole their weapons."


def test_asserted_and_negated_is_a_negation_conflict(nlp):
    found = _conflicts(nlp, OVERPOWERED,
                       "Arcade Joseph Comeaux Jr. did not overpower the two prison guards near Baytown, officials said.",
                       "negation")
    assert len(found) == 1
    assert "overpower" in found[0] and "asserted by a1" in found[0] and "negated by a2" in found[0]


@pytest.mark.parametrize("second", [
    # "not yet": both can be true (captured later).
    "Arcade Joseph Comeaux Jr. has not yet overpowered the two prison guards near Baytown, officials said.",
    # hedged: a possibility, not a denial of the fact.
    "Arcade Joseph Comeaux Jr. could not have overpowered two prison guards near Baytown, his lawyer said.",
    # another subject: another fact.
    "The driver did not overpower the two prison guards near Baytown, officials said.",
    # the same polarity.
    "Arcade Joseph Comeaux Jr. overpowered the two prison guards near Baytown, officials said.",
])
def test_compatible_negations_are_no_conflict(nlp, second):
    assert _conflicts(nlp, OVERPOWERED, second, "negation") == []


def test_an_article_reporting_the_claim_and_its_denial_contradicts_nobody(nlp):
    both = OVERPOWERED + " His lawyer said Arcade Joseph Comeaux Jr. did not overpower the guards near Baytown."
    assert _conflicts(nlp, both, "Arcade Joseph Comeaux Jr. did not overpower the two prison guards near "
                      "Baytown, officials said.", "negation") == []


ARRESTED = "U.S. Marshals arrested Arcade Joseph Comeaux Jr. at a house in Baytown on Thursday."


def test_another_person_in_the_same_slot_is_a_person_conflict(nlp):
    found = _conflicts(nlp, ARRESTED, "U.S. Marshals arrested Ronald Lee Haynes at a house in Baytown on Thursday.",
                       "person")
    assert len(found) == 1
    # (the entity's name is the resolver's choice: with or without "Jr.")
    assert "Arcade Joseph Comeaux" in found[0] and "(a1) vs Ronald Lee Haynes (a2)" in found[0]
    assert "arrest" in found[0]


@pytest.mark.parametrize("first,second", [
    # a list in one report and one of its members in the other: coverage, not a conflict.
    ("U.S. Marshals arrested Arcade Joseph Comeaux Jr. and Ronald Lee Haynes at a house in Baytown on Thursday.",
     ARRESTED),
    # the other slot differs too (another agency): two arrests, not one fact.
    (ARRESTED, "Texas Rangers arrested Ronald Lee Haynes at a house in Houston on Thursday."),
    # the same person named in full and by surname with a title.
    (ARRESTED, "U.S. Marshals arrested Mr. Comeaux at a house in Baytown on Thursday."),
    # hedged in one report.
    (ARRESTED, "U.S. Marshals may have arrested Ronald Lee Haynes at a house in Baytown on Thursday."),
])
def test_lists_other_events_and_one_person_are_no_person_conflict(nlp, first, second):
    assert _conflicts(nlp, first, second, "person") == []


def test_a_report_naming_both_people_with_the_fact_is_no_conflict(nlp):
    first = ARRESTED + " Ronald Lee Haynes was arrested a day later in Houston."
    second = "U.S. Marshals arrested Ronald Lee Haynes at a house in Baytown on Thursday."
    assert _conflicts(nlp, first, second, "person") == []


def test_names_that_are_one_person():
    assert likely_same_person("Andrey Belousov", "Andrei Belousov")
    assert likely_same_person("Belousov", "Andrey Belousov")
    assert likely_same_person("Volodymyr Zelensky", "Volodymyr Zelenskyy")
    assert not likely_same_person("Lindsay Lohan", "Dina Lohan")
    assert not likely_same_person("Sergei Lavrov", "Yuri Ushakov")


def test_polarity_of_a_claim():
    assert negative(Claim(0, 1, "x", predicate="arrest", negated=True))
    assert negative(Claim(0, 1, "x", predicate="arrest", modality="denied"))
    assert not negative(Claim(0, 1, "x", predicate="arrest", modality="denied", negated=True))
    assert not negative(Claim(0, 1, "x", predicate="arrest"))


def test_one_name_spelt_two_ways_or_written_alike_is_no_person_conflict():
    # ECB+ 4_ecb: "Page was born Betty Mae Page" / "Bettie Page" (a false person conflict).
    assert likely_same_person("Betty Mae Page", "Bettie Page")
    assert likely_same_person("Duncan Robert Rait", "Duncan Raite")  # ECB+ 23_ecbplus
    assert not likely_same_person("A.J. Smith", "A.J. Butler")  # ECB+ 35_ecb: a real error


def test_a_negation_the_parse_missed_is_no_conflict(nlp):
    # ECB+ 35_10ecbplus writes "didn ’ t" (apostrophe split off): the parse saw no
    # negation, and the sentence conflicted with the same one in 35_1ecbplus.
    assert _conflicts(nlp, "Arcade Joseph Comeaux Jr. didn't overpower the two prison guards near Baytown.",
                      "Arcade Joseph Comeaux Jr. didn \u2019 t overpower the two prison guards near Baytown.",
                      "negation") == []


EXAMPLE_FIRST = ("Key members of the Russian delegation arrived in Alaska overnight for the Trump-Putin talks. {} "
                 "The meeting is due to take place at Joint Base Elmendorf\u2013Richardson near Anchorage, Alaska.")
EXAMPLE_SECOND = ("On Friday, President Vladimir Putin arrived in Magadan. {} The talks will focus on finding a "
                  "resolution to Russia\u2019s ongoing conflict in Ukraine.")


@pytest.mark.parametrize("first,second", [
    ("Foreign Minister Sergei Lavrov leads the Russian delegation in Anchorage.",
     "Defense Minister Andrei Belousov leads the Russian delegation in Anchorage."),
    # the passive's agent ("led by") is the slot compared
    ("The Russian delegation in Anchorage is led by Foreign Minister Sergei Lavrov.",
     "The Russian delegation in Anchorage is led by Defense Minister Andrei Belousov."),
])
def test_who_leads_the_delegation(nlp, first, second):
    # Sentences of the example event (examples/alaska-summit-2025) around the one under test.
    articles = [Article(text=EXAMPLE_FIRST.format(first), outlet="one"),
                Article(text=EXAMPLE_SECOND.format(second), outlet="two")]
    report = compare(articles, nlp=nlp)
    found = [f.summary for f in report.findings if f.status == "conflict"]
    assert len(found) == 1 and found[0].startswith("Person (lead")
    assert "Sergei Lavrov (a1) vs Andrei Belousov (a2)" in found[0]
