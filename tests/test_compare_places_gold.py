"""Conflicts about places, exclusive roles and word-valued facts, on the real sentences of
the findings gold that needed each rule, with the gold's traps beside them (read by path
from ../shared/data)."""

from __future__ import annotations

import pytest

from gold_support import evidence_sources, gold_articles

from storydiff.compare import compare

pytestmark = pytest.mark.slow


def _conflicts(report, prefix: str):
    return [f for f in report.findings if f.status == "conflict" and (f.subject or "").startswith(prefix)]


def test_where_the_victim_died(shared_data, nlp):
    articles = gold_articles(shared_data, "18_ecbplus", [
        ("18_2ecbplus", "She said the third victim died on the way to the hospital"),
        ("18_9ecbplus", "identified by the police as Madeline Kafoury, died at the scene"),
    ])
    report = compare(articles, nlp=nlp)
    found = _conflicts(report, "attribute:death_place")
    assert len(found) == 1, [f.summary for f in report.findings if f.status == "conflict"]
    assert sorted(e.value for e in found[0].evidence) == ["at the scene", "on the way to hospital"]
    # Two victims at the scene say nothing of where a third died; "probably died
    # instantly" is a guess.
    quiet = gold_articles(shared_data, "22_ecbplus", [
        ("22_6ecbplus", "Two women were pronounced dead at the scene"),
    ]) + gold_articles(shared_data, "21_ecbplus", [
        ("21_1ecbplus", "She died at the hospital."),
    ]) + gold_articles(shared_data, "16_ecbplus", [
        ("16_5ecbplus", "Authorities said Ortiz probably died instantly"),
    ])
    report = compare(quiet, nlp=nlp)
    assert _conflicts(report, "attribute:death_place") == []


def test_the_gravest_charge(shared_data, nlp):
    articles = gold_articles(shared_data, "21_ecbplus", [
        ("21_5ecbplus", "has been charged in her murder, according to police"),
        ("21_5ecbplus", "Subryan was charged with criminally negligent homicide, vehicular manslaughter"),
        ("21_1ecbplus", "the driver is facing manslaughter charges"),
    ])
    report = compare(articles, nlp=nlp)
    found = _conflicts(report, "attribute:charge")
    assert len(found) == 1
    assert sorted(e.value for e in found[0].evidence) == ["manslaughter or homicide", "murder"]
    # the murder article's evidence is its murder sentence, not its longer list
    assert any("charged in her murder" in e.text for e in found[0].evidence)
    # Shorter and longer lists of one grade are omissions, not contradictions (a gold
    # trap); an intent to murder is no murder charge.
    quiet = gold_articles(shared_data, "21_ecbplus", [
        ("21_1ecbplus", "He has been charged with vehicular manslaughter, negligent homicide"),
        ("21_2ecbplus", "He has been charged with Vehicular Manslaughter, Criminally Negligent Homicide"),
    ]) + gold_articles(shared_data, "18_ecbplus", [
        ("18_10ecbplus", "He also is charged with two counts of intent to murder"),
    ])
    report = compare(quiet, nlp=nlp)
    assert _conflicts(report, "attribute:charge") == []


def test_the_worst_hit_villages(shared_data, nlp):
    articles = gold_articles(shared_data, "20_ecbplus", [
        ("20_3ecbplus", "the villages of Karavan and Kousheh were worst hit"),
        ("20_11ecbplus", "the four hardest-hit villages were Tonban, Gavarzin, Khaledin and Gourian"),
        ("20_4ecbplus", "The most affected villages were identified as Gabardin, Tonban, Karvan, Tourian and Khaldin"),
    ])
    report = compare(articles, nlp=nlp)
    found = _conflicts(report, "attribute:exclusive")
    assert len(found) == 1, [f.summary for f in found]
    # 20_4's list shares Tonban with 20_11's and Karvan (Karavan) with 20_3's: no side
    assert evidence_sources(report, found[0]) == {"20_3ecbplus", "20_11ecbplus"}


def test_where_a_named_place_lies(shared_data, nlp):
    articles = gold_articles(shared_data, "20_ecbplus", [
        ("20_8ecbplus", "city of Bam in central Iran"),
        ("20_4ecbplus", "the southeastern city of Bam was razed"),
    ])
    report = compare(articles, nlp=nlp)
    found = _conflicts(report, "attribute:region")
    assert len(found) == 1 and found[0].subject == "attribute:region:Bam"
    # "east Vancouver" and "northeast Houston" are parts of a city, not where it lies;
    # central Mount Pleasant is another place than Vancouver (gold traps).
    quiet = gold_articles(shared_data, "18_ecb", [
        ("18_9ecb", "at an east Vancouver health products business"),
        ("18_14ecb", "in the Mount Pleasant neighbourhood near downtown Vancouver"),
        ("18_15ecb", "in the central Mount Pleasant neighbourhood"),
    ]) + gold_articles(shared_data, "3_ecbplus", [
        ("3_10ecbplus", "was caught in northeast Houston"),
        ("3_11ecbplus", "at a north Houston business"),
    ])
    report = compare(quiet, nlp=nlp)
    assert _conflicts(report, "attribute:region") == []


def test_where_a_person_lives(shared_data, nlp):
    articles = gold_articles(shared_data, "21_ecbplus", [
        ("21_3ecbplus", "Chohan, who lived half a mile away in South Ozone Park"),
        ("21_3ecbplus", "Raj Chohan, 59, had just parked her car"),
        ("21_5ecbplus", "Raj K. Chohan, 59, of College Point"),
    ])
    report = compare(articles, nlp=nlp)
    found = _conflicts(report, "attribute:home")
    assert len(found) == 1, [f.summary for f in found]
    assert evidence_sources(report, found[0]) == {"21_3ecbplus", "21_5ecbplus"}
    # Queens holds South Ozone Park (the gazetteer puts it 1.5 km from Queens' centre);
    # "Macomb County's Bruce Township" is Bruce Township.
    quiet = gold_articles(shared_data, "21_ecbplus", [
        ("21_4ecbplus", "Raj Chohan, 59, of Queens, had just parked her car"),
        ("21_12ecbplus", "Raj Chohan, who lived in South Ozone Park"),
    ]) + gold_articles(shared_data, "18_ecbplus", [
        ("18_10ecbplus", "Steinberg, 48, of Macomb County's Bruce Township"),
        ("18_9ecbplus", "Alan Steinberg, 48, of Bruce Township"),
    ])
    report = compare(quiet, nlp=nlp)
    assert _conflicts(report, "attribute:home") == []


def test_which_facility_someone_checked_into(shared_data, nlp):
    articles = gold_articles(shared_data, "1_ecbplus", [
        ("1_7ecbplus", "had checked into Morningside Recovery in Newport Beach"),
        ("1_9ecbplus", "Lindsay Lohan has checked into the Betty Ford Center in Rancho Mirage"),
    ])
    report = compare(articles, nlp=nlp)
    found = _conflicts(report, "attribute:stay")
    assert len(found) == 1, [f.summary for f in found]
    assert evidence_sources(report, found[0]) == {"1_7ecbplus", "1_9ecbplus"}
    # One clinic named two ways is no conflict.
    quiet = gold_articles(shared_data, "1_ecbplus", [
        ("1_14ecbplus", "Lindsay Lohan checked into the Betty Ford Clinic in Rancho Mirage"),
        ("1_11ecbplus", "Lindsay Lohan checked into California's Betty Ford Center rehab facility"),
    ])
    report = compare(quiet, nlp=nlp)
    assert _conflicts(report, "attribute:stay") == []


def test_where_people_hid(shared_data, nlp):
    articles = gold_articles(shared_data, "22_ecbplus", [
        ("22_1ecbplus", "co-workers who were hiding in the office next door"),
        ("22_12ecbplus", "Seven other workers were hiding in a closet nearby"),
        ("22_13ecbplus", "The SWAT team apprehended Yvonne Hiller while she hid in a second-floor office"),
    ])
    report = compare(articles, nlp=nlp)
    found = _conflicts(report, "attribute:hiding")
    assert [f.subject for f in found] == ["attribute:hiding:several"], [f.summary for f in found]
    # the gunman's own hiding place is another fact than the workers'
    assert evidence_sources(report, found[0]) == {"22_1ecbplus", "22_12ecbplus"}
    # a house and a bathtub are a whole and its part
    quiet = gold_articles(shared_data, "16_ecbplus", [
        ("16_1ecbplus", "was found hiding in a house a few doors away"),
        ("16_3ecbplus", "Deputies found him hiding in a bathtub three hours later"),
    ])
    assert _conflicts(compare(quiet, nlp=nlp), "attribute:hiding") == []


def test_what_kind_of_business(shared_data, nlp):
    articles = gold_articles(shared_data, "18_ecb", [
        ("18_6ecb", "TallGrass, a wholesaler of natural health products"),
        ("18_14ecb", "an organic supplements and health product store"),
    ])
    report = compare(articles, nlp=nlp)
    found = _conflicts(report, "attribute:business")
    assert len(found) == 1 and sorted(e.value for e in found[0].evidence) == ["retail", "wholesale"]
    # shops the story names in passing are no apposition of a company
    quiet = gold_articles(shared_data, "18_ecb", [
        ("18_2ecb", "He said she ran into a nearby auto repair shop"),
        ("18_12ecb", "Employees at a Vancouver wholesaler were coping Saturday"),
    ])
    assert _conflicts(compare(quiet, nlp=nlp), "attribute:business") == []


def test_whom_the_shooter_aimed_at(shared_data, nlp):
    articles = gold_articles(shared_data, "33_ecbplus", [
        ("33_10ecbplus", "Lopez was reportedly aiming for an 11-year old girl"),
        ("33_3ecbplus", "Lopez told police he was aiming for rival gang members"),
        ("33_4ecbplus", "Lopez was allegedly targeting members of the Young Goon gang"),
    ])
    report = compare(articles, nlp=nlp)
    found = _conflicts(report, "attribute:target")
    assert len(found) == 1, [f.summary for f in found]
    assert "33_10ecbplus" in evidence_sources(report, found[0])
    # one gang named two ways is one target
    quiet = gold_articles(shared_data, "33_ecbplus", [
        ("33_3ecbplus", "Lopez told police he was aiming for rival gang members"),
        ("33_11ecbplus", "who told police his dozen rounds were intended for members of a rival gang"),
    ])
    assert _conflicts(compare(quiet, nlp=nlp), "attribute:target") == []
