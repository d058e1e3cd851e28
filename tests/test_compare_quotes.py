"""Conflicts of kind quote (compare/quote_conflicts.py) on real quotes.

The quotes are real (ECB+ 1_ecb: Tara Reid's rep on her entering rehab, 2008; 3_2ecbplus:
prison spokeswoman Michelle Lyons on the escape of Arcade Joseph Comeaux Jr., 2009), set
in real sentences of those reports; only the quote's speaker or words differ between the
two outlets, as they would when one outlet gets it wrong.
"""

from __future__ import annotations

import pytest

from storydiff.compare import compare
from storydiff.compare.quote_conflicts import words_differ
from storydiff.model import Article

pytestmark = pytest.mark.slow

REID_FIRST = (
    "Perennial party girl Tara Reid checked herself into Promises Treatment Center, her rep told People. {} "
    "A friend of the actress told People she went to Promises on Tuesday."
)
REID_SECOND = (
    "Tara Reid has finally decided to try and shed her drunk-girl image and has entered rehab. {} "
    "The actress, who hasn't done anything to speak of in years, has been seen on many occasions out on the town."
)
PRIVACY = "\u201cWe appreciate your respect to her and her family's privacy at this time,\u201d"


def _quote_conflicts(nlp, first: str, second: str, frame=(REID_FIRST, REID_SECOND)) -> list[str]:
    articles = [Article(text=frame[0].format(first), outlet="one"), Article(text=frame[1].format(second), outlet="two")]
    report = compare(articles, nlp=nlp)
    return [f.summary for f in report.findings if f.status == "conflict" and f.kind == "quote"]


def test_one_quote_credited_to_two_people_is_a_conflict(nlp):
    found = _quote_conflicts(nlp, f"{PRIVACY} the 33-year-old actress's rep Jack Ketsoyan told the magazine.",
                             f"{PRIVACY} Tara Reid told Us Weekly.")
    assert len(found) == 1
    assert "Jack Ketsoyan (a1)" in found[0] and "Tara Reid (a2)" in found[0]


@pytest.mark.parametrize("second", [
    # trimmed differently, same speaker named by surname.
    "\u201cWe appreciate your respect to her family's privacy,\u201d Ketsoyan told Us Weekly.",
    # the same speaker, a pronoun: never a conflict (the antecedent is a guess).
    f"{PRIVACY} he told Us Weekly.",
    # the other outlet names the principal alongside ("Reid's rep Jack Ketsoyan"): the
    # speaker credited is still the rep.
    f"{PRIVACY} Reid's rep Jack Ketsoyan told Us Weekly.",
])
def test_same_quote_same_or_unknown_speaker_is_no_conflict(nlp, second):
    assert _quote_conflicts(nlp, f"{PRIVACY} the 33-year-old actress's rep Jack Ketsoyan told the magazine.",
                            second) == []


LYONS_FIRST = (
    "A convicted child molester who was supposedly confined to a wheelchair overpowered two prison guards, "
    "handcuffed them, stole their weapons and walked off wearing one of their uniforms. {} Lyons warned "
    "that Comeaux knows the area where he escaped well."
)
LYONS_SECOND = (
    "Arcade Joseph Comeaux Jr. escaped when he was being transported to a prison in Beaumont from Huntsville. "
    "{} Comeaux fled on foot following his escape."
)


def test_a_changed_number_in_one_persons_quote_is_a_conflict(nlp):
    found = _quote_conflicts(
        nlp,
        "\u201cHe claimed it was necessary for his mobility for two years, and since he fled on foot, that's "
        "obviously in question,\u201d spokeswoman Michelle Lyons said.",
        "\u201cHe claimed it was necessary for his mobility for ten years, and since he fled on foot, that's "
        "obviously in question,\u201d spokeswoman Michelle Lyons said.",
        frame=(LYONS_FIRST, LYONS_SECOND))
    assert len(found) == 1
    assert "Michelle Lyons" in found[0] and "two" in found[0] and "ten" in found[0]


def test_a_quote_trimmed_or_extended_is_no_conflict(nlp):
    found = _quote_conflicts(
        nlp,
        "\u201cHe claimed it was necessary for his mobility, and since he fled on foot, that's obviously in "
        "question,\u201d spokeswoman Michelle Lyons said.",
        "\u201cSince he fled on foot, that's obviously in question, and he could be anywhere by now with "
        "three guns,\u201d spokeswoman Michelle Lyons said.",
        frame=(LYONS_FIRST, LYONS_SECOND))
    assert found == []


def test_material_word_differences():
    base = "Since he fled on foot, that's obviously in question for all of us"
    assert words_differ(base, base.replace("obviously in", "obviously not in")) == ("(nothing)", "not")
    assert words_differ(base, "Since he fled on foot, that's clearly in question for all of us") is None
    assert words_differ(base, base + " and for two weeks now") is None  # extended, not changed
    assert words_differ("We have 400 troops on the border with the region tonight",
                        "We have 40 troops on the border with the region tonight") == ("400", "40")
    assert words_differ("We won't send troops to the border this week", "We will not send troops to the border "
                        "this week") is None


def test_carried_over_and_possessive_speakers_never_conflict(nlp):
    # ECB+ 1_11ecb: the quote stands alone in its paragraph and carries over "Reid's rep"
    # from the one before (the entity there is Tara Reid): not a second speaker.
    first = f"{PRIVACY} the 33-year-old actress's rep Jack Ketsoyan told the magazine."
    second = ("``Tara Reid has checked herself into Promises Treatment Center,'' Reid's rep told Us.\n"
              f"{PRIVACY}")
    assert _quote_conflicts(nlp, first, second) == []


def test_changed_clock_notation_or_wording_is_no_changed_number():
    # ECB+ 18_ecb ("6: 00 p.m." vs "6 p.m.") and 13_ecbplus ("one minute or two" vs "a
    # moment or two"): false quote conflicts before numbers needed a value on both sides.
    assert words_differ("Police locked down the neighborhood and the suspect gave himself up just after 6: 00 p.m.",
                        "Police locked down the neighborhood and the suspect gave himself up just after 6 p.m.") is None
    assert words_differ("Within one minute or two, the whole roof was ablaze in the fire",
                        "Within a moment or two, the whole roof was ablaze in the fire") is None


def test_one_entity_named_two_ways_for_one_quote_is_two_speakers():
    # ECB+ 35_ecb: the resolver joined "A.J. Smith" and "A.J. Butler" (both the team's
    # general manager); the written names still disagree, and that is the conflict.
    from storydiff.compare.quote_conflicts import _two_speakers
    from storydiff.model import Entity, Quote, Span

    def quote(name):
        return Quote(0, 10, "\u201cWe're aware of the off-the-field issue involving Vincent,\u201d",
                     speaker=Span(20, 20 + len(name), name))

    one = Entity("e1", "A.J. Smith", "PERSON")
    assert _two_speakers(quote("A.J. Smith"), quote("A.J. Butler"), one, one)
    assert not _two_speakers(quote("A.J. Butler"), quote("AJ Butler"), one, one)
    assert not _two_speakers(quote("Smith"), quote("A.J. Smith"), one, one)
    assert _two_speakers(quote("Jack Ketsoyan"), quote("Tara Reid"), Entity("e1", "Jack Ketsoyan", "PERSON"),
                         Entity("e2", "Tara Reid", "PERSON"))


def test_one_speakers_words_inside_a_longer_report_of_them_corroborate(nlp, shared_data):
    # ECB+ 4_1ecbplus and 4_2ecbplus report the spokesman's statement, one outlet with the
    # subject "She", the other with "Williams, one of the biggest box-office stars ...".
    from test_stories_data import ecb_text

    def sentence(doc, starts):
        text = ecb_text(shared_data / "ecbplus" / "4" / f"{doc}.xml")
        return next(line for line in text.splitlines() if line.startswith(starts))

    first = sentence("4_1ecbplus", "She died peacefully in her sleep")
    second = sentence("4_2ecbplus", "Williams, one of the biggest box")
    articles = [Article(text=f"Esther Williams has died. {first}", outlet="one"),
                Article(text=f"Esther Williams has died. {second}", outlet="two")]
    report = compare(articles, nlp=nlp)
    quotes = [f for f in report.findings if f.kind == "quote"]
    assert [(f.status, sorted(e.article for e in f.evidence)) for f in quotes] == [("corroborated", ["a1", "a2"])]
    assert "Harlan Boll" in quotes[0].summary
