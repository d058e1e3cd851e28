"""Quantities: digits and words, units, approximations, ranges, money, percentages."""

from __future__ import annotations

import pytest

from storydiff.analyze import analyze
from storydiff.model import Article


def _quantities(nlp, text):
    return [(q.text, q.value, q.unit, q.low, q.high, q.approximate, q.kind)
            for q in analyze(Article(text=text), nlp=nlp).quantities]


def test_meantime_sentences(nlp):
    # MEANTIME airbus/61389_Airbus_announces_job_cuts_of_10,000
    found = _quantities(nlp, "Union officials said nearly 14,000 employees at four French sites had a two "
                             "hour work stoppage Wednesday afternoon to protest the cuts.")
    assert ("nearly 14,000 employees", 14000, "employee", None, 14000, True, "count") in found
    assert ("four French sites", 4, "site", 4, 4, False, "count") in found
    # MEANTIME airbus/62929_A380_makes_maiden_flight_to_US
    found = _quantities(nlp, "Delays of the production of the A380 have cost Airbus more than 6 billion dollars.")
    assert found == [("more than 6 billion dollars", 6e9, "USD", 6e9, None, False, "money")]
    found = _quantities(nlp, "the airplane will be carrying about 500 people.")
    assert found == [("about 500 people", 500, "people", None, None, True, "count")]


@pytest.mark.parametrize("text, expected", [
    ("Shares fell 9% on Monday.", ("9%", 9, "%", 9, 9, False, "percent")),
    ("It cost $40 billion.", ("$40 billion", 4e10, "USD", 4e10, 4e10, False, "money")),
    ("between 10 and 15 people were hurt", ("between 10 and 15 people", 10, "people", 10, 15, False, "count")),
    ("a dozen reporters waited", ("a dozen reporters", 12, "reporter", 12, 12, False, "count")),
    # spelled forms (ECB+ sentences of the findings gold)
    ("Orozco is 5-foot-8,135 pounds, with tattoos", ("135 pounds", 135, "lb", 135, 135, False, "measure")),
    ("Orozco is 5-foot-8,135 pounds, with tattoos", ("5-foot-8", 68, "in", 68, 68, False, "measure")),
    ("The worst hit villages sustained between 40 and 80 percent damage.",
     ("between 40 and 80 percent", 40, "%", 40, 80, False, "percent")),
    ("officials said 40 percent to 70 percent of the buildings were destroyed",
     ("40 percent to 70 percent", 40, "%", 40, 70, False, "percent")),
    ("between half and two-thirds of homes had been damaged",
     ("between half and two-thirds", 50, "%", 50, 200 / 3, False, "percent")),
    ("Chohan, who lived half a mile away", ("half a mile", 0.5, "mi", 0.5, 0.5, False, "measure")),
    ("She had moved about a mile and a half away", ("about a mile and a half", 1.5, "mi", None, None, True, "measure")),
    ("two people have been killed and another wounded", ("another", 1, None, 1, 1, False, "count")),
    ("making off with a ($2.6-million) booty", ("$2.6-million", 2.6e6, "USD", 2.6e6, 2.6e6, False, "money")),
])
def test_forms(nlp, text, expected):
    assert expected in _quantities(nlp, text)


def test_vague_amounts(nlp):
    found = _quantities(nlp, "Several European leaders and a few officials objected.")
    assert ("Several European leaders", None, "leader", 3, None, True, "vague") in found


def test_years_and_clock_times_are_left_to_timexes(nlp):
    found = _quantities(nlp, "In 2018 the talks began at 2200 Moscow time with three delegations.")
    assert [q[0] for q in found] == ["three delegations"]


def test_a_change_from_one_share_to_another_is_no_range(nlp):
    found = _quantities(nlp, "Unemployment rose from 5.4 percent to 6.1 percent in March.")
    assert [(q[0], q[3], q[4]) for q in found] == [("5.4 percent", 5.4, 5.4), ("6.1 percent", 6.1, 6.1)]
