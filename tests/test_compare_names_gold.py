"""Conflicts of names and of who said what, on the real sentences of the findings gold that
needed each rule (read by path from ../shared/data), with the gold's traps beside them."""

from __future__ import annotations

import pytest

from gold_support import gold_articles, gold_whole

from storydiff.compare import compare
from storydiff.compare.name_conflicts import different_given_names
from storydiff.compare.names import known_given_name, sound_key
from storydiff.compare.quote_conflicts import word_changed


def _conflicts(report, kind: str):
    return [f for f in report.findings if f.status == "conflict" and f.kind == kind]


def test_sound_keys_join_spellings_and_keep_names_apart():
    for a, b in [("John", "Jon"), ("Heydar", "Heidar"), ("Karolos", "Carolos"), ("Massoud", "Masoud"),
                 ("Steven", "Stephen"), ("Elias", "Ilias"), ("Giannis", "Yiannis"), ("Betty", "Bettie")]:
        assert sound_key(a) == sound_key(b), (a, b)
    for a, b in [("Brian", "Bryant"), ("Latoya", "Latonya"), ("Dorothy", "Latonya")]:
        assert sound_key(a) != sound_key(b), (a, b)


def test_two_given_names_need_two_census_names_close_in_spelling():
    assert different_given_names("Brian", "Bryant")
    assert different_given_names("Latoya", "LaTonya")
    assert known_given_name("Andre") and not known_given_name("Anre")
    assert not different_given_names("Andre", "Anre")  # a slip, not another name (ECB+ 5_ecb)
    assert not different_given_names("Jon", "John")  # one name spelt two ways
    assert not different_given_names("Phil", "Phillip")  # a short form
    assert not different_given_names("Bill", "William")
    assert not different_given_names("Dorothy", "Latonya")  # plainly two people
    assert not different_given_names("B.", "Bryant")


@pytest.mark.slow
def test_one_person_named_with_two_given_names(shared_data, nlp):
    # "The third victim, identified as Brian Dalton" (22_8) vs "Bryant Dalton, 39, was
    # shot in the neck" (22_3): the sentences are aligned in the whole articles.
    articles = gold_whole(shared_data, "22_ecbplus", ["22_8ecbplus", "22_3ecbplus"])
    conflicts = _conflicts(compare(articles, nlp=nlp), "person")
    names = sorted(f.summary for f in conflicts)
    assert len(conflicts) == 1 and "Brian Dalton" in names[0] and "Bryant Dalton" in names[0], names
    values = {(e.article, e.value) for e in conflicts[0].evidence}
    assert values == {(articles[0].id, "Brian Dalton"), (articles[1].id, "Bryant Dalton")}


@pytest.mark.slow
def test_name_spellings_of_one_person_stay_quiet(shared_data, nlp):
    # Gold traps: 13_ecbplus t5 (John/Jon Owen), t6 (Bill/William Ingaldson); 8_ecbplus t5
    # (Karolos/Carolos Papoulias); 22_ecbplus t2 (LaTonya/Latonya Brown).
    articles = gold_articles(shared_data, "13_ecbplus", [
        ("13_6ecbplus", "John Owen, the city's public safety director"),
        ("13_13ecbplus", "Jon Owen, the city's public safety director"),
        ("13_5ecbplus", "Anchorage attorney Bill Ingaldson"),
        ("13_10ecbplus", "Anchorage attorney William Ingaldson"),
    ])
    assert _conflicts(compare(articles, nlp=nlp), "person") == []
    articles = gold_articles(shared_data, "8_ecbplus", [
        ("8_8ecbplus", "Greek President Karolos Papoulias said in a statement"),
        ("8_4ecbplus", "Greek President Carolos Papoulias condemned the violence"),
    ]) + gold_articles(shared_data, "22_ecbplus", [
        ("22_9ecbplus", "LaTonya Brown, 36"),
        ("22_7ecbplus", "killing Latonya Brown"),
    ])
    assert _conflicts(compare(articles, nlp=nlp), "person") == []


def test_one_quote_with_one_content_word_changed():
    assert word_changed("This is a sad day for the Kraft Foods family,",
                        "This is a sad time for the Kraft Foods family") == ("day", "time")
    # Another spelling, a function word, a translation reworded in several words: no change.
    assert word_changed("He probably realised if he didn't, he was going to be shot",
                        "He probably realized if he didn't, he was going to be shot") is None
    assert word_changed("the future of Europe, and with that the future of Germany in Europe",
                        "the future of Europe and with it the future of Germany in Europe") is None
    assert word_changed("We are all deeply shocked by the unjust death of three of our citizens",
                        "We are deeply shocked by the unjust death of these three people, our fellow citizens") is None


@pytest.mark.slow
def test_quote_words_and_speakers_of_one_statement(shared_data, nlp):
    articles = gold_articles(shared_data, "22_ecbplus", [
        ("22_2ecbplus", "This is a sad day for the Kraft Foods family"),
        ("22_11ecbplus", "This is a sad time for the Kraft Foods family"),
    ]) + gold_articles(shared_data, "18_ecbplus", [
        ("18_2ecbplus", "pulled over after about 15 minutes, Genesee County Undersheriff James Gage said"),
        ("18_3ecbplus", "pulled over after about 15 minutes, Genesee County Sheriff Robert J. Pickell said"),
    ])
    summaries = sorted(f.summary for f in _conflicts(compare(articles, nlp=nlp), "quote"))
    assert len(summaries) == 2, summaries
    assert any("\u201cday\u201d" in s and "\u201ctime\u201d" in s for s in summaries), summaries
    assert any("James Gage" in s and "Pickell" in s for s in summaries), summaries


@pytest.mark.slow
def test_translated_quotes_and_relayed_accounts_stay_quiet(shared_data, nlp):
    # Gold traps: 8_ecbplus t4 and t5 (one quote translated two ways), 22_ecbplus t7 (a
    # statement of the company and of its spokeswoman), 24_ecbplus t10 (outlets relaying
    # one police account).
    articles = gold_articles(shared_data, "8_ecbplus", [
        ("8_7ecbplus", "We are all deeply shocked by the unjust death of three of our citizens"),
        ("8_8ecbplus", "We are deeply shocked by the unjust death of these three people"),
        ("8_8ecbplus", "Our country is on the edge of the abyss"),
        ("8_4ecbplus", "Our country has reached the edge of the abyss"),
    ]) + gold_articles(shared_data, "22_ecbplus", [
        ("22_8ecbplus", "This is a tragic loss for all of us"),
        ("22_13ecbplus", "This is a tragic loss for all of us"),
    ]) + gold_articles(shared_data, "24_ecbplus", [
        ("24_8ecbplus", "according to AFP"),
        ("24_1ecbplus", "a police source said"),
    ])
    assert _conflicts(compare(articles, nlp=nlp), "quote") == []


@pytest.mark.slow
def test_an_office_holder_and_one_of_its_staff(shared_data, nlp):
    articles = gold_articles(shared_data, "13_ecbplus", [
        ("13_9ecbplus", "State Fire Marshall John Bond surveyed the scene Tuesday afternoon"),
        ("13_12ecbplus", "John Bond, an inspector with the Alaska State Fire Marshal's Office"),
    ])
    conflicts = _conflicts(compare(articles, nlp=nlp), "role")
    assert len(conflicts) == 1, [f.summary for f in conflicts]
    assert {e.article for e in conflicts[0].evidence} == {a.id for a in articles}
    # Gold traps: one job said generally and specifically (1_ecbplus t8), one role
    # worded two ways (20_ecbplus t11).
    articles = gold_articles(shared_data, "1_ecbplus", [
        ("1_12ecbplus", "Prosecutor Terry White told The Post"),
        ("1_19ecbplus", "Santa Monica Chief Deputy City Attorney Terry White"),
    ]) + gold_articles(shared_data, "20_ecbplus", [
        ("20_4ecbplus", "Mehdi Zareh, the head of Iran's Seismic Research Center"),
        ("20_8ecbplus", "Mehdi Zareh, director of the seismological center in Tehran"),
    ])
    assert _conflicts(compare(articles, nlp=nlp), "role") == []
