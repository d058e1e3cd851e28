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
])
def test_forms(nlp, text, expected):
    assert expected in _quantities(nlp, text)


def test_vague_amounts(nlp):
    found = _quantities(nlp, "Several European leaders and a few officials objected.")
    assert ("Several European leaders", None, "leader", 3, None, True, "vague") in found


def test_years_and_clock_times_are_left_to_timexes(nlp):
    found = _quantities(nlp, "In 2018 the talks began at 2200 Moscow time with three delegations.")
    assert [q[0] for q in found] == ["three delegations"]
